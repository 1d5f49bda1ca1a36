"""The warm path of `recommend`: what the searches for changes (the flips, most of a
recommendation's cost) found for each workload, kept in the user's cache folder under a
digest of all they depend on, so that running recommend again over workloads that did not
change costs little more than reading them.

One small file per workload (`searches/<key>.json`): a run reads only the entries of the
workloads it decides, so its cost does not grow with what earlier runs kept. At most KEEP
are kept, the least recently used (by modification time, renewed on each use) dropped
first, after a run that searched anew. The key covers advisor itself (its version, code,
rules and catalogue by name, size and time), the rules' digest (team packs included), the
cloud, the day (waivers expire) and the workload as written; an entry of another version,
or a file that does not decode, is passed over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from advisor import __version__
from advisor.core.recommend import Searched

if TYPE_CHECKING:
    from advisor.core.rules import RuleSet
    from advisor.format.workload import Workload

KEEP = 20_000  # about 2 KB each: 40 MB at most
MAX_ENTRY_BYTES = 1024 * 1024  # a workload's flips are a few KB; a larger file is not ours
FOLDER = "searches"


class _Entry(msgspec.Struct):
    version: str
    searched: Searched


class Searches:
    """The stored searches of one run: looked up by workload, and the new ones written once."""

    def __init__(self, rules: RuleSet, cloud: str, today: dt.date | None, use_waivers: bool,
                 enabled: bool = True) -> None:
        from advisor.gate.cache import Key, cache_folder

        self.enabled = enabled
        self.added: dict[str, Searched] = {}
        if not enabled:
            return
        base = Key()
        base.add_installation()
        base.add(rules.version, cloud, today, use_waivers)
        self.base = base.digest or ""
        self.folder = cache_folder() / FOLDER

    def _key(self, workload: Workload) -> str:
        written = json.dumps(workload.written, sort_keys=True, default=str,
                             separators=(",", ":"))
        return hashlib.sha256(f"{self.base}\n{written}".encode()).hexdigest()[:32]

    def get(self, workload: Workload) -> Searched | None:
        if not self.enabled:
            return None
        from advisor.errors import InputError
        from advisor.safeio import read_bounded

        path = self.folder / f"{self._key(workload)}.json"
        try:
            entry = msgspec.json.decode(read_bounded(path, MAX_ENTRY_BYTES), type=_Entry)
        except (InputError, OSError, msgspec.DecodeError, msgspec.ValidationError):
            return None
        if entry.version != __version__:
            return None
        # Used now: the last to be dropped. A read-only cache still serves; it only forgets
        # the order of use.
        with contextlib.suppress(OSError):
            os.utime(path)
        return entry.searched

    def put(self, workload: Workload, searched: Searched) -> None:
        if self.enabled:
            self.added[self._key(workload)] = searched

    def save(self) -> None:
        """Write the new entries (each whole or not at all), then drop the least recently used
        past KEEP; never fails the run."""
        if not self.enabled or not self.added:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{os.getpid()}.tmp"
            for key, searched in self.added.items():
                temporary.write_bytes(msgspec.json.encode(_Entry(__version__, searched)))
                os.replace(temporary, self.folder / f"{key}.json")
            _prune(self.folder)
        except (OSError, UnicodeEncodeError, msgspec.EncodeError):
            pass  # a read-only or full home folder costs the warm path, never the run


def _prune(folder: Path) -> None:
    names = [entry for entry in os.scandir(folder) if entry.name.endswith(".json")]
    if len(names) <= KEEP:
        return
    names.sort(key=lambda entry: entry.stat().st_mtime_ns)
    for entry in names[:len(names) - KEEP]:
        os.unlink(entry.path)
