"""The interface every template emitter implements, and what it is given.

An emitter turns the design a workload's decision chose, with the numbers sized for it,
into one template document: a plain dict, which `yamlout` writes. Several workloads go into
one document, so that one file deploys a whole system."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from msgspec import Struct

from advisor.core.catalogue import Catalogue
from advisor.core.designs import Design
from advisor.core.numbers import Cost, Sizing
from advisor.format.workload import Workload

# What a document holds: the template language's own keys, in the order they are written.
Document = dict[str, object]

NOT_WRITTEN = "ADR not yet written"


class Subject(Struct, frozen=True):
    """One workload with the design its decision chose, that design's sizing and cost, the
    catalogue the numbers came from, and its ADR (`ADR-0007`; None before one is written)."""

    workload: Workload
    design: Design
    sizing: Sizing
    cost: Cost | None
    catalogue: Catalogue
    adr: str | None

    @property
    def adr_label(self) -> str:
        return self.adr or NOT_WRITTEN


class Emitter(Protocol):
    """Turns decided workloads into one template document of its language."""

    cloud: str  # the cloud whose designs it deploys

    def emit(self, subjects: Sequence[Subject]) -> Document: ...
