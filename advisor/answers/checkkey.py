"""The key of check's warm path: a digest of everything a check's findings depend on."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.format.config import Config


def check_key(files: list[tuple[Path, str]], folder: Path, settings: Config,
              packs: tuple[Path, ...], today: dt.date | None, use_waivers: bool,
              complete: bool, for_machines: bool) -> str | None:
    """The digest of the inputs of one check (gate/cache.py): advisor itself, where it runs
    from, the settings that change a finding, and the bytes of every workload file, ADR,
    the index and each rule pack's files, read as the check reads them. None where one of
    them cannot be read so: the run reports that, and is not kept."""
    from advisor.adr.index import INDEX_NAME
    from advisor.adr.names import adr_files
    from advisor.format.yamlnodes import MAX_FILE_BYTES
    from advisor.gate.cache import Key
    from advisor.safeio import MAX_ADR_BYTES

    key = Key()
    key.add_installation()
    key.add(os.getcwd(), str(settings.root), str(folder.absolute()),
            sorted(settings.severity.items()), settings.knowledge_max_age_days, today,
            use_waivers, complete, for_machines)
    for path, shown in files:
        key.add(shown)
        key.add_file(path, MAX_FILE_BYTES)
    for number, path in adr_files(folder):  # as read_adrs reads them: links passed over
        linked = path.is_symlink()
        key.add(number, linked)
        if not linked:
            key.add_file(path, MAX_ADR_BYTES)
    index = folder / INDEX_NAME
    key.add(os.path.lexists(index))
    if os.path.lexists(index):
        key.add_file(index, MAX_ADR_BYTES)
    for pack in packs:
        key.add(str(pack))
        for rule_file in sorted(pack.glob("*.yaml")) if os.path.isdir(pack) else ():
            key.add_file(rule_file, MAX_FILE_BYTES)
    return key.digest
