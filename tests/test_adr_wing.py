"""The ADR wing after its split (issue 15): the faces `folder` and `lifecycle` still reach
the code they name, the closed sets agree with the code that matches them, and the wing's
modules depend on each other in one direction only."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

import pytest

from advisor.adr import (
    atomic,
    folder,
    frontmatter,
    lifecycle,
    locks,
    provenance,
    reading,
    refresh,
    status,
)
from advisor.adr.doc import AdrDoc
from advisor.render import marks

WING = Path(folder.__file__).parent
FACES = {"advisor.adr.folder", "advisor.adr.lifecycle", "advisor.adr.face"}


# --- the faces -------------------------------------------------------------------------


def test_a_patch_on_the_folder_face_reaches_the_module_that_reads_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def full(folder_: Path, text: str) -> Path:
        raise OSError(28, "No space left on device")

    real = atomic.temporary_file
    monkeypatch.setattr(folder, "LOCK_WAIT", 0.25)
    monkeypatch.setattr(folder, "_temporary", full)
    assert locks.LOCK_WAIT == 0.25 and folder.LOCK_WAIT == 0.25
    assert atomic.temporary_file is full and folder._temporary is full
    monkeypatch.undo()
    assert locks.LOCK_WAIT == 60.0 and atomic.temporary_file is real


def test_a_patched_face_changes_what_the_folder_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only the attribute: `write_text`, in another module, calls the patched one."""
    def full(folder_: Path, text: str) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(folder, "_temporary", full)
    with pytest.raises(Exception, match="No space left on device"):
        folder.write_text(tmp_path / "r.txt", "x\n")
    assert not (tmp_path / "r.txt").exists()


def test_a_patch_on_the_lifecycle_face_reaches_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    def none(doc: AdrDoc) -> None:
        return None

    monkeypatch.setattr(lifecycle, "_supersedes", none)
    assert refresh._supersedes is none
    monkeypatch.setattr(lifecycle, "MAX_INDEX_BYTES", 10)
    from advisor.adr import index

    assert index.MAX_INDEX_BYTES == 10


def test_a_face_leaves_names_it_does_not_own_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generated mark is render's: setting it on the face does not change render."""
    before = marks.GENERATED_MARK
    monkeypatch.setattr(folder, "GENERATED_MARK", "changed")
    assert before == marks.GENERATED_MARK


@pytest.mark.parametrize("face", [folder, lifecycle])
def test_every_name_a_face_exports_is_its_owners(face: object) -> None:
    exported = face.__all__  # type: ignore[attr-defined]
    owners = face._owners  # type: ignore[attr-defined]
    for name in exported:
        value = getattr(face, name)
        if name in owners:
            module, there = owners[name]
            assert getattr(__import__(module, fromlist=["_"]), there) is value, name
        else:  # the face's own code, or a value from outside the wing
            assert name in ("write_new", "GENERATED_MARK"), name


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
