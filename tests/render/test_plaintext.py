"""The summary made without rich, for a screen that takes no colour, is the text rich
prints there: for every example, at every width, and where rich would change a character
(a wide one, a tab, a control code) rich prints it instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest
from rich.cells import cell_len

from advisor.core.recommendation import Recommendation
from advisor.render import terminal
from advisor.render.plaintext import ONE_COLUMN, Plain, exact
from advisor.render.wrap import cells
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
REPAIRED = ["docs/decisions/0003-old.md: superseded by 0007-new.md, finished"]
INDEX = "docs/decisions/README.md"


def _workload(path: Path) -> str:
    """The first workload of an example file (a file of several lists them)."""
    text = path.read_text()
    if "\nworkloads:" not in text:
        return text
    first = text.split("\n  - ", 2)[1]
    return "version: 1\n" + "\n".join(line[4:] for line in ("    " + first).splitlines())


@pytest.mark.parametrize("char", sorted(ONE_COLUMN))
def test_the_characters_taken_as_one_column_are_one_for_rich_and_for_wrapping(
        char: str) -> None:
    assert cell_len(char) == cells(char) == 1


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("columns", [0, 30, 60, 80, 200])
def test_the_plain_summary_is_what_rich_prints_without_colour(
        path: Path, columns: int, recommend_text: Callable[[str], Recommendation]) -> None:
    rec = recommend_text(_workload(path))
    summaries = [(rec, "docs/decisions/0001-x.md", "written"), (rec, None, "")]
    plain = terminal._plain(summaries, REPAIRED, INDEX, columns)
    assert exact(plain)
    assert plain == terminal._rich(summaries, REPAIRED, INDEX, columns, None)
    assert terminal.render_summaries(summaries, REPAIRED, INDEX, columns, None) == plain


@pytest.mark.parametrize("name", ["名前-flow", "tab\there", "bell\x07ring", "cr\rhere"])
def test_text_rich_would_change_is_printed_by_rich(
        name: str, recommend_text: Callable[[str], Recommendation]) -> None:
    """A wide character takes two columns; rich expands a tab and strips some control
    codes. The summary then comes from rich, whatever `Plain` would have made. (The
    workload's name is checked when it is read: it is given here as the parser never would.)"""
    rec = recommend_text((ROOT / "examples" / "order-placed.yaml").read_text())
    rec = msgspec.structs.replace(rec, workload=msgspec.structs.replace(rec.workload,
                                                                        name=name))
    summaries = [(rec, "docs/decisions/0001-x.md", "written")]
    assert not exact(terminal._plain(summaries, [], None, 40))
    assert terminal.render_summaries(summaries, [], None, 40, None) == terminal._rich(
        summaries, [], None, 40, None)


def test_plain_builds_text_as_rich_does() -> None:
    text = Plain("a").append("b", style="bold") + Plain.assemble(("c", "red"), "d")
    assert Plain("\n").join([text, text[1:3]]).plain == "abcd\nbc"
    assert text.cell_len == 4 and str(text) == "abcd"
