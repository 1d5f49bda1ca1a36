"""What `advisor check` finds, without printing: the workloads to check, and the check of
them against the ADR folder, served from the cache where nothing changed (gate/cache.py).
The command line and the MCP server both call these."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.answers.paths import display_path, from_root

if TYPE_CHECKING:
    from advisor.adr.doc import AdrDoc
    from advisor.format.config import Config
    from advisor.gate.results import CheckResult


def files_to_check(paths: list[Path], settings: Config, folder: Path
                   ) -> tuple[list[Path], list[AdrDoc] | None]:
    """The workload files to check (answers/checkfiles.py), and the ADRs of `folder` where
    finding them needed those (no paths and no globs: the files the ADRs record); else None,
    so that a run the cache serves reads no ADR but to digest it."""
    from advisor.adr.reading import read_adrs
    from advisor.answers.checkfiles import workload_files

    docs = read_adrs(folder, slim=True) if not paths and not settings.workloads else None
    return workload_files(paths, settings, docs or []), docs


def check_files(paths: list[Path], files: list[Path], docs: list[AdrDoc] | None,
                settings: Config, folder: Path, packs: tuple[Path, ...],
                today: dt.date | None, use_waivers: bool, for_machines: bool,
                cached: bool = True) -> CheckResult:
    """Check `files` (found for `paths`; none given: every workload of the repository) and
    the ADRs of `folder` (`docs`, where read already). `for_machines`: name files from the
    repository root, as reports for machines do (code scanning, annotations); else as typed
    from here. `cached`: the result of a run over the very same inputs, where one is kept;
    a run that computes keeps its own."""
    from advisor.gate.cache import load, store

    shown = display_path
    if for_machines:
        def shown(path: Path) -> str:
            return from_root(display_path(path), settings.root)
    named = [(p, shown(p)) for p in files]
    packs = (*settings.rule_packs, *packs)
    if cached:
        from advisor.answers.checkkey import check_key

        key = check_key(named, folder, settings, packs, today, use_waivers, not paths,
                        for_machines)
    else:
        key = None
    found = load(key) if key else None
    if found is not None:
        return found
    # Only a run that computes loads the engine, the rules and the catalogue.
    from advisor.answers.ruleset import cloud_kits
    from advisor.gate.check import check
    from advisor.providers import vocabularies

    kits = cloud_kits(packs)
    aws = kits("aws")  # the default cloud; the others are made where a workload names them
    result = check(named, folder, aws.rules, aws.catalogue, settings.severity, shown, today,
                   use_waivers, complete=not paths, docs=docs,
                   max_knowledge_age=settings.knowledge_max_age_days,
                   vocabularies=vocabularies(), provider=aws.provider, kits=kits)
    if key:
        store(key, result)
    return result
