"""Default exit-event handlers (gem5's ``exit_event_generators``).

Each is a generator: every ``next()`` performs the action and yields ``True`` to
stop the simulation loop or ``False`` to continue. Stats actions are gem5's
``m5.stats.dump()`` and ``m5.stats.reset()`` (:mod:`sim.m5`).
"""

from typing import Callable, Generator

from sim import _runtime
from sim.errors import UnsupportedError


def _m5():
    from sim import m5

    return m5


def warn_default_decorator(gen: Callable[..., Generator], type: str, effect: str):
    """Wrap generator function ``gen`` so its first use warns that it is the
    default behaviour (gem5's wording)."""

    def wrapped_generator(*args, **kw_args):
        _runtime.warn(
            f"No behavior was set by the user for {type}. Default behavior is {effect}."
        )
        yield from gen(*args, **kw_args)

    return wrapped_generator


def exit_generator():
    """Stop the simulation loop, every time."""
    while True:
        yield True


def skip_generator():
    """Do nothing and continue."""
    while True:
        yield False


def reset_stats_generator():
    """Reset the stats and continue."""
    while True:
        _m5().stats.reset()
        yield False


def dump_stats_generator():
    """Dump the stats and continue."""
    while True:
        _m5().stats.dump()
        yield False


def dump_reset_generator():
    """Dump, then reset, the stats and continue."""
    while True:
        _m5().stats.dump()
        _m5().stats.reset()
        yield False


def save_checkpoint_generator(checkpoint_dir=None):
    """Checkpoints are not supported yet: warn and continue."""
    while True:
        _runtime.warn("checkpoints are not supported yet; continuing without one")
        yield False


def switch_generator(processor):
    """Switch a switchable processor (``m5.switchCpus``); any other processor
    is left as it is and the simulation continues (as gem5 does)."""
    from sim.components.processors.switchable_processor import SwitchableProcessor

    while True:
        if isinstance(processor, SwitchableProcessor):
            yield processor.switch()
        else:
            yield False


def guest_fault_generator(simulator):
    """Report the guest fault on standard error and stop."""
    while True:
        _runtime.warn(f"{simulator.get_last_exit_event_cause()}; stopping")
        yield True


def simpoints_save_checkpoint_generator(checkpoint_dir, simpoint):
    """gem5 checkpoints each SimPoint; checkpoints are not supported yet, so
    asking for this generator is an UnsupportedError."""
    raise UnsupportedError("simpoints_save_checkpoint_generator",
                           "SimPoint checkpoints are not supported yet")


def looppoint_save_checkpoint_generator(checkpoint_dir, looppoint, update_relatives=True,
                                        exit_when_empty=True):
    """gem5 checkpoints each LoopPoint region; checkpoints are not supported
    yet, so asking for this generator is an UnsupportedError."""
    raise UnsupportedError("looppoint_save_checkpoint_generator",
                           "LoopPoint checkpoints are not supported yet")
