"""Write files so that none is ever seen half-written or clobbered: a synced temporary file
linked or renamed into place, alone or as a pair (a new ADR and the one it supersedes)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from advisor.errors import InputError, PartlyWritten


def temporary_file(folder: Path, text: str) -> Path:
    """A new, fully written and synced file in `folder`, to be linked or renamed into place.
    Made with O_EXCL as `tempfile.mkstemp` does, but with the mode any editor gives a new
    file (0o666 less the umask): mkstemp's 0o600 made ADRs unreadable to the rest of a
    shared machine."""
    for _ in range(100):
        name = str(folder / f".advisor-{os.urandom(6).hex()}.tmp")
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_BINARY", 0), 0o666)  # as mkstemp: no CRLF on Windows
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"no free temporary name in {folder}")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def unwritable(path: Path, exc: OSError) -> InputError:
    """The error for a file or folder advisor cannot write, with what to check."""
    return InputError(str(path), 0, 0, f"cannot write here: {exc.strerror or exc}",
                      "check that the folder exists, is writable and the disk has room")


def ensure_dir(adr_dir: Path) -> None:
    """Make the ADR folder if it is missing; an error that says so if it cannot be written."""
    try:
        adr_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(adr_dir), 0, 0, f"cannot create the ADR folder: {exc.strerror}",
                         "choose another folder with --adr-dir, or check its permissions"
                         ) from None
    if not os.access(adr_dir, os.W_OK):
        raise InputError(str(adr_dir), 0, 0, "the ADR folder is not writable",
                         "choose another folder with --adr-dir, or check its permissions")


def publish(adr_dir: Path, target: Path, text: str) -> Path:
    """Write text to target atomically; the target must not exist yet."""
    try:
        temporary = temporary_file(adr_dir, text)
    except OSError as exc:
        raise unwritable(adr_dir, exc) from None
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise InputError(str(target), 0, 0, "an ADR with this name exists already",
                         "another run may have written it: run the command again") from None
    except OSError:
        # Filesystems without hard links: fall back to an exclusive create.
        try:
            with open(target, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            target.unlink(missing_ok=True)
            raise unwritable(adr_dir, exc) from None
    finally:
        temporary.unlink(missing_ok=True)
    return target


def publish_pair(adr_dir: Path, target: Path, text: str, other: Path, other_text: str
                 ) -> Path:
    """Publish the new ADR `target` and rewrite `other` as one change, as far as a file
    system allows. Both are written and synced to temporary files before either shows, so
    a full disk fails with nothing changed; then the new ADR is linked into place and the
    other renamed over, and if that rename fails the new ADR is removed again. Only a kill
    between link and rename leaves one without the other: `advisor check` reports that
    (ADV112) and the next `advisor recommend` finishes it."""
    try:
        staged = temporary_file(other.parent, other_text)
    except OSError as exc:
        raise unwritable(other, exc) from None
    try:
        with contextlib.suppress(OSError):  # the rewritten file keeps its permissions
            os.chmod(staged, other.stat().st_mode & 0o7777)
        publish(adr_dir, target, text)
        try:
            os.replace(staged, other)
        except OSError as exc:
            raise _undo(target, other, exc) from None
    finally:
        staged.unlink(missing_ok=True)
    return target


def _undo(published: Path, other: Path, exc: OSError) -> InputError:
    reason = exc.strerror or str(exc)
    try:
        published.unlink()
    except OSError:
        return PartlyWritten(
            str(other), 0, 0, f"cannot rewrite it: {reason}; the new ADR {published.name} "
            "was written, but could not be removed again, so this ADR does not say yet that "
            "it is superseded", "free the space or fix the permissions, then run the same "
            "`advisor recommend` again: it finishes the supersede",
            (f"{published} (a new ADR; its supersede is unfinished)",))
    return InputError(str(other), 0, 0, f"cannot rewrite it: {reason}; the new ADR "
                      f"{published.name} was removed again",
                      "check that the folder is writable and the disk has room")


def replace(path: Path, text: str) -> None:
    """Atomically replace an ADR's content (for --force)."""
    write_text(path, text)


def write_text(path: Path, text: str) -> None:
    """Atomically write any file advisor produces (reports, indexes)."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = temporary_file(folder, text)
    except OSError as exc:
        raise unwritable(path, exc) from None
    try:
        with contextlib.suppress(OSError):  # a replaced file keeps its permissions
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except OSError as exc:  # a folder in the file's place, say
        raise unwritable(path, exc) from None
    finally:
        temporary.unlink(missing_ok=True)

