"""The warm path of `recommend`: what the searches for changes (the flips, most of a
recommendation's cost) found for each workload, kept in the user's cache folder under a
digest of all they depend on, so that running recommend again over workloads that did not
change costs little more than reading them.

One file for all workloads (read once, written once, only when a run searched anew), holding
at most KEEP entries, the least recently used dropped first. The key covers advisor itself
(its version, code, rules and catalogue by name, size and time), the rules' digest (team
packs included), the cloud, the day (waivers expire) and the workload as written; an entry
of another version, or a file that does not decode, is passed over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from typing import TYPE_CHECKING

import msgspec

from advisor import __version__
from advisor.core.recommend import Searched

if TYPE_CHECKING:
    from advisor.core.rules import RuleSet
    from advisor.format.workload import Workload

KEEP = 20_000  # about 2 KB each: a 40 MB file at most
MAX_FILE_BYTES = 128 * 1024 * 1024
NAME = "searches.json"


class _File(msgspec.Struct):
    version: str
    entries: dict[str, Searched]


class Searches:
    """The stored searches of one run: looked up by workload, and written back once."""

    def __init__(self, rules: RuleSet, cloud: str, today: dt.date | None, use_waivers: bool,
                 enabled: bool = True) -> None:
        from advisor.gate.cache import Key

        self.enabled = enabled
        self.entries: dict[str, Searched] = {}
        self.added = False
        if not enabled:
            return
        base = Key()
        base.add_installation()
        base.add(rules.version, cloud, today, use_waivers)
        self.base = base.digest or ""
        self.entries = _read()

    def key(self, workload: Workload) -> str:
        written = json.dumps(workload.written, sort_keys=True, default=str,
                             separators=(",", ":"))
        return hashlib.sha256(f"{self.base}\n{written}".encode()).hexdigest()[:32]

    def get(self, workload: Workload) -> Searched | None:
        if not self.enabled:
            return None
        key = self.key(workload)
        found = self.entries.pop(key, None)
        if found is not None:
            self.entries[key] = found  # the most recently used last: dropped last
        return found

    def put(self, workload: Workload, searched: Searched) -> None:
        if self.enabled:
            self.entries[self.key(workload)] = searched
            self.added = True

    def save(self) -> None:
        """Write the entries back, when this run searched anew; never fails the run."""
        if not self.enabled or not self.added:
            return
        from advisor.gate.cache import cache_folder

        kept = dict(list(self.entries.items())[-KEEP:])
        folder = cache_folder()
        try:
            data = msgspec.json.encode(_File(__version__, kept))
            folder.mkdir(parents=True, exist_ok=True)
            temporary = folder / f".{NAME}-{os.getpid()}.tmp"
            temporary.write_bytes(data)
            os.replace(temporary, folder / NAME)
        except (OSError, UnicodeEncodeError, msgspec.EncodeError):
            pass  # a read-only or full home folder costs the warm path, never the run


def _read() -> dict[str, Searched]:
    from advisor.errors import InputError
    from advisor.gate.cache import cache_folder
    from advisor.safeio import read_bounded

    try:
        stored = msgspec.json.decode(read_bounded(cache_folder() / NAME, MAX_FILE_BYTES),
                                     type=_File)
    except (InputError, OSError, msgspec.DecodeError, msgspec.ValidationError):
        return {}
    return stored.entries if stored.version == __version__ else {}
