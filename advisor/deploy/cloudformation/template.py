"""The CloudFormation emitter: each workload's chosen design walked consumer by consumer,
hop by hop, into one template."""

from __future__ import annotations

from collections.abc import Sequence

from advisor.core.designs import PEOPLE, WORKER, ConsumerPath
from advisor.deploy.cloudformation import delivery, parameters, polling
from advisor.deploy.cloudformation.build import (
    ALARM_TOPIC,
    HAS_ALARM_TOPIC,
    Node,
    Sections,
    Workbench,
    ref,
)
from advisor.deploy.cloudformation.fabric import queue, shared, stream_consumer
from advisor.deploy.cloudformation.policies import (
    SOURCE_PRINCIPALS,
    invoke_permission,
    topic_policy,
)
from advisor.deploy.emitter import Document, Subject

PULLED_FROM = ("sqs", "sqs-fifo", "kinesis", "dynamodb-streams", "msk", "mq")
TOPICS = ("sns", "sns-fifo")


class CloudFormation:
    """Emits one CloudFormation template (YAML) for the chosen AWS designs."""

    cloud = "aws"

    def emit(self, subjects: Sequence[Subject]) -> Document:
        sections = Sections({}, {}, {}, {}, {})
        for subject in subjects:
            _workload(Workbench(subject, sections))
        labels = sorted({s.adr_label for s in subjects})
        names = ", ".join(s.workload.name for s in subjects)
        alarms = any(r.get("Type") == "AWS::CloudWatch::Alarm"
                     for r in sections.resources.values())
        document: Document = {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": (f"Messaging fabric of {names} ({', '.join(labels)}), generated "
                            "by advisor: the team's compute enters as parameters")[:1024],
            "Parameters": {**({ALARM_TOPIC: {
                "Type": "String", "Default": "",
                "Description": "ARN of an SNS topic every alarm notifies (empty: none)"}}
                if alarms else {}), **sections.parameters},
        }
        if sections.mappings:
            document["Mappings"] = sections.mappings
        if alarms:
            document["Conditions"] = {HAS_ALARM_TOPIC: {"Fn::Not": [
                {"Fn::Equals": [ref(ALARM_TOPIC), ""]}]}}
        document["Resources"] = sections.resources
        if sections.outputs:
            document["Outputs"] = sections.outputs
        if not document["Parameters"]:
            del document["Parameters"]
        return document


def _workload(b: Workbench) -> None:
    made: dict[str, Node] = {}
    for service in b.subject.design.service_ids:  # every service, hop or not
        shared(b, service, made)
    for path in b.subject.design.paths:
        _path(b, path, made)
    _topic_grants(b, made)


def _path(b: Workbench, path: ConsumerPath, made: dict[str, Node]) -> None:
    c = path.consumer
    hops = path.hops
    prev: Node | None = None
    pipe_source: Node | None = None
    queues = 0
    for i, hop in enumerate(hops):
        nxt = hops[i + 1] if i + 1 < len(hops) else None
        if hop in ("sqs", "sqs-fifo"):
            queues += 1
            node: Node | None = queue(b, c, queues, hop == "sqs-fifo", nxt)
        else:
            node = _own(b, c, hop) or shared(b, hop, made)
        if hop == "eventbridge-pipes":
            pipe_source, prev = prev, None
            continue
        if i == 0 and node is not None and hop in ("webhook", "step-functions"):
            # The producer calls it directly: say where, for the producer's configuration.
            b.output((c, "Entry"), node.arn, f"where the producer sends {b.w.name} for {c}")
        if prev is not None and prev.service == "kinesis" and hop in ("lambda-esm", WORKER) \
                and b.figure("kinesis_enhanced_fan_out"):
            prev = stream_consumer(b, c, prev)
        if pipe_source is not None and node is not None:
            _pipe(b, c, pipe_source, node, made)
            pipe_source = None
        elif prev is not None and node is not None:
            _edge(b, c, prev, node, i)
        if node is not None and node.service == "lambda":
            polling.invoke_config(b, c, node.arn)
            if i == 0 and (b.w.source or "") in SOURCE_PRINCIPALS:
                invoke_permission(b, c, (c, "Source"), node.arn, b.w.source or "", None)
        prev = node
    if prev is not None and prev.service in TOPICS and path.runs_on in PEOPLE and (
            len(hops) < 2 or hops[-2] != "lambda"):
        delivery.to_people(b, c, prev, path.runs_on)


def _pipe(b: Workbench, consumer: str, source: Node, target: Node,
          made: dict[str, Node]) -> None:
    """A pipe into a hop every consumer shares (a bus, a topic) is made once, for them all:
    one per consumer would deliver each message once per consumer."""
    if made.get(target.service) is not target:
        polling.pipe(b, consumer, source, target)
    elif f"pipe:{target.service}" not in made:
        made[f"pipe:{target.service}"] = target
        polling.pipe(b, None, source, target)


def _own(b: Workbench, consumer: str, hop: str) -> Node | None:
    """The node of a hop that is the consumer's own: its function, state machine or
    endpoint (parameters), or None for a shared service or the consumer's own pollers."""
    if hop in ("lambda", "lambda-esm"):
        return Node(hop, parameters.function_arn(b, consumer))
    if hop == "step-functions":
        return Node(hop, parameters.state_machine_arn(b, consumer))
    if hop == "webhook":
        return Node(hop, parameters.endpoint_url(b, consumer))
    if hop == "eventbridge-pipes":
        return Node(hop, {})
    return None


def _edge(b: Workbench, consumer: str, prev: Node, node: Node, position: int) -> None:
    """What carries messages from one hop to the next, where AWS carries them."""
    if prev.service == "eventbridge" and node.service != "eventbridge":
        delivery.rule(b, consumer, prev, node)
    elif prev.service in TOPICS:
        delivery.to_topic(b, consumer, prev, node)
    elif prev.service in PULLED_FROM and node.service == "lambda-esm":
        polling.event_source_mapping(b, consumer, prev, node.arn)
    elif prev.service == "iot-core" and position == 1 and b.w.source == "iot-core":
        delivery.iot_rule(b, consumer, prev, node)


def _topic_grants(b: Workbench, made: dict[str, Node]) -> None:
    """The topic policy: the bus that targets the topic and the source that publishes to
    it may publish, from this account."""
    for service in TOPICS:
        topic = made.get(service)
        if topic is None or topic.logical is None:
            continue
        principals: list[str] = []
        if any(p.follows("eventbridge", service) for p in b.subject.design.paths):
            principals.append("events.amazonaws.com")
        source = SOURCE_PRINCIPALS.get(b.w.source or "")
        if source and any(p.hops[:1] == (service,) for p in b.subject.design.paths):
            principals.append(source)
        if principals:
            topic_policy(b, topic.logical, sorted(set(principals)))

