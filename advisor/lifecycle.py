"""The ADR trail over time: supersede without losing human edits, refresh provenance,
keep the index current, and renumber after two branches took the same number."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

from msgspec import Struct

from advisor import adr
from advisor.yamlnodes import safe_dump, safe_load

INDEX_NAME = "README.md"
BEGIN, END = "<!-- advisor:index:begin -->", "<!-- advisor:index:end -->"
_STATUS = re.compile(r"^status:.*$", re.MULTILINE)


def body_digest(body: str) -> str:
    return "sha256:" + hashlib.sha256(body.encode()).hexdigest()[:16]


def untouched(doc: adr.AdrDoc) -> bool:
    """Whether the ADR's body is exactly what advisor generated."""
    return bool(doc.provenance) and doc.provenance.get("body") == body_digest(doc.body)


def _split(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    end = text.find("\n---\n", 3)
    return text[: end + 5], text[end + 5:]


def set_status(path: Path, status: str) -> None:
    """Change only the `status:` line of the front matter; every other byte is kept."""
    front, body = _split(path)
    quoted = safe_dump(status, default_style=None).strip().removesuffix("...").strip()
    front = _STATUS.sub(lambda _: f"status: {quoted}", front, count=1)
    adr.write_text(path, front + body)


def refresh_provenance(path: Path, fresh_front: str) -> bool:
    """Replace advisor's provenance with `fresh_front`'s, keeping the ADR's own status, date
    and any other keys people added. Only for ADRs whose body nobody edited."""
    doc = adr.read_adr(path)
    if doc is None or not untouched(doc) or doc.front is None:
        return False
    fresh = safe_load(fresh_front.strip().strip("-"))
    front = dict(doc.front)
    previous = front.get("advisor")
    old: dict[str, object] = previous if isinstance(previous, dict) else {}
    updated = {**old, **{k: v for k, v in fresh["advisor"].items() if k != "body"}}
    if updated == old:
        return False
    front["advisor"] = updated
    dumped = safe_dump(front, sort_keys=False, default_flow_style=False, width=1000)
    adr.write_text(path, f"---\n{dumped}---\n{doc.body}")
    return True


# --- the index ----------------------------------------------------------------------------


class Entry(Struct, frozen=True):
    """One row of the ADR index."""

    number: int
    file: str
    title: str
    status: str
    date: str
    model: str


def entries(adr_dir: Path, docs: list[adr.AdrDoc] | None = None) -> list[Entry]:
    rows = []
    for doc in adr.read_adrs(adr_dir) if docs is None else docs:
        front = doc.front or {}
        title = next((line[2:].strip() for line in doc.body.splitlines()
                      if line.startswith("# ")), doc.path.stem)
        rows.append(Entry(doc.number, doc.path.name, title, str(front.get("status", "")),
                          str(front.get("date", "")), str(doc.provenance.get("model", ""))))
    return rows


def _cell(text: str) -> str:
    """Text from a committed ADR as one table cell: its own Markdown kept (a title advisor
    wrote is escaped already), but no HTML, no second row and no hidden characters."""
    from advisor.visible import visible

    return visible(text.replace("\n", " "), one_line=True).replace("|", "\\|").replace(
        "<", "&lt;")


def index_block(adr_dir: Path, docs: list[adr.AdrDoc] | None = None) -> str:
    from urllib.parse import quote

    lines = [BEGIN, "| ADR | Title | Status | Date | Model |", "| --- | --- | --- | --- | --- |"]
    lines.extend(f"| [ADR-{e.number:04d}]({quote(e.file, safe='-._~', errors='surrogateescape')})"
                 f" | {_cell(e.title)} | {_cell(e.status)} | {_cell(e.date)} | "
                 f"{_cell(e.model) or '-'} |" for e in entries(adr_dir, docs))
    lines.append(END)
    return "\n".join(lines)


def index_text(adr_dir: Path, docs: list[adr.AdrDoc] | None = None) -> str:
    """The index file as it should be: the existing file with the block between the markers
    replaced, or a new file. `docs`: the ADRs, where the caller has read them already."""
    path = adr_dir / INDEX_NAME
    block = index_block(adr_dir, docs)
    if path.is_file() and not path.is_symlink():  # a link may point out of the folder
        text = path.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            return head + block + rest.split(END, 1)[1]
        return text.rstrip("\n") + "\n\n" + block + "\n"
    return ("# Architecture decisions\n\nThe table between the markers is kept current by "
            "`advisor recommend` and `advisor adr index`; write anything else around it.\n\n"
            + block + "\n")


def _current_index(adr_dir: Path) -> str:
    path = adr_dir / INDEX_NAME
    return path.read_text(encoding="utf-8") if path.is_file() and not path.is_symlink() else ""


def index_is_stale(adr_dir: Path, docs: list[adr.AdrDoc] | None = None) -> bool:
    return _current_index(adr_dir) != index_text(adr_dir, docs)


def write_index(adr_dir: Path) -> Path:
    path = adr_dir / INDEX_NAME
    adr.write_text(path, index_text(adr_dir))
    return path


def update_index(adr_dir: Path) -> Path | None:
    """Rewrite the index if it is out of date; the path when it was written."""
    wanted = index_text(adr_dir)  # reads every ADR: once, not once to compare and once to write
    if _current_index(adr_dir) == wanted:
        return None
    path = adr_dir / INDEX_NAME
    adr.write_text(path, wanted)
    return path


# --- renumbering -------------------------------------------------------------------------


def _first_commit_time(path: Path) -> float:
    """When the file was first committed; files not committed yet come last."""
    try:
        out = subprocess.run(["git", "log", "--diff-filter=A", "--format=%ct", "--", path.name],
                             cwd=path.parent, capture_output=True, text=True, timeout=10,
                             check=False).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return float("inf")
    return float(out[-1]) if out else float("inf")


def renumber(adr_dir: Path) -> list[tuple[Path, Path]]:
    """Give every ADR that shares its number with an older one the next free number, and
    point links by file name at the new names. Returns (old, new) paths."""
    docs = adr.read_adrs(adr_dir)
    by_number: dict[int, list[adr.AdrDoc]] = {}
    for doc in docs:
        by_number.setdefault(doc.number, []).append(doc)
    moves: list[tuple[Path, Path, int, int]] = []
    taken = {doc.number for doc in docs}
    for number, same in sorted(by_number.items()):
        if len(same) < 2:
            continue
        ordered = sorted(same, key=lambda d: (_first_commit_time(d.path), str(d.front and
                                                                               d.front.get("date")),
                                              d.path.name))
        for doc in ordered[1:]:
            new_number = max(taken) + 1
            taken.add(new_number)
            target = doc.path.with_name(f"{new_number:04d}-{doc.path.name.split('-', 1)[1]}")
            moves.append((doc.path, target, number, new_number))
    for old, new, old_number, new_number in moves:
        text = old.read_text(encoding="utf-8")
        text = text.replace(f"ADR-{old_number:04d}", f"ADR-{new_number:04d}")
        adr.write_text(new, text)
        old.unlink()
    renamed = {old.name: new.name for old, new, _, _ in moves}
    for path in sorted(adr_dir.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        changed = re.sub(r"\]\((\./)?(\d{4,}-[^)\s]+\.md)\)",
                         lambda m: f"]({m.group(1) or ''}{renamed.get(m.group(2), m.group(2))})",
                         text)
        if changed != text:
            adr.write_text(path, changed)
    return [(old, new) for old, new, _, _ in moves]
