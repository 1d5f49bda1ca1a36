"""`advisor compare`: decide one workload on every registered cloud, and print the clouds
side by side."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from advisor import __version__
from advisor.answers.compare import compare
from advisor.cli.choices import CompareFormat
from advisor.cli.formats import COMPARE, Screen


def run_compare(path: Path, fmt: str, date: dt.date, packs: tuple[Path, ...]) -> int:
    from advisor.render.compareview import document

    chosen = CompareFormat(fmt)
    compared = compare(path, date, packs)
    screen = Screen()
    if chosen is CompareFormat.text:  # for a person: as wide as the terminal, in its colours
        from advisor.cli.screen import colour_system, width

        screen = Screen(width(), colour_system())
    sys.stdout.write(COMPARE[chosen](document(compared, __version__, date.isoformat()),
                                     screen))
    return 0
