"""The condition language: a closed set of comparisons and combinators over named facts.

A condition is data, never code: a tree of `Compare` and `Combine` records that the engine
asks whether it holds for a mapping of facts, and that words itself for a reader.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, Literal, get_args

from msgspec import Struct

from advisor.core.facts.registry import FactValue, describe

ComparisonOp = Literal["is", "is_not", "in", "not_in", "at_least", "at_most", "above", "below",
                       "includes", "is_set"]
CombinatorOp = Literal["all", "any", "not"]
COMPARISONS: tuple[str, ...] = get_args(ComparisonOp)
COMBINATORS: tuple[str, ...] = get_args(CombinatorOp)
THRESHOLD_OPS = ("at_least", "at_most", "above", "below")


def _includes(actual: object, expected: object) -> bool:
    return isinstance(actual, tuple) and expected in actual


# How each comparison is made once both sides are known (the engine's inner loop: a
# lookup here instead of a chain of string tests; `is_set` is handled before).
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "is": operator.eq,
    "is_not": operator.ne,
    "in": lambda actual, expected: actual in expected,
    "not_in": lambda actual, expected: actual not in expected,
    "includes": _includes,
    "at_least": lambda actual, limit: float(actual) >= float(limit),
    "at_most": lambda actual, limit: float(actual) <= float(limit),
    "above": lambda actual, limit: float(actual) > float(limit),
    "below": lambda actual, limit: float(actual) < float(limit),
}


Scalar = bool | float | str
Operand = Scalar | tuple[Scalar, ...]  # a tuple for in / not_in


class Parameter(Struct, frozen=True):
    """A threshold a rule compares with, named and sourced: a catalogue fact it reads by id,
    or a judgement the rule declares under `parameters:`."""

    name: str  # the parameter's name, or the catalogue fact's id
    value: float  # in the base unit of the fact it is compared with
    shown: str  # as a person reads it: "1,000/s", "15m"
    why: str
    source: str  # an https URL, a catalogue fact id, or a named principle
    fact: str = ""  # the catalogue fact the value is read from; "" for a judgement

    def origin(self) -> str:
        """Where the value comes from, in one phrase."""
        if self.fact and self.fact == self.name:
            return f"catalogue fact {self.fact}"
        if self.fact:
            return f"parameter {self.name}, from catalogue fact {self.fact}"
        return f"parameter {self.name}"


# tagged: the twin's JSON names the kind; omit_defaults: a plain number needs no `ref`
class Compare(Struct, frozen=True, tag=True, omit_defaults=True):
    """A condition that compares one fact with a value."""

    fact: str
    op: ComparisonOp
    value: Operand
    ref: str = ""  # the Parameter the value was resolved from, if any

    def holds(self, facts: Mapping[str, FactValue]) -> bool:
        actual = facts.get(self.fact)
        if self.op == "is_set":
            return (actual is not None) == self.value
        if actual is None:
            return False  # a fact the workload does not state satisfies no comparison
        return OPERATORS[self.op](actual, self.value)

    def words(self) -> str:
        name = self.fact
        shown = (describe(self.fact, self.value) if not isinstance(self.value, tuple | bool)
                 else ", ".join(str(v) for v in self.value) if isinstance(self.value, tuple)
                 else str(self.value).lower())
        if self.ref:
            shown = f"{self.ref} ({shown})"
        phrases = {
            "is": f"{name} is {shown}", "is_not": f"{name} is not {shown}",
            "in": f"{name} is one of {shown}", "not_in": f"{name} is none of {shown}",
            "at_least": f"{name} >= {shown}", "at_most": f"{name} <= {shown}",
            "above": f"{name} > {shown}", "below": f"{name} < {shown}",
            "includes": f"{name} includes {shown}",
            "is_set": f"{name} is {'stated' if self.value else 'not stated'}",
        }
        return phrases[self.op]


class Combine(Struct, frozen=True, tag=True):
    """A condition made of others: all of them, any of them, or not one."""

    op: CombinatorOp
    items: tuple[Condition, ...]

    def holds(self, facts: Mapping[str, FactValue]) -> bool:
        if self.op == "all":
            return all(item.holds(facts) for item in self.items)
        if self.op == "any":
            return any(item.holds(facts) for item in self.items)
        return not self.items[0].holds(facts)

    def words(self) -> str:
        if self.op == "not":
            return f"not ({self.items[0].words()})"
        joined = f" {'and' if self.op == 'all' else 'or'} ".join(
            item.words() if isinstance(item, Compare) else f"({item.words()})"
            for item in self.items)
        return joined


Condition = Compare | Combine


def condition_facts(condition: Condition) -> list[str]:
    """The facts a condition reads, in order (with repeats)."""
    if isinstance(condition, Compare):
        return [condition.fact]
    return [name for item in condition.items for name in condition_facts(item)]
