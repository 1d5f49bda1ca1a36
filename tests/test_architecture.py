"""The data flows one way: workload -> facts -> engine -> services -> render -> cli.
A stage may import only from stages before it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "advisor"

FORBIDDEN = {
    "workload": {"facts", "rules", "engine", "services", "report", "render", "cli", "commands"},
    "facts": {"rules", "engine", "services", "report", "render", "cli", "commands"},
    "rules": {"engine", "services", "report", "render", "cli", "commands"},
    "engine": {"services", "report", "render", "cli", "commands", "catalogue"},
    "topology": {"engine", "services", "operations", "report", "render", "cli", "commands"},
    "operations": {"services", "report", "render", "cli", "commands"},
    "services": {"report", "render", "cli", "commands"},
    "report": {"render", "cli", "commands"},
}


def imported_stages(module: Path) -> set[str]:
    tree = ast.parse(module.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("advisor"):
            parts = node.module.split(".")
            names.add(parts[1] if len(parts) > 1 else "")
            if len(parts) == 1:
                names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_stage_imports_only_earlier_stages(stage: str) -> None:
    assert not imported_stages(PACKAGE / f"{stage}.py") & FORBIDDEN[stage]


def test_the_engine_knows_nothing_of_markdown_or_yaml() -> None:
    source = (PACKAGE / "engine.py").read_text()
    assert "jinja" not in source and "import yaml" not in source and "rich" not in source
