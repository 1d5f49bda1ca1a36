"""The comparison's renderers: the text for a pipe is the terminal's without its colours, and
the Markdown writes every text it is given inert."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from advisor.answers.compare import compare
from advisor.render.compare_markdown import render_compare_markdown
from advisor.render.compare_text import render_compare_text
from advisor.render.compareview import document
from tests.conftest import ROOT

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_the_text_for_a_pipe_is_the_terminal_s_without_colours() -> None:
    found = document(compare(ROOT / "examples" / "order-placed.yaml", dt.date(2026, 11, 30)),
                     "0", "2026-11-30")
    for columns in (0, 60, 100):
        plain = render_compare_text(found, columns, None)
        coloured = render_compare_text(found, columns, "truecolor")
        assert "\x1b[" in coloured and "\x1b[" not in plain
        assert _ANSI.sub("", coloured) == plain
        if columns:
            assert max(map(len, plain.splitlines())) <= columns


def test_the_markdown_writes_reasons_and_what_is_left_behind_inert() -> None:
    reason = "w.yaml:1:1: a | b `c` costs $5 <b>bold</b> [x](y)"
    left = "region: a | b `c` costs $5 <b>bold</b> [x](y) (of gcp)"  # a region is not checked
    found = {"advisor_version": "0", "date": "2026-11-30", "workloads": [{
        "name": "w", "source": "w.yaml", "error_handling_shared": [], "differences": [],
        "clouds": [{"cloud": "aws", "name": "AWS", "buildable": False, "reasons": [reason],
                    "left_behind": [left]}]}]}
    text = render_compare_markdown(found)
    lines = [x for x in text.splitlines() if x.startswith("- AWS: ")]
    assert len(lines) == 2  # the reason, and what was left behind
    for line in lines:
        assert "a \\| b" in line and "\\`c\\`" in line and "\\$5" in line
        assert "<b>" not in line and "\\[x\\](y)" in line
    assert "| AWS | cannot be built | | | |" in text
    assert "No cloud could decide it." in text


def test_a_file_path_is_shown_as_given(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("version: 1\nname: w\nkind: event\n")
    (one,) = compare(path, dt.date(2026, 11, 30))
    assert one.shown == str(path) and one.workload == "w"
