"""What a template must agree with: the decision for one workload, as plain values that cross
between processes with check's other answers (gate/reading.py).

Taken from the recommendation that `check` recomputes (the chosen design's route to each
consumer, its sizing figures) and from the catalogue facts that say what AWS does where a
template leaves a setting out. Built only for a workload that names a template.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from advisor.core.recommendation import Recommendation

# The catalogue facts the comparison reads (each with its source in the catalogue): how many
# function timeouts a queue's visibility timeout must span, and AWS's defaults for what a
# template may leave unset.
FACTS = {
    "visibility_factor": "lambda-esm-sqs-visibility-timeout",
    "visibility_default": "sqs-visibility-timeout-default",
    "batch_default_sqs": "lambda-esm-batch-size-sqs-default",
    "batch_default_stream": "lambda-esm-batch-size-streams-default",
}


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
    shards: float | None  # Kinesis shards the ADR sizes for the peak; None: no stream sized
    facts: dict[str, float]  # FACTS' numbers, by their key


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
    facts = {}
    for key, fact_id in FACTS.items():
        fact = rec.catalogue.facts.get(fact_id)
        value = fact.in_region(rec.workload.region) if fact is not None else None
        if value is not None:
            facts[key] = value
    return Fabric(rec.workload.name, rec.model, option.design.service_ids, tuple(consumers),
                  rec.workload.rate_peak,
                  option.sizing.value("kinesis_shards") if "kinesis" in option.design.service_ids
                  else None, facts)
