"""What `advisor recommend` decides and writes, without printing: the recommendations of
the workloads read, and their ADRs written through the folder's lifecycle. The command line
and the MCP server both call these, so that they give the same answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from advisor.answers.reading import read_all
from advisor.answers.ruleset import cloud_kits
from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation

if TYPE_CHECKING:
    from advisor.format.vocabulary import Cloud


class Decisions(NamedTuple):
    """Each workload as shown with its recommendation, and the catalogue they were decided
    with (the JSON document names its date)."""

    recommendations: list[tuple[str, Recommendation]]
    catalogue: Catalogue  # the oldest knowledge among the clouds decided on


class Written(NamedTuple):
    """What writing the ADRs did: (ADR as shown, what happened) per workload, the supersedes
    finished that earlier runs left undone, every message, and the index file if written."""

    results: list[tuple[str | None, str]]
    repaired: list[str]
    messages: list[str]
    index_file: Path | None


def decide(paths: list[Path], date: dt.date, max_knowledge_age: int = 365,
           packs: tuple[Path, ...] = (), use_waivers: bool = True,
           given: bytes | None = None, cloud: Cloud | None = None, cached: bool = True
           ) -> Decisions:
    """The recommendation of every workload of `paths` (`given`: the YAML `-` stands for),
    each on the cloud it names, or on `cloud` for them all. `cached`: what the searches for
    changes found on an earlier run for the very same inputs is reused
    (answers/searches.py)."""
    from advisor.answers.searches import Searches

    workloads = read_all(paths, given, cloud)
    kits = cloud_kits(packs)
    searches: dict[str, Searches] = {}
    decided = []
    for shown, w in workloads:
        kit = kits(w.cloud)
        kept = searches.get(w.cloud)
        if kept is None:
            kept = searches[w.cloud] = Searches(kit.rules, w.cloud, date, use_waivers,
                                                enabled=cached)
        known = kept.get(w)
        rec = advise(w, kit.rules, kit.catalogue, date, max_knowledge_age, use_waivers,
                     provider=kit.provider, searched=known)
        if known is None:
            kept.put(w, (rec.flips, rec.quota_flips))
        decided.append((shown, rec))
    for kept in searches.values():
        kept.save()
    catalogues = [rec.catalogue for _, rec in decided] or [kits(cloud or "aws").catalogue]
    return Decisions(decided, min(catalogues, key=lambda c: c.as_of))


def write_adrs(recommendations: list[tuple[str, Recommendation]], adr_dir: Path,
               date: dt.date, template: str, force: bool, root: Path | None) -> Written:
    """Write each workload's ADR and the index under the folder's lock. `root`: the
    repository root the ADRs record workload files from (`check` reads them from there);
    the current folder's, by default."""
    from advisor.adr import lifecycle
    from advisor.answers.adrwrites import write_all
    from advisor.answers.paths import from_root
    from advisor.format.config import repository_root

    lifecycle.read_index(adr_dir)  # an index that cannot be rewritten fails before a write
    root = root or repository_root(Path.cwd())
    recorded = [(from_root(shown, root), rec) for shown, rec in recommendations]
    return Written(*write_all(adr_dir, recorded, date, template, force))
