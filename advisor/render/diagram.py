"""A Mermaid flowchart of a design: producer, then services, then each consumer.

Solid arrows push; dotted arrows are a consumer (or a poller acting for it) pulling
from a buffer. A function that is the consumer itself is drawn as the consumer.
"""

from __future__ import annotations

import re

from advisor.catalogue import Catalogue
from advisor.topology import STREAMS, WORKER, ConsumerPath, Design
from advisor.workload import Workload

# Services that are one resource for the whole flow; every other hop (a queue, a
# pipe, a function) is drawn once per consumer.
_SHARED = {"sns", "sns-fifo", "eventbridge", "kinesis", "msk", "mq", "dynamodb-streams",
           "api-gateway-websocket", "appsync", "iot-core", "s3"}
_BUFFERS = {"sqs", "sqs-fifo", *STREAMS}
# Hops that are the consumer's own code: drawn as the arrow's label, not as a node.
_POLLERS = {WORKER: "polls", "lambda-esm": "event source mapping"}

_SHORT = {
    "sns": "SNS topic", "sns-fifo": "SNS FIFO topic", "sqs": "SQS queue",
    "sqs-fifo": "SQS FIFO queue", "eventbridge": "EventBridge bus",
    "eventbridge-pipes": "EventBridge pipe", "kinesis": "Kinesis stream",
    "kinesis-firehose": "Firehose", "dynamodb-streams": "DynamoDB stream", "msk": "MSK topic",
    "mq": "Amazon MQ", "lambda": "Lambda function", "lambda-esm": "Lambda poller",
    "step-functions": "Step Functions", "api-gateway-websocket": "API Gateway WebSocket",
    "appsync": "AppSync", "iot-core": "IoT Core", "webhook": "API destination / HTTPS",
    "s3": "S3 (claim-check)", "ses": "SES (SendEmail)",
    "eventbridge-scheduler": "EventBridge Scheduler",
}


def _node_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


def _label(text: str) -> str:
    # Labels are quoted; Mermaid has no escape for a double quote, so none may pass.
    return re.sub(r'["<>`]', "'", text).replace("\n", " ")


def _own_code(path: ConsumerPath, hop: str, last: bool) -> bool:
    """The final function or state machine of a consumer is the consumer, not another node."""
    return last and ((hop == "lambda" and path.runs_on in ("lambda", "unstated"))
                     or (hop == "step-functions" and path.runs_on == "workflow"))


def mermaid(design: Design, workload: Workload, catalogue: Catalogue) -> str:
    producer = "producer"
    if workload.source:
        producer_label = f"{workload.source} (source)"
    else:
        producer_label = f"{workload.producer or 'application'} (producer)"
    lines = ["flowchart LR", f'  {producer}["{_label(producer_label)}"]']
    declared = {producer}
    edges: list[str] = []
    if "s3" in design.service_ids:
        lines.append('  s_s3[("S3 (claim-check)")]')
        edges.append("  producer -. large bodies .-> s_s3")
        declared.add("s_s3")
    for path in design.paths:
        previous, after_buffer, label = producer, False, ""
        hops = [h for h in path.hops if h != "s3"]
        for position, hop in enumerate(hops):
            if hop in _POLLERS:
                label = _POLLERS[hop]
                continue
            if _own_code(path, hop, position == len(hops) - 1):
                label = "invokes" if hop == "lambda" else "starts"
                continue
            shared = hop in _SHARED or (position == 0 and design.model == "poll")
            node = _node_id(f"s_{hop}" if shared else f"s_{hop}_{path.consumer}_{position}")
            if node not in declared:
                lines.append(f'  {node}["{_label(_SHORT.get(hop, hop))}"]')
                declared.add(node)
            edges.append(_edge(previous, node, after_buffer, label))
            previous, after_buffer, label = node, hop in _BUFFERS, ""
        consumer = _node_id(f"c_{path.consumer}")
        if consumer not in declared:
            lines.append(f'  {consumer}(["{_label(path.consumer)} ({path.runs_on})"])')
            declared.add(consumer)
        edges.append(_edge(previous, consumer, after_buffer, label))
    lines.extend(dict.fromkeys(edges))
    return "\n".join(lines)


def _edge(source: str, target: str, pulled: bool, label: str) -> str:
    if pulled:
        return f"  {source} -. {label or 'polls'} .-> {target}"
    return f"  {source} -->|{label}| {target}" if label else f"  {source} --> {target}"
