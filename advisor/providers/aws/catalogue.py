"""The service catalogue: every AWS fact advisor uses, each with its source and date.

One data file (advisor/providers/aws/data/catalogue.yaml) holds services, limits, quotas,
behaviours and prices. Code looks facts up by id; it never hard-codes a number
that the catalogue holds.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import msgspec
from msgspec import Struct

from advisor import __version__
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
from advisor.providers.aws.vocabulary import SERVICE_IDS, SOURCES


def catalogue_path() -> Path:
    """The AWS catalogue this provider ships, beside its compiled twin."""
    return Path(__file__).resolve().parent / "data" / "catalogue.yaml"

class _Twin(Struct, frozen=True):
    """catalogue.json: the checked catalogue, keyed on the digest of the YAML text it was
    made from and advisor's version, never on code (`python -m advisor.twins` writes it)."""

    source_sha256: str
    advisor_version: str
    note: str
    catalogue: Catalogue


def compile_catalogue(path: Path | None = None) -> Path:
    """Write the JSON twin of the catalogue YAML (run after editing the YAML)."""
    path = path or catalogue_path()
    raw = path.read_bytes()
    catalogue = _build(safe_load(raw.decode("utf-8")), path)
    document = _Twin(hashlib.sha256(raw).hexdigest(), __version__,
                     "Generated from catalogue.yaml by `python -m advisor.twins`; edit the YAML, "
                     "never this file. It is used only while its digest and advisor's version "
                     "match.", catalogue)
    twin = path.with_suffix(".json")
    twin.write_bytes(msgspec.json.format(msgspec.json.encode(document), indent=1) + b"\n")
    return twin


# One read a process for each path: the catalogue ships with advisor and a run never edits
# it (`python -m advisor.twins` clears this cache after rewriting the twin).
@cache
def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and check the catalogue; a broken catalogue is advisor's bug, not the user's.

    The compiled twin is used when it was made from this very YAML text: msgspec builds
    the checked catalogue from it directly (about 1 ms, against 20 ms to read and check the
    YAML). The YAML stays the source of truth."""
    path = path or catalogue_path()
    raw = path.read_bytes()
    # A missing, unreadable or stale twin is no error: the YAML is read instead.
    with contextlib.suppress(OSError, msgspec.DecodeError):
        twin = msgspec.json.decode(path.with_suffix(".json").read_bytes(), type=_Twin)
        if (twin.source_sha256 == hashlib.sha256(raw).hexdigest()
                and twin.advisor_version == __version__):
            return twin.catalogue
    return _build(safe_load(raw.decode("utf-8")), path)


def _build(data: object, path: Path) -> Catalogue:
    """The catalogue from its YAML data, checked."""
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
    facts: dict[str, Fact] = {}
    for entry in data.get("facts", []):
        where = f"{path}: fact {entry.get('id')!r}"
        if entry["id"] in facts:
            raise InternalError(f"{where} is defined twice")
        if entry["service"] not in services:
            raise InternalError(f"{where} names an unknown service")
        if entry["status"] not in STATUSES or not str(entry["source"]).startswith("https://"):
            raise InternalError(f"{where} needs a status in {STATUSES} and an https source")
        by_region = entry.get("by_region")
        value = entry.get("value")
        facts[entry["id"]] = Fact(
            id=entry["id"], service=entry["service"], kind=entry["kind"],
            title=entry["title"], text=" ".join(str(entry["text"]).split()),
            source=entry["source"], as_of=catalogue_date(entry["as_of"], where),
            status=entry["status"],
            value=float(value) if isinstance(value, int | float) else None,
            unit=entry.get("unit"),
            by_region={str(k): float(v) for k, v in by_region.items()} if by_region else None,
            note=" ".join(str(entry.get("note") or "").split()),
        )
    as_of = catalogue_date(data["as_of"], f"{path}: as_of")
    reviewed = catalogue_date(data["reviewed"], f"{path}: reviewed")
    sources = _sources(data.get("sources"), services, facts, path)
    return Catalogue(as_of, reviewed, services, facts, f"{as_of.isoformat()}", sources,
                     cloud_name=str(data["cloud_name"]))


def _sources(entries: object, services: Mapping[str, Service], facts: Mapping[str, Fact],
             path: Path) -> dict[str, Source]:
    """The `sources:` section, checked: one entry per workload source, each publishing only to
    catalogue services and cited by catalogue facts (a design's first hop is read from here)."""
    if not isinstance(entries, list):
        raise InternalError(f"{path}: the catalogue needs a `sources:` list")
    sources: dict[str, Source] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            raise InternalError(f"{path}: each entry of `sources:` must be a mapping")
        where = f"{path}: source {entry.get('id')!r}"
        source_id = entry.get("id")
        if source_id not in SOURCES:
            raise InternalError(f"{where} is not a workload source ({', '.join(SOURCES)})")
        if source_id in sources:
            raise InternalError(f"{where} is defined twice")
        targets, cited = entry.get("targets"), entry.get("facts")
        if not isinstance(targets, list) or not targets:
            raise InternalError(f"{where} needs a non-empty `targets:` list of service ids")
        if not isinstance(cited, list) or not cited:
            raise InternalError(f"{where} needs a non-empty `facts:` list of fact ids")
        unknown = [t for t in targets if t not in services]
        if unknown:
            raise InternalError(f"{where} has targets that are not catalogue services: "
                                f"{', '.join(map(str, unknown))}")
        missing = [f for f in cited if f not in facts]
        if missing:
            raise InternalError(f"{where} cites facts the catalogue does not have: "
                                f"{', '.join(map(str, missing))}")
        sources[source_id] = Source(
            id=source_id, name=str(entry["name"]), targets=tuple(targets), facts=tuple(cited),
            note=" ".join(str(entry.get("note") or "").split()))
    absent = [s for s in SOURCES if s not in sources]
    if absent:
        raise InternalError(f"{path}: `sources:` has no entry for {', '.join(absent)}")
    # Listed in the order of the contract, so the twin and every listing are stable.
    return {s: sources[s] for s in SOURCES}


if __name__ == "__main__":  # the catalogue's twin alone; `python -m advisor.twins` writes all
    print(f"wrote {compile_catalogue()}")
