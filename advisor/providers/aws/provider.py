"""AWS behind the core's Provider protocol: its words, catalogue, designs, sizing, cost, delays."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from advisor.core.facts import CloudFacts
from advisor.format.vocabulary import Vocabulary
from advisor.providers.aws import cost, designs, latency, sizing
from advisor.providers.aws.catalogue import load_catalogue
from advisor.providers.aws.cost.pricers import PRICERS
from advisor.providers.aws.kinds import AWS_FACTS
from advisor.providers.aws.vocabulary import VOCABULARY

if TYPE_CHECKING:
    from advisor.core.catalogue import Catalogue
    from advisor.core.decision import Decision
    from advisor.core.designs import Design
    from advisor.core.numbers import Cost, PathDelay, Sizing
    from advisor.format.words import Model
    from advisor.format.workload import Workload


class AwsProvider:
    cloud: Literal["aws"] = "aws"
    vocabulary: Vocabulary = VOCABULARY
    facts: CloudFacts = AWS_FACTS

    @property
    def designed(self) -> frozenset[str]:
        """The service ids the design modules place (designs.BRANCHES)."""
        return designs.designed()

    @property
    def priced(self) -> frozenset[str]:
        """The service ids with an entry in the pricer table, priced or named as unpriced."""
        return frozenset(PRICERS)

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


AWS = AwsProvider()
