"""Write a file the user named for output (a report), which may be a device or a FIFO."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from advisor.adr.atomic import unwritable, write_text
from advisor.errors import InputError


def write_output(path: Path, text: str) -> None:
    """Write a file the user named for output (a report). A device or a FIFO there
    (/dev/null, /dev/stdout, a named pipe) is written into, as a shell redirection does;
    replacing it would turn /dev/null into a regular file for everyone. Anything else is
    written atomically by `write_text`."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        info = None
    if info is None or stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
        write_text(path, text)
        return
    # Not blocking on open: a FIFO nobody reads would otherwise wait forever.
    flags = (os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
             | getattr(os, "O_BINARY", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise InputError(str(path), 0, 0, "nothing is reading from this FIFO or socket",
                             "start the reader first, or name an ordinary file") from None
        raise unwritable(path, exc) from None
    try:
        with contextlib.suppress(OSError, AttributeError):
            os.set_blocking(fd, True)  # a reader is there: wait for it as any pipe writer
        view = memoryview(text.encode("utf-8"))
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise unwritable(path, exc) from None
    finally:
        os.close(fd)
