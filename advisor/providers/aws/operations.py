"""What a design needs to run safely: error handling, retention, payload limits.

Advice is keyed on the routes a design actually has (a queue drained by an event
source mapping, a stream read by workers, a bus delivering to an API destination),
not merely on which services appear, and each item names its catalogue facts.
"""

from __future__ import annotations

from advisor.core.designs import PEOPLE, WORKER, ConsumerPath
from advisor.format import units
from advisor.format.workload import Consumer
from advisor.providers.aws.building import QUEUES, STREAMS, Builder
from advisor.providers.aws.vocabulary import ServiceId

# The service ids this module places in a design: the provider's `designed` set is the
# union over the design modules (designs.BRANCHES).
PLACES: frozenset[ServiceId] = frozenset({"s3"})

Advice = tuple[str, tuple[str, ...]]


def operate(b: Builder) -> tuple[Advice, ...]:
    """Add claim-check and warnings to the design, and return its operational advice."""
    _claim_check(b)
    _order_warnings(b)
    advice: list[Advice] = []
    for rule in (_broker_advice, _queue_advice, _stream_advice, _pipe_advice, _requirement_advice,
                 _replay_advice, _device_advice, _client_advice, _scheduler_advice):
        advice.extend(rule(b))
    return tuple(dict.fromkeys(advice))


def _any(paths: list[ConsumerPath], first: str | tuple[str, ...],
         then: str | tuple[str, ...]) -> bool:
    return any(p.follows(first, then) for p in paths)


def _has(b: Builder, *services: str) -> bool:
    return any(s in b.uses for s in services)


def _broker_advice(b: Builder) -> list[Advice]:
    advice: list[Advice] = []
    paths = b.paths
    if _has(b, "sns", "sns-fifo"):
        aws = units.format_span(b.catalogue.number("sns-retry-aws-endpoints"))
        people = units.format_span(b.catalogue.number("sns-retry-customer-endpoints"))
        advice.append(("Give every SNS subscription a dead-letter queue (RedrivePolicy; a FIFO "
                       f"subscription needs a FIFO one): SNS retries AWS endpoints for up to "
                       f"{aws} and email/SMS for about {people}, then drops the message.",
                       ("sns-dlq", "sns-retry-aws-endpoints", "sns-retry-customer-endpoints")))
    expiring = [c for c in b.workload.consumers if c.expires_after is not None]
    expires = min((c.expires_after or 0.0) for c in expiring) if expiring else None
    least = b.catalogue.number("event-age-min")  # Lambda and EventBridge alike
    names = ("" if len(expiring) == len(b.workload.consumers)
             else ", ".join(c.name for c in expiring))
    if _has(b, "eventbridge"):
        keep = b.catalogue.number("eventbridge-retry")
        attempts = b.catalogue.number("eventbridge-retry-attempts")
        default = (f"keep each target's default retry policy ({units.format_duration(keep)} "
                   f"and {attempts:.0f} attempts): a late delivery beats a lost one")
        if expires is not None:
            age = _clamp(expires, least, keep)
            text = ((f"For {names}, set" if names else "Set")
                    + f" each target's MaximumEventAgeInSeconds to {age:,.0f} (the events "
                    f"expire after {units.format_duration(expires)})"
                    + (f"; for the others, {default}" if names else "")
                    + ". Give every target a dead-letter queue, so expired and failed events "
                    "are kept, not dropped.")
        else:
            text = (f"Nothing says these events expire, so {default}. Give every target a "
                    "dead-letter queue, without which events are dropped once retries run "
                    "out.")
        facts: tuple[str, ...] = ("eventbridge-retry", "eventbridge-retry-attempts",
                                  "eventbridge-dlq")
        if _has(b, "webhook"):
            text += (" A target's dead-letter queue is not SQS-sourced, so StartMessageMoveTask "
                     "cannot redrive it: replay its messages with a pipe or a function.")
            facts += ("sqs-dlq-redrive",)
        advice.append((text, facts))
    if _any(paths, ("eventbridge", "sns", "sns-fifo", "dynamodb-streams"), "lambda") or any(
            p.hops[:1] == ("lambda",) for p in paths):
        # Latency is a target, not an expiry: only `expires_after` justifies dropping late
        # messages, and even then the failures go to a destination.
        retries = b.catalogue.number("lambda-async-retries")
        oldest = b.catalogue.number("lambda-async-max-event-age")
        keep_text = (f"keep the retries (MaximumRetryAttempts {retries:.0f}, the default) and "
                     f"the maximum event age ({units.format_duration(oldest)})")
        if expires is not None:
            age = _clamp(expires, least, oldest)
            text = ((f"{names}'s" if names else "The") + " messages expire after "
                    f"{units.format_duration(expires)}: set "
                    f"the function's MaximumEventAgeInSeconds to {age:,.0f} and "
                    "MaximumRetryAttempts to 0 or 1, and send what fails or expires to an "
                    "on-failure destination (SQS, SNS or a bus), so nothing is lost without a "
                    "record." + (f" For the other functions, {keep_text}." if names else ""))
        else:
            text = (f"For asynchronous invocation, {keep_text}, and add an on-failure "
                    "destination; delivery is at least once, so make the function idempotent.")
        advice.append((text, ("lambda-async-retries", "lambda-async-max-event-age",
                              "lambda-async-destinations")))
    return advice


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high))


