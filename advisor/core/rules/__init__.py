"""Rules as data: the condition language, the rule files' loader, packs and the compiled twin.

A condition is a tree of a closed set of operators over named facts; nothing in a rule file
is ever executed. A broken rule file fails at load with file:line. What a rule is checked
against (a cloud's catalogue facts and vocabulary) is handed in by the caller: this package
knows no cloud.

    conditions       the condition language: Compare, Combine, their operators
    rule             Rule, Example, and the rationale's placeholders
    conditionreader  a condition read from YAML, thresholds resolved
    fields           a rule's other keys read from YAML (sources, parameters, examples ...)
    loader           rule files read into checked Rules
    pack             which folders make a pack (the built-in one: core/ and the cloud's)
    twin             the built-in pack's compiled twin, advisor/data/rules-<cloud>.json
    ruleset          every pack loaded in order into the RuleSet in force
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.core.rules.conditions import (
    COMBINATORS,
    COMPARISONS,
    OPERATORS,
    Combine,
    Compare,
    Condition,
    Operand,
    Parameter,
    Scalar,
    condition_facts,
)
from advisor.core.rules.pack import Pack, builtin_pack
from advisor.core.rules.rule import PLACEHOLDER, Example, Rule, figure_words
from advisor.core.rules.ruleset import RuleSet, load_rules

if TYPE_CHECKING:
    from advisor.core.rules.conditionreader import CatalogueFact


def __getattr__(name: str) -> object:
    # The loader's Protocol, imported only when asked for: a run that reads the built-in
    # pack from its twin never loads the condition reader.
    if name == "CatalogueFact":
        from advisor.core.rules.conditionreader import CatalogueFact

        return CatalogueFact
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "COMBINATORS", "COMPARISONS", "OPERATORS", "PLACEHOLDER", "CatalogueFact", "Combine",
    "Compare", "Condition", "Example", "Operand", "Pack", "Parameter", "Rule", "RuleSet",
    "Scalar", "builtin_pack", "condition_facts", "figure_words", "load_rules",
]
