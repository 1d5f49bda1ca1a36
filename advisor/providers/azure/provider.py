"""Azure behind the core's Provider protocol: its words, catalogue, designs, sizing, cost,
delays."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from advisor.core.facts import CloudFacts
from advisor.format.vocabulary import Vocabulary
from advisor.providers.azure import cost, designs, latency, sizing
from advisor.providers.azure.catalogue import load_catalogue
from advisor.providers.azure.kinds import AZURE_FACTS
from advisor.providers.azure.vocabulary import VOCABULARY

if TYPE_CHECKING:
    from advisor.core.catalogue import Catalogue
    from advisor.core.decision import Decision
    from advisor.core.designs import Design
    from advisor.core.numbers import Cost, PathDelay, Sizing
    from advisor.format.words import Model
    from advisor.format.workload import Workload


class AzureProvider:
    cloud: Literal["azure"] = "azure"
    vocabulary: Vocabulary = VOCABULARY
    facts: CloudFacts = AZURE_FACTS

    @property
    def designed(self) -> frozenset[str]:
        """The service ids the design module places (designs.PLACES)."""
        return designs.PLACES

    @property
    def priced(self) -> frozenset[str]:
        """The service ids with a pricer, or named as unpriced with the reason."""
        return frozenset(cost.PRICERS) | frozenset(cost.UNPRICED)

    def catalogue(self) -> Catalogue:
        return load_catalogue()

    def design(self, model: Model, workload: Workload, decision: Decision,
               catalogue: Catalogue) -> Design:
        return designs.design(model, workload, decision, catalogue)

    def size(self, design: Design, workload: Workload, catalogue: Catalogue) -> Sizing:
        return sizing.size(design, workload, catalogue)

    def estimate(self, design: Design, workload: Workload, sizing: Sizing,
                 catalogue: Catalogue) -> Cost | None:
        return cost.estimate(design, workload, sizing, catalogue)

    def path_delays(self, design: Design, workload: Workload, sizing: Sizing,
                    catalogue: Catalogue) -> tuple[PathDelay, ...]:
        return latency.path_delays(design, workload, sizing, catalogue)

    def latency_warnings(self, delays: tuple[PathDelay, ...], workload: Workload,
                         catalogue: Catalogue) -> list[str]:
        return latency.warnings_for(delays, workload, catalogue)


AZURE = AzureProvider()
