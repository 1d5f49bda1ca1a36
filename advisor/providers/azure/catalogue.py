"""Azure's catalogue: every Azure fact advisor uses, each with its source, date and status.

One data file (advisor/providers/azure/data/catalogue.yaml) holds services, limits, quotas,
behaviours and prices, built into the core's records (advisor/core/catalogue.py). Code looks
facts up by id; it never hard-codes a number that the catalogue holds.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

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
from advisor.providers.azure.vocabulary import SERVICE_IDS, SOURCES


def catalogue_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "catalogue.yaml"


# One read a process for each path: the catalogue ships with advisor and a run never edits it.
@cache
def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and check the catalogue; a broken catalogue is advisor's bug, not the user's."""
    path = path or catalogue_path()
    data = safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise InternalError(f"{path}: the catalogue is not a mapping")
    services = {}
    for entry in data.get("services", []):
        service = Service(entry["id"], entry["name"], entry["delivery"], entry["summary"],
                          entry["docs"], entry["label"], entry["kind"],
                          entry.get("entry_label", ""), Drawing(**entry["drawing"]))
        services[service.id] = service
    if tuple(services) != SERVICE_IDS:
        raise InternalError(f"{path}: services must be exactly {', '.join(SERVICE_IDS)}")
    facts = {}
    for entry in data.get("facts", []):
        fact = _fact(entry, f"{path}: fact {entry.get('id')!r}")
        if fact.id in facts or fact.service not in services:
            raise InternalError(f"{path}: fact {fact.id!r} is defined twice or names an "
                                "unknown service")
        facts[fact.id] = fact
    sources = {}
    for entry in data.get("sources", []):
        source = Source(id=str(entry["id"]), name=str(entry["name"]),
                        targets=tuple(entry["targets"]), facts=tuple(entry["facts"]),
                        note=" ".join(str(entry.get("note") or "").split()))
        if (source.id not in SOURCES or not source.targets or not source.facts
                or any(t not in services for t in source.targets)
                or any(f not in facts for f in source.facts)):
            raise InternalError(f"{path}: source {source.id!r} needs a workload source id, "
                                "catalogue services as targets and catalogue facts")
        sources[source.id] = source
    if set(sources) != set(SOURCES):
        raise InternalError(f"{path}: `sources:` must list exactly {', '.join(SOURCES)}")
    as_of = catalogue_date(data["as_of"], f"{path}: as_of")
    return Catalogue(as_of, catalogue_date(data["reviewed"], f"{path}: reviewed"), services, facts,
                     as_of.isoformat(), {s: sources[s] for s in SOURCES},
                     cloud_name=str(data["cloud_name"]))


def _fact(entry: dict[str, object], where: str) -> Fact:
    if entry["status"] not in STATUSES or not str(entry["source"]).startswith("https://"):
        raise InternalError(f"{where} needs a status in {STATUSES} and an https source")
    value = entry.get("value")
    return Fact(id=str(entry["id"]), service=str(entry["service"]), kind=str(entry["kind"]),
                title=str(entry["title"]), text=" ".join(str(entry["text"]).split()),
                source=str(entry["source"]), as_of=catalogue_date(entry["as_of"], where),
                status=str(entry["status"]),
                value=float(value) if isinstance(value, int | float) else None,
                unit=str(entry["unit"]) if entry.get("unit") else None,
                note=" ".join(str(entry.get("note") or "").split()))
