"""The Google Cloud catalogue: every gcp fact advisor uses, each with its source, date and
status, read from data/catalogue.yaml into the core's records (advisor.core.catalogue).

A broken catalogue is advisor's bug, never the user's: it fails as an InternalError naming
the entry. There is no compiled twin yet; the file is small enough to read on each run.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from advisor.core.catalogue import (
    STATUSES,
    Catalogue,
    Drawing,
    Fact,
    Service,
    Source,
    catalogue_date,
)
from advisor.errors import InternalError
from advisor.format.yamlnodes import safe_load
from advisor.providers.gcp.vocabulary import SERVICE_IDS, SOURCES


def catalogue_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "catalogue.yaml"


@cache
def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and check the catalogue (once a process: it ships with advisor)."""
    path = path or catalogue_path()
    data = safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise InternalError(f"{path}: the catalogue is not a mapping")
    services = {e["id"]: Service(e["id"], e["name"], e["delivery"], e["summary"], e["docs"],
                                 e["label"], e["kind"], e.get("entry_label", ""),
                                 Drawing(**e["drawing"]))
                for e in data.get("services", [])}
    if tuple(services) != SERVICE_IDS:
        raise InternalError(f"{path}: services must be exactly {', '.join(SERVICE_IDS)}")
    facts: dict[str, Fact] = {}
    for entry in data.get("facts", []):
        fact = _fact(entry, f"{path}: fact {entry.get('id')!r}", services)
        if fact.id in facts:
            raise InternalError(f"{path}: fact {fact.id!r} is defined twice")
        facts[fact.id] = fact
    as_of = catalogue_date(data["as_of"], f"{path}: as_of")
    return Catalogue(as_of, catalogue_date(data["reviewed"], f"{path}: reviewed"), services, facts,
                     as_of.isoformat(), _sources(data.get("sources"), services, facts, path),
                     cloud_name=str(data["cloud_name"]))


def _fact(entry: dict[str, Any], where: str, services: dict[str, Service]) -> Fact:
    if entry["service"] not in services:
        raise InternalError(f"{where} names an unknown service")
    if entry["status"] not in STATUSES or not str(entry["source"]).startswith("https://"):
        raise InternalError(f"{where} needs a status in {STATUSES} and an https source")
    value, by_region = entry.get("value"), entry.get("by_region")
    return Fact(
        id=entry["id"], service=entry["service"], kind=entry["kind"], title=entry["title"],
        text=" ".join(str(entry["text"]).split()), source=entry["source"],
        as_of=catalogue_date(entry["as_of"], where), status=entry["status"],
        value=float(value) if isinstance(value, int | float) else None, unit=entry.get("unit"),
        by_region={str(k): float(v) for k, v in by_region.items()} if by_region else None,
        note=" ".join(str(entry.get("note") or "").split()))


def _sources(entries: object, services: dict[str, Service], facts: dict[str, Fact],
             path: Path) -> dict[str, Source]:
    """One entry per workload source: the services it publishes to (a design's first hops),
    each cited by catalogue facts."""
    if not isinstance(entries, list):
        raise InternalError(f"{path}: the catalogue needs a `sources:` list")
    found: dict[str, Source] = {}
    for entry in entries:
        where = f"{path}: source {entry.get('id')!r}"
        targets, cited = list(entry.get("targets") or ()), list(entry.get("facts") or ())
        if entry.get("id") not in SOURCES or entry["id"] in found:
            raise InternalError(f"{where} is not a workload source, or is defined twice")
        if not targets or any(t not in services for t in targets):
            raise InternalError(f"{where} needs targets that are catalogue services")
        if not cited or any(f not in facts for f in cited):
            raise InternalError(f"{where} needs facts that the catalogue has")
        found[entry["id"]] = Source(entry["id"], str(entry["name"]), tuple(targets),
                                    tuple(cited), " ".join(str(entry.get("note") or "").split()))
    absent = [s for s in SOURCES if s not in found]
    if absent:
        raise InternalError(f"{path}: `sources:` has no entry for {', '.join(absent)}")
    return {s: found[s] for s in SOURCES}


