"""Questions the core asks of a design and its catalogue: who is pushed to, what each
polled consumer reads, whether the design runs functions."""

from __future__ import annotations

from collections.abc import Mapping

from msgspec.structs import replace

from advisor.core.catalogue import BUFFER_KINDS, Catalogue
from advisor.core.decision import MODELS, Decision
from advisor.core.designs import ConsumerPath, Design
from advisor.core.rules.rule import Rule


def deliveries(built: Design) -> dict[str, str]:
    return {p.consumer: p.delivery for p in built.paths}


def about_functions(rule: Rule, catalogue: Catalogue) -> bool:
    """A rule whose every source is a fact about a function service (Lambda) speaks for
    functions only."""
    services = [catalogue.fact(s).service for s in rule.sources if s in catalogue.facts]
    return bool(services) and all(catalogue.kind(s) == "function" for s in services)


def has_functions(built: Design, catalogue: Catalogue) -> bool:
    return any(catalogue.kind(s) in ("function", "poller") for s in built.service_ids)


def buffer_of(path: ConsumerPath, catalogue: Catalogue) -> str | None:
    """The queue or stream a polled consumer reads, if any."""
    if path.delivery != "poll":
        return None
    return next((h for h in reversed(path.hops) if catalogue.kind(h) in BUFFER_KINDS), None)


def buildable(decision: Decision, designs: Mapping[str, Design]) -> Decision:
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
