"""Which files in a folder are ADRs, and their numbers: one listing of the folder."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from advisor.safeio import require_utf8_name

# Four digits at least: numbers past 9999 are still ADRs (a fifth digit is never dropped).
# Nine at most: a billion ADRs is more than any folder holds, and Python refuses to read a
# number of more than 4,300 digits, which a hostile name could otherwise carry.
ADR_NAME = re.compile(r"^(\d{4,9})-(.+)\.md$")
MAX_NUMBER = 999_999_999


def adr_files(adr_dir: Path) -> list[tuple[int, Path]]:
    """(number, path) of every NNNN-*.md entry in the folder, by number then name: one
    listing of the folder. A name that is not UTF-8 is refused (passed over, it would
    hide an ADR from `check`)."""
    try:
        names = os.listdir(adr_dir)
    except OSError:
        return []
    found = [(number, adr_dir / name) for number, name in matches(adr_dir, names)]
    found.sort(key=lambda item: (item[0], item[1].name))
    return found


def matches(adr_dir: Path, names: list[str]) -> Iterator[tuple[int, str]]:
    """(number, name) of the names in `adr_dir` that are ADRs, in the order given."""
    for name in names:
        match = ADR_NAME.match(name)
        if match:
            require_utf8_name(adr_dir, name, "this ADR's file name")
            yield int(match.group(1)), name
