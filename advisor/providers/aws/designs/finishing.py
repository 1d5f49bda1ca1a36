"""What every design obeys after its branch has laid the routes: entry, delay, owners,
readers per stream, and hops the source can reach.
"""

from __future__ import annotations

from advisor.core.designs import PUSH_ONLY, ConsumerPath
from advisor.format import units
from advisor.providers.aws.building import QUEUES, Builder
from advisor.providers.aws.designs.routing import names_of
from advisor.providers.aws.vocabulary import ServiceId

# The service ids this module places in a design: the provider's `designed` set is the
# union over the design modules (designs.BRANCHES).
PLACES: frozenset[ServiceId] = frozenset({
    "eventbridge", "eventbridge-scheduler", "iot-core", "kinesis", "webhook"
})


def limit_stream_readers(b: Builder) -> None:
    """Every instance that reads a Kinesis stream is a reader of its own (its own position,
    its own lease table). Beyond the enhanced fan-out consumers a stream allows, the readers
    cannot all keep up: a topic with a queue per instance carries the fan-out instead."""
    if "kinesis" not in b.uses:
        return
    by_name = {c.name: c for c in b.workload.consumers}
    readers: dict[str, int] = {}
    for p in b.paths:
        if "kinesis" not in p.hops:
            continue
        after = p.hops[p.hops.index("kinesis") + 1:]
        if after[:2] == ("eventbridge-pipes", "eventbridge"):
            readers["one pipe into the bus"] = 1  # one reader fans out for everyone
            continue
        consumer = by_name.get(p.consumer)
        # Clients, devices and people are reached through one function that reads for all.
        instances = consumer.instances if consumer and consumer.runs_on not in (
            *PUSH_ONLY, "device") else 1
        readers[p.consumer] = p.count * instances
    total = sum(readers.values())
    most = b.catalogue.number("kinesis-efo-consumers")
    if total > most:
        calls = b.catalogue.number("kinesis-getrecords-tps")
        b.infeasible(f"{total:,} readers would share one Kinesis stream, and a stream takes at "
                     f"most {most:.0f} enhanced fan-out consumers (standard readers share "
                     f"{calls:g} GetRecords calls/s per shard): fan out through an SNS topic "
                     "with an SQS queue per instance instead.")
        b.use("kinesis", "", "", "kinesis-efo-consumers")


def one_owner_each(b: Builder) -> None:
    """A command is carried out once: with several owners, each command is routed to exactly
    one of them, never copied to all."""
    w = b.workload
    if w.kind != "command" or len(w.consumers) <= 1:
        return
    owner = "each command reaches exactly one owner, never all of them (a copy to every " \
        "owner would carry the command out twice)."
    if "sns" in b.uses or "sns-fifo" in b.uses:
        for topic in ("sns", "sns-fifo"):
            if topic in b.uses and "owner" not in b.uses[topic].why:
                b.use(topic, "", "The sender sets an owner attribute and each owner's "
                      f"subscription has a filter policy on it, so {owner}", "sns-filtering")
    if "eventbridge" in b.uses:
        b.use("eventbridge", "", "The sender names the owner in the event and a rule per owner "
              f"matches it, so {owner}")
    for queue in QUEUES:
        shared = [p for p in b.paths if p.hops[:1] == (queue,)]
        if len(shared) > 1:
            b.use(queue, "", f"One queue per owner, which the sender addresses, so {owner}")


def enter(b: Builder) -> None:
    """Every route starts where the producer hands the message over: an IoT rule when the
    source is IoT Core, an HTTPS endpoint we expose when a third party sends webhooks."""
    w = b.workload
    if w.source == "iot-core":
        first = b.use("iot-core", "rules engine: an IoT rule whose actions deliver each "
                      "matching MQTT message", "IoT Core's rules select messages with SQL and "
                      "deliver them through rule actions (Lambda, SQS, SNS, Kinesis, Firehose, "
                      "Step Functions, HTTP); there is no EventBridge action.",
                      "iot-core-rules", "iot-core-rule-actions")
    elif w.producer == "third-party" and not w.source:
        first = b.use("webhook", "HTTPS endpoint we expose for the third party's webhooks",
                      "The third party delivers by calling our HTTPS endpoint (API Gateway, "
                      "or a function URL), which verifies the signature and hands the event "
                      "on.", "webhook-options")
    else:
        return
    b.paths = [p if p.hops[:1] == (first,) else
               ConsumerPath(p.consumer, p.delivery, (first, *p.hops), p.runs_on, p.count,
                            p.queues)
               for p in b.paths]


def hold_back(b: Builder) -> None:
    """A delivery held back longer than SQS's DelaySeconds allows waits in a one-time schedule."""
    w = b.workload
    longest = b.catalogue.number("sqs-delay-max")
    if not w.delay:
        return
    if w.delay <= longest:
        if "sqs" not in b.uses:
            b.warn(f"Each message waits {units.format_duration(w.delay)} before delivery; this "
                   "design has no standard queue to hold it back with DelaySeconds (at most "
                   f"{units.format_duration(longest)}), so the producer needs a queue or a "
                   "one-time EventBridge Scheduler schedule for it.")
        return
    precision = b.catalogue.number("eventbridge-scheduler-one-time")
    scheduler = b.use("eventbridge-scheduler", "one-time schedule per message that delivers "
                      "it when its delay has passed", f"A delay of "
                      f"{units.format_duration(w.delay)} is longer than SQS's DelaySeconds "
                      f"(at most {units.format_duration(longest)}); EventBridge Scheduler "
                      "invokes the first hop once at the set time, to within "
                      f"{units.format_duration(precision)}.",
                      "sqs-delay-max", "eventbridge-scheduler-one-time",
                      "eventbridge-scheduler-schedules")
    if w.source or w.producer == "third-party":
        # An AWS source or a partner sends at once and cannot create schedules: the first
        # function on the route does.
        b.warn(f"The sender delivers at once; to hold each message back "
               f"{units.format_duration(w.delay)}, the first function on the route creates a "
               "one-time EventBridge Scheduler schedule that delivers it on.")
        return
    b.paths = [ConsumerPath(p.consumer, p.delivery, (scheduler, *p.hops), p.runs_on,
                            p.count, p.queues)
               for p in b.paths]


def check_source(b: Builder) -> None:
    """A design never has a hop the source cannot reach; the first hop cites where it can."""
    w = b.workload
    if not w.source or (w.source == "dynamodb" and b.model == "push"):
        return  # a pushed table change is infeasible already, for that reason
    source = b.catalogue.source(w.source)
    for path in b.paths:
        hops = path.hops[1:] if w.source == "iot-core" else path.hops
        if not hops:
            continue
        if hops[0] not in source.targets:
            b.infeasible(f"{source.name} cannot publish to {b.catalogue.service(hops[0]).name}"
                         f" (for {path.consumer}): it reaches only "
                         f"{names_of(b, source.targets)}.")
        elif hops[0] in b.uses:
            b.use(hops[0], "", "", *source.facts)
    if w.source == "iot-core":
        b.use("iot-core", "", "", *source.facts)
