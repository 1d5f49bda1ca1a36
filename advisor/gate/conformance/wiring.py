"""Which resources of a template belong to which consumer of the decision, and what each is.

The emitter names both on every resource (Metadata.advisor: workload, consumer, part).
A template written by hand is read by its wiring instead: what a resource references (an
event source mapping's queue, a subscription's endpoint, a rule's targets, a queue's
dead-letter queue) and the consumer's name in its logical id or in a parameter it
references (PascalCase: loyalty-points is LoyaltyPoints).
"""

from __future__ import annotations

import re

from msgspec import Struct

from advisor.format.yamlnodes import Pos, YMap, YNode, YScalar, YSeq
from advisor.gate.conformance.cfnread import Resource, Template
from advisor.gate.conformance.vocab import vocab

# Parts the designs give each consumer its own of (a queue per consumer, its subscription,
# its mapping): one that serves no consumer is not explained by a service being used.
PER_CONSUMER = ("queue", "subscription", "event-source-mapping", "invoke-config", "target")
# Where nothing wires it, a queue named as a dead-letter queue is taken as one.
_DEAD_LETTER_NAME = re.compile(r"Dlq|DLQ|DeadLetter")
_SUB_NAMES = re.compile(r"\$\{([A-Za-z0-9]+)[.}]")


class Piece(Struct):
    """A resource of the workload with the part it plays and the consumer it serves
    ("" for a shared part, None where nothing tells)."""

    resource: Resource
    part: str
    consumer: str | None
    stated: bool  # the Metadata said so
    # The consumers a rule's targets deliver to (by the target's Id or what its Arn names):
    # a rule shared by several consumers serves each of them.
    targets: frozenset[str] = frozenset()


def pascal(name: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in re.split(r"[-_]", name) if word)


def refs(node: YNode | None) -> list[str]:
    """The logical ids (resources or parameters) a value names: Ref, Fn::GetAtt, Fn::Sub."""
    found: list[str] = []
    if isinstance(node, YSeq):
        for item in node.items:
            found += refs(item)
    elif isinstance(node, YMap):
        for key, (_, value) in node.items.items():
            if key == "Ref" and isinstance(value, YScalar):
                found.append(str(value.value))
            elif key == "Fn::GetAtt" and isinstance(value, YSeq) and value.items and isinstance(
                    value.items[0], YScalar):
                found.append(str(value.items[0].value))
            elif key == "Fn::Sub":
                text = value if isinstance(value, YScalar) else (
                    value.items[0] if isinstance(value, YSeq) and value.items else None)
                if isinstance(text, YScalar) and isinstance(text.value, str):
                    found += _SUB_NAMES.findall(text.value)
                found += refs(value)
            else:
                found += refs(value)
    return found


def get(node: YNode | None, *keys: str) -> YNode | None:
    for key in keys:
        if not isinstance(node, YMap) or key not in node.items:
            return None
        node = node.items[key][1]
    return node


def where(node: YMap, key: str, fallback: Pos) -> Pos:
    """Where a key of a mapping is written, else `fallback` (the resource)."""
    entry = node.items.get(key)
    return entry[0] if entry else fallback


def dead_letter_targets(template: Template) -> set[str]:
    """Resources some other resource sends what fails to: dead-letter queues (or topics)."""
    found: set[str] = set()
    for r in template.resources.values():
        p = r.properties
        for node in (get(p, "RedrivePolicy", "deadLetterTargetArn"),
                     get(p, "RedrivePolicy", "deadLetterTargetArn".lower()),
                     get(p, "DestinationConfig", "OnFailure", "Destination"),
                     get(p, "DeadLetterConfig", "Arn"), get(p, "DeadLetterConfig", "TargetArn"),
                     get(p, "DeadLetterQueue", "TargetArn")):
            found.update(refs(node))
        for target in _items(get(p, "Targets")):
            found.update(refs(get(target, "DeadLetterConfig", "Arn")))
    return found


def _items(node: YNode | None) -> tuple[YNode, ...]:
    return node.items if isinstance(node, YSeq) else ()


def pieces(template: Template, workload: str, consumers: list[str]) -> list[Piece]:
    """The resources of `workload` (the Metadata names it, or names no workload), each with
    its part and consumer."""
    letters = dead_letter_targets(template)
    words = vocab()
    prefix = pascal(workload)
    # Longest first: `order-email` is named in OrderEmailQueue before `order` is.
    by_length = sorted(((pascal(c), c) for c in consumers), key=lambda p: -len(p[0]))

    def named(logical_id: str) -> str | None:
        text = logical_id[len(prefix):] if logical_id.startswith(prefix) else logical_id
        return next((c for word, c in by_length if word in text), None)

    found: dict[str, Piece] = {}
    for r in template.resources.values():
        stated = r.advisor.get("workload")
        if stated is not None and stated != workload:
            continue  # another workload's, in a template that holds several
        part = r.advisor.get("part") or (
            "dead-letter-queue" if r.type == words.types.queue and (
                r.id in letters or _DEAD_LETTER_NAME.search(r.id))
            else words.parts.get(r.type, "other"))
        if stated is not None:
            found[r.id] = Piece(r, part, r.advisor.get("consumer", ""), True)
            continue
        wired = {c for c in map(named, refs(r.properties)) if c}
        consumer = named(r.id) or (wired.pop() if len(wired) == 1 else None)
        if consumer is None and len(consumers) == 1 and part in PER_CONSUMER:
            consumer = consumers[0]  # a flow of one consumer: its own parts serve it
        targets = frozenset(c for t in _items(get(r.properties, "Targets")) for c in (
            named(pascal(str(getattr(get(t, "Id"), "value", "")))), *map(named, refs(t))) if c)
        found[r.id] = Piece(r, part, consumer, False, targets)
    _spread(found)
    return list(found.values())


def _spread(found: dict[str, Piece]) -> None:
    """A resource nothing names takes the consumer of what it is wired to, where that is
    one consumer: a mapping its queue's, a dead-letter queue its queue's. A rule with
    targets for several consumers, or a topic with several subscriptions, stays shared."""
    links: dict[str, set[str]] = {key: set() for key in found}
    for key, piece in found.items():
        for other in refs(piece.resource.properties):
            if other in found and other != key:
                links[key].add(other)
                links[other].add(key)
    for _ in range(3):  # a mapping -> its queue -> the queue's dead-letter queue
        changed = False
        for key, piece in found.items():
            if piece.consumer is not None or piece.stated:
                continue
            near = {found[o].consumer for o in links[key]} - {None, ""}
            if len(near) == 1:
                piece.consumer = near.pop()
                changed = True
        if not changed:
            break
