"""The MCP `compare` tool gives `advisor compare`'s document, byte for byte, and its
Markdown on request; a mistake is a tool error, as for the other tools."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

pytest.importorskip("mcp", reason="the mcp extra is not installed")

from advisor.mcp.server import answer

EXAMPLE = ROOT / "examples" / "order-placed.yaml"


def test_compare_answers_as_the_command_line(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "order-placed.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    document = run_cli(["compare", "order-placed.yaml", "--format", "json"]).stdout
    markdown = run_cli(["compare", "order-placed.yaml", "--format", "markdown"]).stdout
    result = answer("compare", {"path": "order-placed.yaml", "markdown": True})
    assert not result.is_error
    assert [c.text for c in result.content] == [document, markdown]  # type: ignore[union-attr]
    assert result.structured_content == json.loads(document)
    given = answer("compare", {"workload": EXAMPLE.read_text()})
    assert given.structured_content is not None
    assert given.structured_content["workloads"][0]["source"] == "<stdin>"
    broken = answer("compare", {"workload": "version: 1\nname: a\nkind: evnt\n"})
    assert broken.is_error
    assert "<stdin>:3:7" in broken.content[0].text  # type: ignore[union-attr]
