"""Reading files a pull request may have committed: bounded, regular, inside the repository.

Every file advisor reads (workloads, ADRs, configs, rule packs, templates, the index) may
be hostile: a symbolic link to /dev/zero or to a secret, a FIFO that blocks forever, a
gigabyte of text. `read_bounded` is the one door they come through; `inside` keeps paths
within the repository.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from advisor.errors import InputError

# A generated ADR is about 17 KB; a workload file is capped at 1 MiB (yamlnodes), and an
# ADR people extended is still far below this.
MAX_ADR_BYTES = 1024 * 1024
# The bodies of all the ADRs of one folder, in characters, read together by `check` and the
# index: 15,000 generated ADRs (about 17 KB each), and a run stays under about 600 MB
# whatever a pull request commits (20,000 ADRs of 25 KB: refused at 2 s and 600 MB).
MAX_ADR_FOLDER_BYTES = 256 * 1024 * 1024

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_BINARY", 0))


def read_bounded(path: Path, limit: int, what: str = "file",
                 hint: str = "") -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    The file is opened without blocking (a FIFO would otherwise wait for a writer), then
    fstat-ed: anything but a regular file (a device, a FIFO, a socket, a folder) is
    refused before a byte is read, and at most `limit` + 1 bytes are read, so a file that
    grows meanwhile is refused too. Raises InputError naming the path."""
    shown = str(path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except ValueError:  # a NUL byte in the path
        raise InputError(shown.replace("\0", "\\0"), 0, 0, "the path holds a NUL byte",
                         "check the path") from None
    except OSError as exc:
        raise _open_error(shown, exc, what) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(shown, 0, 0, "this is a folder, not a file", f"name a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(shown, 0, 0, f"this is not a regular file (a device, FIFO or "
                             f"socket), so it is not read as a {what}",
                             f"name a {what} that is an ordinary file")
        if info.st_size > limit:
            raise _too_big(shown, info.st_size, limit, what, hint)
        chunks = []
        left = limit + 1
        while left > 0:
            try:
                chunk = os.read(fd, min(left, 1 << 20))
            except BlockingIOError:  # a regular file never blocks; be safe all the same
                break
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise _too_big(shown, len(data), limit, what, hint)
        return data
    except OSError as exc:
        raise InputError(shown, 0, 0, f"the {what} cannot be read: {exc.strerror or exc}"
                         ) from None
    finally:
        os.close(fd)


def _too_big(shown: str, size: int, limit: int, what: str, hint: str) -> InputError:
    # limit + 1 bytes is all that was read: the file may be larger still
    told = f"more than {limit:,}" if size == limit + 1 else f"{size:,}"
    return InputError(shown, 0, 0, f"the file is {told} bytes; a {what} may be at "
                      f"most {limit:,}", hint or f"keep the {what} under {limit:,} bytes")


def _open_error(shown: str, exc: OSError, what: str) -> InputError:
    code = exc.errno
    if code == errno.ENOENT:
        return InputError(shown, 0, 0, "no such file", "check the path")
    if code == errno.EISDIR:
        return InputError(shown, 0, 0, "this is a folder, not a file", f"name a {what}")
    if code in (errno.EACCES, errno.EPERM):
        return InputError(shown, 0, 0, "the file cannot be read (permission denied)")
    if code == errno.ENAMETOOLONG:
        return InputError(shown[:200] + ("..." if len(shown) > 200 else ""), 0, 0,
                          "the file name is too long", "check the path")
    if code == errno.ELOOP:
        return InputError(shown, 0, 0, "too many levels of symbolic links",
                          "point the path at a real file")
    return InputError(shown, 0, 0, f"the {what} cannot be read: {exc.strerror or exc}")


def read_text_bounded(path: Path, limit: int, what: str = "file", hint: str = "") -> str:
    """`read_bounded`, decoded as UTF-8 (a leading byte-order mark is dropped)."""
    data = read_bounded(path, limit, what, hint)
    return decode_utf8(data[3:] if data.startswith(b"\xef\xbb\xbf") else data, path, what)


def decode_utf8(data: bytes, path: Path, what: str = "file") -> str:
    """The bytes as UTF-8 text; InputError at the first bad byte's line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(str(path), line, column, f"the {what} is not valid UTF-8 text",
                         "save the file as UTF-8") from None


def require_utf8_name(folder: Path, name: str, named: str) -> None:
    """Refuse a file whose name is not UTF-8 (kept by Python as surrogates): it could be
    neither printed nor linked to, and passing over it would hide it. `named`: how the
    message calls the name ("this ADR's file name")."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise InputError(str(folder / shown), 0, 0, f"{named} is not UTF-8 text",
                         "rename the file with a UTF-8 name") from None


def inside(root: Path, path: Path, real_root: str | None = None,
           real_path: str | None = None) -> bool:
    """Whether `path`, with every symbolic link resolved, lies within `root` (resolved).
    `real_root`, `real_path`: the two resolved, where a caller resolved them already."""
    try:
        # Strings, not Path.parents: a repository's thousands of files are each asked once.
        real = os.path.normcase(real_path or os.path.realpath(path))
        top = os.path.normcase(real_root or os.path.realpath(root))
    except (OSError, ValueError):
        return False
    return real == top or real.startswith(top if top.endswith(os.sep) else top + os.sep)
