"""What pushes: rules and their targets (API destinations and their connections among them),
topic subscriptions and IoT rules, each with its retry policy and dead-letter queue."""

from __future__ import annotations

import math

from advisor.core.numbers import capacity
from advisor.deploy.cloudformation import parameters, policies, safety
from advisor.deploy.cloudformation.build import Json, Node, Workbench, arn_of, ref, sub
from advisor.deploy.cloudformation.naming import pascal, physical

# The sources whose own events reach a bus, matched by the `source` AWS gives them; an
# application's events are matched by their detail-type, the workload's name.
AWS_EVENT_SOURCES = {"guardduty": "aws.guardduty", "aws-health": "aws.health",
                     "s3": "aws.s3", "cloudwatch-alarms": "aws.cloudwatch"}
# Targets EventBridge reaches only through a role the team grants.
ROLE_TARGETS = ("kinesis", "kinesis-firehose", "step-functions", "webhook")
# Protocols that deliver the message as sent, without SNS's JSON envelope.
RAW_PROTOCOLS = ("sqs", "https", "firehose")
PEOPLE_PROTOCOLS = {"email": "email", "sms": "sms", "mobile-push": "application"}


def event_pattern(b: Workbench) -> Json:
    source = AWS_EVENT_SOURCES.get(b.w.source or "")
    return {"source": [source]} if source else {"detail-type": [b.w.name]}


def rule(b: Workbench, consumer: str, bus: Node, target: Node) -> str:
    """A rule on the bus that sends the workload's events to one consumer's target, with
    the retry policy the ADR states and a dead-letter queue."""
    dlq = safety.dead_letter_queue(b, consumer, (consumer, "Target"), False,
                                   f"{consumer}'s rule target")
    arn = target.arn
    if target.service == "webhook":
        arn = api_destination(b, consumer, target)
    entry: Json = {"Id": pascal(consumer)[:64], "Arn": arn,
                   "RetryPolicy": {
                       "MaximumRetryAttempts": int(b.number("eventbridge-retry-attempts")),
                       "MaximumEventAgeInSeconds": safety.event_age(b, consumer,
                                                                    "eventbridge-retry")},
                   "DeadLetterConfig": {"Arn": arn_of(dlq)}}
    if target.service in ROLE_TARGETS:
        entry["RoleArn"] = parameters.role_arn(b, consumer, "TargetRole")
    if target.service == "sqs-fifo":
        entry["SqsParameters"] = {"MessageGroupId": b.w.name}
    if target.service == "kinesis":
        key = b.w.ordering_key
        entry["KinesisParameters"] = {"PartitionKeyPath": f"$.detail.{key}" if key else "$.id"}
    props: Json = {"EventBusName": bus.name, "EventPattern": event_pattern(b),
                   "State": "ENABLED", "Targets": [entry]}
    name = b.resource((consumer, "Rule"), "AWS::Events::Rule", props, "rule", consumer,
                      f"routes {b.w.name} to {consumer}")
    policies.queue_policy(b, consumer, dlq, "eventbridge", arn_of(name))
    _grant(b, consumer, target, "eventbridge", arn_of(name), (consumer, "Rule"))
    return name


def _grant(b: Workbench, consumer: str, target: Node, sender: str, sender_arn: Json,
           words: tuple[str, ...]) -> None:
    """Let the sender deliver to a target that needs a grant of its own."""
    if target.service in ("sqs", "sqs-fifo") and target.logical:
        policies.queue_policy(b, consumer, target.logical, sender, sender_arn)
    elif target.service == "lambda":
        policies.invoke_permission(b, consumer, words, target.arn, sender, sender_arn)


def api_destination(b: Workbench, consumer: str, endpoint: Node) -> Json:
    """The consumer's endpoint as an API destination, at the rate the consumer absorbs
    where it states one, else at the quota EventBridge starts an API destination at."""
    c = b.consumers.get(consumer)
    absorbed = capacity(c, b.w.processing_time) if c else None
    rate = absorbed[0] if absorbed else b.number("eventbridge-api-destinations")
    connection = b.resource((consumer, "Connection"), "AWS::Events::Connection", {
        "Name": physical(b.w.name, consumer),
        "AuthorizationType": "API_KEY",
        "AuthParameters": {"ApiKeyAuthParameters": {
            "ApiKeyName": "Authorization",
            "ApiKeyValue": parameters.secret(b, consumer, "ApiKey")}}},
        "connection", consumer, f"credentials for {consumer}")
    name = b.resource((consumer, "ApiDestination"), "AWS::Events::ApiDestination", {
        "Name": physical(b.w.name, consumer),
        "ConnectionArn": arn_of(connection), "InvocationEndpoint": endpoint.arn,
        "HttpMethod": "POST",
        "InvocationRateLimitPerSecond": max(1, math.floor(rate + 1e-9))},
        "api-destination", consumer, f"{consumer}'s endpoint")
    return arn_of(name)


