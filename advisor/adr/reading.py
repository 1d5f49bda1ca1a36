"""Read the ADR folder with bounds: every ADR once, each file and all of them together
capped, symbolic links passed over; and the newest ADR of each workload."""

from __future__ import annotations

import re
from pathlib import Path

from msgspec import Struct

from advisor.adr.doc import AdrDoc
from advisor.adr.frontmatter import parse
from advisor.adr.names import ADR_NAME, adr_files
from advisor.errors import InputError

_ADR_WHAT = "decision record"
_ADR_HINT = "keep an ADR under 1 MiB; move long material into a linked file"
# Where the front matter of a file as stored ends: its CR LF kept, as a rewrite keeps it.
_FRONT_END = re.compile(r"\n---\r?\n")


def read_adrs(adr_dir: Path, slim: bool = False) -> list[AdrDoc]:
    """Every NNNN-*.md in the folder; symbolic links are passed over (they may lead out of
    it), and the bodies read may add up to safeio.MAX_ADR_FOLDER_BYTES characters. `slim`:
    each body summarised (adr/slim.py) rather than kept, for a reader that rewrites none."""
    from advisor.processes import spread
    from advisor.safeio import MAX_ADR_FOLDER_BYTES

    if not adr_dir.is_dir():
        return []
    docs = []
    total = 0
    # A slim reading keeps a summary of each body (never sent whole between processes), so
    # a large folder can be read over several.
    paths = [path for _, path in adr_files(adr_dir)]
    for doc, length in (spread(_read_slim, paths) if slim else map(_read_whole, paths)):
        if doc is not None:
            docs.append(doc)
            total += length
            if total > MAX_ADR_FOLDER_BYTES:
                raise InputError(str(adr_dir), 0, 0, f"the ADRs in this folder hold more than "
                                 f"{MAX_ADR_FOLDER_BYTES:,} characters, more than advisor "
                                 "reads in one run", "keep ADRs short, or split the decisions "
                                 "over several ADR folders")
    return docs


def _read_whole(path: Path) -> tuple[AdrDoc | None, int]:
    doc = read_adr(path)
    return doc, len(doc.body) if doc else 0


def _read_slim(path: Path) -> tuple[AdrDoc | None, int]:
    from advisor.adr.slim import slim

    doc = read_adr(path)
    return (slim(doc), len(doc.body)) if doc else (None, 0)


def read_adr(path: Path) -> AdrDoc | None:
    """One ADR file; None for a name that is not NNNN-*.md or a symbolic link. A file that
    cannot be read (a FIFO, a device, over MAX_ADR_BYTES, not UTF-8) gives an AdrDoc whose
    front_problem says why."""
    from advisor.safeio import MAX_ADR_BYTES, read_text_bounded

    match = ADR_NAME.match(path.name)
    if not match or path.is_symlink():
        return None
    try:
        text = read_text_bounded(path, MAX_ADR_BYTES, _ADR_WHAT, _ADR_HINT)
    except InputError as exc:
        return AdrDoc(path, int(match.group(1)), None, f"unreadable: {exc.message}",
                      max(exc.line, 1), "", 1)
    return parse(path, int(match.group(1)), text)


class Existing(Struct, frozen=True):
    """An ADR already in the folder for a workload: its file and number."""

    path: Path
    number: int


def existing_in(docs: list[AdrDoc]) -> dict[str, Existing]:
    """The newest ADR of every workload (by provenance or file name), from the ADRs a run
    read once (in folder order, symbolic links left out, as `read_adrs` gives them)."""
    found: dict[str, Existing] = {}
    for doc in docs:
        recorded = doc.provenance.get("workload")
        names = {doc.path.name.split("-", 1)[1][:-3]}
        if isinstance(recorded, str):
            names.add(recorded)
        for name in names:
            if name not in found or doc.number >= found[name].number:
                found[name] = Existing(doc.path, doc.number)
    return found


def read_stored(path: Path, what: str = "decision record", limit: int = 0) -> str:
    """A file's text exactly as stored: byte-order mark and line endings (CR LF) kept."""
    from advisor.safeio import MAX_ADR_BYTES, decode_utf8, read_bounded

    limit = limit or MAX_ADR_BYTES
    return decode_utf8(read_bounded(path, limit, what, f"keep it under {limit:,} bytes"),
                       path, what)


def stored_front_end(text: str) -> int:
    """Where the front matter of a text `read_stored` gave ends (after its closing `---`
    line); 0 when the text has none."""
    end = _FRONT_END.search(text, 3) if text.lstrip("\ufeff").startswith("---") else None
    return end.end() if end else 0
