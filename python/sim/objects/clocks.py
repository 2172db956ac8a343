"""Clock and voltage domains and the clocked-object base (gem5's
``src/sim/ClockDomain.py``, ``VoltageDomain.py`` and ``ClockedObject.py``)."""

from sim.objects.params import Param, VectorParam
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

    clock = VectorParam.Clock("Clock period")
    voltage_domain = Param.VoltageDomain("Voltage domain")
    domain_id = Param.Int32(-1, "domain id")
    init_perf_level = Param.UInt32(0, "Initial performance level")


class DerivedClockDomain(ClockDomain):
    type = "DerivedClockDomain"
    cxx_class = "gem5::DerivedClockDomain"

    clk_domain = Param.ClockDomain("Parent clock domain")
    clk_divider = Param.Unsigned(1, "Frequency divider")


class ClockedObject(SimObject):
    """An object driven by a clock: its domain defaults to its parent's."""

    type = "ClockedObject"
    cxx_class = "gem5::ClockedObject"
    abstract = True

    clk_domain = Param.ClockDomain(Parent.clk_domain, "Clock domain")
