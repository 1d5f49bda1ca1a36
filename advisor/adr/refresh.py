"""Refresh the ADR of an answer that still holds: rendered again when nobody edited it,
else only advisor's own front matter, people's text kept byte for byte."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.adr.atomic import write_text
from advisor.adr.doc import AdrDoc
from advisor.adr.names import adr_files
from advisor.adr.provenance import INPUTS, TEXT_FROM, stale_text, untouched
from advisor.adr.supersede import WHY, split_rendered, superseding
from advisor.errors import InternalError
from advisor.format.yamlnodes import safe_dump, safe_load

if TYPE_CHECKING:
    import datetime as dt

    from advisor.core.recommendation import Recommendation


def refresh(doc: AdrDoc, rec: Recommendation, shown: str, template: str,
            today: dt.date) -> str:
    """Bring the ADR of an answer that still holds up to date with its inputs; what was
    done, or "" when nothing was. Its status, date and any keys people added are kept.

    An ADR nobody edited is rendered again, text and all, so no figure in it describes
    earlier inputs. In an ADR people edited only advisor's own front matter is refreshed
    and the body is kept byte for byte; the provenance then records what the text was
    generated from (`text_from`), and `check` reports that text as stale (ADV116) until
    someone updates it or `--force` rewrites it. A hand-written ADR is left alone."""
    from advisor.render.markdown import AdrMeta, front_matter, render_adr

    if doc.summary is not None:
        raise InternalError("a slim ADR (its body summarised, for check) was given to refresh")
    old = doc.provenance
    if doc.front is None or not old:
        return ""
    front = dict(doc.front)
    meta = AdrMeta(doc.number, _date(front.get("date"), today), shown)
    # The provenance alone first: rendering every unchanged ADR again would cost a run
    # over many workloads a template render each. The template is not an input: an ADR
    # is not rewritten because this run was given another one.
    recorded = old.get("template")
    kept = recorded if isinstance(recorded, str) else ""
    fresh = safe_load(split_rendered(front_matter(rec, meta, "", kept))[0])["advisor"]
    if {k: v for k, v in fresh.items() if k not in ("body", "template")} == {
            k: v for k, v in old.items() if k not in ("body", "template", TEXT_FROM)}:
        return ""  # nothing the ADR rests on changed
    if untouched(doc) and recorded == template:
        # Rendered again only with the template it was written with: one recorded nowhere
        # (an ADR from before advisor recorded it) or other than this run's would turn a
        # team's layout into another one silently.
        # The reason it superseded another ADR is not rendered by the template: kept.
        meta = AdrMeta(meta.number, meta.date, shown, _supersedes(doc))
        why = next((line for line in doc.body.split("\n") if line.startswith(WHY)), "")
        text = superseding(rec, meta, template, why) if why else render_adr(rec, meta, template)
        fresh_front, body = split_rendered(text)
        fresh = safe_load(fresh_front)["advisor"]
        front["advisor"] = fresh
        _write_front(doc.path, front, body)
        return "refreshed, text and all, for the new inputs (nobody had edited it)"
    # Today's provenance (a waiver removed since is no longer listed), but the digest of
    # the body advisor generated, by which check still tells that people edited it.
    updated = {k: old.get("body") if k == "body" else v for k, v in fresh.items()
               if k != "body" or "body" in old}
    previous = old.get(TEXT_FROM)
    updated[TEXT_FROM] = previous if isinstance(previous, dict) else {
        k: old.get(k) for k in INPUTS}
    if stale_text(updated) is None:
        del updated[TEXT_FROM]  # the inputs are back to those the text describes
    if updated == old:
        return ""
    front["advisor"] = updated
    _write_front(doc.path, front, doc.body)
    # (committed text: shown bounded, and printed through `visible` like every note)
    written_with = (f"it records ({kept[:80]})" if kept else
                    "it records (none, in an ADR from before advisor recorded it)")
    note = ("front matter refreshed, people's edits kept" if not untouched(doc) else
            f"front matter refreshed; its text was kept, as this run's template is not the one "
            f"{written_with}; `--force` renders it again")
    return (f"{note}; its figures describe the earlier inputs (check: ADV116)"
            if TEXT_FROM in updated else note)


def _date(value: object, today: dt.date) -> dt.date:
    """The ADR's date as its front matter gives it: a quoted ISO date is one too."""
    import datetime as dt

    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return today
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else today


def _write_front(path: Path, front: dict[str, object], body: str) -> None:
    dumped = safe_dump(front, sort_keys=False, default_flow_style=False, width=1000)
    write_text(path, f"---\n{dumped}---\n{body}")


def _supersedes(doc: AdrDoc) -> tuple[str, str] | None:
    """(ADR-NNNN, its file name) of the ADR this one supersedes, for rendering it again."""
    listed = (doc.front or {}).get("supersedes")
    if not isinstance(listed, list) or not listed:
        return None
    match = re.fullmatch(r"ADR-(\d{4,9})", str(listed[0]).strip())
    if match is None:
        return None
    number = int(match.group(1))
    name = next((path.name for n, path in adr_files(doc.path.parent) if n == number),
                f"{number:04d}.md")
    return match.group(0), name

