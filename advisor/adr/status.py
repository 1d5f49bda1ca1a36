"""An ADR's status: whether its decision still holds, and changing only its `status:`
line, every other byte kept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from advisor.adr.atomic import write_text
from advisor.adr.doc import AdrDoc
from advisor.adr.reading import read_stored, stored_front_end
from advisor.format.yamlnodes import safe_dump

_STATUS = re.compile(r"^status:[^\r\n]*", re.MULTILINE)  # the line, without its CR LF
# MADR statuses of a decision no longer live. Other statuses are open text (people write
# "accepted", "proposed", "superseded by ADR-0002"): only these starts are matched.
Ended = Literal["superseded", "deprecated", "rejected"]
ENDED: tuple[Ended, ...] = ("superseded", "deprecated", "rejected")


def with_status(path: Path, status: str) -> str:
    """The ADR's text with only the `status:` line of its front matter changed (added, if
    the front matter has none); every other byte is kept, line endings too."""
    text = read_stored(path)
    end = stored_front_end(text)
    if not end:
        return text
    front, body = text[:end], text[end:]
    quoted = safe_dump(status, default_style=None).strip().removesuffix("...").strip()
    if _STATUS.search(front):
        front = _STATUS.sub(lambda _: f"status: {quoted}", front, count=1)
    else:
        first = front.index("\n") + 1
        newline = "\r\n" if front[:first].endswith("\r\n") else "\n"
        front = f"{front[:first]}status: {quoted}{newline}{front[first:]}"
    return front + body


def set_status(path: Path, status: str) -> None:
    """Change only the `status:` line of the front matter; every other byte is kept."""
    write_text(path, with_status(path, status))


def ended(status: str) -> bool:
    """Whether a status says the decision no longer holds."""
    return status.strip().lower().startswith(ENDED)


def live(doc: AdrDoc) -> bool:
    """Whether the ADR's decision still holds: not superseded, deprecated or rejected."""
    return not ended(str((doc.front or {}).get("status", "")))


def workload_of(doc: AdrDoc) -> str:
    """The workload an ADR records (its provenance), else the one its file name gives."""
    name = doc.provenance.get("workload")
    return name if isinstance(name, str) else doc.path.name.split("-", 1)[1][:-3]
