"""A cloud's provider wired from its own modules: each method of the core's Provider protocol
is one function of the cloud's package, so that no provider restates the protocol."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from advisor.core.catalogue import Catalogue
    from advisor.core.decision import Decision
    from advisor.core.designs import Design
    from advisor.core.facts import CloudFacts
    from advisor.core.numbers import Cost, PathDelay, Sizing
    from advisor.format.vocabulary import Cloud, Vocabulary
    from advisor.format.words import Model
    from advisor.format.workload import Workload


class Wired(Struct, frozen=True):
    """advisor.core.provider.Provider, each part one of the cloud's functions. `placed`: the
    service ids its design modules place; `pricing`: those with a pricer or named unpriced
    (a provider conformance test holds every service of the vocabulary to both)."""

    cloud: Cloud
    vocabulary: Vocabulary
    facts: CloudFacts
    placed: Callable[[], frozenset[str]]
    pricing: Callable[[], frozenset[str]]
    load: Callable[[], Catalogue]
    designs: Callable[[Model, Workload, Decision, Catalogue], Design]
    sizes: Callable[[Design, Workload, Catalogue], Sizing]
    costs: Callable[[Design, Workload, Sizing, Catalogue], Cost | None]
    delays: Callable[[Design, Workload, Sizing, Catalogue], tuple[PathDelay, ...]]
    warnings: Callable[[tuple[PathDelay, ...], Workload, Catalogue], list[str]]

    @property
    def designed(self) -> frozenset[str]:
        return self.placed()

    @property
    def priced(self) -> frozenset[str]:
        return self.pricing()

    def catalogue(self) -> Catalogue:
        return self.load()

    def design(self, model: Model, workload: Workload, decision: Decision,
               catalogue: Catalogue) -> Design:
        return self.designs(model, workload, decision, catalogue)

    def size(self, design: Design, workload: Workload, catalogue: Catalogue) -> Sizing:
        return self.sizes(design, workload, catalogue)

    def estimate(self, design: Design, workload: Workload, sizing: Sizing,
                 catalogue: Catalogue) -> Cost | None:
        return self.costs(design, workload, sizing, catalogue)

    def path_delays(self, design: Design, workload: Workload, sizing: Sizing,
                    catalogue: Catalogue) -> tuple[PathDelay, ...]:
        return self.delays(design, workload, sizing, catalogue)

    def latency_warnings(self, delays: tuple[PathDelay, ...], workload: Workload,
                         catalogue: Catalogue) -> list[str]:
        return self.warnings(delays, workload, catalogue)
