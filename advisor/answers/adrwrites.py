"""The ADRs `advisor recommend` writes: new, refreshed, replaced or superseding, under the
folder's lock, with the index; a failure says what was written before it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from advisor.adr import folder as adr
from advisor.adr import lifecycle
from advisor.answers.paths import display_path
from advisor.core.recommendation import Recommendation
from advisor.errors import InputError, PartlyWritten


def write_all(adr_dir: Path, recommendations: list[tuple[str, Recommendation]],
               date: dt.date, template: str, force: bool
               ) -> tuple[list[tuple[str | None, str]], list[str], list[str], Path | None]:
    """Write every workload's ADR and the index, holding the folder's lock throughout, so
    that concurrent runs neither write two ADRs for one workload nor lose an index row.

    The folder is read once, and the ADRs read are kept current as files are written.
    Returns (shown path, what happened) per workload, the supersedes it finished that
    earlier runs left undone, every message, and the index if it was written. A failure
    says what was written before it."""
    results: list[tuple[str | None, str]] = []
    messages: list[str] = []
    done: list[str] = []  # what was written, for the message if a later write fails
    try:
        with adr.folder_lock(adr_dir):
            docs = {doc.path: doc for doc in adr.read_adrs(adr_dir)}
            existing = adr.existing_in(list(docs.values()))

            def reread(paths: list[Path]) -> None:
                for changed in paths:
                    doc = adr.read_adr(changed)
                    if doc is not None:
                        docs[changed] = doc
                        for name, found in adr.existing_in([doc]).items():
                            if name not in existing or found.number >= existing[name].number:
                                existing[name] = found

            for old, new in lifecycle.unfinished_supersedes(list(docs.values())):
                lifecycle.set_status(old.path, f"superseded by ADR-{new.number:04d}")
                reread([old.path])
                done.append(f"ADR-{old.number:04d}: status set to superseded by "
                            f"ADR-{new.number:04d}, finishing a supersede an earlier run "
                            f"left undone: {display_path(old.path)}")
            repaired = list(done)
            messages.extend(repaired)
            for shown, rec in recommendations:
                found = existing.get(rec.workload.name)
                path, note, changed = _write_adr(adr_dir, rec, shown, date, template, force,
                                                 found, docs.get(found.path) if found else None)
                reread(changed)
                message = f"{rec.workload.name}: ADR {note}: {display_path(path)}"
                messages.append(message)
                if changed:
                    done.append(message)
                results.append((display_path(path), note))
            ordered = sorted(docs.values(), key=lambda d: (d.number, d.path.name))
            index = lifecycle.update_index(adr_dir, ordered)
    except InputError as exc:
        raise PartlyWritten.after(exc, done) from None
    return results, repaired, messages, index


def _write_adr(adr_dir: Path, rec: Recommendation, shown: str, date: dt.date, template: str,
               force: bool, existing: adr.Existing | None, doc: adr.AdrDoc | None = None
               ) -> tuple[Path, str, list[Path]]:
    """Write, refresh, supersede or leave the workload's ADR (`doc`: the existing one as
    the run read it); returns the path, what happened and the files written. People's
    edits are never overwritten without --force."""
    from advisor.render.markdown import AdrMeta, render_adr

    if existing is None:
        path = adr.write_new(adr_dir, rec.workload.name, lambda n: render_adr(
            rec, AdrMeta(n, date, shown), template))
        return path, "written", [path]
    if force:
        adr.replace(existing.path, render_adr(rec, AdrMeta(existing.number, date, shown),
                                              template))
        return existing.path, "replaced", [existing.path]
    assert doc is not None  # the run read every ADR it found (write_all)
    if doc.front_problem.startswith("unreadable:"):
        # A FIFO, a device, a huge or undecodable file: taking it for an ADR people edited
        # would keep it silently.
            raise InputError(display_path(existing.path), 0, 0,
                         f"the ADR of workload {rec.workload.name!r} cannot be read: "
                         f"{doc.front_problem.removeprefix('unreadable: ')}",
                         "replace it with an ordinary Markdown file, or remove it, and run "
                         "again")
    recorded = doc.provenance
    services = [s.id for s in rec.chosen.design.services]
    listed = recorded.get("services")
    same = recorded.get("model") == rec.model and (
        [str(s) for s in listed] if isinstance(listed, list) else None) == services
    if same or not recorded:
        done = lifecycle.refresh(doc, rec, shown, template, date)
        if done:
            return existing.path, done, [existing.path]
        return existing.path, ("up to date" if lifecycle.untouched(doc)
                               else "edited by people, kept"), []
    old = f"ADR-{existing.number:04d}"
    reason = lifecycle.supersede_reason(recorded, rec, old)
    # The old ADR's new status goes to disk with the new ADR, as one change (write_new).
    path = adr.write_new(adr_dir, rec.workload.name, lambda n: lifecycle.superseding(
        rec, AdrMeta(n, date, shown, supersedes=(old, existing.path.name)), template, reason),
        replacing=lambda n: (existing.path, lifecycle.with_status(
            existing.path, f"superseded by ADR-{n:04d}")))
    return path, f"supersedes {old}", [path, existing.path]
