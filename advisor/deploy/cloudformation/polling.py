"""What pulls, and the functions' own retries: event source mappings, pipes and the
asynchronous invoke configs, each with the batch, window, retry and failure settings the
ADR's sizing and error handling state."""

from __future__ import annotations

from advisor.deploy.cloudformation import parameters, safety
from advisor.deploy.cloudformation.build import Json, Node, Workbench, arn_of
from advisor.deploy.cloudformation.fabric import retention_hours
from advisor.providers.aws.operations.common import clamp

STREAMS = ("kinesis", "dynamodb-streams")
QUEUES = ("sqs", "sqs-fifo")
# The batch a mapping takes unless told otherwise, per source (catalogue facts).
DEFAULT_BATCH = {"sqs": "lambda-esm-batch-size-sqs-default",
                 "sqs-fifo": "lambda-esm-batch-size-sqs-default",
                 "kinesis": "lambda-esm-batch-size-streams-default",
                 "dynamodb-streams": "lambda-esm-batch-size-streams-default",
                 "msk": "lambda-esm-batch-size-kafka-default",
                 "mq": "lambda-esm-batch-size-mq-default"}


def batch_size(b: Workbench, consumer: str, source: str) -> int:
    sized = b.figure(f"esm_batch_size.{consumer}")
    return int(sized if sized is not None else b.number(DEFAULT_BATCH[source]))


def _record_age(b: Workbench, consumer: str, source: str) -> int:
    """How old a record may grow before a stream reader gives it up: the consumer's expiry,
    at the latest when the stream would drop it (its retention, within the mapping's
    range)."""
    longest = b.number("lambda-esm-max-record-age")
    if source == "dynamodb-streams":
        kept = b.number("dynamodb-streams-retention")
    elif source == "kinesis" and "kinesis" not in b.w.existing:
        kept = retention_hours(b) * 3600.0
    else:
        kept = b.number("kinesis-retention-default")
    c = b.consumers.get(consumer)
    expires = c.expires_after if c else None
    limit = min(kept, longest) if expires is None else min(expires, kept, longest)
    return int(clamp(limit, b.number("event-age-min"), longest))


def _stream_settings(b: Workbench, consumer: str, source: str, batch: int) -> Json:
    replays = (b.consumers[consumer].replay if consumer in b.consumers else 0.0) > 0
    return {"StartingPosition": "TRIM_HORIZON" if replays else "LATEST",
            "MaximumRetryAttempts": safety.stream_retries(b, batch),
            "MaximumRecordAgeInSeconds": _record_age(b, consumer, source)}


