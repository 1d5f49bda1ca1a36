"""What keeps a failed message: dead-letter queues, the retry numbers the ADR states, and
the alarms on dead letters and on the age of the oldest message."""

from __future__ import annotations

import math

from advisor.deploy.cloudformation.build import Json, Workbench, arn_of, ref
from advisor.providers.aws.operations.common import clamp

# The mapping the visibility timeouts are looked up in: CloudFormation has no arithmetic,
# so six times the timeout parameter is read from a list indexed by that parameter.
VISIBILITY_MAP = "VisibilityByFunctionTimeout"
# Where no latency target or expiry says how old a message may grow, the age alarm fires
# after an hour: long enough for any sized backlog advisor warns about to be visible in the
# ADR first, short enough that a stuck consumer is noticed the same working session.
DEFAULT_AGE_ALARM_S = 3600


def dead_letter_queue(b: Workbench, consumer: str | None, words: tuple[str, ...],
                      fifo: bool, what: str) -> str:
    """A dead-letter queue with the longest retention SQS allows (a fault may take days to
    fix), and an alarm as soon as anything lands in it."""
    props: Json = {"MessageRetentionPeriod": int(b.number("sqs-retention-max"))}
    if fifo:
        props = {"FifoQueue": True, **props}
    name = b.resource((*words, "Dlq"), "AWS::SQS::Queue", props, "dead-letter-queue",
                      consumer, f"dead letters of {what}")
    alarm(b, consumer, (*words, "DlqDepth"), {
        "Namespace": "AWS/SQS", "MetricName": "ApproximateNumberOfMessagesVisible",
        "Dimensions": [{"Name": "QueueName", "Value": {"Fn::GetAtt": [name, "QueueName"]}}],
        "Statistic": "Maximum", "Threshold": 0, "ComparisonOperator": "GreaterThanThreshold",
    }, f"a message reached the dead-letter queue of {what}")
    return name


def redrive(b: Workbench, dlq: str) -> Json:
    """An SQS RedrivePolicy: after maxReceiveCount receives (SQS's default, as the ADR
    cites it) a message moves to the dead-letter queue."""
    return {"deadLetterTargetArn": arn_of(dlq), "maxReceiveCount": int(b.number("sqs-dlq"))}


def age_threshold(b: Workbench, consumer: str | None) -> float:
    """How old the oldest message may grow: the consumer's expiry, else the workload's
    latency target, else an hour."""
    c = b.consumers.get(consumer or "")
    expires = c.expires_after if c else b.w.expires_after
    chosen = expires or b.w.latency or DEFAULT_AGE_ALARM_S
    return max(1.0, float(math.ceil(chosen)))


def alarm(b: Workbench, consumer: str | None, words: tuple[str, ...], metric: Json,
          what: str) -> str:
    props: Json = {**metric, "Period": 60, "EvaluationPeriods": 1,
                   "TreatMissingData": "notBreaching", "AlarmActions": b.alarm_actions()}
    return b.resource((*words, "Alarm"), "AWS::CloudWatch::Alarm", props, "alarm",
                      consumer, what)


def queue_age_alarm(b: Workbench, consumer: str | None, words: tuple[str, ...], queue: str,
                    what: str) -> str:
    limit = age_threshold(b, consumer)
    return alarm(b, consumer, (*words, "OldestMessage"), {
        "Namespace": "AWS/SQS", "MetricName": "ApproximateAgeOfOldestMessage",
        "Dimensions": [{"Name": "QueueName", "Value": {"Fn::GetAtt": [queue, "QueueName"]}}],
        "Statistic": "Maximum", "Threshold": limit,
        "ComparisonOperator": "GreaterThanThreshold"},
        f"the oldest message of {what} is older than {limit:g} s")


def iterator_age_alarm(b: Workbench, consumer: str | None, stream: Json, what: str) -> str:
    limit = age_threshold(b, consumer)
    return alarm(b, consumer, (consumer or "", "IteratorAge"), {
        "Namespace": "AWS/Kinesis", "MetricName": "GetRecords.IteratorAgeMilliseconds",
        "Dimensions": [{"Name": "StreamName", "Value": stream}],
        "Statistic": "Maximum", "Threshold": limit * 1000,
        "ComparisonOperator": "GreaterThanThreshold"},
        f"the oldest record {what} has not read is older than {limit:g} s")


def visibility(b: Workbench, timeout_parameter: str) -> Json:
    """Six times the function's timeout (the factor the ADR cites), for every whole-second
    timeout Lambda allows."""
    times = int(b.number("lambda-esm-sqs-visibility-timeout"))
    most = int(b.number("lambda-timeout-max"))
    b.sections.mappings.setdefault(VISIBILITY_MAP, {"Seconds": {
        f"Times{times}": [str(times * s) for s in range(most + 1)]}})
    return {"Fn::Select": [ref(timeout_parameter),
                           {"Fn::FindInMap": [VISIBILITY_MAP, "Seconds", f"Times{times}"]}]}


def event_age(b: Workbench, consumer: str, longest_fact: str) -> int:
    """A target's maximum event age: the consumer's expiry within the range the service
    takes, else the longest it keeps retrying (its default, which the ADR keeps)."""
    c = b.consumers.get(consumer)
    longest = b.number(longest_fact)
    expires = c.expires_after if c else None
    if expires is None:
        return int(longest)
    return int(clamp(expires, b.number("event-age-min"), longest))


def stream_retries(b: Workbench, batch: int) -> int:
    """A stream mapping's retries: enough halvings for BisectBatchOnFunctionError to isolate
    one failing record of a full batch, then the retries asynchronous invocation gives it."""
    return math.ceil(math.log2(max(batch, 1))) + int(b.number("lambda-async-retries"))