def _queue_advice(b: Builder) -> list[Advice]:
    advice: list[Advice] = []
    if not _has(b, *QUEUES):
        return advice
    advice.append(("Give every queue a dead-letter queue (maxReceiveCount; a FIFO queue needs a "
                   "FIFO one) and redrive it with StartMessageMoveTask once the fault is fixed.",
                   ("sqs-dlq", "sqs-dlq-redrive")))
    if _any(b.paths, QUEUES, "lambda-esm"):
        advice.append(("Set each queue's visibility timeout to at least six times the "
                       "function's timeout, and turn on partial batch responses "
                       "(ReportBatchItemFailures) so only the failed messages return to the "
                       "queue.", ("lambda-esm-sqs-visibility-timeout",
                                  "lambda-esm-partial-batch")))
    if _any(b.paths, "sqs-fifo", "lambda-esm"):
        advice.append(("On a FIFO queue, a function reporting partial batch failures must stop "
                       "at the first failed message and report it and every later one, or the "
                       "group's order breaks.", ("lambda-esm-fifo-partial-batch",)))
    delay, longest = b.workload.delay, b.catalogue.number("sqs-delay-max")
    if delay and delay <= longest and _has(b, "sqs"):
        advice.append((f"Hold each message back {units.format_duration(delay)} with SQS "
                       "DelaySeconds (per message on a standard queue, at most "
                       f"{units.format_duration(longest)}).", ("sqs-delay-max",)))
    if _any(b.paths, QUEUES, WORKER):
        wait = b.catalogue.number("sqs-long-poll-max")
        advice.append((f"Workers long-poll (WaitTimeSeconds {wait:g}), extend the visibility "
                       "timeout of long jobs, and delete a message only after processing it.",
                       ("sqs-long-poll-max", "sqs-visibility-timeout-max")))
    return advice


def _stream_advice(b: Builder) -> list[Advice]:
    advice: list[Advice] = []
    if _any(b.paths, STREAMS, "lambda-esm"):
        advice.append(("On each stream event source mapping, enable BisectBatchOnFunctionError "
                       "and partial batch responses, bound MaximumRetryAttempts and "
                       "MaximumRecordAgeInSeconds, and set an on-failure destination; a failing "
                       "record otherwise blocks its shard until it expires.",
                       ("lambda-esm-bisect", "lambda-esm-max-retries",
                        "lambda-esm-max-record-age", "lambda-esm-on-failure")))
    if _any(b.paths, STREAMS, WORKER):
        advice.append(("Stream readers (KCL) checkpoint only after a record is processed, and "
                       "park records that keep failing instead of retrying them forever.",
                       ("kinesis-retention-default",)))
    if _has(b, "dynamodb-streams"):
        advice.append(("Filter at the source (FilterCriteria) so only the changes a consumer "
                       "needs (event type, attributes) invoke it.", ("lambda-esm-filtering",)))
    return advice


def _pipe_advice(b: Builder) -> list[Advice]:
    if not _has(b, "eventbridge-pipes"):
        return []
    return [("Give each pipe a dead-letter target, and on a stream source bound retries and "
             "record age and let it bisect failing batches (AUTOMATIC_BISECT).",
             ("eventbridge-pipes-batching", "eventbridge-pipes-sources"))]