def event_source_mapping(b: Workbench, consumer: str, source: Node, function: Json) -> str:
    """The mapping that polls `source` for the consumer's function."""
    batch = batch_size(b, consumer, source.service)
    props: Json = {"FunctionName": function, "EventSourceArn": source.arn,
                   "BatchSize": batch}
    window = b.figure(f"esm_batching_window_s.{consumer}")
    if window is not None and not source.fifo:  # a FIFO queue takes no batching window
        props["MaximumBatchingWindowInSeconds"] = int(window)
    if source.service in QUEUES or source.service in STREAMS:
        props["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
    c = b.consumers.get(consumer)
    if source.service in QUEUES and c is not None and c.max_concurrency:
        props["ScalingConfig"] = {"MaximumConcurrency": int(clamp(
            c.max_concurrency, b.number("lambda-esm-max-concurrency-min"),
            b.number("lambda-esm-max-concurrency")))}
    if source.service in STREAMS:
        props.update(_stream_settings(b, consumer, source.service, batch))
        props["BisectBatchOnFunctionError"] = True
        factor = b.figure(f"kinesis_parallelization_factor.{consumer}")
        if factor is not None:
            props["ParallelizationFactor"] = int(factor)
        dlq = safety.dead_letter_queue(b, consumer, (consumer, "Mapping"), False,
                                       f"{consumer}'s stream mapping")
        props["DestinationConfig"] = {"OnFailure": {"Destination": arn_of(dlq)}}
    if source.service == "msk":
        props.pop("EventSourceArn")
        props.update({"EventSourceArn": source.arn, "Topics": [source.name],
                      "StartingPosition": "LATEST"})
    if source.service == "mq":
        props.update({"Queues": [source.name], "SourceAccessConfigurations": [{
            "Type": "BASIC_AUTH", "URI": parameters.shared_arn(
                b, ("MqSecretArn",), "the secret holding the broker's user and password")}]})
    return b.resource((consumer, "Mapping"), "AWS::Lambda::EventSourceMapping", props,
                      "event-source-mapping", consumer, f"{consumer} polling {source.service}")


def invoke_config(b: Workbench, consumer: str, function: Json) -> str:
    """Asynchronous invocation as the ADR states it: the default retries and event age,
    or for messages that expire one retry within the expiry; failures go to a queue."""
    c = b.consumers.get(consumer)
    expires = c.expires_after if c else None
    retries = int(b.number("lambda-async-retries")) if expires is None else 1
    dlq = safety.dead_letter_queue(b, consumer, (consumer, "Invoke"), False,
                                   f"{consumer}'s failed invocations")
    return b.resource((consumer, "InvokeConfig"), "AWS::Lambda::EventInvokeConfig", {
        "FunctionName": function, "Qualifier": "$LATEST",
        "MaximumRetryAttempts": retries,
        "MaximumEventAgeInSeconds": safety.event_age(b, consumer, "lambda-async-max-event-age"),
        "DestinationConfig": {"OnFailure": {"Destination": arn_of(dlq)}}},
        "invoke-config", consumer, f"{consumer}'s asynchronous invocation")


def pipe(b: Workbench, consumer: str | None, source: Node, target: Node) -> str:
    """A pipe from a stream or queue to its target, with the stream's retry bounds, bisect
    on error and a dead-letter queue (`consumer`: None for a pipe every consumer shares)."""
    own = consumer or ""
    props: Json = {"RoleArn": parameters.role_arn(b, own, "Pipe"),
                   "Source": source.arn, "Target": target.arn, "DesiredState": "RUNNING"}
    batch = batch_size(b, own, source.service)
    if source.service in STREAMS:
        dlq = safety.dead_letter_queue(b, consumer, (own, "Pipe"), False,
                                       f"the pipe {own or b.w.name}")
        key = ("DynamoDBStreamParameters" if source.service == "dynamodb-streams"
               else "KinesisStreamParameters")
        props["SourceParameters"] = {key: {
            "BatchSize": batch, **_stream_settings(b, own, source.service, batch),
            "OnPartialBatchItemFailure": "AUTOMATIC_BISECT",
            "DeadLetterConfig": {"Arn": arn_of(dlq)}}}
    elif source.service in QUEUES:
        props["SourceParameters"] = {"SqsQueueParameters": {"BatchSize": batch}}
    target_parameters = _target_parameters(b, source, target)
    if target_parameters:
        props["TargetParameters"] = target_parameters
    return b.resource((own, "Pipe"), "AWS::Pipes::Pipe", props, "pipe", consumer,
                      f"{source.service} to {target.service} for {own or b.w.name}")


def _target_parameters(b: Workbench, source: Node, target: Node) -> Json:
    if target.service == "sqs-fifo":
        key = b.w.ordering_key
        group = (f"$.body.{key}" if source.service in QUEUES else f"$.{key}") if key \
            else b.w.name
        return {"SqsQueueParameters": {"MessageGroupId": group}}
    if target.service == "step-functions":
        return {"StepFunctionStateMachineParameters": {"InvocationType": "FIRE_AND_FORGET"}}
    if target.service == "lambda":
        return {"LambdaFunctionParameters": {"InvocationType": "FIRE_AND_FORGET"}}
    if target.service == "eventbridge":
        return {"EventBridgeEventBusParameters": {"DetailType": b.w.name,
                                                  "Source": b.w.name}}
    return {}
