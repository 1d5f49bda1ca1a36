"""Readers of a Kinesis stream: how many there are, and how many can share a shard."""

from __future__ import annotations

import math

from advisor.core.catalogue import Catalogue
from advisor.core.designs import Design
from advisor.format.workload import Workload

# GetRecords calls a second a standard reader of a shard is given: an event source mapping
# polls each shard once a second (lambda-esm-kinesis-polling-rate) and needs as many again to
# catch up after a burst. The shard's calls (kinesis-getrecords-tps) divided by this are the
# readers that can share it; beyond them each reader gets enhanced fan-out.
GETRECORDS_PER_READER = 2.0


def shared_readers_max(catalogue: Catalogue) -> int:
    """Standard readers that can share a shard's GetRecords calls; more get enhanced fan-out."""
    return math.floor(catalogue.number("kinesis-getrecords-tps") / GETRECORDS_PER_READER + 1e-9)


def shared_readers_formula(catalogue: Catalogue) -> str:
    """How `shared_readers_max` is worked, from the same numbers."""
    calls = catalogue.number("kinesis-getrecords-tps")
    return (f"floor({calls:g} GetRecords calls/s per shard / {GETRECORDS_PER_READER:g} per "
            f"reader) = {shared_readers_max(catalogue)}")


def stream_readers(design: Design, w: Workload) -> int:
    """Readers of the design's Kinesis stream: each consumer on a path through it, times its
    instances where each instance reads every record (a broadcast, not per-message)."""
    consumers = {c.name: c for c in w.consumers}
    total = 0
    for path in design.paths:
        if "kinesis" not in path.hops:
            continue
        consumer = consumers.get(path.consumer)
        each = 1 if consumer is None or consumer.recipients == "per-message" \
            else consumer.instances
        total += path.count * each
    return total
