"""A Mermaid flowchart of a design: producer, then services, then each consumer.

Solid arrows push; dotted arrows are a consumer (or a poller acting for it) pulling
from a buffer. A function that is the consumer itself is drawn as the consumer. The
diagram reads on its own: every buffer and per-consumer resource carries the name of
what it serves, every arrow says what happens along it, and a legend node says what
the two kinds of arrow mean (a Mermaid comment would not show).
"""

from __future__ import annotations

import re

from advisor.core.designs import STREAMS, WORKER, ConsumerPath, Design
from advisor.format.workload import Workload
from advisor.providers.aws.catalogue import Catalogue

# Services that are one resource for the whole flow; every other hop (a queue, a
# pipe, a function) is drawn once per consumer.
_SHARED = {"sns", "sns-fifo", "eventbridge", "kinesis", "msk", "mq", "dynamodb-streams",
           "api-gateway-websocket", "appsync", "iot-core", "s3"}
_BUFFERS = {"sqs", "sqs-fifo", *STREAMS}
# Shared resources that belong to this flow, so carry its name: its topic, its stream.
_FLOW_OWNED = {"sns", "sns-fifo", "kinesis", "msk", "mq", "dynamodb-streams", "sqs",
               "sqs-fifo"}
# Hops that are the consumer's own code: drawn as the arrow's label, not as a node.
_POLLERS = {WORKER: "polls", "lambda-esm": "event source mapping polls"}

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
# What a sender does to a service it hands a message to, by the receiving service.
_INTO = {
    "sns": "publishes", "sns-fifo": "publishes", "eventbridge": "puts events",
    "sqs": "sends", "sqs-fifo": "sends", "kinesis": "puts records", "msk": "produces",
    "mq": "sends", "dynamodb-streams": "writes items", "iot-core": "publishes",
    "kinesis-firehose": "puts records", "lambda": "invokes", "step-functions": "starts",
    "api-gateway-websocket": "posts to connection", "appsync": "runs mutation",
    "webhook": "calls", "ses": "sends email", "eventbridge-scheduler": "schedules",
    "eventbridge-pipes": "feeds",
}
# What a router does with a message, whatever receives it.
_ROUTES = {"eventbridge": "routes", "iot-core": "routes", "eventbridge-scheduler": "triggers",
           "sns": "delivers", "sns-fifo": "delivers"}
# What the last service does for a consumer that is not its own code.
_OUT = {"webhook": "calls", "api-gateway-websocket": "pushes", "appsync": "pushes",
        "iot-core": "publishes", "ses": "delivers email", "sns": "delivers"}

LEGEND = ("Legend: solid arrow = push (the sender delivers), "
          "dotted arrow = poll (the receiver pulls)")
# Mermaid refuses a flowchart with more edges than its `maxEdges` (500 by default; 10.6
# to 10.8 had a fixed 280), and GitHub shows the error box instead of the diagram. A
# design draws at most _DRAWN consumers and _SUMMARIES summary routes of at most a few
# hops each, well under either limit, and a diagram a reader can take in.
_DRAWN = 20
_SUMMARIES = 8


def _node_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


def _label(text: str) -> str:
    # Labels are quoted; Mermaid has no escape for a double quote, so none may pass.
    return re.sub(r'["<>`|]', "'", text).replace("\n", " ")


def _own_code(path: ConsumerPath, hop: str, last: bool) -> bool:
    """The final function or state machine of a consumer is the consumer, not another node."""
    return last and ((hop == "lambda" and path.runs_on in ("lambda", "unstated"))
                     or (hop == "step-functions" and path.runs_on == "workflow"))


def _shape(path: ConsumerPath) -> tuple[object, ...]:
    return (path.hops, path.runs_on, path.delivery)


