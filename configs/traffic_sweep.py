"""A traffic-generator sweep: a linear generator drives one DDR4-2400 channel
at 12.8 GiB/s for 100 us, once per read share (0%, 50%, 100% reads), each
simulation in its own output directory. The stdlib's TestBoard connects the
generator straight to the memory, as gem5's memory_traffic.py does.

    sim run --multisim configs/traffic_sweep.py            # all, in parallel
    sim run --multisim -l configs/traffic_sweep.py         # list the ids
    sim stats m5out/rd_50/stats.txt --grep readBW
"""

import sim.utils.multisim as multisim
from sim.components.boards.test_board import TestBoard
from sim.components.memory import SingleChannelDDR4_2400
from sim.components.processors.linear_generator import LinearGenerator
from sim.simulate.simulator import Simulator

multisim.set_num_processes(2)

for read_percent in [0, 50, 100]:
    memory = SingleChannelDDR4_2400(size="256MiB")
    generator = LinearGenerator(
        duration="100us", rate="12.8GiB/s", max_addr=memory.get_size(), rd_perc=read_percent
    )
    board = TestBoard(clk_freq="1GHz", generator=generator, memory=memory, cache_hierarchy=None)
    multisim.add_simulator(Simulator(board=board, id=f"rd_{read_percent}"))
