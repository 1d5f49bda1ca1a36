"""What the core asks of a cloud: the seam every provider implements (providers/<cloud>/).

The core reasons about push, poll and hybrid without knowing a cloud; what a design is made
of, what it costs, how it is sized and how long each hop takes are the provider's. A provider
is handed to `recommend` as a value (providers.provider(cloud) finds it), so that nothing in
the core imports a provider.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from advisor.core.catalogue import Catalogue
    from advisor.core.decision import Decision
    from advisor.core.designs import Design
    from advisor.core.facts import CloudFacts
    from advisor.core.numbers import Cost, PathDelay, Sizing
    from advisor.format.vocabulary import Cloud, Vocabulary
    from advisor.format.words import Model
    from advisor.format.workload import Workload


class Provider(Protocol):
    """One cloud's knowledge: its words, its catalogue, and what it builds, sizes and prices.

    Each method takes the catalogue as a value, so that a caller (a test, a what-if) can ask
    about a catalogue with other numbers."""

    @property
    def cloud(self) -> Cloud: ...

    @property
    def vocabulary(self) -> Vocabulary: ...

    # What its services and runtimes are to the facts the rules read (logs, buffers, routers).
    @property
    def facts(self) -> CloudFacts: ...

    # Service ids its design branches can place, and those it prices: a provider
    # conformance test holds every service of the vocabulary to both.
    @property
    def designed(self) -> frozenset[str]: ...

    @property
    def priced(self) -> frozenset[str]: ...

    def catalogue(self) -> Catalogue:
        """The catalogue the provider ships (quotas, prices, services), each fact sourced."""
        ...

    def design(self, model: Model, workload: Workload, decision: Decision,
               catalogue: Catalogue) -> Design:
        """The services and routes that deliver `workload` by `model`."""
        ...

    def size(self, design: Design, workload: Workload, catalogue: Catalogue) -> Sizing:
        """The design's figures (shards, concurrency, batches) and the quotas it meets."""
        ...

    def estimate(self, design: Design, workload: Workload, sizing: Sizing,
                 catalogue: Catalogue) -> Cost | None:
        """The design's monthly cost, or None where the workload states no rate."""
        ...

    def path_delays(self, design: Design, workload: Workload, sizing: Sizing,
                    catalogue: Catalogue) -> tuple[PathDelay, ...]:
        """The delay each consumer's route adds before it sees a message."""
        ...

    def latency_warnings(self, delays: tuple[PathDelay, ...], workload: Workload,
                         catalogue: Catalogue) -> list[str]:
        """What a reviewer must know where a route cannot meet the latency target."""
        ...
