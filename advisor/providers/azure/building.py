"""A design being assembled: its services (once each, in the catalogue's order), the route to
each consumer, its warnings and why it cannot be built, where it cannot."""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.decision import Delivery
from advisor.core.designs import WORKER, ConsumerPath, Design, ServiceUse
from advisor.format.words import Model
from advisor.providers.azure.vocabulary import SERVICE_IDS


class Builder:
    def __init__(self, model: Model) -> None:
        self.model = model
        self.uses: dict[str, ServiceUse] = {}
        self.paths: list[ConsumerPath] = []
        self.warnings: list[str] = []
        self.unbuildable: list[str] = []

    def use(self, service: str, role: str, why: str, *facts: str) -> str:
        """Place a service once; the first role given is the one shown, and the facts of
        every use are cited."""
        known = self.uses.get(service)
        if known is None:
            self.uses[service] = ServiceUse(service, role, why, tuple(facts))
        else:
            cited = tuple(dict.fromkeys((*known.facts, *facts)))
            self.uses[service] = ServiceUse(service, known.role, known.why, cited)
        return service

    def route(self, consumer: str, delivery: Delivery, hops: tuple[str, ...], runs_on: str,
              count: int = 1, queues: int = 1) -> None:
        # The format reads revision 1.1's `function` as 1.0's `lambda`; off AWS it is said
        # as the cloud-neutral word.
        shown = "function" if runs_on == "lambda" else runs_on
        self.paths.append(ConsumerPath(consumer, delivery, hops, shown, count, queues))

    def cannot(self, why: str) -> None:
        if why not in self.unbuildable:
            self.unbuildable.append(why)

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def build(self, operations: tuple[tuple[str, tuple[str, ...]], ...],
              catalogue: Catalogue) -> Design:
        services = tuple(self.uses[s] for s in SERVICE_IDS if s in self.uses)
        names = [catalogue.service(s.id).name for s in services]
        summary = ", ".join(names) if names else "no Azure service"
        if any(WORKER in p.hops for p in self.paths):
            summary += " (and the consumers' own workers)"
        return Design(self.model, services, tuple(self.paths), operations,
                      tuple(self.warnings), not self.unbuildable, summary,
                      tuple(self.unbuildable))
