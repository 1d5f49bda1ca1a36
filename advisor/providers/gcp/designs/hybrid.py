"""Hybrid on Google Cloud: one topic, each consumer delivered as it needs.

Consumers that lean to push get a push subscription (or their handler's route); those that
lean to poll get a pull subscription. Pub/Sub fanning out into pull subscriptions alone is
not a push stage (the spec): a hybrid needs a consumer pushed and one pulling, or a push
stage (a source's function republishing) in front of a subscription a consumer pulls.
"""

from __future__ import annotations

from collections.abc import Mapping

from msgspec.structs import replace

from advisor.core.decision import ConsumerVerdict
from advisor.core.designs import PUSH_ONLY
from advisor.format.workload import Consumer
from advisor.providers.gcp.building import Builder
from advisor.providers.gcp.designs.drained import drain_route, drains
from advisor.providers.gcp.designs.poll import poll_route
from advisor.providers.gcp.designs.push import push_route

PLACES: frozenset[str] = frozenset()  # it places nothing itself: push and poll routes do

IS_POLL = "No consumer is pushed to and nothing pushes into a subscription: this hybrid is " \
          "the poll design."
IS_PUSH = "No consumer pulls: this hybrid is the push design."


def pulls(consumer: Consumer, leans: Mapping[str, ConsumerVerdict]) -> bool:
    """Whether a consumer pulls in the hybrid: where its rules lean, else where its runtime
    does (workers and servers behind a firewall pull; the rest are pushed to)."""
    if consumer.runs_on in (*PUSH_ONLY, "device", "store"):
        return False
    verdict = leans.get(consumer.name)
    if verdict is not None and verdict.lean != "either":
        return verdict.lean == "poll"
    return consumer.runs_on in ("container", "on-premises")


def outlasts_push(b: Builder, consumer: Consumer) -> bool:
    """Work longer than Pub/Sub waits for a pushed answer (the ack deadline) is pulled, by a
    consumer that can pull: the puller extends the deadline as it works."""
    took = b.workload.processing_time
    return (took is not None and took > b.catalogue.number("pubsub-ack-deadline-max")
            and consumer.runs_on not in (*PUSH_ONLY, "device", "store"))


def build_hybrid(b: Builder, leans: Mapping[str, ConsumerVerdict]) -> None:
    drained = False
    for consumer in b.workload.consumers:
        if drains(b, consumer):
            # pulled from a deduplicating buffer, then pushed on: a hybrid on its own
            b.path(consumer, "push", *drain_route(b, consumer))
            drained = True
        elif pulls(consumer, leans) or outlasts_push(b, consumer):
            b.path(consumer, "poll", *poll_route(b, consumer))
        else:
            b.path(consumer, "push", *push_route(b, consumer))
    if "managed-kafka" in b.uses and "pubsub" in b.uses:
        _feed_topic_from_log(b)
    deliveries = {p.delivery for p in b.paths}
    staged = any("pubsub-pull" in p.hops and p.hops[0] != "pubsub" for p in b.paths)
    if deliveries == {"poll"} and not (staged or drained):
        b.infeasible(IS_POLL)
    elif deliveries == {"push"} and not drained:
        b.infeasible(IS_PUSH)


def _feed_topic_from_log(b: Builder) -> None:
    """Where the pulling consumers read Kafka, the producer writes once, to Kafka, and a
    connector republishes into the topic the pushed consumers' subscriptions hang from:
    writing both brokers from the producer would let them disagree."""
    b.recast("pubsub", "topic fed from the Kafka topic by a Pub/Sub Sink connector",
             "The producer writes each event once, to Kafka; a Managed Kafka Connect Pub/Sub "
             "Sink connector republishes it here for the consumers that are pushed to.",
             "kafka-pubsub-sink")
    for i, path in enumerate(b.paths):
        if "pubsub" in path.hops and "managed-kafka" not in path.hops:
            at = path.hops.index("pubsub")
            b.paths[i] = replace(path, hops=(*path.hops[:at], "managed-kafka",
                                             *path.hops[at:]))