def _requirement_advice(b: Builder) -> list[Advice]:
    w = b.workload
    advice: list[Advice] = []
    if w.duplicates == "must-deduplicate":
        window = units.format_span(b.catalogue.number("sqs-fifo-dedup-window"))
        # A function is named only where the route has one: workers time out too.
        who = "a function" if _has(b, "lambda", "lambda-esm") else "a consumer"
        text = (f"FIFO deduplication removes duplicate sends within {window}, not repeated "
                f"processing: {who} that times out after acting sees the message again. "
                "Keep an idempotency key per message in a store, check it before acting, and "
                "pass it on to downstream APIs that accept one.")
        if _has(b, "kinesis"):
            text = ("Kinesis does not remove duplicates (a producer's retry writes a record "
                    "twice): consumers deduplicate with an idempotency key per message, kept "
                    "in a store and checked before acting.")
        advice.append((text, ("sqs-fifo-dedup-window",)))
    if w.ordering != "none" and _has(b, "sqs-fifo"):
        advice.append(("A message moved to a dead-letter queue lets later messages of its group "
                       "go ahead without it; where order is strict, alarm on the dead-letter "
                       "queue and stop that group rather than skip the message.",
                       ("sqs-fifo-per-group", "sqs-dlq")))
    if any(c.runs_on == "on-premises" for c in w.consumers) and _has(b, *QUEUES):
        most = b.catalogue.number("sqs-retention-max") / 86400
        default = b.catalogue.number("sqs-retention-default") / 86400
        advice.append(("Servers on-premises may be offline for hours: raise the queue's "
                       f"retention to {most:g} days (the default is {default:g}), and give them "
                       "credentials "
                       "through IAM Roles Anywhere rather than long-lived keys.",
                       ("sqs-retention-max", "sqs-retention-default")))
        if all(c.instances == 1 for c in w.consumers if c.runs_on == "on-premises"):
            b.warn("If one on-premises consumer stands for many separately addressed servers, "
                   "state them as `instances:` (each then gets its own queue): a shared queue "
                   "hands each message to whichever server polls first.")
    return advice


def _replay_advice(b: Builder) -> list[Advice]:
    w = b.workload
    advice: list[Advice] = []
    replaying = [c for c in w.consumers if c.replay]
    if not replaying:
        return advice
    longest = max(c.replay for c in replaying)
    # A replay longer than a DynamoDB stream keeps is served by Kinesis in the design itself
    # (designs/buffers.py, _table_into_kinesis), so no warning is needed here.
    if _has(b, "kinesis"):
        default = b.catalogue.number("kinesis-retention-default")
        advice.append((f"Raise the stream's retention from the {default / 3600:g}-hour default to "
                       f"{units.format_duration(longest)} so consumers can re-read it.",
                       ("kinesis-retention-default", "kinesis-retention-max")))
    names = ", ".join(c.name for c in replaying)
    if _has(b, "eventbridge") and not _has(b, "kinesis", "dynamodb-streams"):
        advice.append((f"Archive the bus for {units.format_duration(longest)} (a pattern "
                       f"scoped to {names}'s events) and replay with StartReplay limited to "
                       "that consumer's rule, or every target receives the replayed events "
                       "again.", ("eventbridge-archive-replay",)))
    elif _has(b, "sns") and not _has(b, "kinesis"):
        limit = b.catalogue.number("sqs-retention-max")
        if longest <= limit:
            advice.append((f"SQS deletes what a consumer has processed. For {names}, keep a "
                           "second queue that nothing drains, with retention of "
                           f"{units.format_duration(longest)}, and drain it only to replay "
                           "(the Event Fork Pipelines pattern).",
                           ("sqs-retention-max",)))
        else:
            b.warn(f"{names} must replay {units.format_duration(longest)}, longer than an SQS "
                   f"queue keeps messages ({units.format_duration(limit)}); archive the events "
                   "(EventBridge archive, SNS FIFO archive or a stream) instead.")
    return advice


def _consumers_on(b: Builder, paths: list[ConsumerPath]) -> list[Consumer]:
    """The consumers these paths reach, found by name once (a workload lists up to 1,000)."""
    by_name = {c.name: c for c in b.workload.consumers}
    return [by_name[p.consumer] for p in paths if p.consumer in by_name]


def _names(consumers: list[Consumer]) -> str:
    return ", ".join(dict.fromkeys(c.name for c in consumers))


