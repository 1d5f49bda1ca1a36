"""Every output format a user can choose, mapped to the renderer that writes it: the one
table. A renderer returns text; the command prints it, or writes it to a file.

A new format is a member of its command's enum (advisor.cli.choices) and a row here;
tests/test_cli_wing.py fails when either is missing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any, Final, NamedTuple

from advisor.cli.choices import CheckFormat, RecommendFormat
from advisor.core.report import Recommendation
from advisor.gate import formats as gate
from advisor.gate.check import CheckResult
from advisor.providers.aws.catalogue import Catalogue
from advisor.render.jsondoc import render_json, workload_entry
from advisor.render.terminal import render_summaries


class Screen(NamedTuple):
    """Where the text goes: `columns` to wrap to (0: a file or a pipe, not wrapped) and
    `colours`, the colour system as rich names it (standard, 256, truecolor, windows; None:
    no colour)."""

    columns: int = 0
    colours: str | None = None


class Outcome(NamedTuple):
    """One workload of `advisor recommend`: its file as shown, its recommendation, its ADR
    as shown (None: none written) and what happened to the ADR."""

    shown: str
    rec: Recommendation
    adr: str | None
    note: str


class Decided(NamedTuple):
    """Everything `advisor recommend` reports: the outcomes, the supersedes the run finished
    that earlier runs left undone, the index it updated (as shown; None: not written) and
    the catalogue it decided with."""

    outcomes: Sequence[Outcome]
    repaired: Sequence[str]
    index_shown: str | None
    catalogue: Catalogue


RecommendRenderer = Callable[[Decided, Screen], str]
CheckRenderer = Callable[[CheckResult, str, Screen], str]


def _summaries(run: Decided, screen: Screen) -> str:
    return render_summaries([(o.rec, o.adr, o.note) for o in run.outcomes], run.repaired,
                            run.index_shown, screen.columns, screen.colours)


def _document(run: Decided, screen: Screen) -> str:
    return render_json([workload_entry(o.rec, o.shown, o.adr) for o in run.outcomes],
                       run.catalogue)


def _findings(result: CheckResult, fail_on: str, screen: Screen) -> str:
    return gate.render_text(result, fail_on, colour=screen.colours is not None,
                            columns=screen.columns)


def _anywhere(render: Callable[[CheckResult, str], str]) -> CheckRenderer:
    """A report that is the same on a terminal as in a file."""
    def rendered(result: CheckResult, fail_on: str, screen: Screen) -> str:
        return render(result, fail_on)
    return rendered


RECOMMEND: Final[Mapping[RecommendFormat, RecommendRenderer]] = {
    RecommendFormat.text: _summaries,
    RecommendFormat.json: _document,
}

CHECK: Final[Mapping[CheckFormat, CheckRenderer]] = {
    CheckFormat.text: _findings,
    CheckFormat.json: _anywhere(gate.render_json),
    CheckFormat.sarif: _anywhere(gate.render_sarif),
    CheckFormat.github: _anywhere(gate.render_github),
    CheckFormat.junit: _anywhere(gate.render_junit),
    CheckFormat.markdown: _anywhere(gate.render_markdown),
}

TABLE: Final[Mapping[str, tuple[type[StrEnum], Mapping[Any, Callable[..., str]]]]] = {
    "recommend": (RecommendFormat, RECOMMEND),
    "check": (CheckFormat, CHECK),
}
"""Each command that takes --format: the formats it offers, and their renderers."""
