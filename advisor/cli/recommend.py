"""`advisor recommend`: decide for each workload, write its ADR, and report."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.answers.paths import display_path
from advisor.answers.reading import STDIN, is_stdin
from advisor.answers.recommend import decide, write_adrs
from advisor.cli.choices import RecommendFormat
from advisor.cli.formats import RECOMMEND, Decided, Outcome, Screen
from advisor.errors import InputError
from advisor.visible import visible

if TYPE_CHECKING:
    from advisor.format.vocabulary import Cloud


def run_recommend(paths: list[Path], adr_dir: Path, fmt: str, dry_run: bool, force: bool,
                  date: dt.date, max_knowledge_age: int = 365, template: str = "madr",
                  packs: tuple[Path, ...] = (), use_waivers: bool = True,
                  root: Path | None = None, quiet: bool = False, cached: bool = True,
                  cloud: Cloud | None = None) -> int:
    """`root`: the repository root, which workload files are recorded relative to (as
    `check` reads them); the current folder's, by default. `quiet`: print nothing but the
    JSON document (with --format json) and errors. `cached`: reuse the searches an earlier
    run made for unchanged workloads (answers/searches.py). `cloud`: decide every workload
    on this cloud (a what-if: it writes no ADR)."""
    from advisor.render.markdown import BUILTIN_TEMPLATES, AdrMeta, render_adr

    chosen = RecommendFormat(fmt)
    if not dry_run and any(is_stdin(path) for path in paths):
        raise InputError(STDIN, 0, 0, "a workload read from standard input has no file for "
                         "its ADR to record, and `advisor check` reads that file again",
                         "add --dry-run (with --format json for the document), or save the "
                         "workload to a file and pass its path")
    if cloud is not None and not dry_run:
        raise InputError("--cloud", 0, 0, "--cloud decides on another cloud than the "
                         "workloads may name, and an ADR records the decision `advisor check` "
                         "recomputes from the workload file as written",
                         f"add --dry-run to see the design on {cloud}, or write `cloud: "
                         f"{cloud}` in the workload to decide and record it there")
    recommendations, catalogue = decide(paths, date, max_knowledge_age, packs, use_waivers,
                                        cloud=cloud, cached=cached)
    if template not in BUILTIN_TEMPLATES and not dry_run:
        for shown, rec in recommendations:  # a broken template fails before anything is written
            render_adr(rec, AdrMeta(0, date, shown), template)
    results: list[tuple[str | None, str]] = [(None, "written")] * len(recommendations)
    messages: list[str] = []
    repaired: list[str] = []
    index = None
    if not dry_run:
        results, repaired, messages, index = write_adrs(recommendations, adr_dir, date,
                                                        template, force, root)
    # Every file is written before anything is printed: a stdout that is closed or full
    # fails the printing, never the writing.
    # The text summary lists it with the rest.
    for known in {rec.catalogue.cloud_name: rec.catalogue
                  for _, rec in recommendations}.values() or (catalogue,):
        age = (date - known.as_of).days
        if age > max_knowledge_age and chosen is RecommendFormat.json and not quiet:
            from advisor.cli.screen import width
            from advisor.render.wrap import wrap_block

            print(wrap_block(f"advisor: warning: its {known.cloud_name} knowledge dates "
                             f"from {known.as_of.isoformat()}, {age} days before "
                             f"{date.isoformat()}; upgrade advisor or check the sources.",
                             width(sys.stderr)), file=sys.stderr)
    shown_index = None if index is None else display_path(index)
    if shown_index is not None:
        messages.append(f"index updated: {shown_index}")
    if chosen is RecommendFormat.text and quiet:
        return 0
    decided = Decided([Outcome(shown, rec, written, note) for (shown, rec), (written, note)
                       in zip(recommendations, results, strict=True)],
                      repaired, shown_index, catalogue)
    sys.stdout.write(RECOMMEND[chosen](decided, _screen(chosen)))
    if chosen is RecommendFormat.json and not quiet:
        from advisor.cli.screen import width
        from advisor.render.wrap import wrap_block

        for message in messages:
            print(wrap_block(visible(message), width(sys.stderr)), file=sys.stderr)
    return 0


def _screen(chosen: RecommendFormat) -> Screen:
    """The text summary is for a person: as wide as their terminal, in its colours. The
    JSON document is the same everywhere."""
    if chosen is not RecommendFormat.text:
        return Screen()
    from advisor.cli.screen import colour_system, width

    return Screen(width(), colour_system())
