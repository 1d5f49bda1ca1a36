"""Names in a CloudFormation template: logical ids, and what every resource carries to say
where it comes from (tags, a description, and the Metadata the conformance gate reads)."""

from __future__ import annotations

import re
from typing import Literal

# The parts a resource plays, as the conformance gate (`advisor check`) reads them from
# `Metadata: {advisor: {workload, consumer, part}}`: a contract, keep it exactly.
Part = Literal["topic", "queue", "dead-letter-queue", "bus", "rule", "target", "subscription",
               "stream", "pipe", "event-source-mapping", "invoke-config", "policy", "alarm",
               "schedule", "api", "connection", "api-destination", "firehose", "iot-rule",
               "other"]

# How each resource type takes tags ("list": Key/Value pairs; "map": an object) and which
# property holds its description, as the CloudFormation resource schemas state them; a type
# absent here takes neither.
TAGS: dict[str, str] = {
    "AWS::SQS::Queue": "list", "AWS::SNS::Topic": "list", "AWS::Kinesis::Stream": "list",
    "AWS::Kinesis::StreamConsumer": "list", "AWS::Events::EventBus": "list",
    "AWS::Events::Rule": "list", "AWS::Pipes::Pipe": "map",
    "AWS::Lambda::EventSourceMapping": "list", "AWS::CloudWatch::Alarm": "list",
    "AWS::ApiGatewayV2::Api": "map", "AWS::AppSync::Api": "list",
    "AWS::AppSync::GraphQLApi": "list", "AWS::IoT::TopicRule": "list",
    "AWS::KinesisFirehose::DeliveryStream": "list", "AWS::Scheduler::ScheduleGroup": "list",
    "AWS::SES::ConfigurationSet": "list", "AWS::S3::Bucket": "list",
}
DESCRIPTIONS: dict[str, str] = {
    "AWS::Events::EventBus": "Description", "AWS::Events::Rule": "Description",
    "AWS::Events::Connection": "Description", "AWS::Events::ApiDestination": "Description",
    "AWS::Pipes::Pipe": "Description", "AWS::CloudWatch::Alarm": "AlarmDescription",
    "AWS::ApiGatewayV2::Api": "Description",
}
# Tag keys the gate and people filter by.
WORKLOAD_TAG = "advisor:workload"
ADR_TAG = "advisor:adr"


def pascal(name: str) -> str:
    """`order-placed` -> `OrderPlaced`: a logical id takes letters and digits only."""
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", name) if w)


def physical(*words: str, limit: int = 64) -> str:
    """A resource name AWS shows (a bus, a rule, a connection): the words joined by hyphens,
    cut to the shortest name limit of the types that take one (64)."""
    joined = "-".join(w for w in words if w)
    return re.sub(r"[^A-Za-z0-9_.-]", "-", joined)[:limit]


def stamp(kind: str, props: dict[str, object], workload: str, adr: str, what: str,
          ) -> dict[str, object]:
    """The properties with the workload's and the ADR's tags and a description added, where
    the type takes them."""
    out = dict(props)
    field = DESCRIPTIONS.get(kind)
    if field and field not in out:
        out[field] = f"{what} ({workload}, {adr})"[:512]
    shape = TAGS.get(kind)
    if shape == "list":
        out["Tags"] = [{"Key": WORKLOAD_TAG, "Value": workload}, {"Key": ADR_TAG, "Value": adr}]
    elif shape == "map":
        out["Tags"] = {WORKLOAD_TAG: workload, ADR_TAG: adr}
    return out


def metadata(workload: str, part: Part, consumer: str | None) -> dict[str, object]:
    """The Metadata the conformance gate maps resources to the decision by."""
    mine: dict[str, object] = {"workload": workload}
    if consumer is not None:
        mine["consumer"] = consumer
    mine["part"] = part
    return {"advisor": mine}
