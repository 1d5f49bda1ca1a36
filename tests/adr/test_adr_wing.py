"""The ADR wing after its split (issue 15): the faces `folder` and `lifecycle` still reach
the code they name, the closed sets agree with the code that matches them, and the wing's
modules depend on each other in one direction only."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

import pytest

from advisor.adr import (
    folder,
    frontmatter,
    provenance,
    reading,
    status,
)

WING = Path(folder.__file__).parent
FACES = {"advisor.adr.folder", "advisor.adr.lifecycle", "advisor.adr.face"}


# --- closed sets -----------------------------------------------------------------------


def test_the_ended_statuses_are_the_literal_type() -> None:
    assert get_args(status.Ended) == status.ENDED
    assert status.ended(" Superseded by ADR-0002") and status.ended("rejected")
    assert not status.ended("accepted") and not status.ended("proposed")


def test_the_provenance_inputs_are_the_literal_type() -> None:
    assert get_args(provenance.Input) == provenance.INPUTS
    assert set(provenance._COMPARED) == set(provenance.INPUTS) - {"version"}


@pytest.mark.parametrize("key", get_args(frontmatter.FrontKey))
def test_each_front_matter_key_after_text_is_misplaced_front_matter(key: str) -> None:
    doc = frontmatter.parse(Path("0001-x.md"), 1, f"# Title\n\n---\n{key}: x\n---\nbody\n")
    assert doc.front is None and doc.front_line == 3
    assert "does not start the file" in doc.front_problem


def test_another_key_after_text_is_a_markdown_rule() -> None:
    doc = frontmatter.parse(Path("0001-x.md"), 1, "# Title\n\n---\ntitle: x\n---\nbody\n")
    assert doc.front is None and doc.front_problem == ""


# --- stored text -----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "end"), [
    ("---\nstatus: a\n---\nbody\n", 18),
    ("\ufeff---\r\nstatus: a\r\n---\r\nbody\r\n", 22),
    ("# no front matter\n---\n", 0),
    ("---\nstatus: a\n", 0),
])
def test_where_stored_front_matter_ends(text: str, end: int) -> None:
    assert reading.stored_front_end(text) == end
    if end:
        assert text[:end].endswith("---\n" if "\r" not in text else "---\r\n")


# --- the wing's own imports ------------------------------------------------------------


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any level: under TYPE_CHECKING and in functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {f"advisor.adr.{p.stem}": p for p in WING.glob("*.py") if p.stem != "__init__"}
    return {name: {m for m in _imports(path) if m in modules and m != name}
            for name, path in modules.items()}


def test_no_module_of_the_wing_imports_a_cloud_or_the_cli() -> None:
    for path in WING.glob("*.py"):
        bad = {m for m in _imports(path)
               if m.startswith(("advisor.providers", "advisor.cli"))}
        assert not bad, (path.name, bad)


def test_only_the_faces_import_the_faces() -> None:
    """The faces import every module of the wing; a module importing a face would close a
    cycle."""
    for name, uses in _graph().items():
        if name not in FACES:
            assert not uses & FACES, (name, uses & FACES)


def test_the_wing_has_no_import_cycle() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join((*path, name))
        if name in done:
            return
        for used in sorted(graph[name]):
            visit(used, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())
    assert len(done) == len(graph) > 10