def _device_advice(b: Builder) -> list[Advice]:
    """Devices behind IoT Core: an MQTT publish lives only as long as the device's session,
    an IoT Job until the device finishes it; each needs its own failure settings."""
    w = b.workload
    devices = _consumers_on(b, [p for p in b.paths if p.runs_on == "device"
                                and p.hops[-1:] == ("iot-core",)])
    if not devices:
        return []
    iot = b.uses.get("iot-core")
    # The same test designs/clients.py applies: a command with no expiry waits for the device as a
    # job, unless the design is pure push.
    jobs = [c for c in devices if w.kind == "command" and c.expires_after is None
            and b.model != "push" and iot is not None and "iot-jobs" in iot.facts]
    published = [c for c in devices if c not in jobs]
    advice: list[Advice] = []
    peak = w.rate_peak
    if published:
        keep = b.catalogue.number("iot-persistent-sessions")
        text = (f"Publish to {_names(published)} with QoS 1, and have the devices connect with "
                "persistent sessions (MQTT 3 clean session off, or an MQTT 5 session expiry): "
                "IoT Core keeps a session's unacknowledged QoS 1 messages for "
                f"{units.format_duration(keep)} by default and delivers them when the device "
                "reconnects; QoS 0 messages are not kept.")
        facts: tuple[str, ...] = ("iot-persistent-sessions",)
        expiring = [c for c in published if c.expires_after is not None]
        if expiring:
            expires = min(c.expires_after or 0.0 for c in expiring)
            text += (f" Messages to {_names(expiring)} expire after "
                     f"{units.format_duration(expires)}: set the MQTT 5 Message Expiry Interval "
                     f"to {expires:,.0f} s on each publish (messageExpiry on the data-plane "
                     "Publish API or the republish action), so a device that reconnects later "
                     "is not handed a stale message, and do not re-send one after it expires.")
            if expires > keep:
                text += (f" A session keeps them for {units.format_duration(keep)}, less than "
                         "their expiry: raise the session expiry, or a device offline longer "
                         "misses messages that are still valid.")
            facts += ("iot-mqtt5-message-expiry",)
        else:
            text += (" A device offline for longer misses the message: do not retry beyond the "
                     "session; have the device ask for the current state when it reconnects.")
        per_connection = b.catalogue.fact("iot-core-rules")
        if per_connection.value is not None and peak is not None:
            text += (f" One connection publishes at most {per_connection.value:g} messages/s: "
                     "publish through the data-plane Publish API (HTTPS) rather than one MQTT "
                     f"connection, and check the Region's Publish request quota against "
                     f"{units.format_rate(peak)} (that quota is not in advisor's catalogue).")
            facts += (per_connection.id,)
            broadcast = [c for c in published if c.recipients != "per-message"
                         and c.instances > 1 and peak > per_connection.value]
            if broadcast:
                b.warn(f"Each device of {_names(broadcast)} would receive up to "
                       f"{units.format_rate(peak)} on its connection, more than the "
                       f"{per_connection.value:g} messages/s IoT Core allows per connection.")
        advice.append((text, facts))
    if jobs:
        timeout = b.catalogue.number("iot-jobs-configurations")
        text = (f"Create each command to {_names(jobs)} as an IoT Job with a timeoutConfig "
                f"(inProgressTimeoutInMinutes, at most {units.format_duration(timeout)}) so an "
                "execution a device started but never finished becomes TIMED_OUT, a "
                "jobExecutionsRetryConfig that retries FAILED and TIMED_OUT executions, "
                "and an abortConfig that cancels a job whose executions "
                "keep failing.")
        if peak is not None:
            text += (f" A job per message at {units.format_rate(peak)} must be checked against "
                     "the CreateJob request rate and the limit on active jobs (neither is in "
                     "advisor's catalogue: see the AWS IoT Jobs limits); above them, put the "
                     "commands for many devices into one job's targets.")
        advice.append((text, ("iot-jobs-configurations", "iot-jobs")))
    return advice


CLIENT_SERVICES = ("api-gateway-websocket", "appsync", "iot-core")


def _client_advice(b: Builder) -> list[Advice]:
    """Connected clients want the latest state, not a backlog: an update older than its
    expiry is dropped, and a connection that has gone is forgotten."""
    clients = [p for p in b.paths if p.runs_on == "client" and p.hops[-1:] and
               p.hops[-1] in CLIENT_SERVICES]
    advice: list[Advice] = []
    expiring = [c for c in _consumers_on(b, clients) if c.expires_after is not None]
    if expiring:
        expires = min(c.expires_after or 0.0 for c in expiring)
        text = (f"Updates to {_names(expiring)} expire after {units.format_duration(expires)}: "
                "stamp each with the time it was published, and drop any older than that "
                "when sending it and when the client receives it; a newer update for the same "
                "item supersedes an older one, so a client that reconnects fetches the current "
                "state instead of a backlog.")
        facts: tuple[str, ...] = ()
        if any(p.hops[-1] == "iot-core" for p in clients):
            text += (f" On IoT Core, set the MQTT 5 Message Expiry Interval to {expires:,.0f} s "
                     "so the broker drops them too.")
            facts += ("iot-mqtt5-message-expiry",)
        advice.append((text, facts))
    if any(p.hops[-1] == "api-gateway-websocket" for p in clients):
        advice.append(("When PostToConnection answers 410 GoneException, delete that connection "
                       "id from the connections table and do not retry it; also remove ids on "
                       "$disconnect.", ("api-gateway-websocket-gone",)))
    return advice