def _routes(paths: tuple[ConsumerPath, ...]
            ) -> tuple[list[tuple[ConsumerPath, str, str, bool]], int]:
    """(path, node key, consumer label, whether it stands for several) for what the
    diagram draws: the first _DRAWN consumers, then one summary per route the others take
    ("240 more consumers like x"); and how many consumers even those leave out."""
    drawn, rest = paths[:_DRAWN], paths[_DRAWN:]
    routes = []
    for path in drawn:
        shown = f"{path.count:,} {path.consumer}" if path.count > 1 else path.consumer
        routes.append((path, path.consumer, f"{shown} ({path.runs_on})", False))
    groups: dict[tuple[object, ...], list[ConsumerPath]] = {}
    for path in rest:
        groups.setdefault(_shape(path), []).append(path)
    left = 0
    for index, same in enumerate(groups.values()):
        count = sum(p.count for p in same)
        if index >= _SUMMARIES:
            left += count
            continue
        first = same[0]
        like = next((p.consumer for p in drawn if _shape(p) == _shape(first)), first.consumer)
        routes.append((first, f"more {index}", f"{count:,} more consumer"
                       f"{'s' if count > 1 else ''} like {like} ({first.runs_on})", True))
    return routes, left


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
        edges.append("  producer -->|stores large bodies| s_s3")
        declared.add("s_s3")
    routes, left = _routes(design.paths)
    for path, key, consumer_label, summary in routes:
        previous, previous_hop, after_buffer, label = producer, "", False, ""
        hops = [h for h in path.hops if h != "s3"]
        for position, hop in enumerate(hops):
            if hop in _POLLERS:
                label = _POLLERS[hop]
                continue
            if _own_code(path, hop, position == len(hops) - 1):
                label = label or ("polls" if after_buffer else _INTO[hop])
                continue
            # A service the path passed through already (a function sending an SMS through
            # SNS after the flow's topic) is the consumer's own call: drawn as the flow's
            # node, it made a loop back into the topic.
            # A webhook at a route's start is our endpoint that a third party POSTs to, one
            # for the flow; further along it is an API destination that calls out.
            endpoint = hop == "webhook" and position == 0
            shared = hop not in hops[:position] and (
                hop in _SHARED or endpoint or (position == 0 and design.model == "poll"))
            node = _node_id(f"s_{hop}" if shared else f"s_{hop}_{key}_{position}")
            if node not in declared:
                name = ("webhook endpoint" if endpoint else
                        _name(hop, shared, key, summary, workload.name))
                lines.append(f'  {node}["{_label(name)}"]')
                declared.add(node)
            edges.append(_edge(previous, node, after_buffer, label or (
                "polls" if after_buffer else "POSTs" if endpoint else _verb(previous_hop, hop))))
            previous, previous_hop, after_buffer, label = node, hop, hop in _BUFFERS, ""
        consumer = _node_id(f"c_{key}")
        if consumer not in declared:
            lines.append(f'  {consumer}(["{_label(consumer_label)}"])')
            declared.add(consumer)
        edges.append(_edge(previous, consumer, after_buffer, label or (
            "polls" if after_buffer else _OUT.get(previous_hop, "delivers"))))
    if left > 0:
        lines.append(f'  c_others(["{left:,} more consumers on other routes"])')
        edges.append("  producer -->|other routes| c_others")
    lines.extend(dict.fromkeys(edges))
    lines.append(f'  key["{LEGEND}"]:::advisorNote')
    lines.append("  classDef advisorNote fill:none,stroke-dasharray:3 3")
    return "\n".join(lines)


def _name(hop: str, shared: bool, key: str, summary: bool, flow: str) -> str:
    """"SQS queue: loyalty-points": what the resource is, and whose."""
    short = _SHORT.get(hop, hop)
    if hop == "s3":
        return short
    if hop == "sns" and not shared:  # a function's own SNS call (an SMS), not a topic
        short = "SNS (direct publish)"
    if not shared:
        return f"{short}: one each" if summary else f"{short}: {key}"
    return f"{short}: {flow}" if hop in _FLOW_OWNED else short


def _verb(source: str, target: str) -> str:
    if source in _ROUTES and not (source in ("sns", "sns-fifo") and target == "lambda"):
        return _ROUTES[source]
    return _INTO.get(target, "sends")


def _edge(source: str, target: str, pulled: bool, label: str) -> str:
    if pulled:
        return f"  {source} -. {label} .-> {target}"
    return f"  {source} -->|{label}| {target}"
