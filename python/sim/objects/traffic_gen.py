"""Traffic generators (gem5's ``src/cpu/testers/traffic_gen/BaseTrafficGen.py``
and ``PyTrafficGen.py``) and the ``PortTerminator`` (``src/mem/PortTerminator.py``)
that generator cores park their unused ports on.

A ``PyTrafficGen`` plays phases given to :meth:`PyTrafficGen.start` after
instantiation: ``createLinear``, ``createRandom``, ``createIdle`` and
``createExit`` make them with gem5's arguments (times in ticks, sizes in bytes),
and ``start`` hands them to the simulator as dictionaries such as
``{"kind": "linear", "duration": ..., "min_addr": ..., ...}``.
"""

from typing import Any, Dict, Iterable, List

from sim.errors import ParamError
from sim.objects.clocks import ClockedObject
from sim.objects.params import Enum, Param, VectorParam
from sim.objects.ports import RequestPort, VectorRequestPort, VectorResponsePort
from sim.objects.proxy import Parent
from sim.objects.simobject import SimObject


class StreamGenType(Enum):
    """gem5's ``StreamGenType``: how stream/substream IDs are put on requests."""

    vals = ["none", "fixed", "random"]


class BaseTrafficGen(ClockedObject):
    """A requester that plays synthetic traffic on ``port`` (gem5's
    ``BaseTrafficGen``)."""

    type = "BaseTrafficGen"
    cxx_class = "gem5::BaseTrafficGen"
    abstract = True

    port = RequestPort("This port sends requests and receives responses", required=True)
    system = Param.System(Parent.any, "System this generator is part of")
    elastic_req = Param.Bool(False, "Slow down requests in case of backpressure")
    max_outstanding_reqs = Param.Int(0, "Maximum number of outstanding requests")
    progress_check = Param.Latency("1ms", "Time before exiting due to lack of progress")
    stream_gen = Param.StreamGenType(
        "none", "Generator for adding Stream and/or Substream ID's to requests"
    )
    sids = VectorParam.Unsigned([], "StreamIDs to use")
    ssids = VectorParam.Unsigned([], "SubstreamIDs to use")
    cpu_id = Param.Int(-1, "CPU identifier")
    socket_id = Param.Unsigned(0, "Physical Socket identifier")
    numThreads = Param.Unsigned(1, "number of HW thread contexts")

    @classmethod
    def memory_mode(cls) -> str:
        return "timing"

    @classmethod
    def require_caches(cls) -> bool:
        return False

    def createThreads(self) -> None:
        pass

    def createInterruptController(self) -> None:
        pass

    def connectCachedPorts(self, in_ports: Any) -> None:
        self.port = in_ports

    def connectAllPorts(self, cached_in: Any, uncached_in: Any, uncached_out: Any) -> None:
        self.connectCachedPorts(cached_in)

    def connectBus(self, bus: Any) -> None:
        self.connectAllPorts(bus.cpu_side_ports, bus.cpu_side_ports, bus.mem_side_ports)


class TrafficPhase:
    """One phase of a traffic generator (what gem5's ``create*`` methods return):
    its kind (``linear``, ``random``, ``idle``, ``exit``) and arguments."""

    def __init__(self, kind: str, **args: int):
        self.kind = kind
        self.args = args

    def to_dict(self) -> Dict[str, Any]:
        """The dictionary the simulator reads: ``{"kind": ..., <arguments>}``."""
        return {"kind": self.kind, **self.args}

    @property
    def duration(self) -> int:
        return self.args["duration"]

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self.args.items())
        return f"TrafficPhase({self.kind}: {args})"


def _count(where: str, name: str, value: Any) -> int:
    """A non-negative whole number (ticks or bytes), as gem5's C++ arguments."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ParamError(f"{where}.{name}", f"{value!r} is not a non-negative whole number")
    return value


class PyTrafficGen(BaseTrafficGen):
    """A traffic generator driven from Python (gem5's ``PyTrafficGen``)."""

    type = "PyTrafficGen"
    cxx_class = "gem5::PyTrafficGen"

    def _stochastic(self, kind: str, method: str, values: List[Any]) -> TrafficPhase:
        where = f"{self.path()}.{method}"
        names = ["duration", "min_addr", "max_addr", "block_size", "min_period",
                 "max_period", "read_percent", "data_limit"]
        args = {n: _count(where, n, v) for n, v in zip(names, values)}
        if args["read_percent"] > 100:
            raise ParamError(f"{where}.read_percent",
                             f"{args['read_percent']} is more than 100% reads")
        if args["min_period"] > args["max_period"]:
            raise ParamError(f"{where}.min_period",
                             f"{args['min_period']} is larger than max_period "
                             f"{args['max_period']}")
        if args["block_size"] == 0:
            raise ParamError(f"{where}.block_size", "0 is not allowed (at least 1 byte)")
        return TrafficPhase(kind, **args)

    def createLinear(self, duration: int, start_addr: int, end_addr: int, blocksize: int,
                     min_period: int, max_period: int, read_percent: int,
                     data_limit: int) -> TrafficPhase:
        """Requests from ``start_addr`` upwards in ``blocksize`` steps, wrapping
        past ``end_addr``, every ``min_period``..``max_period`` ticks."""
        return self._stochastic("linear", "createLinear", [
            duration, start_addr, end_addr, blocksize, min_period, max_period,
            read_percent, data_limit])

    def createRandom(self, duration: int, start_addr: int, end_addr: int, blocksize: int,
                     min_period: int, max_period: int, read_percent: int,
                     data_limit: int) -> TrafficPhase:
        """Requests to uniformly drawn ``blocksize``-aligned addresses in
        ``[start_addr, end_addr)``."""
        return self._stochastic("random", "createRandom", [
            duration, start_addr, end_addr, blocksize, min_period, max_period,
            read_percent, data_limit])

    def createIdle(self, duration: int) -> TrafficPhase:
        """No requests for ``duration`` ticks."""
        return TrafficPhase("idle", duration=_count(f"{self.path()}.createIdle",
                                                    "duration", duration))

    def createExit(self, duration: int) -> TrafficPhase:
        """End the simulation when this phase is reached (gem5's exit message:
        "<path> has encountered the exit state and will terminate the simulation.")."""
        return TrafficPhase("exit", duration=_count(f"{self.path()}.createExit",
                                                    "duration", duration))

    def start(self, meta_generator: Iterable[TrafficPhase]) -> None:
        """Play the phases of ``meta_generator`` (any iterable, such as a Python
        generator) in order, after ``m5.instantiate()``."""
        phases = list(meta_generator)
        for i, phase in enumerate(phases):
            if not isinstance(phase, TrafficPhase):
                raise ParamError(f"{self.path()}.start",
                                 f"item {i} is {phase!r}, not a phase from createLinear, "
                                 "createRandom, createIdle or createExit")
        import sim.m5 as m5  # the simulator's runtime, present once instantiated

        m5._native_start_traffic(self.path(), [p.to_dict() for p in phases])


class PortTerminator(SimObject):
    """Ends ports that are left unused (gem5's ``PortTerminator``)."""

    type = "PortTerminator"
    cxx_class = "gem5::PortTerminator"

    req_ports = VectorRequestPort("Vector port for connecting terminating response ports.")
    resp_ports = VectorResponsePort("Vector port for terminating request ports.")
