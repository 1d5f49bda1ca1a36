"""The ADR index: a table of every ADR between two markers in the folder's README.md,
kept current; people write anything else around it."""

from __future__ import annotations

import os
from pathlib import Path

from msgspec import Struct

from advisor.adr.atomic import write_text
from advisor.adr.doc import AdrDoc, title_of
from advisor.adr.locks import folder_lock
from advisor.adr.reading import read_adrs, read_stored
from advisor.adr.status import ended
from advisor.errors import InputError

INDEX_NAME = "README.md"
BEGIN, END = "<!-- advisor:index:begin -->", "<!-- advisor:index:end -->"

# A row is about 150 bytes: room for 100,000 ADRs, far more than the folder may hold
# (safeio.MAX_ADR_FOLDER_BYTES), so an index advisor wrote is always one it can read.
MAX_INDEX_BYTES = 16 * 1024 * 1024


class Entry(Struct, frozen=True):
    """One row of the ADR index."""

    number: int
    file: str
    title: str
    status: str
    date: str
    model: str


def entries(adr_dir: Path, docs: list[AdrDoc] | None = None) -> list[Entry]:
    rows = []
    for doc in read_adrs(adr_dir) if docs is None else docs:
        front = doc.front or {}
        title = title_of(doc) or doc.path.stem
        rows.append(Entry(doc.number, doc.path.name, title, str(front.get("status", "")),
                          str(front.get("date", "")), str(doc.provenance.get("model", ""))))
    return _distinct(rows)


def _distinct(rows: list[Entry]) -> list[Entry]:
    """The rows with every title told apart: a title that several ADRs share (a decision
    and the one that superseded it) says the status of ended ones and each one's date, and
    the ADR's number where even that is shared."""
    from collections import Counter

    def told(entry: Entry, number: bool) -> str:
        said = [f"ADR-{entry.number:04d}" if number else "",
                entry.status.strip() if ended(entry.status) else "", entry.date]
        return f"{entry.title} ({', '.join(filter(None, said))})"

    shared = {t for t, n in Counter(e.title for e in rows).items() if n > 1}
    if not shared:
        return rows
    titles = [told(e, False) if e.title in shared else e.title for e in rows]
    again = {t for t, n in Counter(titles).items() if n > 1}
    return [Entry(e.number, e.file, told(e, True) if t in again else t, e.status, e.date,
                  e.model) for e, t in zip(rows, titles, strict=True)]


def _cell(text: str) -> str:
    """Text from a committed ADR as one table cell: its own Markdown kept (a title advisor
    wrote is escaped already), but no HTML, no second row and no hidden characters."""
    from advisor.visible import visible

    return visible(text.replace("\n", " "), one_line=True).replace("|", "\\|").replace(
        "<", "&lt;")


def index_block(adr_dir: Path, docs: list[AdrDoc] | None = None) -> str:
    from urllib.parse import quote

    lines = [BEGIN, "| ADR | Title | Status | Date | Model |", "| --- | --- | --- | --- | --- |"]
    lines.extend(f"| [ADR-{e.number:04d}]({quote(e.file, safe='-._~', errors='surrogateescape')})"
                 f" | {_cell(e.title)} | {_cell(e.status)} | {_cell(e.date)} | "
                 f"{_cell(e.model) or '-'} |" for e in entries(adr_dir, docs))
    lines.append(END)
    return "\n".join(lines)


def index_text(adr_dir: Path, docs: list[AdrDoc] | None = None,
               current: str | None = None) -> str:
    """The index file as it should be: the current one (`current`, the text `read_index`
    gives) with the block between the markers replaced, or a new file. `docs`: the ADRs,
    where the caller has read them already."""
    block = index_block(adr_dir, docs)
    if current is not None:
        if BEGIN in current and END in current:
            head, rest = current.split(BEGIN, 1)
            return head + block + rest.split(END, 1)[1]
        return current.rstrip("\n") + "\n\n" + block + "\n"
    return ("# Architecture decisions\n\nThe table between the markers is kept current by "
            "`advisor recommend` and `advisor adr index`; write anything else around it.\n\n"
            + block + "\n")


def read_index(adr_dir: Path) -> str | None:
    """The index file's text; None when there is none. A symbolic link counts as none (it
    may point out of the folder; writing the index replaces the link). An index that is a
    folder, a FIFO, a device or over the size cap raises InputError: the index is
    rewritten in place, so it must be an ordinary file."""
    path = adr_dir / INDEX_NAME
    if path.is_symlink() or not os.path.lexists(path):
        return None
    try:
        return read_stored(path, "decision index", MAX_INDEX_BYTES)
    except InputError as exc:
        raise InputError(exc.path, exc.line, exc.column, f"the ADR index: {exc.message}",
                         f"advisor rewrites {INDEX_NAME} in the ADR folder; make it an "
                         "ordinary text file, or remove it") from None


def index_is_stale(adr_dir: Path, docs: list[AdrDoc] | None = None) -> bool:
    current = read_index(adr_dir)
    return (current or "") != index_text(adr_dir, docs, current)


def write_index(adr_dir: Path) -> Path:
    path = adr_dir / INDEX_NAME
    with folder_lock(adr_dir):  # so that no ADR another run is writing goes missing
        write_text(path, index_text(adr_dir, current=read_index(adr_dir)))
    return path


def update_index(adr_dir: Path, docs: list[AdrDoc] | None = None) -> Path | None:
    """Rewrite the index if it is out of date; the path when it was written. `docs`: the
    ADRs as they are now, where the caller has read them (under the folder lock)."""
    current = read_index(adr_dir)  # once: for the text around the markers, and to compare
    wanted = index_text(adr_dir, docs, current)
    if (current or "") == wanted:
        return None
    path = adr_dir / INDEX_NAME
    write_text(path, wanted)
    return path

