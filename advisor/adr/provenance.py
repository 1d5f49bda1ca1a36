"""What advisor records in an ADR about how it was made (its `advisor:` block): whether
people edited the body since, and which inputs its text still describes."""

from __future__ import annotations

from typing import Literal

from advisor.adr.doc import AdrDoc, digest_of
from advisor.adr.doc import body_digest as body_digest


def untouched(doc: AdrDoc) -> bool:
    """Whether the ADR's body is exactly what advisor generated."""
    return bool(doc.provenance) and doc.provenance.get("body") == digest_of(doc)


# The provenance key of an edited ADR whose front matter advisor refreshed: the inputs its
# text was generated from, which its figures (rates, sizing, costs) still describe.
TEXT_FROM = "text_from"
# The provenance keys `text_from` keeps: a closed set, as `check` compares them by name.
Input = Literal["fingerprint", "rules", "knowledge", "version"]
INPUTS: tuple[Input, ...] = ("fingerprint", "rules", "knowledge", "version")
# What a text's figures depend on: not advisor's version, which changes no figure itself.
_COMPARED: tuple[Input, ...] = ("fingerprint", "rules", "knowledge")


def stale_text(provenance: dict[str, object]) -> dict[str, object] | None:
    """The inputs an ADR's text was generated from, where they are not the ones its
    provenance now records (advisor refreshed the front matter of an edited ADR); else
    None."""
    text_from = provenance.get(TEXT_FROM)
    if not isinstance(text_from, dict):
        return None
    if all(str(text_from.get(k)) == str(provenance.get(k)) for k in _COMPARED):
        return None
    return text_from


def advisor_said(version: object, rules: object, knowledge: object, cloud: str) -> str:
    """"advisor 0.1.0 (rules ..., AWS knowledge of ...)": the advisor that wrote an ADR, with
    the name of the cloud its knowledge is of (its catalogue's)."""
    return f"advisor {version} (rules {rules}, {cloud} knowledge of {knowledge})"
