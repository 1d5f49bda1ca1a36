"""Advice the workload's own requirements call for: expiry, deduplication, replay, delay."""

from __future__ import annotations

from advisor.format import units
from advisor.providers.aws.building import QUEUES, Builder
from advisor.providers.aws.operations.common import Advice, clamp, consumers_on, has_any


def requirement_advice(b: Builder) -> list[Advice]:
    w = b.workload
    advice: list[Advice] = []
    if w.duplicates == "must-deduplicate":
        window = units.format_span(b.catalogue.number("sqs-fifo-dedup-window"))
        # A function is named only where the route has one: workers time out too.
        who = "a function" if has_any(b, "lambda", "lambda-esm") else "a consumer"
        text = (f"FIFO deduplication removes duplicate sends within {window}, not repeated "
                f"processing: {who} that times out after acting sees the message again. "
                "Keep an idempotency key per message in a store, check it before acting, and "
                "pass it on to downstream APIs that accept one.")
        if has_any(b, "kinesis"):
            text = ("Kinesis does not remove duplicates (a producer's retry writes a record "
                    "twice): consumers deduplicate with an idempotency key per message, kept "
                    "in a store and checked before acting.")
        advice.append((text, ("sqs-fifo-dedup-window",)))
    if w.ordering != "none" and has_any(b, "sqs-fifo"):
        advice.append(("A message moved to a dead-letter queue lets later messages of its group "
                       "go ahead without it; where order is strict, alarm on the dead-letter "
                       "queue and stop that group rather than skip the message.",
                       ("sqs-fifo-per-group", "sqs-dlq")))
    if any(c.runs_on == "on-premises" for c in w.consumers) and has_any(b, *QUEUES):
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


def replay_advice(b: Builder) -> list[Advice]:
    w = b.workload
    advice: list[Advice] = []
    replaying = [c for c in w.consumers if c.replay]
    if not replaying:
        return advice
    longest = max(c.replay for c in replaying)
    # A replay longer than a DynamoDB stream keeps is served by Kinesis in the design itself
    # (designs/buffers.py, table_into_kinesis), so no warning is needed here.
    if has_any(b, "kinesis"):
        default = b.catalogue.number("kinesis-retention-default")
        advice.append((f"Raise the stream's retention from the {default / 3600:g}-hour default to "
                       f"{units.format_duration(longest)} so consumers can re-read it.",
                       ("kinesis-retention-default", "kinesis-retention-max")))
    names = ", ".join(c.name for c in replaying)
    if has_any(b, "eventbridge") and not has_any(b, "kinesis", "dynamodb-streams"):
        advice.append((f"Archive the bus for {units.format_duration(longest)} (a pattern "
                       f"scoped to {names}'s events) and replay with StartReplay limited to "
                       "that consumer's rule, or every target receives the replayed events "
                       "again.", ("eventbridge-archive-replay",)))
    elif has_any(b, "sns") and not has_any(b, "kinesis"):
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


def scheduler_advice(b: Builder) -> list[Advice]:
    """A one-time schedule per message: its target's retry policy, a dead-letter queue for
    what it cannot deliver, and deletion once it has fired."""
    scheduled = [p for p in b.paths if p.hops[:1] == ("eventbridge-scheduler",)]
    if not scheduled:
        return []
    oldest = b.catalogue.number("eventbridge-scheduler-retry-policy")
    attempts = b.catalogue.number("eventbridge-scheduler-retry-attempts")
    expiring = [c for c in consumers_on(b, scheduled) if c.expires_after is not None]
    least = b.catalogue.number("event-age-min")
    if expiring:
        expires = min(c.expires_after or 0.0 for c in expiring)
        retry = (f"MaximumEventAgeInSeconds {clamp(expires, least, oldest):,.0f} (the messages "
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
