"""The poll branch: one buffer (queue, stream or broker) every consumer pulls from."""

from __future__ import annotations

from advisor.core.designs import PUSH_ONLY
from advisor.format import units
from advisor.format.workload import Consumer
from advisor.providers.aws.building import QUEUES, Builder
from advisor.providers.aws.designs.buffers import (
    fifo_role,
    fifo_why,
    kinesis_keeps,
    kinesis_why,
    replay_outlives_stream,
    table_into_kinesis,
)
from advisor.providers.aws.designs.clients import device_hops, waits_for_device
from advisor.providers.aws.designs.routing import (
    RELAYS,
    can_reach,
    lead_to,
    names_of,
    push_only,
    reach_via,
    relay,
    span,
)
from advisor.providers.aws.designs.tails import poll_tail
from advisor.providers.aws.vocabulary import ServiceId

# The service ids this module places in a design: the provider's `designed` set is the
# union over the design modules (designs.BRANCHES).
PLACES: frozenset[ServiceId] = frozenset({
    "dynamodb-streams", "iot-core", "kinesis", "mq", "msk", "sqs", "sqs-fifo"
})


def build_poll(b: Builder) -> None:
    w = b.workload
    buffer = _poll_buffer(b)
    lead = reach_via(b, buffer)
    if lead is None:
        source = b.catalogue.source(w.source or "")
        b.infeasible(f"{source.name} publishes only to {names_of(b, source.targets)}, and none "
                     f"of them fills a {b.catalogue.service(buffer).name} for consumers that "
                     "pull.")
        lead = []
    elif lead == [] and w.crosses and "regions" in w.crosses and w.source and buffer in QUEUES:
        # An AWS source notifies only in its own Region: a topic carries it to the queue in
        # the consumer's Region.
        lead = _reach_across(b, buffer)
    for consumer in w.consumers:
        runs_on = consumer.runs_on
        if runs_on == "device":
            b.path(consumer, "poll", *_poll_devices(b, consumer))
            continue
        if push_only(consumer):
            b.infeasible(f"{consumer.name} ({runs_on}) cannot poll a queue or stream.")
            b.path(consumer, "poll", *lead, buffer)
            continue
        b.path(consumer, "poll", *own_queues(b, consumer, buffer, lead), buffer,
               *poll_tail(b, consumer, buffer))


