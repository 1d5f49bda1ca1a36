"""An ADR as `check` keeps it: its front matter and a summary of its body, not the body."""

from __future__ import annotations

from msgspec.structs import replace

from advisor.adr.doc import AdrDoc, BodySummary, body_digest, generated, title_of
from advisor.adr.links import links


def slim(doc: AdrDoc) -> AdrDoc:
    """`doc` with its body replaced by what `check` reads of it."""
    summary = BodySummary(body_digest(doc.body), title_of(doc), generated(doc.body),
                          tuple(links(doc)))
    return replace(doc, body="", summary=summary)
