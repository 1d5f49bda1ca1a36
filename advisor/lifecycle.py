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
_STATUS = re.compile(r"^status:[^\r\n]*", re.MULTILINE)  # a CRLF line keeps its \r


def body_digest(body: str) -> str:
    return "sha256:" + hashlib.sha256(body.encode()).hexdigest()[:16]


def untouched(doc: adr.AdrDoc) -> bool:
    """Whether the ADR's body is exactly what advisor generated."""
    return bool(doc.provenance) and doc.provenance.get("body") == body_digest(doc.body)


def _read(path: Path, what: str = "decision record") -> str:
    from advisor.safeio import MAX_ADR_BYTES, read_text_bounded

    return read_text_bounded(path, MAX_ADR_BYTES, what, "keep it under 1 MiB")


def _split(path: Path) -> tuple[str, str]:
    text = _read(path)
    newline = "\r\n" if text.startswith("---\r\n") else "\n"  # adr.read_adr reads both
    closing = f"{newline}---{newline}"
    end = text.find(closing, 3)
    return text[: end + len(closing)], text[end + len(closing):]


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
    return text.replace("|", "\\|").replace("\n", " ")


def index_block(adr_dir: Path, docs: list[adr.AdrDoc] | None = None) -> str:
    lines = [BEGIN, "| ADR | Title | Status | Date | Model |", "| --- | --- | --- | --- | --- |"]
    lines.extend(f"| [ADR-{e.number:04d}]({e.file}) | {_cell(e.title)} | {_cell(e.status)} | "
                 f"{e.date} | {e.model or '-'} |" for e in entries(adr_dir, docs))
    lines.append(END)
    return "\n".join(lines)


def index_text(adr_dir: Path, docs: list[adr.AdrDoc] | None = None) -> str:
    """The index file as it should be: the existing file with the block between the markers
    replaced, or a new file. `docs`: the ADRs, where the caller has read them already."""
    block = index_block(adr_dir, docs)
    text = read_index(adr_dir)
    if text is not None:
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            return head + block + rest.split(END, 1)[1]
        return text.rstrip("\n") + "\n\n" + block + "\n"
    return ("# Architecture decisions\n\nThe table between the markers is kept current by "
            "`advisor recommend` and `advisor adr index`; write anything else around it.\n\n"
            + block + "\n")


def read_index(adr_dir: Path) -> str | None:
    """The index file's text; None when there is none. A symbolic link counts as none (it
    may point out of the folder; writing the index replaces the link). An index that is a
    folder, a FIFO, a device or over the size cap raises InputError: the index is
    rewritten in place, so it must be an ordinary file."""
    import os

    from advisor.errors import InputError

    path = adr_dir / INDEX_NAME
    if path.is_symlink() or not os.path.lexists(path):
        return None
    try:
        return _read(path, "decision index")
    except InputError as exc:
        raise InputError(exc.path, exc.line, exc.column, f"the ADR index: {exc.message}",
                         f"advisor rewrites {INDEX_NAME} in the ADR folder; make it an "
                         "ordinary text file under 1 MiB, or remove it") from None


def _current_index(adr_dir: Path) -> str:
    return read_index(adr_dir) or ""


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
    if not moves:
        return []
    for path in adr_dir.glob("*.md"):  # one that cannot be read stops it before any write
        if not path.is_symlink():
            _read(path)
    for old, new, old_number, new_number in moves:
        text = _read(old)
        text = text.replace(f"ADR-{old_number:04d}", f"ADR-{new_number:04d}")
        adr.write_text(new, text)
        old.unlink()
    renamed = {old.name: new.name for old, new, _, _ in moves}
    for path in sorted(adr_dir.glob("*.md")):
        if path.is_symlink():
            continue
        text = _read(path)
        changed = _relink(text, renamed)
        if changed != text:
            adr.write_text(path, changed)
    return [(old, new) for old, new, _, _ in moves]


def _relink(text: str, renamed: dict[str, str]) -> str:
    """Links `](NNNN-name.md)` and `](./NNNN-name.md)` pointed at the renamed files."""
    parts = []
    done = 0
    for _, end, target in adr.file_links(text, least=4):
        name = text[target.start(2):end - 1]
        if name in renamed:
            parts += [text[done:target.start(2)], renamed[name], ")"]
            done = end
    return "".join(parts) + text[done:]
