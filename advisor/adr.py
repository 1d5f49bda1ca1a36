"""The ADR folder: find an existing record for a workload, take the next number,
and write files atomically so that no ADR is ever half-written or clobbered."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import InputError

_ADR_NAME = re.compile(r"^(\d{4})-(.+)\.md$")
_WORKLOAD_LINE = re.compile(r"^\s+workload:\s*(\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Existing:
    path: Path
    number: int


def existing_adr(adr_dir: Path, name: str) -> Existing | None:
    """The ADR advisor wrote for workload `name`, found by its provenance or file name."""
    if not adr_dir.is_dir():
        return None
    for path in sorted(adr_dir.glob("[0-9][0-9][0-9][0-9]-*.md")):
        match = _ADR_NAME.match(path.name)
        if not match or path.is_symlink():
            continue
        if match.group(2) == name or _workload_of(path) == name:
            return Existing(path, int(match.group(1)))
    return None


def _workload_of(path: Path) -> str | None:
    with contextlib.suppress(OSError, UnicodeDecodeError):
        head = path.read_text(encoding="utf-8")[:4096]
        if head.startswith("---"):
            end = head.find("\n---", 3)
            found = _WORKLOAD_LINE.search(head[:end if end > 0 else None])
            return found.group(1) if found else None
    return None


def next_number(adr_dir: Path) -> int:
    numbers = [int(m.group(1)) for p in adr_dir.glob("[0-9][0-9][0-9][0-9]-*.md")
               if (m := _ADR_NAME.match(p.name))] if adr_dir.is_dir() else []
    return max(numbers, default=0) + 1


def _temporary(folder: Path, text: str) -> Path:
    fd, name = tempfile.mkstemp(prefix=".advisor-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def write_new(adr_dir: Path, name: str, render: object) -> Path:
    """Write a new ADR under the next free number.

    `render(number) -> text`. The number is claimed by hard-linking the finished
    temporary file to its final name, which fails if another process took that
    name first; then the next number is tried.
    """
    assert callable(render)
    _ensure_dir(adr_dir)
    for _ in range(1000):
        number = next_number(adr_dir)
        target = adr_dir / f"{number:04d}-{name}.md"
        temporary = _temporary(adr_dir, render(number))
        try:
            os.link(temporary, target)
        except FileExistsError:
            continue
        except OSError:
            # Filesystems without hard links: fall back to an exclusive create.
            try:
                with open(target, "x", encoding="utf-8", newline="\n") as handle:
                    handle.write(temporary.read_text(encoding="utf-8"))
            except FileExistsError:
                continue
        finally:
            temporary.unlink(missing_ok=True)
        return target
    raise InputError(str(adr_dir), 0, 0, "could not find a free ADR number",
                     "check the folder for stray files")


def replace(path: Path, text: str) -> None:
    """Atomically replace an ADR's content (for --force)."""
    temporary = _temporary(path.parent, text)
    try:
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _ensure_dir(adr_dir: Path) -> None:
    try:
        adr_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(adr_dir), 0, 0, f"cannot create the ADR folder: {exc.strerror}",
                         "choose another folder with --adr-dir, or check its permissions"
                         ) from None
    if not os.access(adr_dir, os.W_OK):
        raise InputError(str(adr_dir), 0, 0, "the ADR folder is not writable",
                         "choose another folder with --adr-dir, or check its permissions")
