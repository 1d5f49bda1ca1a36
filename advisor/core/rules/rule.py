"""One rule as its file states it, and the words its rationale fills in from the facts.

A rationale names facts as placeholders, `{rate_peak}` or `{consumer_count|consumer}`, that
the workload's own values replace when it is read; catalogue figures, `{catalogue:id}`, were
filled in when the rule was loaded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from msgspec import Struct

from advisor.core.facts.registry import FactValue, describe
from advisor.core.rules.conditions import Condition, Parameter
from advisor.format import units

Scope = Literal["flow", "consumer"]
# {fact} fills in a fact's value; {fact|noun} also adds the noun, plural unless the value is 1.
PLACEHOLDER = re.compile(r"\{([a-z_.]+)(?:\|([a-z][a-z -]*))?\}")


def figure_words(value: float, unit: str | None) -> str:
    """A catalogue value as a rationale writes it: "10,000", "15 minutes", "2 MiB/s"."""
    def number(x: float) -> str:
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"
    if unit == "seconds":
        return units.format_span(value)
    if unit in ("bytes", "bytes-per-second"):
        per = "/s" if unit == "bytes-per-second" else ""
        for word, size in (("MiB", 1024.0**2), ("KB", 1024.0)):
            if value >= size:
                return f"{number(value / size)} {word}{per}"
        return f"{number(value)} B{per}"
    return number(value)


class Example(Struct, frozen=True):
    """A workload fragment and whether the rule must fire for it (`advisor rules test`)."""

    fires: bool
    workload: Mapping[str, object]  # version and name are filled in when missing
    line: int
    note: str = ""


class Rule(Struct, frozen=True):
    """One rule as its file states it: condition, effect, rationale and sources."""

    id: str
    title: str
    scope: Scope
    when: Condition
    effect: Mapping[str, float]
    rules_out: tuple[str, ...]
    rationale: str
    sources: tuple[str, ...]
    path: str
    line: int
    examples: tuple[Example, ...] = ()
    replaces: str | None = None
    # A hard limit (a quota, a capacity, a reachability fact) rather than a preference: a
    # tie never goes to an option that a fired limit argues against.
    limit: bool = False
    # Every threshold the conditions compare with, resolved, with where it comes from.
    parameters: tuple[Parameter, ...] = ()
    # The clouds the rule serves alone (its folder rules/<cloud>/, or `clouds:`); () for all.
    clouds: tuple[str, ...] = ()

    def explain(self, facts: Mapping[str, FactValue]) -> str:
        """The rationale with the workload's own values filled in."""
        return PLACEHOLDER.sub(lambda m: _fill(m, facts), self.rationale)


def _fill(match: re.Match[str], facts: Mapping[str, FactValue]) -> str:
    value = facts.get(match.group(1))
    text = describe(match.group(1), value)
    noun = match.group(2)
    if noun:
        text = f"{text} {noun if value == 1 else noun + 's'}"
    return text
