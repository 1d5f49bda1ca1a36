"""The decision as records: the rules that fired, each consumer's verdict, the model chosen,
and the changes that would alter it. Plain values that the engine and the searches produce and
that the renderers read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

from msgspec import Struct

from advisor.core.facts.registry import FactValue
from advisor.core.rules.rule import Rule
from advisor.format.words import MODELS as WORKLOAD_MODELS
from advisor.format.words import Model as Model

# The three answers, in the tie-break order: fewest moving parts first.
MODELS: tuple[Model, ...] = WORKLOAD_MODELS
Delivery = Literal["push", "poll"]  # how one consumer gets its messages
CONSUMER_MODELS: tuple[Delivery, ...] = get_args(Delivery)
Lean = Literal["push", "poll", "either"]  # where a consumer's own rules lean
DecidedBy = Literal["score", "constraint", "tie-break", "design"]


class Firing(Struct, frozen=True):
    """A rule that fired, on which facts (and for which consumer, for consumer rules)."""

    rule: Rule
    facts: Mapping[str, FactValue]  # the facts the rule saw
    consumer: str | None = None

    @property
    def rationale(self) -> str:
        """The rule's rationale with the workload's values filled in. Worded when read:
        searches such as the flips fire rules hundreds of times and read none of them."""
        return self.rule.explain(self.facts)


class ConsumerVerdict(Struct, frozen=True):
    """How the consumer rules scored one consumer, and what it leans to."""

    name: str
    scores: Mapping[str, float]
    ruled_out: tuple[str, ...]
    lean: Lean
    firings: tuple[Firing, ...]


class Decision(Struct, frozen=True):
    """The model chosen for a workload, its scores and why it won."""

    model: Model
    scores: Mapping[str, float]
    ruled_out: Mapping[str, tuple[str, ...]]  # model -> ids of the rules that ruled it out
    margin: float
    decided_by: DecidedBy  # `design`: moved by routes.buildable
    tied_with: tuple[str, ...]
    firings: tuple[Firing, ...]  # flow rules, in evaluation order
    consumers: tuple[ConsumerVerdict, ...]
    facts: Mapping[str, FactValue]  # flow facts, with the consumer leanings filled in
    tie_limits: tuple[str, ...] = ()  # limit rules that kept a tie from a tied option

    @property
    def tie_broken(self) -> str:
        """How a tie was broken, in words, for the ADR and the warnings."""
        if self.tie_limits:
            return (f"a limit argued against {', '.join(self.tied_with)} "
                    f"({', '.join(self.tie_limits)})")
        return "towards fewer moving parts (push, then poll, then hybrid)"

    @property
    def all_firings(self) -> tuple[Firing, ...]:
        """Consumer firings first (they feed the flow), then flow firings."""
        nested = tuple(f for c in self.consumers for f in c.firings)
        return nested + self.firings

    def allowed(self, model: str) -> bool:
        return not self.ruled_out.get(model)


class Flip(Struct, frozen=True):
    """A change to one input that would change the recommended model."""

    driver: str  # dotted path into the workload as written
    value: str  # in workload syntax
    model: str  # what the recommendation becomes
    text: str  # "peak rose above 4,000/s"


class QuotaFlip(Struct, frozen=True):
    """Raising one quota to at least `needed` would change the model to `model`."""

    rule: str  # the limit rule that would no longer hold
    quota: str  # catalogue fact id of the quota
    region: str
    current: float  # the quota's default in the region
    needed: float  # the value the workload needs
    model: str
    text: str
