"""gem5's ``ExternalSlave`` (``src/mem/ExternalSlave.py``): a port handed to an
agent outside the simulator (SystemC, another simulator). configs/common
derives its ``ExternalCache`` from it; declaring it lets those scripts load, and
the builder refuses a tree that contains one."""

from sim.objects.params import Param, VectorParam
from sim.objects.ports import ResponsePort
from sim.objects.simobject import SimObject


class ExternalSlave(SimObject):
    type = "ExternalSlave"
    cxx_class = "gem5::ExternalSlave"

    port = ResponsePort("Slave port")
    addr_ranges = VectorParam.AddrRange([], "Addresses served by this port's external agent")
    port_type = Param.String("stub", "Registered external port handler to pass this port to")
    port_data = Param.String("stub", "A string to pass to the port handler describing the port")