def own_queues(b: Builder, consumer: Consumer, queue: str, lead: list[str]) -> list[str]:
    """Separately addressed instances never compete on one queue, where each message would go
    to whichever instance polls first: each instance pulls its own queue. The lead returned
    puts a topic in front where a broadcast must fill every one of them."""
    n = consumer.instances
    if n <= 1 or queue not in QUEUES or consumer.runs_on in (*PUSH_ONLY, "device"):
        return lead
    order = (" (MessageGroupId keeps each instance's messages in order)"
             if queue == "sqs-fifo" else "")
    if consumer.recipients == "per-message":
        policies = b.catalogue.fact("sns-filter-policies-per-topic")
        topics = [h for h in lead if h in ("sns", "sns-fifo")]
        if topics and not b.workload.source and n > (policies.value or 0):
            # Too many addressees to filter on one topic: the producer addresses each queue.
            lead = [h for h in lead if h not in topics]
            b.use(queue, "", f"A topic takes at most {policies.value or 0:,.0f} filter "
                  "policies, so the producer sends each message straight to its addressee's "
                  "queue rather than through the topic.", policies.id)
        how = ("a subscription filter policy on the addressee attribute sends each message "
               "to its instance's queue" if any(h in ("sns", "sns-fifo") for h in lead) else
               "a rule per instance matching the addressee sends each message to its queue"
               if "eventbridge" in lead else
               "the producer sends each message to its addressee's queue")
        b.use(queue, "", f"{consumer.name} stands for {n:,} separately addressed instances, so "
              f"it gets {n:,} queues, one per instance: {how}{order}; a shared queue would "
              "hand each message to whichever instance polls first.")
        return lead
    if queue == "sqs-fifo" and "eventbridge" in lead and not can_reach(b, "sns-fifo"):
        # An SNS standard topic delivers to no FIFO queue: the bus's rules fill each one.
        per = b.catalogue.number("eventbridge-targets-per-rule")
        rules = -(-n // int(per))
        b.use(queue, "", f"{consumer.name} stands for {n:,} instances that each receive every "
              f"message, so it gets {n:,} FIFO queues, one per instance, each a target of the "
              f"bus ({rules:,} rule{'s' if rules > 1 else ''} of at most {per:.0f} targets); an "
              "SNS standard topic delivers to no FIFO queue.", "eventbridge-targets-per-rule",
              "sns-protocols")
        return lead
    if not any(h in ("sns", "sns-fifo") for h in lead):
        # A FIFO queue is filled only by a FIFO topic: a standard one delivers to no FIFO queue.
        topic = "sns-fifo" if queue == "sqs-fifo" else "sns"
        reach = lead_to(b, topic)
        if reach is None:
            b.infeasible(f"{consumer.name}'s {n:,} instances each need every message in a "
                         "queue of their own, and nothing the source reaches copies a message "
                         "to a queue per instance.")
            return lead
        routers = [h for h in lead if h == "eventbridge"] or [
            relay(b, r, topic) for r in reach]
        lead = [*routers, b.use(topic, "topic that copies each message to a queue per "
                                "instance", "Every instance must receive every message, so "
                                "the topic delivers each one to a queue per instance.",
                                "sns-subscriptions-per-topic")]
    b.use(queue, "", f"{consumer.name} stands for {n:,} instances that each receive every "
          f"message, so it gets {n:,} queues, one per instance, each subscribed to the "
          f"topic{order}; a shared queue would hand each message to one instance only.")
    return lead


def _reach_across(b: Builder, buffer: str) -> list[str]:
    for router in ("sns", "eventbridge"):
        if can_reach(b, router) and buffer in RELAYS[router]:
            return [b.use(router, "topic in the source's Region that delivers to the queue in "
                          "the consumer's Region" if router == "sns" else
                          "event bus in the source's Region with a cross-Region bus target",
                          "The source notifies only within its Region; SNS delivers to SQS "
                          "queues in other Regions, so the queue lives in the consumer's "
                          "Region." if router == "sns" else
                          "The source notifies only within its Region; an EventBridge rule "
                          "sends to a bus in the consumer's Region, which fills its queue.",
                          "sns-subscriptions-per-topic" if router == "sns"
                          else "eventbridge-retry")]
    return []


def _poll_devices(b: Builder, consumer: Consumer) -> list[str]:
    """Devices do not poll a shared queue; a command waiting for them is an IoT Job they ask
    for (the pull half of IoT Jobs)."""
    w = b.workload
    if waits_for_device(w, consumer):
        if w.ordering != "none":
            return device_hops(b, consumer, None, "poll")
        return [b.use("iot-core", "IoT Jobs the devices fetch when they ask",
                      "Each device asks IoT Jobs for its pending executions "
                      "(StartNextPendingJobExecution) when it connects or on a schedule, "
                      "without listening for the notice.", "iot-jobs")]
    b.infeasible(f"{consumer.name} (devices) cannot poll a shared queue for events: it would "
                 "hand each message to whichever device polls first. Devices subscribe to "
                 "their MQTT topics (push).")
    return []


def _stream_needed(b: Builder) -> bool:
    """A retained, sharded stream rather than a queue: history, shared reading, volume,
    telemetry and logs, and several readers of one ordered feed."""
    w = b.workload
    peak = w.rate_peak or 0.0
    # the thresholds of PP307 and PP401, read from the same catalogue facts
    most_batch = b.catalogue.number("lambda-esm-batch-size-streams")
    most_window = b.catalogue.number("lambda-esm-batching-window")
    big_batches = any((c.batching.size or 0) > most_batch
                      or (c.batching.window or 0) > most_window for c in w.consumers)
    # Events at a high rate are a stream (telemetry, clicks, logs); commands at any rate are
    # work items, and a standard queue takes nearly unlimited throughput.
    return bool(w.replay) or any(c.replay for c in w.consumers) or (
        w.kind == "event" and (w.consumer_total > 1
                               or peak >= b.catalogue.number("kinesis-shard-write-records"))
    ) or big_batches or (
        w.kind == "event" and (w.producer == "device" or w.source == "cloudwatch-logs")) or (
        w.ordering != "none" and w.consumer_total > 1) or (
        lead_to(b, "sqs") is None and can_reach(b, "kinesis"))


def _poll_buffer(b: Builder) -> str:
    w = b.workload
    # A log is never offered for a replay window longer than it keeps records.
    window = max((c.replay for c in w.consumers), default=0.0)
    if w.source == "dynamodb":
        readers = b.catalogue.number("dynamodb-streams-readers")
        keeps = b.catalogue.number("dynamodb-streams-retention")
        if w.consumer_total > readers:
            return table_into_kinesis(b, f"{w.consumer_total:,} consumers read the table's "
                                      "changes; a DynamoDB stream takes at most "
                                      f"{readers:.0f} readers per shard", window)
        if window > keeps:
            return table_into_kinesis(b, replay_outlives_stream(window, keeps), window)
        return b.use("dynamodb-streams", "change stream of the table, read by pollers",
                     f"DynamoDB Streams keeps each item change for "
                     f"{span(b.catalogue.number('dynamodb-streams-retention'))}, in order per "
                     "item.", "dynamodb-streams-retention", "dynamodb-streams-ordering",
                     "dynamodb-streams-readers")
    if "msk" in w.existing:
        return b.use("msk", "Kafka topic the consumers read at their own offsets",
                     "Amazon MSK is already in place; Kafka keeps order per partition and "
                     "lets each consumer group read at its own pace.", "msk-when")
    if "mq" in w.existing:
        return b.use("mq", "broker queue the consumers read", "Amazon MQ is already in place "
                     "and its clients speak its protocols (JMS, AMQP, MQTT, STOMP).", "mq-when")
    if window > b.catalogue.number("kinesis-retention-max") and can_reach(b, "msk"):
        return b.use("msk", "Kafka topic with tiered storage, kept as long as replay needs",
                     f"{units.format_duration(window)} of replay is longer than Kinesis keeps "
                     f"records ({span(b.catalogue.number('kinesis-retention-max'))}); an MSK "
                     "topic on tiered storage keeps them without a "
                     "limit (retention.ms -1), and each consumer group reads at its own "
                     "offset.", "msk-tiered-storage-retention", "kinesis-retention-max",
                     "msk-ordering")
    fifo = w.ordering != "none" or w.duplicates == "must-deduplicate"
    if "kinesis" in w.existing or _stream_needed(b) or (
            fifo and lead_to(b, "sqs-fifo") is None and can_reach(b, "kinesis")):
        kinesis_keeps(b, window)
        return b.use("kinesis", "retained stream every consumer reads at its own position",
                     kinesis_why(w, b.catalogue), "kinesis-retention-max", "kinesis-ordering",
                     "kinesis-shard-write-records", "kinesis-efo-consumers")
    if w.ordering != "none" or w.duplicates == "must-deduplicate":
        return b.use("sqs-fifo", fifo_role(w), fifo_why(b), "sqs-fifo-dedup-window",
                     "sqs-fifo-per-group", "sqs-fifo-throughput", "sqs-fifo-high-throughput")
    return b.use("sqs", "queue the consumer drains at its own pace",
                 f"SQS holds messages up to {span(b.catalogue.number('sqs-retention-max'))} "
                 "with nearly unlimited throughput; the consumer sets batch size and "
                 "concurrency.", "sqs-retention-max",
                 "sqs-standard-throughput")
