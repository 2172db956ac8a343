"""The ELF header facts that choose an SE workload: machine, class, byte order
and OS ABI (what gem5's ``object_file`` reports as ``get_arch()`` and
``get_op_sys()``). Only the 64-byte header is read."""

import os
import struct
from dataclasses import dataclass

from sim.errors import MissingFileError, ParamError

#: ELF ``e_machine`` numbers by gem5's architecture names.
MACHINES = {
    2: "sparc", 3: "x86", 8: "mips", 20: "power", 21: "power64", 40: "arm",
    43: "sparc64", 62: "x86_64", 183: "aarch64", 243: "riscv",
}
#: ELF ``EI_OSABI`` values by OS name (0, System V, says nothing: "unknown").
OS_ABIS = {0: "unknown", 3: "linux", 9: "freebsd", 12: "openbsd", 97: "arm"}


@dataclass(frozen=True)
class ElfInfo:
    path: str
    machine: int
    bits: int
    little_endian: bool
    os_abi: int

    @property
    def arch(self) -> str:
        """gem5's name for the architecture ("riscv64", "x86_64", "arm", ...)."""
        name = MACHINES.get(self.machine, f"machine {self.machine}")
        return f"riscv{self.bits}" if name == "riscv" else name

    @property
    def op_sys(self) -> str:
        return OS_ABIS.get(self.os_abi, f"OS ABI {self.os_abi}")

    def describe(self) -> str:
        order = "little-endian" if self.little_endian else "big-endian"
        return (f"{self.arch} (ELF e_machine {self.machine}, {self.bits}-bit {order}, "
                f"OS {self.op_sys})")


def read_elf_info(path: str) -> ElfInfo:
    """The header facts of the ELF file at ``path``; a missing file or one
    that is not ELF is an error naming the path."""
    try:
        with open(path, "rb") as f:
            head = f.read(64)
    except FileNotFoundError:
        raise MissingFileError(path, "no such file (the binary to run)") from None
    except IsADirectoryError:
        raise MissingFileError(path, "is a directory, not a binary") from None
    except OSError as err:
        raise ParamError(path, f"cannot be read: {os.strerror(err.errno or 0)}") from None
    if len(head) < 20 or head[:4] != b"\x7fELF":
        raise ParamError(path, "is not an ELF object file (gem5 and sim run ELF binaries)")
    if head[4] not in (1, 2) or head[5] not in (1, 2):
        raise ParamError(path, f"has an invalid ELF class {head[4]} or data encoding {head[5]}")
    little = head[5] == 1
    (machine,) = struct.unpack_from("<H" if little else ">H", head, 18)
    return ElfInfo(path=path, machine=machine, bits=32 if head[4] == 1 else 64,
                   little_endian=little, os_abi=head[7])
