"""A cloud's catalogue as records: its services, sourced facts and sources, and how current.

Neutral: each provider ships its own catalogue data (providers/<cloud>/data/) and builds these
records from it; the core, the renderers and the gate read them without knowing the cloud.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from msgspec import Struct

from advisor.errors import InternalError

STATUSES = ("verified", "unverified", "conflict")


# What a service is to a design, whatever its cloud: the core reasons with kinds, never ids.
ServiceKind = Literal[
    "topic", "queue", "bus", "pipe", "stream", "broker", "function", "poller", "workflow",
    "connections", "device-gateway", "endpoint", "store", "email", "scheduler", "loader",
]
BUFFER_KINDS: tuple[ServiceKind, ...] = ("queue", "stream")


class Drawing(Struct, frozen=True):
    """How the design diagram draws a service: its node's name and the verbs on its arrows."""

    label: str  # the node: "SQS queue", "Lambda function"
    into: str = "sends"  # what a sender does when it hands a message to this service
    routes: str = ""  # what this service does with a message, whatever receives it
    out: str = "delivers"  # what it does for a consumer that is not its own code
    polls: str = ""  # set for a poller that stands for the consumer's code: the arrow's label
    direct: str = ""  # its name when a consumer's code calls it directly, not the flow's node
    shared: bool = False  # one resource for the whole flow, drawn once
    owned: bool = False  # a shared resource that belongs to this flow: named after it


class Service(Struct, frozen=True):
    """A service the advisor can recommend, as its provider's catalogue describes it."""

    id: str
    name: str
    delivery: str
    summary: str
    docs: str
    label: str  # its short name in titles and tables: "SQS queue", "EventBridge"
    kind: ServiceKind
    # Its name where a route starts, when that differs (a webhook there is our endpoint
    # that a third party calls, not a destination the cloud calls out through).
    entry_label: str = ""
    drawing: Drawing | None = None


class Fact(Struct, frozen=True):
    """One sourced fact of a cloud (a quota, limit or price) with its as-of date and status."""

    id: str
    service: str
    kind: str
    title: str
    text: str
    source: str
    as_of: dt.date
    status: str
    value: float | None = None
    unit: str | None = None
    by_region: Mapping[str, float] | None = None
    note: str = ""

    def in_region(self, region: str) -> float | None:
        """The value for a Region: its own entry, else the "all other Regions" default."""
        if self.by_region:
            return self.by_region.get(region, self.by_region.get("default", self.value))
        return self.value

    @property
    def certain(self) -> bool:
        return self.status == "verified"


class Source(Struct, frozen=True):
    """A cloud service that emits a workload's events (a workload `source`), and the catalogue
    services it can publish to directly: the only possible first hops of a design."""

    id: str
    name: str
    targets: tuple[str, ...]
    facts: tuple[str, ...]
    note: str = ""


class Catalogue(Struct, frozen=True):
    """Everything advisor knows about one cloud, and how current that knowledge is."""

    as_of: dt.date
    reviewed: dt.date
    services: Mapping[str, Service]
    facts: Mapping[str, Fact]
    version: str
    sources: Mapping[str, Source]
    # The cloud's name in advisor's sentences ("advisor's AWS knowledge", "no AWS service
    # billed"): the words come with the catalogue, not from the code that says them.
    cloud_name: str

    def fact(self, fact_id: str) -> Fact:
        try:
            return self.facts[fact_id]
        except KeyError:
            raise InternalError(f"the catalogue has no fact {fact_id!r}") from None

    def number(self, fact_id: str, region: str = "us-east-1") -> float:
        value = self.fact(fact_id).in_region(region)
        if value is None:
            raise InternalError(f"catalogue fact {fact_id!r} has no number")
        return value

    def service(self, service_id: str) -> Service:
        return self.services[service_id]

    def source(self, source_id: str) -> Source:
        """Where a workload `source` can publish (its first hops), with the facts citing it."""
        try:
            return self.sources[source_id]
        except KeyError:
            raise InternalError(f"the catalogue has no source {source_id!r}") from None


    def kind(self, service_id: str) -> ServiceKind | None:
        """What a service is to a design; None for what is no catalogue service (a
        consumer's own pollers)."""
        service = self.services.get(service_id)
        return service.kind if service else None

    def label(self, service_id: str) -> str:
        return self.services[service_id].label if service_id in self.services else service_id

    def of_kind(self, *kinds: ServiceKind) -> tuple[str, ...]:
        """The ids of the services of these kinds, in the catalogue's order."""
        return tuple(s.id for s in self.services.values() if s.kind in kinds)


def catalogue_date(value: object, where: str) -> dt.date:
    """A catalogue's YYYY-MM-DD date (YAML may have read it as a date already); a bad one
    is advisor's own bug, named at `where`."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InternalError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None
