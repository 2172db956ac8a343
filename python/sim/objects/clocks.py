"""Clock and voltage domains, power states and the clocked-object base (gem5's
``src/sim/ClockDomain.py``, ``VoltageDomain.py``, ``PowerState.py`` and
``ClockedObject.py``). Every clocked object has a ``power_state`` child, as in
gem5 (its residency stats are ``<object>.power_state.pwrStateResidencyTicks``)."""

from sim.objects.params import Enum, Param, VectorParam
from sim.objects.proxy import Parent
from sim.objects.simobject import SimObject


class VoltageDomain(SimObject):
    type = "VoltageDomain"
    cxx_class = "gem5::VoltageDomain"

    voltage = VectorParam.Voltage("1V", "Operational voltage(s)")


class ClockDomain(SimObject):
    type = "ClockDomain"
    cxx_class = "gem5::ClockDomain"
    abstract = True


class SrcClockDomain(ClockDomain):
    type = "SrcClockDomain"
    cxx_class = "gem5::SrcClockDomain"

    clock = VectorParam.DomainClock("Clock period")
    voltage_domain = Param.VoltageDomain("Voltage domain")
    domain_id = Param.Int32(-1, "domain id")
    init_perf_level = Param.UInt32(0, "Initial performance level")


class DerivedClockDomain(ClockDomain):
    type = "DerivedClockDomain"
    cxx_class = "gem5::DerivedClockDomain"

    clk_domain = Param.ClockDomain("Parent clock domain")
    clk_divider = Param.Unsigned(1, "Frequency divider")


class PwrState(Enum):
    vals = ["UNDEFINED", "ON", "CLK_GATED", "SRAM_RETENTION", "OFF"]


class PowerState(SimObject):
    type = "PowerState"
    cxx_class = "gem5::PowerState"

    default_state = Param.PwrState("UNDEFINED", "power state at the start")
    possible_states = VectorParam.PwrState([], "power states the object can be in")
    clk_gate_min = Param.Latency("1ns", "lowest bucket of the clock-gated distribution")
    clk_gate_max = Param.Latency("1s", "highest bucket of the clock-gated distribution")
    clk_gate_bins = Param.Unsigned("20", "buckets of the clock-gated distribution")
    leaders = VectorParam.PowerState([], "objects whose power state this one follows")


class PowerModel(SimObject):
    """Base of gem5's power models (not modelled; ``power_model`` is empty)."""

    type = "PowerModel"
    cxx_class = "gem5::PowerModel"
    abstract = True


class ClockedObject(SimObject):
    """An object driven by a clock: its domain defaults to its parent's."""

    type = "ClockedObject"
    cxx_class = "gem5::ClockedObject"
    abstract = True

    clk_domain = Param.ClockDomain(Parent.clk_domain, "Clock domain")
    power_model = VectorParam.PowerModel([], "power models")
    power_state = Param.PowerState(PowerState(), "power state")
