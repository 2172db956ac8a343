#!/usr/bin/env python3
"""Write a directory tree as an initramfs: a cpio archive in the kernel's "newc" format.

    mkcpio.py DIR OUT [--node PATH:c|b:MAJOR:MINOR]...

Every entry is owned by root (uid and gid 0) with mtime 0, whoever builds it, so the
archive is reproducible and needs no root; ``--node`` adds device nodes (such as
``dev/console``) that an unprivileged build cannot create on disk. Entries are written
in sorted order, parents before children, as the kernel's unpacker needs.
"""

import argparse
import os
import stat
import sys

TRAILER = "TRAILER!!!"


def header(ino, mode, nlink, size, major, minor, name):
    """The 110-byte newc header followed by the NUL-terminated name and its padding."""
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, major, minor, len(name) + 1, 0]
    head = b"070701" + b"".join(b"%08x" % f for f in fields)
    data = head + name.encode() + b"\0"
    return data + b"\0" * (-len(data) % 4)


def pad(data):
    """``data`` padded to a multiple of four bytes."""
    return data + b"\0" * (-len(data) % 4)


def entries(root):
    """(archive name, host path) for every file under ``root``, parents first."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            full = os.path.join(dirpath, name)
            out.append((os.path.relpath(full, root), full))
    return sorted(out)


def write_archive(root, out_path, nodes):
    """Write ``root`` plus device ``nodes`` ((name, 'c'|'b', major, minor)) to ``out_path``."""
    ino = 1
    with open(out_path, "wb") as out:
        for name, full in entries(root):
            st = os.lstat(full)
            perm = stat.S_IMODE(st.st_mode)
            if stat.S_ISDIR(st.st_mode):
                out.write(header(ino, stat.S_IFDIR | perm, 2, 0, 0, 0, name))
            elif stat.S_ISLNK(st.st_mode):
                target = os.readlink(full).encode()
                out.write(header(ino, stat.S_IFLNK | 0o777, 1, len(target), 0, 0, name))
                out.write(pad(target))
            elif stat.S_ISREG(st.st_mode):
                with open(full, "rb") as f:
                    data = f.read()
                out.write(header(ino, stat.S_IFREG | perm, 1, len(data), 0, 0, name))
                out.write(pad(data))
            else:
                sys.exit(f"mkcpio.py: {full}: only directories, files and symlinks can be archived")
            ino += 1
        for name, kind, major, minor in nodes:
            mode = (stat.S_IFCHR if kind == "c" else stat.S_IFBLK) | 0o600
            out.write(header(ino, mode, 1, 0, major, minor, name))
            ino += 1
        out.write(header(0, 0, 1, 0, 0, 0, TRAILER))
        # The kernel reads the archive in 512-byte blocks, as cpio writes it.
        size = out.tell()
        out.write(b"\0" * (-size % 512))


def parse_node(text):
    """``PATH:c|b:MAJOR:MINOR`` as a tuple."""
    try:
        name, kind, major, minor = text.split(":")
        if kind not in ("c", "b"):
            raise ValueError
        return name.lstrip("/"), kind, int(major), int(minor)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--node '{text}': expected PATH:c|b:MAJOR:MINOR (e.g. dev/console:c:5:1)"
        ) from None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", help="directory whose contents become the archive's root")
    parser.add_argument("out", help="the cpio file to write")
    parser.add_argument("--node", action="append", default=[], type=parse_node,
                        help="a device node PATH:c|b:MAJOR:MINOR")
    args = parser.parse_args()
    if not os.path.isdir(args.root):
        sys.exit(f"mkcpio.py: '{args.root}' is not a directory")
    write_archive(args.root, args.out, args.node)


if __name__ == "__main__":
    main()
