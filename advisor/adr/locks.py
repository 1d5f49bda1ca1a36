"""One advisor run at a time in an ADR folder: a lock held for the whole run, taken over
from runs that died, and the temporary files they left swept."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from advisor.adr.atomic import ensure_dir, unwritable
from advisor.errors import InputError

LOCK_NAME = ".advisor.lock"
LOCK_WAIT = 60.0  # seconds a run waits for another to finish with the folder, then stops
_STALE = 60.0  # seconds after which a lock or temporary file was left by a run that died
# Temporary files of runs that died, and the per-number locks earlier versions took.
_STRAY = re.compile(r"^\.advisor-(?:[0-9a-f]{12}\.tmp|number-\d{4,}\.lock)$")
_held: set[str] = set()


@contextlib.contextmanager
def folder_lock(adr_dir: Path) -> Iterator[None]:
    """Hold the ADR folder for a run, so that finding the existing ADRs, writing,
    superseding and updating the index are one step no other advisor interleaves with.

    With `flock` (POSIX) the lock dies with its process: a run that crashed leaves at most
    the file, which the next run locks and reuses. Elsewhere the file is created
    exclusively, and one older than a minute is taken over. A run waits at most LOCK_WAIT
    seconds, then stops with a message. The file is removed as the lock is let go, and
    temporaries that dead runs left are swept. Re-entrant within one process."""
    key = os.path.realpath(adr_dir)
    if key in _held:
        yield
        return
    ensure_dir(adr_dir)
    release = _acquire(adr_dir / LOCK_NAME)
    _held.add(key)
    try:
        _sweep(adr_dir)
        yield
    finally:
        _held.discard(key)
        release()


def _flock() -> object | None:
    """The fcntl module where `flock` exists, else None."""
    try:
        import fcntl
    except ImportError:
        return None
    return fcntl if hasattr(fcntl, "flock") else None


def _acquire(lock: Path) -> Callable[[], None]:
    import time

    deadline = time.monotonic() + LOCK_WAIT
    pause = 0.002
    while True:
        fcntl = _flock()
        release = _try_flock(lock, fcntl) if fcntl is not None else _try_create(lock)
        if release is not None:
            return release
        if time.monotonic() > deadline:
            raise InputError(str(lock), 0, 0, "another advisor run has been writing to this "
                             f"ADR folder for more than {LOCK_WAIT:g} seconds",
                             "let it finish, then run the command again; if no advisor is "
                             "running, delete this file")
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _try_flock(lock: Path, fcntl: object) -> Callable[[], None] | None:
    flags = (os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        fd = os.open(lock, flags, 0o644)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise unwritable(lock, exc) from None
        _clear(lock)  # a symbolic link in the lock's place is not followed
        return None
    try:
        mine = os.fstat(fd)
        if not stat.S_ISREG(mine.st_mode):  # a FIFO or device put in its place
            os.close(fd)
            _clear(lock)
            return None
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # type: ignore[attr-defined]
        # The run before let go by removing the file first: a lock on a file no longer
        # in the folder locks nothing, so start again with the one there now.
        now = os.stat(lock, follow_symlinks=False)
        if (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino):
            os.close(fd)
            return None
    except (BlockingIOError, FileNotFoundError):
        os.close(fd)
        return None
    except OSError as exc:
        os.close(fd)
        raise unwritable(lock, exc) from None

    def release() -> None:
        lock.unlink(missing_ok=True)
        os.close(fd)

    return release


def _clear(lock: Path) -> None:
    try:
        lock.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(str(lock), 0, 0, "this is not an ordinary lock file, and it cannot "
                         f"be removed: {exc.strerror or exc}", "delete it") from None


def _try_create(lock: Path) -> Callable[[], None] | None:
    import time

    try:
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        with contextlib.suppress(OSError):
            if time.time() - lock.stat(follow_symlinks=False).st_mtime > _STALE:
                lock.unlink()  # left by a run that died: take it over
        return None
    except OSError as exc:
        raise unwritable(lock, exc) from None
    return lambda: lock.unlink(missing_ok=True)


def _sweep(adr_dir: Path) -> None:
    """Remove the temporary files of runs that died, and old number locks (older than a minute;
    a live run is done with them in well under that). Nothing else is touched."""
    import time

    now = time.time()
    try:
        names = os.listdir(adr_dir)
    except OSError:
        return
    for name in names:
        if _STRAY.match(name):
            path = adr_dir / name
            with contextlib.suppress(OSError):
                info = path.lstat()
                if now - info.st_mtime > _STALE and not stat.S_ISDIR(info.st_mode):
                    path.unlink()
