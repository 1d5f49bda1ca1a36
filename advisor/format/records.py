"""The workload records the rest of advisor reads: one validated workload, its consumers,
batching and decision, in base units (per second, bytes, seconds)."""

from __future__ import annotations

import datetime as dt

from msgspec import Struct

from advisor.format.vocabulary import DEFAULT_CLOUD, Cloud
from advisor.format.words import (
    BatchMode,
    Crossing,
    Duplicates,
    Kind,
    Model,
    Ordering,
    Producer,
    Recipients,
    Replayer,
    RunsOn,
)
from advisor.format.yamlnodes import Pos


class Batching(Struct, frozen=True):
    """How a consumer wants its messages grouped."""

    mode: BatchMode
    size: int | None = None
    window: float | None = None  # seconds

    @property
    def wanted(self) -> bool:
        return self.mode != "none"


NO_BATCHING = Batching("none")


class Consumer(Struct, frozen=True):
    """One consumer of the flow, with what it can absorb and needs."""

    name: str
    index: int
    max_rate: float | None  # per second
    batching: Batching  # effective: the consumer's own, else the workload's
    runs_on: RunsOn | None
    replay: float  # seconds the consumer must be able to re-read; 0 = none
    named: bool  # False when the file gave only a count
    # How many alike consumers this one stands for. `consumers: N` is one group of N, never
    # N objects: a 3 KB file may declare 100,000 consumers in each of 200 workloads, and every
    # step after reading works per group (facts weight their counts, costs multiply).
    count: int = 1
    replay_by: Replayer = "consumer"  # re-reads a log | an operator re-sends from an archive
    recipients: Recipients | None = None  # None = not stated (taken as fixed)
    instances: int = 1  # separately addressed instances (devices, stores, connections)
    max_concurrency: int | None = None
    expires_after: float | None = None  # seconds; effective: the consumer's, else the workload's


class Waiver(Struct, frozen=True):
    """A rule the team chose to set aside for this workload, and why."""

    rule: str
    reason: str
    expires: dt.date | None
    pos: Pos

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


class Decision(Struct, frozen=True):
    """What the team recorded as decided, for `advisor check` to compare."""

    model: Model | None
    services: tuple[str, ...]
    waivers: tuple[Waiver, ...] = ()


class Workload(Struct, frozen=True):
    """One validated workload, as the rest of the pipeline reads it."""

    path: str
    name: str
    title: str
    description: str
    kind: Kind
    rate_average: float | None
    rate_peak: float | None
    payload_average: float | None
    payload_max: float | None
    latency: float | None
    processing_time: float | None
    ordering: Ordering
    ordering_key: str | None
    duplicates: Duplicates
    replay: float
    batching: Batching
    consumers: tuple[Consumer, ...]
    consumers_listed: bool
    producer: Producer | None
    source: str | None  # one of the cloud's Vocabulary.sources
    existing: tuple[str, ...]  # the cloud's Vocabulary.service_ids
    crosses: tuple[Crossing, ...]
    region: str
    region_stated: bool
    decision: Decision | None
    system: str | None
    written: dict[str, object]  # the validated values as written (for fingerprints and flips)
    positions: dict[str, Pos]  # dotted path -> where it was written
    cloud: Cloud = DEFAULT_CLOUD
    replay_by: Replayer = "consumer"
    expires_after: float | None = None
    delay: float | None = None
    # The infrastructure template that deploys the flow, relative to the workload file and
    # checked to stay inside the repository's visible files (format revision 1.1).
    implemented_by: str | None = None
    # Read for another cloud than it names (--cloud, compare): what named its own cloud's
    # services and region and was left out ("existing: [eventbridge] (of aws)").
    left_behind: tuple[str, ...] = ()

    @property
    def consumer_total(self) -> int:
        """How many consumers the flow has: groups counted by their size."""
        return sum(c.count for c in self.consumers)

    def position(self, path: str) -> Pos:
        """Where a value was written, falling back to its nearest written parent."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path.rpartition(".")[0]
        return self.positions.get("", Pos(1, 1))



class Inherited(Struct, frozen=True):
    """What a consumer takes from its workload unless it states its own: a workload-level
    value means exactly what writing it on every consumer means."""

    replay: float
    replay_by: Replayer
    expires_after: float | None
