"""What a template must agree with: the decision for one workload, as plain values that cross
between processes with check's other answers (gate/reading.py).

Taken from the recommendation that `check` recomputes (the chosen design's route to each
consumer, its sizing figures) and from the catalogue facts that say what the cloud does
where a template leaves a setting out (advisor/data/conformance.yaml names them). Built
only for a workload that names a template.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from advisor.gate.conformance.vocab import vocab

if TYPE_CHECKING:
    from advisor.core.recommendation import Recommendation


class FabricConsumer(Struct, frozen=True):
    """One consumer as the decision routes it."""

    name: str
    delivery: str  # push | poll
    hops: tuple[str, ...]  # service ids from the producer to the consumer
    runs_on: str
    expires_after: float | None  # seconds; the consumer's, else the workload's
    function_timeout: float | None  # the timeout the ADR sizes for its function, seconds
    named: bool = True  # False for `consumers: N`, a group with no name of its own


class Fabric(Struct, frozen=True):
    """The decision one template is compared with."""

    workload: str
    model: str
    services: tuple[str, ...]
    consumers: tuple[FabricConsumer, ...]
    rate_peak: float | None
    shards: float | None  # stream shards the ADR sizes for the peak; None: no stream sized
    facts: dict[str, float]  # the numbers of vocab().facts, by their key
    cloud_name: str = ""  # as the catalogue names the cloud, for messages
    cloud: str = ""  # the workload's cloud (its `cloud:` word)


def fabric_of(rec: Recommendation) -> Fabric:
    option = rec.chosen
    by_name = {c.name: c for c in rec.workload.consumers}
    consumers = []
    for path in option.design.paths:
        consumer = by_name.get(path.consumer)
        consumers.append(FabricConsumer(
            path.consumer, path.delivery, path.hops, path.runs_on,
            consumer.expires_after if consumer else rec.workload.expires_after,
            option.sizing.value(f"lambda_timeout_s.{path.consumer}"),
            consumer.named if consumer else True))
    words = vocab()
    facts = {}
    for key, fact_id in words.facts.items():
        fact = rec.catalogue.facts.get(fact_id)
        value = fact.in_region(rec.workload.region) if fact is not None else None
        if value is not None:
            facts[key] = value
    return Fabric(rec.workload.name, rec.model, option.design.service_ids, tuple(consumers),
                  rec.workload.rate_peak,
                  option.sizing.value("kinesis_shards")
                  if words.services.stream in option.design.service_ids else None, facts,
                  rec.catalogue.cloud_name, rec.workload.cloud)
