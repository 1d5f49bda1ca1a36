"""A Mermaid flowchart of a design: producer, then services, then each consumer."""

from __future__ import annotations

import re

from advisor.catalogue import Catalogue
from advisor.services import WORKER, Design
from advisor.workload import Workload

# Services that are one resource for the whole flow; every other hop (a queue, a
# poller, a function) is drawn once per consumer.
_SHARED = {"sns", "sns-fifo", "eventbridge", "kinesis", "msk", "mq", "dynamodb-streams",
           "api-gateway-websocket", "appsync", "iot-core", "s3"}

_SHORT = {
    "sns": "SNS topic", "sns-fifo": "SNS FIFO topic", "sqs": "SQS queue",
    "sqs-fifo": "SQS FIFO queue", "eventbridge": "EventBridge bus",
    "eventbridge-pipes": "EventBridge pipe", "kinesis": "Kinesis stream",
    "kinesis-firehose": "Firehose", "dynamodb-streams": "DynamoDB stream", "msk": "MSK topic",
    "mq": "Amazon MQ", "lambda": "Lambda (async)", "lambda-esm": "Lambda event source mapping",
    "step-functions": "Step Functions", "api-gateway-websocket": "API Gateway WebSocket",
    "appsync": "AppSync", "iot-core": "IoT Core", "webhook": "HTTPS endpoint",
    "s3": "S3", WORKER: "workers poll",
}


def _node_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


def _label(text: str) -> str:
    # Labels are quoted; Mermaid has no escape for a double quote, so none may pass.
    return text.replace('"', "'").replace("\n", " ")


def mermaid(design: Design, workload: Workload, catalogue: Catalogue) -> str:
    producer = "producer"
    if workload.source:
        producer_label = f"{workload.source} (source)"
    else:
        producer_label = f"{workload.producer or 'application'} (producer)"
    lines = ["flowchart LR", f'  {producer}["{_label(producer_label)}"]']
    declared = {producer}
    edges: list[str] = []
    for path in design.paths:
        previous = producer
        for position, hop in enumerate(path.hops):
            shared = hop in _SHARED or (position == 0 and design.model == "poll")
            node = _node_id(f"s_{hop}" if shared else f"s_{hop}_{path.consumer}_{position}")
            if node not in declared:
                lines.append(f'  {node}["{_label(_SHORT.get(hop, hop))}"]')
                declared.add(node)
            edges.append(f"  {previous} --> {node}")
            previous = node
        consumer = _node_id(f"c_{path.consumer}")
        if consumer not in declared:
            lines.append(f'  {consumer}(["{_label(path.consumer)} ({path.runs_on})"])')
            declared.add(consumer)
        edges.append(f"  {previous} --> {consumer}")
    lines.extend(dict.fromkeys(edges))
    return "\n".join(lines)
