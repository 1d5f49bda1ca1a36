"""What `advisor check` finds, without printing: the workloads to check, and the check of
them against the ADR folder. The command line and the MCP server both call these."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.answers.paths import display_path, from_root
from advisor.answers.ruleset import builtin_rules
from advisor.providers import provider

if TYPE_CHECKING:
    from advisor.adr.doc import AdrDoc
    from advisor.format.config import Config
    from advisor.gate.check import CheckResult


def check_files(paths: list[Path], files: list[Path], docs: list[AdrDoc], settings: Config,
                folder: Path, packs: tuple[Path, ...], today: dt.date | None,
                use_waivers: bool, for_machines: bool) -> CheckResult:
    """Check `files` (found for `paths`; none given: every workload of the repository) and
    the ADRs `docs` of `folder`. `for_machines`: name files from the repository root, as
    reports for machines do (code scanning, annotations); else as typed from here."""
    from advisor.gate.check import check

    aws = provider("aws")  # the only cloud the format accepts yet
    catalogue = aws.catalogue()
    rules = builtin_rules(catalogue, (*settings.rule_packs, *packs))
    shown = display_path
    if for_machines:
        def shown(path: Path) -> str:
            return from_root(display_path(path), settings.root)
    return check([(p, shown(p)) for p in files], folder, rules, catalogue,
                 settings.severity, shown, today, use_waivers, complete=not paths,
                 docs=docs, max_knowledge_age=settings.knowledge_max_age_days,
                 vocabularies=aws.vocabulary, provider=aws)