def subscription(b: Workbench, consumer: str, topic: Node, target: Node | None,
                 protocol: str, endpoint: Json) -> str:
    """A topic subscription with its own dead-letter queue (FIFO for a FIFO topic), raw
    delivery where the protocol takes it."""
    dlq = safety.dead_letter_queue(b, consumer, (consumer, "Subscription"), topic.fifo,
                                   f"{consumer}'s subscription")
    props: Json = {"TopicArn": topic.arn, "Protocol": protocol, "Endpoint": endpoint,
                   "RedrivePolicy": {"deadLetterTargetArn": arn_of(dlq)}}
    if protocol in RAW_PROTOCOLS:
        props["RawMessageDelivery"] = True
    name = b.resource((consumer, "Subscription"), "AWS::SNS::Subscription", props,
                      "subscription", consumer, f"{consumer} on the topic")
    policies.queue_policy(b, consumer, dlq, "sns", topic.arn)
    if target is not None:
        _grant(b, consumer, target, "sns", topic.arn, (consumer, "Subscription"))
    return name


def to_topic(b: Workbench, consumer: str, topic: Node, target: Node) -> None:
    if target.service in ("sqs", "sqs-fifo"):
        subscription(b, consumer, topic, target, "sqs", target.arn)
    elif target.service == "lambda":
        subscription(b, consumer, topic, target, "lambda", target.arn)
    elif target.service == "webhook":
        subscription(b, consumer, topic, None, "https", target.arn)


def to_people(b: Workbench, consumer: str, topic: Node, runs_on: str) -> None:
    protocol = PEOPLE_PROTOCOLS[runs_on]
    subscription(b, consumer, topic, None, protocol,
                 parameters.address(b, consumer, protocol))


def iot_rule(b: Workbench, consumer: str, topic: Node, target: Node) -> str | None:
    """An IoT rule whose action delivers each matching MQTT message to the next hop, and
    whose error action keeps what fails."""
    role = parameters.role_arn(b, consumer, "IotRule")
    actions: dict[str, Json] = {
        "sns": {"Sns": {"TargetArn": target.arn, "RoleArn": role, "MessageFormat": "RAW"}},
        "sqs": {"Sqs": {"QueueUrl": target.url, "RoleArn": role}},
        "lambda": {"Lambda": {"FunctionArn": target.arn}},
        "kinesis": {"Kinesis": {"StreamName": target.name, "RoleArn": role}},
        "kinesis-firehose": {"Firehose": {"DeliveryStreamName": target.name,
                                          "RoleArn": role}},
        # The action names the state machine, the sixth field of its ARN.
        "step-functions": {"StepFunctions": {
            "StateMachineName": {"Fn::Select": [6, {"Fn::Split": [":", target.arn]}]},
            "RoleArn": role}},
    }
    action = actions.get(target.service)
    if action is None:
        return None
    dlq = safety.dead_letter_queue(b, consumer, (consumer, "IotRule"), False,
                                   f"{consumer}'s IoT rule")
    name = b.resource((consumer, "IotRule"), "AWS::IoT::TopicRule", {"TopicRulePayload": {
        "Sql": sub("SELECT * FROM '${" + b.id("IotTopic") + "}'"),
        "AwsIotSqlVersion": "2016-03-23", "RuleDisabled": False,
        "Description": f"{b.w.name} to {consumer} ({b.subject.adr_label})",
        "Actions": [action],
        "ErrorAction": {"Sqs": {"QueueUrl": ref(dlq), "RoleArn": role}}}},
        "iot-rule", consumer, f"{b.w.name} to {consumer}")
    if target.service == "lambda":
        policies.invoke_permission(b, consumer, (consumer, "IotRule"), target.arn,
                                   "iot-core", arn_of(name))
    return name
