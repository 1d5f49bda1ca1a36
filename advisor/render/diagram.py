"""A Mermaid flowchart of a design: producer, then services, then each consumer.

Solid arrows push; dotted arrows are a consumer (or a poller acting for it) pulling
from a buffer. A function that is the consumer itself is drawn as the consumer. The
diagram reads on its own: every buffer and per-consumer resource carries the name of
what it serves, every arrow says what happens along it, and a legend node says what
the two kinds of arrow mean (a Mermaid comment would not show).
"""

from __future__ import annotations

import re

from advisor.core.catalogue import BUFFER_KINDS, Catalogue, Drawing
from advisor.core.designs import WORKER, ConsumerPath, Design
from advisor.format.workload import Workload

# How each service is drawn (its node's name, the verbs on its arrows, whether it is one
# resource for the flow) is the catalogue's `drawing:`; a consumer's own pollers are no
# service, and their arrow says so.
_WORKER_POLLS = "polls"

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


def _own_code(path: ConsumerPath, kind: str | None, last: bool) -> bool:
    """The final function or state machine of a consumer is the consumer, not another node."""
    return last and ((kind == "function" and path.runs_on in ("lambda", "function", "unstated"))
                     or (kind == "workflow" and path.runs_on == "workflow"))


def _drawing(hop: str, catalogue: Catalogue) -> Drawing:
    service = catalogue.services.get(hop)
    return service.drawing if service and service.drawing else Drawing(hop)


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
    # A store in a design holds the bodies too large to send (the claim-check pattern).
    stores = [s for s in design.service_ids if catalogue.kind(s) == "store"]
    for store in stores:
        node = _node_id(f"s_{store}")
        lines.append(f'  {node}[("{_label(_drawing(store, catalogue).label)}")]')
        edges.append(f"  producer -->|stores large bodies| {node}")
        declared.add(node)
    routes, left = _routes(design.paths)
    for path, key, consumer_label, summary in routes:
        previous, previous_hop, after_buffer, label = producer, "", False, ""
        hops = [h for h in path.hops if h not in stores]
        for position, hop in enumerate(hops):
            drawing, kind = _drawing(hop, catalogue), catalogue.kind(hop)
            if hop == WORKER or drawing.polls:
                label = drawing.polls or _WORKER_POLLS
                continue
            if _own_code(path, kind, position == len(hops) - 1):
                label = label or ("polls" if after_buffer else drawing.into)
                continue
            # A service the path passed through already (a function sending an SMS through
            # SNS after the flow's topic) is the consumer's own call: drawn as the flow's
            # node, it made a loop back into the topic.
            # A webhook at a route's start is our endpoint that a third party POSTs to, one
            # for the flow; further along it is an API destination that calls out.
            endpoint = kind == "endpoint" and position == 0
            shared = hop not in hops[:position] and (
                drawing.shared or endpoint or (position == 0 and design.model == "poll"))
            node = _node_id(f"s_{hop}" if shared else f"s_{hop}_{key}_{position}")
            if node not in declared:
                name = (catalogue.services[hop].entry_label if endpoint else
                        _name(drawing, shared, key, summary, workload.name))
                lines.append(f'  {node}["{_label(name)}"]')
                declared.add(node)
            edges.append(_edge(previous, node, after_buffer, label or (
                "polls" if after_buffer else "POSTs" if endpoint
                else _verb(previous_hop, hop, catalogue))))
            previous, previous_hop, after_buffer, label = node, hop, kind in BUFFER_KINDS, ""
        consumer = _node_id(f"c_{key}")
        if consumer not in declared:
            lines.append(f'  {consumer}(["{_label(consumer_label)}"])')
            declared.add(consumer)
        edges.append(_edge(previous, consumer, after_buffer, label or (
            "polls" if after_buffer else
            _drawing(previous_hop, catalogue).out if previous_hop else "delivers")))
    if left > 0:
        lines.append(f'  c_others(["{left:,} more consumers on other routes"])')
        edges.append("  producer -->|other routes| c_others")
    lines.extend(dict.fromkeys(edges))
    lines.append(f'  key["{LEGEND}"]:::advisorNote')
    lines.append("  classDef advisorNote fill:none,stroke-dasharray:3 3")
    return "\n".join(lines)


def _name(drawing: Drawing, shared: bool, key: str, summary: bool, flow: str) -> str:
    """"SQS queue: loyalty-points": what the resource is, and whose."""
    short = drawing.label
    if not shared and drawing.direct:  # a function's own call (an SMS), not the flow's node
        short = drawing.direct
    if not shared:
        return f"{short}: one each" if summary else f"{short}: {key}"
    return f"{short}: {flow}" if drawing.owned else short


def _verb(source: str, target: str, catalogue: Catalogue) -> str:
    routes = _drawing(source, catalogue).routes if source else ""
    # A topic hands a function its message by invoking it: the function's verb, not "delivers".
    if routes and not (catalogue.kind(source) == "topic"
                       and catalogue.kind(target) == "function"):
        return routes
    return _drawing(target, catalogue).into


def _edge(source: str, target: str, pulled: bool, label: str) -> str:
    if pulled:
        return f"  {source} -. {label} .-> {target}"
    return f"  {source} -->|{label}| {target}"
