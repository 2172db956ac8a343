"""``python -m sim.utils.multisim [-p N] [-l] SCRIPT [ARGS...]`` (gem5's
``gem5 -m gem5.utils.multisim SCRIPT``); same as ``sim run --multisim``."""

import sys

from sim.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", "--multisim", *sys.argv[1:]]))
