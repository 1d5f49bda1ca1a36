"""Advice for topics, buses, queues, streams and pipes: dead letters, retries, retention."""

from __future__ import annotations

from advisor.core.designs import WORKER
from advisor.format import units
from advisor.providers.aws.building import QUEUES, STREAMS, Builder
from advisor.providers.aws.operations.common import Advice, clamp, follows_any, has_any


def broker_advice(b: Builder) -> list[Advice]:
    advice: list[Advice] = []
    paths = b.paths
    if has_any(b, "sns", "sns-fifo"):
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
    if has_any(b, "eventbridge"):
        keep = b.catalogue.number("eventbridge-retry")
        attempts = b.catalogue.number("eventbridge-retry-attempts")
        default = (f"keep each target's default retry policy ({units.format_duration(keep)} "
                   f"and {attempts:.0f} attempts): a late delivery beats a lost one")
        if expires is not None:
            age = clamp(expires, least, keep)
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
        if has_any(b, "webhook"):
            text += (" A target's dead-letter queue is not SQS-sourced, so StartMessageMoveTask "
                     "cannot redrive it: replay its messages with a pipe or a function.")
            facts += ("sqs-dlq-redrive",)
        advice.append((text, facts))
    if follows_any(paths, ("eventbridge", "sns", "sns-fifo", "dynamodb-streams"), "lambda") or any(
            p.hops[:1] == ("lambda",) for p in paths):
        # Latency is a target, not an expiry: only `expires_after` justifies dropping late
        # messages, and even then the failures go to a destination.
        retries = b.catalogue.number("lambda-async-retries")
        oldest = b.catalogue.number("lambda-async-max-event-age")
        keep_text = (f"keep the retries (MaximumRetryAttempts {retries:.0f}, the default) and "
                     f"the maximum event age ({units.format_duration(oldest)})")
        if expires is not None:
            age = clamp(expires, least, oldest)
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


def queue_advice(b: Builder) -> list[Advice]:
    advice: list[Advice] = []
    if not has_any(b, *QUEUES):
        return advice
    advice.append(("Give every queue a dead-letter queue (maxReceiveCount; a FIFO queue needs a "
                   "FIFO one) and redrive it with StartMessageMoveTask once the fault is fixed.",
                   ("sqs-dlq", "sqs-dlq-redrive")))
    if follows_any(b.paths, QUEUES, "lambda-esm"):
        advice.append(("Set each queue's visibility timeout to at least six times the "
                       "function's timeout, and turn on partial batch responses "
                       "(ReportBatchItemFailures) so only the failed messages return to the "
                       "queue.", ("lambda-esm-sqs-visibility-timeout",
                                  "lambda-esm-partial-batch")))
    if follows_any(b.paths, "sqs-fifo", "lambda-esm"):
        advice.append(("On a FIFO queue, a function reporting partial batch failures must stop "
                       "at the first failed message and report it and every later one, or the "
                       "group's order breaks.", ("lambda-esm-fifo-partial-batch",)))
    delay, longest = b.workload.delay, b.catalogue.number("sqs-delay-max")
    if delay and delay <= longest and has_any(b, "sqs"):
        advice.append((f"Hold each message back {units.format_duration(delay)} with SQS "
                       "DelaySeconds (per message on a standard queue, at most "
                       f"{units.format_duration(longest)}).", ("sqs-delay-max",)))
    if follows_any(b.paths, QUEUES, WORKER):
        wait = b.catalogue.number("sqs-long-poll-max")
        advice.append((f"Workers long-poll (WaitTimeSeconds {wait:g}), extend the visibility "
                       "timeout of long jobs, and delete a message only after processing it.",
                       ("sqs-long-poll-max", "sqs-visibility-timeout-max")))
    return advice


def stream_advice(b: Builder) -> list[Advice]:
    advice: list[Advice] = []
    if follows_any(b.paths, STREAMS, "lambda-esm"):
        advice.append(("On each stream event source mapping, enable BisectBatchOnFunctionError "
                       "and partial batch responses, bound MaximumRetryAttempts and "
                       "MaximumRecordAgeInSeconds, and set an on-failure destination; a failing "
                       "record otherwise blocks its shard until it expires.",
                       ("lambda-esm-bisect", "lambda-esm-max-retries",
                        "lambda-esm-max-record-age", "lambda-esm-on-failure")))
    if follows_any(b.paths, STREAMS, WORKER):
        advice.append(("Stream readers (KCL) checkpoint only after a record is processed, and "
                       "park records that keep failing instead of retrying them forever.",
                       ("kinesis-retention-default",)))
    if has_any(b, "dynamodb-streams"):
        advice.append(("Filter at the source (FilterCriteria) so only the changes a consumer "
                       "needs (event type, attributes) invoke it.", ("lambda-esm-filtering",)))
    return advice


def pipe_advice(b: Builder) -> list[Advice]:
    if not has_any(b, "eventbridge-pipes"):
        return []
    return [("Give each pipe a dead-letter target, and on a stream source bound retries and "
             "record age and let it bisect failing batches (AUTOMATIC_BISECT).",
             ("eventbridge-pipes-batching", "eventbridge-pipes-sources"))]
