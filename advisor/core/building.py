"""A design being assembled, the part every cloud shares: the services placed with every
distinct reason each was given, the consumers' routes, and why a design cannot be built.
Each provider's builder adds how its routes are drawn."""

from __future__ import annotations

from msgspec import Struct, field

from advisor.core.catalogue import Catalogue
from advisor.core.designs import ConsumerPath, ServiceUse
from advisor.format.workload import Workload


class DesignBuilder(Struct):
    workload: Workload
    catalogue: Catalogue
    model: str
    uses: dict[str, ServiceUse] = field(default_factory=dict)
    paths: list[ConsumerPath] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    feasible: bool = True
    unbuildable: list[str] = field(default_factory=list)

    def use(self, service: str, role: str, why: str, *facts: str) -> str:
        """Place `service` (the first role given stays); its reasons and facts accrue."""
        known = self.uses.get(service)
        if known is None:
            self.uses[service] = ServiceUse(service, role, why, tuple(facts))
            return service
        merged = tuple(dict.fromkeys((*known.facts, *facts)))
        text = f"{known.why} {why}" if why and why not in known.why else known.why
        self.uses[service] = ServiceUse(service, known.role, text, merged)
        return service

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def infeasible(self, why: str) -> None:
        self.feasible = False
        self.warn(why)
        if why not in self.unbuildable:
            self.unbuildable.append(why)