def _scheduler_advice(b: Builder) -> list[Advice]:
    """A one-time schedule per message: its target's retry policy, a dead-letter queue for
    what it cannot deliver, and deletion once it has fired."""
    scheduled = [p for p in b.paths if p.hops[:1] == ("eventbridge-scheduler",)]
    if not scheduled:
        return []
    oldest = b.catalogue.number("eventbridge-scheduler-retry-policy")
    attempts = b.catalogue.number("eventbridge-scheduler-retry-attempts")
    expiring = [c for c in _consumers_on(b, scheduled) if c.expires_after is not None]
    least = b.catalogue.number("event-age-min")
    if expiring:
        expires = min(c.expires_after or 0.0 for c in expiring)
        retry = (f"MaximumEventAgeInSeconds {_clamp(expires, least, oldest):,.0f} (the messages "
                 f"expire after {units.format_duration(expires)}) and few retries")
    else:
        retry = (f"MaximumEventAgeInSeconds up to {oldest:,.0f} "
                 f"({units.format_duration(oldest)}) and MaximumRetryAttempts up to "
                 f"{attempts:.0f}, since nothing says these messages expire")
    scheduled_limit = b.catalogue.number("eventbridge-scheduler-schedules")
    return [(f"Give each schedule's target a retry policy ({retry}) and a dead-letter queue "
             "(an SQS standard queue; FIFO is not supported) that receives what the schedule "
             "could not deliver. Create the one-time schedules with ActionAfterCompletion "
             "DELETE, so fired schedules do not count against the "
             f"{scheduled_limit:,.0f} schedules per Region.",
             ("eventbridge-scheduler-retry-policy", "eventbridge-scheduler-retry-attempts",
              "eventbridge-scheduler-dlq", "eventbridge-scheduler-auto-delete",
              "eventbridge-scheduler-schedules"))]


def _order_warnings(b: Builder) -> None:
    w = b.workload
    if w.ordering == "none":
        return
    for consumer in w.consumers:
        if consumer.runs_on in PEOPLE:
            b.warn(f"{consumer.name} is reached by {consumer.runs_on}, which keeps no order "
                   "(SNS FIFO delivers only to SQS queues); people may see messages out of "
                   "order.")


def _claim_check(b: Builder) -> None:
    """Payloads over a broker's limit travel through S3, with a pointer in the message."""
    w = b.workload
    largest = w.payload_max
    if not largest:
        return
    limits = {
        "sns": "sns-max-message-size-opt-in", "sns-fifo": "sns-max-message-size",
        "sqs": "sqs-max-message-size", "sqs-fifo": "sqs-max-message-size",
        "eventbridge": "eventbridge-max-event-size", "lambda": "lambda-async-payload",
        "kinesis": "kinesis-max-record-size-configurable",
        "api-gateway-websocket": "api-gateway-websocket-message-size",
        "appsync": "appsync-events", "iot-core": "iot-core-message-size",
    }
    over = [(s, b.catalogue.fact(limits[s])) for s in b.uses if s in limits]
    over = [(s, f) for s, f in over if f.value is not None and largest > f.value]
    if over:
        names = ", ".join(f"{b.catalogue.service(s).name} ({units.format_size(f.value or 0)})"
                          for s, f in over)
        b.use("s3", "claim-check store for payloads over the brokers' limits",
              f"Messages up to {units.format_size(largest)} exceed {names}; store the body in "
              "S3 and send a pointer (the Extended Client Libraries do this, up to 2 GB).",
              "s3-claim-check", *(f.id for _, f in over))
    sns = b.catalogue.number("sns-max-message-size")
    if "sns" in b.uses and largest > sns:
        most = b.catalogue.number("sns-max-message-size-opt-in")
        cap = b.catalogue.number("sns-large-message-subscription-cap")
        b.warn(f"Messages up to {units.format_size(largest)} exceed SNS's default "
               f"{units.format_size(sns)}; raise the topic's MaximumMessageSize (up to "
               f"{most / 1024**2:g} MiB, SQS, Lambda and Firehose subscribers only, at most "
               f"{cap:,.0f} subscriptions).")
