"""The warm path of `check`: a finished run's result, kept in the user's cache folder under a
digest of everything it was computed from, so that an unchanged repository is checked for
about the cost of reading its files.

The key covers the bytes of every workload file and ADR (and the index), the rule packs,
advisor's own files (its version, code, rules and catalogue, by name, size and time) and every
setting that changes a finding. Nothing is trusted that the key does not name: an entry of
another version, a key that does not match or a file that does not decode is passed over and
the run recomputes. A cache that cannot be read or written never fails a run.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import msgspec

from advisor import __version__
from advisor.errors import InputError
from advisor.gate.results import CheckResult

# Entries kept: each distinct state of a repository checked is one; the oldest go first.
KEEP = 32
# A result of 20,000 findings is about 10 MB; a larger file is not ours.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
_PACKAGE = Path(__file__).resolve().parent.parent


def cache_folder() -> Path:
    """advisor's folder in the user's cache: $XDG_CACHE_HOME where set, else the platform's
    (~/.cache, ~/Library/Caches, %LOCALAPPDATA%)."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        base = Path(xdg)
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    elif sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    else:
        base = Path.home() / ".cache"
    return base / "advisor"


class Key:
    """A digest built up from the inputs of one run; `None` once an input could not be read
    as the run itself would read it (the run then goes without the cache)."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256(__version__.encode())
        self._unreadable = False

    def add(self, *parts: object) -> None:
        if not self._unreadable:
            for part in parts:
                data = part if isinstance(part, bytes) else repr(part).encode()
                self._hash.update(len(data).to_bytes(8, "big") + data)

    def add_file(self, path: Path, limit: int) -> None:
        """A file's name and bytes, read as the run reads it (bounded, regular files only)."""
        from advisor.safeio import read_bounded

        try:
            self.add(str(path), read_bounded(path, limit))
        except InputError:
            self._unreadable = True  # the run reports it; nothing to gain from caching that

    def add_installation(self) -> None:
        """advisor's own files by name, size and modification time: a new version, or an
        edited checkout, never reads an entry another one wrote."""
        from advisor.resources import data_dir

        for folder in (_PACKAGE, data_dir("rules"), data_dir("templates")):
            self.add(str(folder))
            for path, size, mtime in _tree(folder):
                self.add(path, size, mtime)

    @property
    def digest(self) -> str | None:
        return None if self._unreadable else self._hash.hexdigest()


def _tree(folder: Path) -> Iterable[tuple[str, int, int]]:
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            try:
                info = os.stat(os.path.join(top, name))
            except OSError:
                continue
            yield os.path.relpath(os.path.join(top, name), folder), info.st_size, info.st_mtime_ns


def load(digest: str) -> CheckResult | None:
    """The result stored under `digest`, if one is there and whole."""
    from advisor.safeio import read_bounded

    path = cache_folder() / f"check-{digest[:32]}.json"
    try:
        data = read_bounded(path, MAX_ENTRY_BYTES)
        entry = msgspec.json.decode(data, type=_Entry)
    except (InputError, OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None
    if entry.version != __version__ or entry.key != digest:
        return None
    if entry.result.templates:
        # The key holds the workload files, not the templates they name: each is read again.
        from advisor.gate.conformance.run import template_state

        for template, root, state in entry.result.templates:
            if template_state(Path(template), Path(root)) != state:
                return None
    return entry.result


def store(digest: str, result: CheckResult) -> None:
    """Keep `result` under `digest` (written whole or not at all), and drop the oldest
    entries past KEEP."""
    try:
        data = msgspec.json.encode(_Entry(__version__, digest, result))
    except (UnicodeEncodeError, msgspec.EncodeError):
        return  # a file name that is not UTF-8 in a finding: that run is not kept
    folder = cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".check-{os.getpid()}.tmp"
        temporary.write_bytes(data)
        os.replace(temporary, folder / f"check-{digest[:32]}.json")
        entries = sorted(folder.glob("check-*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full home folder costs the warm path, never the run


class _Entry(msgspec.Struct, frozen=True):
    version: str
    key: str
    result: CheckResult
