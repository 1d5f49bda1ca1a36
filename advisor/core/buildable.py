"""The option offered when the best-scored one cannot be built: the next best that can."""

from __future__ import annotations

from collections.abc import Mapping

from msgspec.structs import replace

from advisor.core.decision import MODELS, Decision
from advisor.core.designs import Design
from advisor.format.words import Model


def buildable(decision: Decision, designs: Mapping[Model, Design]) -> Decision:
    """The decision, moved to the best-scored allowed option whose design can be built where
    the winner's cannot (a hop the source cannot reach, more readers than a stream serves):
    a design that cannot be built is never offered."""
    if designs[decision.model].feasible or not designs[decision.model].unbuildable:
        return decision  # allowed by the rules and buildable, or ruled out by a rule
    able = [m for m in MODELS if designs[m].feasible and decision.allowed(m)]
    if not able:
        return decision
    best = max(able, key=lambda m: (decision.scores[m], -MODELS.index(m)))
    others = [decision.scores[m] for m in able if m != best]
    margin = decision.scores[best] - max(others) if others else 0.0
    return replace(decision, model=best, margin=margin, decided_by="design", tied_with=())
