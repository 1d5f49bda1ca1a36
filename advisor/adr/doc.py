"""An ADR file as advisor reads it back, and whether advisor generated its body."""

from __future__ import annotations

import hashlib
from pathlib import Path

from msgspec import Struct

from advisor.render.marks import GENERATED_MARK


class BodySummary(Struct, frozen=True):
    """What `check` needs of an ADR's body, kept in its place so that a run over thousands
    of ADRs does not hold every body (17 KB each) at once."""

    digest: str  # body_digest of the body
    title: str | None  # the text of its first `# ` line
    generated: bool  # it carries advisor's marker
    refs: tuple[tuple[int, int, int], ...]  # (number, line, column) of each ADR it names


class AdrDoc(Struct, frozen=True):
    """An ADR file as `check` reads it. A slim one (read for `check`) has no body, only its
    summary; nothing that rewrites an ADR may take it."""

    path: Path
    number: int
    front: dict[str, object] | None  # None when there is no front matter or it is broken
    front_problem: str  # why the front matter is invalid; "" when it is fine
    front_line: int  # line of the problem (1-based)
    body: str  # everything after the front matter
    body_line: int  # the line the body starts on
    summary: BodySummary | None = None  # set, and body "", in a slim ADR

    @property
    def provenance(self) -> dict[str, object]:
        block = (self.front or {}).get("advisor")
        return block if isinstance(block, dict) else {}


# The line below the H1 of every ADR body advisor writes (render/markdown.py; the first
# line in ADRs written before it moved); an ADR that has it but no provenance lost what
# `check` compares it by.
def generated(body: str) -> bool:
    """Whether a body carries advisor's marker: on its first line (older ADRs) or on the
    line after its H1."""
    first, _, rest = body.partition("\n")
    return first == GENERATED_MARK or (first.startswith("# ")
                                       and rest.partition("\n")[0] == GENERATED_MARK)


def body_digest(body: str) -> str:
    return "sha256:" + hashlib.sha256(body.encode()).hexdigest()[:16]


def digest_of(doc: AdrDoc) -> str:
    return doc.summary.digest if doc.summary else body_digest(doc.body)


def title_of(doc: AdrDoc) -> str | None:
    """The text of the body's first `# ` line, if any."""
    if doc.summary:
        return doc.summary.title
    return next((line[2:].strip() for line in doc.body.splitlines() if line.startswith("# ")),
                None)


def is_generated(doc: AdrDoc) -> bool:
    return doc.summary.generated if doc.summary else generated(doc.body)
