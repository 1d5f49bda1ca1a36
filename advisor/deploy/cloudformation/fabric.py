"""The fabric's own resources: topics, buses, streams and queues, and the dispatch of every
service a workload shares. Each is a `Node` that delivery wires to the next hop."""

from __future__ import annotations

import math

from advisor.deploy.cloudformation import endpoints, parameters, safety
from advisor.deploy.cloudformation.build import Json, Node, Workbench, arn_of, ref, sub
from advisor.deploy.cloudformation.naming import physical


def shared(b: Workbench, service: str, made: dict[str, Node]) -> Node | None:
    """The node of a service every consumer of the workload shares, made once; None for
    a service that is each consumer's own (queues, functions, pipes, endpoints)."""
    if service not in made:
        node = _make(b, service)
        if node is None:
            return None
        made[service] = node
    return made[service]


def _make(b: Workbench, service: str) -> Node | None:
    existing = service in b.w.existing
    if service in ("sns", "sns-fifo"):
        return _topic(b, service == "sns-fifo", existing)
    if service == "eventbridge":
        return _bus(b, existing)
    if service == "kinesis":
        return _stream(b, existing)
    if service == "dynamodb-streams":
        return Node(service, parameters.shared_arn(b, ("TableStreamArn",),
                                                   "the DynamoDB table's stream"))
    if service == "msk":
        return Node(service, parameters.shared_arn(b, ("KafkaClusterArn",),
                                                   "the MSK cluster"),
                    name=parameters.shared_name(b, ("KafkaTopic",), "The Kafka topic",
                                                b.w.name))
    if service == "mq":
        return Node(service, parameters.shared_arn(b, ("MqBrokerArn",), "the Amazon MQ "
                                                   "broker"),
                    name=parameters.shared_name(b, ("MqQueue",), "The broker's queue",
                                                b.w.name))
    if service == "iot-core":
        return endpoints.iot(b)
    return endpoints.service_node(b, service)


def _topic(b: Workbench, fifo: bool, existing: bool) -> Node:
    service = "sns-fifo" if fifo else "sns"
    if existing:
        return Node(service, parameters.shared_arn(b, ("TopicArn",), "the existing topic"),
                    fifo=fifo)
    props: Json = {"FifoTopic": True, "ContentBasedDeduplication": True} if fifo else {}
    words = ("Fifo", "Topic") if fifo else ("Topic",)
    name = b.resource(words, "AWS::SNS::Topic", props, "topic", None, b.w.name)
    return Node(service, ref(name), name, fifo=fifo)


def _bus(b: Workbench, existing: bool) -> Node:
    if existing:
        bus = parameters.shared_name(b, ("EventBusName",), "The existing event bus",
                                     "default")
        return Node("eventbridge", sub("arn:${AWS::Partition}:events:${AWS::Region}:"
                                       "${AWS::AccountId}:event-bus/${" + b.id("EventBusName")
                                       + "}"), name=bus)
    name = b.resource(("Bus",), "AWS::Events::EventBus", {"Name": physical(b.w.name)},
                      "bus", None, f"event bus of {b.w.name}")
    return Node("eventbridge", arn_of(name), name, name=ref(name))


def _stream(b: Workbench, existing: bool) -> Node:
    if existing:
        arn = parameters.shared_arn(b, ("StreamArn",), "the existing Kinesis stream")
        return Node("kinesis", arn, name={"Fn::Select": [1, {"Fn::Split": ["/", arn]}]})
    props: Json = {"RetentionPeriodHours": retention_hours(b)}
    shards = b.figure("kinesis_shards_with_headroom")
    cost = b.subject.cost
    if shards is None or (cost is not None and cost.mode_service == "kinesis"
                          and cost.mode == "on-demand"):
        props["StreamModeDetails"] = {"StreamMode": "ON_DEMAND"}
    else:
        props["StreamModeDetails"] = {"StreamMode": "PROVISIONED"}
        props["ShardCount"] = int(shards)
    props["StreamEncryption"] = {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}
    name = b.resource(("Stream",), "AWS::Kinesis::Stream", props, "stream", None, b.w.name)
    safety.iterator_age_alarm(b, None, ref(name), "a reader of the stream")
    return Node("kinesis", arn_of(name), name, name=ref(name))


def retention_hours(b: Workbench) -> int:
    """The longest replay of a consumer reading the stream, in whole hours, within the
    stream's range (its 24-hour default up to its maximum)."""
    readers = {p.consumer for p in b.subject.design.paths if "kinesis" in p.hops}
    replay = max((c.replay for c in b.w.consumers if c.name in readers), default=0.0)
    least = b.number("kinesis-retention-default") / 3600
    most = b.number("kinesis-retention-max") / 3600
    return int(max(least, min(most, math.ceil(replay / 3600 - 1e-9))))


def queue(b: Workbench, consumer: str, position: int, fifo: bool, nxt: str | None) -> Node:
    """The consumer's own queue at this position of its path, with its dead-letter queue,
    the visibility timeout its function needs and the alarms on both."""
    words = (consumer, "Queue") if position <= 1 else (consumer, "Queue", str(position))
    what = f"{consumer}'s queue"
    dlq = safety.dead_letter_queue(b, consumer, words, fifo, what)
    props: Json = {}
    if fifo:
        props.update({"FifoQueue": True, "ContentBasedDeduplication": True})
        if b.figure("sqs_fifo_high_throughput"):
            props.update({"DeduplicationScope": "messageGroup",
                          "FifoThroughputLimit": "perMessageGroupId"})
    if nxt == "lambda-esm":
        timeout = parameters.function_timeout(b, consumer)
        props["VisibilityTimeout"] = safety.visibility(b, timeout)
    elif nxt == "workers":
        props["ReceiveMessageWaitTimeSeconds"] = int(b.number("sqs-long-poll-max"))
    props["RedrivePolicy"] = safety.redrive(b, dlq)
    name = b.resource(words, "AWS::SQS::Queue", props, "queue", consumer, what)
    safety.queue_age_alarm(b, consumer, words, name, what)
    return Node("sqs-fifo" if fifo else "sqs", arn_of(name), name, url=ref(name),
                name={"Fn::GetAtt": [name, "QueueName"]}, fifo=fifo)


def stream_consumer(b: Workbench, consumer: str, stream: Node) -> Node:
    """An enhanced fan-out consumer of the stream, where the sizing found that its readers
    cannot share a shard's reads: the reader gets its own throughput per shard."""
    name = b.resource((consumer, "StreamConsumer"), "AWS::Kinesis::StreamConsumer", {
        "ConsumerName": physical(b.w.name, consumer, limit=128), "StreamARN": stream.arn},
        "stream", consumer, f"{consumer}'s enhanced fan-out")
    return Node("kinesis", {"Fn::GetAtt": [name, "ConsumerARN"]}, name, name=stream.name)
