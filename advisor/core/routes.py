"""Questions the core asks of a design and its catalogue: who is pushed to, what each
polled consumer reads, whether the design runs functions."""

from __future__ import annotations

from advisor.core.catalogue import BUFFER_KINDS, Catalogue
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
