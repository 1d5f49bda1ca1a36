"""Every output format a user can choose, mapped to the renderer that writes it: the one
table. A renderer returns text; the command prints it, or writes it to a file.

A new format is a member of its command's enum (advisor.cli.choices), its renderer and a
row here; tests/cli/test_cli_wing.py fails when a member or a row is missing. Each row imports
its renderer when it runs: a JSON document needs neither rich nor SARIF's hashing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from advisor.cli.choices import CheckFormat, CompareFormat, RecommendFormat

if TYPE_CHECKING:
    from advisor.core.catalogue import Catalogue
    from advisor.core.recommendation import Recommendation
    from advisor.gate.results import CheckResult
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
CheckRenderer = Callable[["CheckResult", str, Screen], str]  # the gate loads when it runs


def _summaries(run: Decided, screen: Screen) -> str:
    from advisor.render.terminal import render_summaries

    return render_summaries([(o.rec, o.adr, o.note) for o in run.outcomes], run.repaired,
                            run.index_shown, screen.columns, screen.colours)


def _document(run: Decided, screen: Screen) -> str:
    from advisor.render.jsondoc import render_json, workload_entry

    return render_json([workload_entry(o.rec, o.shown, o.adr) for o in run.outcomes],
                       run.catalogue)


# The check's reports; only text is laid out for the screen, the others are the same on a
# terminal as in a file.

def _text(result: CheckResult, fail_on: str, screen: Screen) -> str:
    from advisor.gate.formats import render_text

    return render_text(result, fail_on, colour=screen.colours is not None,
                       columns=screen.columns)


def _json(result: CheckResult, fail_on: str, screen: Screen) -> str:
    from advisor.gate.formats import render_json

    return render_json(result, fail_on)


def _sarif(result: CheckResult, fail_on: str, screen: Screen) -> str:
    from advisor.gate.sarif import render_sarif

    return render_sarif(result, fail_on)


def _github(result: CheckResult, fail_on: str, screen: Screen) -> str:
    from advisor.gate.github import render_github

    return render_github(result, fail_on)


def _junit(result: CheckResult, fail_on: str, screen: Screen) -> str:
    from advisor.gate.junit import render_junit

    return render_junit(result, fail_on)


def _markdown(result: CheckResult, fail_on: str, screen: Screen) -> str:
    from advisor.gate.markdown import render_markdown

    return render_markdown(result, fail_on)


RECOMMEND: Final[Mapping[RecommendFormat, RecommendRenderer]] = {
    RecommendFormat.text: _summaries,
    RecommendFormat.json: _document,
}

CHECK: Final[Mapping[CheckFormat, CheckRenderer]] = {
    CheckFormat.text: _text,
    CheckFormat.json: _json,
    CheckFormat.sarif: _sarif,
    CheckFormat.github: _github,
    CheckFormat.junit: _junit,
    CheckFormat.markdown: _markdown,
}

# `advisor compare`: each format lays out the same document (render/compareview.py).

def _compare_text(document: dict[str, Any], screen: Screen) -> str:
    from advisor.render.compare_text import render_compare_text

    return render_compare_text(document, screen.columns, screen.colours)


def _compare_markdown(document: dict[str, Any], screen: Screen) -> str:
    from advisor.render.compare_markdown import render_compare_markdown

    return render_compare_markdown(document)


def _compare_json(document: dict[str, Any], screen: Screen) -> str:
    from advisor.render.compareview import render_compare_json

    return render_compare_json(document)


COMPARE: Final[Mapping[CompareFormat, Callable[[dict[str, Any], Screen], str]]] = {
    CompareFormat.text: _compare_text,
    CompareFormat.markdown: _compare_markdown,
    CompareFormat.json: _compare_json,
}

TABLE: Final[Mapping[str, tuple[type[StrEnum], Mapping[Any, Callable[..., str]]]]] = {
    "recommend": (RecommendFormat, RECOMMEND),
    "check": (CheckFormat, CHECK),
    "compare": (CompareFormat, COMPARE),
}
"""Each command that takes --format: the formats it offers, and their renderers."""
