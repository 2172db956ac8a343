"""Processors (gem5's ``gem5.components.processors``): :mod:`.cpu_types`,
:mod:`.simple_processor`, :mod:`.simple_switchable_processor`, built of
:mod:`.simple_core` / :mod:`.base_cpu_core` cores."""
