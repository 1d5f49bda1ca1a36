"""An ADR file as advisor reads it back, and whether advisor generated its body."""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct

from advisor.render.marks import GENERATED_MARK


class AdrDoc(Struct, frozen=True):
    """An ADR file as `check` reads it."""

    path: Path
    number: int
    front: dict[str, object] | None  # None when there is no front matter or it is broken
    front_problem: str  # why the front matter is invalid; "" when it is fine
    front_line: int  # line of the problem (1-based)
    body: str  # everything after the front matter
    body_line: int  # the line the body starts on

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
