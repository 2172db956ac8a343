"""Three simulations of one board in one script, written against gem5's names
(``gem5.utils.multisim``, ``gem5.components``): run them all with
``sim run --multisim``, one with ``sim run multisim_hello.py ID``. The program
arguments include a number, which gem5 passes on as its ``str()``."""

import gem5.utils.multisim as multisim
from gem5.components.boards.simple_board import SimpleBoard
from gem5.components.cachehierarchies.classic.no_cache import NoCache
from gem5.components.memory import SingleChannelDDR3_1600
from gem5.components.processors.cpu_types import CPUTypes
from gem5.components.processors.simple_processor import SimpleProcessor
from gem5.isas import ISA
from gem5.resources.resource import obtain_resource
from gem5.simulate.simulator import Simulator

multisim.set_num_processes(2)

for index, cpu in enumerate((CPUTypes.ATOMIC, CPUTypes.TIMING, CPUTypes.ATOMIC)):
    board = SimpleBoard(
        clk_freq="1GHz",
        processor=SimpleProcessor(cpu_type=cpu, isa=ISA.RISCV, num_cores=1),
        memory=SingleChannelDDR3_1600(size="32MiB"),
        cache_hierarchy=NoCache(),
    )
    board.set_se_binary_workload(
        binary=obtain_resource("riscv-argv_env"),
        arguments=[f"run {index}", index],
    )
    multisim.add_simulator(Simulator(board=board, id=f"run_{index}"))
