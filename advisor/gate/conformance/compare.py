"""Where a template contradicts the decision it implements: each check states one thing the
ADR asks of the deployed fabric, and reports the resource (or the property) that breaks it.
Nothing is evaluated: a setting the template computes (an intrinsic) is passed over, never
guessed."""

from __future__ import annotations

from collections.abc import Iterator

from msgspec import Struct

from advisor.format import units
from advisor.format.yamlnodes import Pos, YMap, YScalar, YSeq
from advisor.gate.conformance.cfnread import Template
from advisor.gate.conformance.fabric import Fabric, FabricConsumer
from advisor.gate.conformance.mappings import Poller, function_timeout, number, pollers
from advisor.gate.conformance.vocab import vocab
from advisor.gate.conformance.wiring import PER_CONSUMER, Piece, get, where

_MESSAGING = {"queue", "topic", "subscription", "bus", "rule", "target", "stream", "pipe",
              "event-source-mapping", "invoke-config", "schedule", "firehose", "iot-rule",
              "api-destination", "api"}


class Issue(Struct, frozen=True):
    code: str
    pos: Pos
    message: str
    consumer: str = ""


def compare(template: Template, fabric: Fabric, found: list[Piece]) -> Iterator[Issue]:
    consumers = {c.name: c for c in fabric.consumers}
    yield from _coverage(fabric, found)
    yield from _dead_letters(found, consumers)
    yield from _fifo(fabric, found, consumers)
    yield from _shards(template, fabric, found)
    piece_of = {p.resource.id: p for p in found}
    for poller in pollers(template):
        if poller.owner.id not in piece_of:
            continue  # another workload's
        consumer = piece_of[poller.owner.id].consumer or (
            piece_of[poller.source.id].consumer if poller.source and poller.source.id in
            piece_of else None)
        yield from _poller(template, fabric, poller, consumers.get(consumer or ""))
    for piece in found:
        yield from _retries(piece, fabric, consumers)


def _who(consumer: str | None) -> str:
    return f" for consumer {consumer}" if consumer else ""


def _coverage(fabric: Fabric, found: list[Piece]) -> Iterator[Issue]:
    """Every consumer the ADR routes through a part of its own has a resource; every
    messaging resource is explained by a consumer or by a service the decision uses."""
    words = vocab()
    served = {p.consumer for p in found if p.consumer} | {c for p in found for c in p.targets}
    # A consumer is served by the resource that delivers to it: where its route ends at a
    # service its clients connect to, that service's resource, whoever else it serves.
    held = {p.resource.type for p in found}
    served |= {c.name for c in fabric.consumers if c.hops and any(
        t in held for t in words.services.connected.get(c.hops[-1], ()))}
    for c in fabric.consumers:
        # A route of the consumer's own compute alone (the producer starts its state
        # machine, calls its endpoint) has nothing for the template to hold.
        direct = bool(c.hops) and all(h in words.services.called_directly for h in c.hops)
        own = not direct and (c.delivery == "push" or any(
            h in words.services.queue for h in c.hops) or any(
            h in words.services.function for h in c.hops))
        if c.named and own and c.name not in served:
            yield Issue("ADV202", Pos(1, 1),
                        f"the ADR routes consumer {c.name} through {' -> '.join(c.hops)} "
                        f"({c.delivery}), but no resource of the template serves it",
                        c.name)
    names = {c.name for c in fabric.consumers}
    for p in found:
        if p.part not in _MESSAGING or (p.consumer and p.consumer in names):
            continue
        if p.consumer == "" or p.consumer is None:
            # The Metadata saying a part is shared is taken at its word.
            shared = p.stated or p.part not in PER_CONSUMER or not all(
                c.named for c in fabric.consumers)
            if shared and any(s in fabric.services for s in words.shared_by.get(p.part, ())):
                continue
            why = (f"the decision ({', '.join(fabric.services)}) uses no shared {p.part}"
                   if shared else
                   f"nothing ties it to a consumer (Metadata, wiring or a consumer's name in "
                   f"its logical id), and a {p.part} serves one consumer in this design")
        else:
            why = f"its Metadata names consumer {p.consumer}, which the ADR does not have"
        yield Issue("ADV203", p.resource.pos,
                    f"{p.resource.type} {p.resource.id} is explained by no consumer of "
                    f"workload {fabric.workload}: {why}", p.consumer or "")


def _dead_letters(found: list[Piece], consumers: dict[str, FabricConsumer]
                  ) -> Iterator[Issue]:
    types = vocab().types
    for p in found:
        r, props = p.resource, p.resource.properties
        if p.part == "queue" and r.type == types.queue and get(
                props, "RedrivePolicy") is None:
            yield Issue("ADV204", r.pos,
                        f"queue {r.id}{_who(p.consumer)} has no dead-letter queue "
                        "(RedrivePolicy): the ADR gives every queue one, so that a message "
                        "that keeps failing is set aside, not retried until it expires",
                        p.consumer or "")
        elif r.type == types.subscription and get(props, "RedrivePolicy") is None:
            yield Issue("ADV204", r.pos,
                        f"subscription {r.id}{_who(p.consumer)} has no dead-letter queue "
                        "(RedrivePolicy): the ADR gives every subscription one, so that a "
                        "message SNS cannot deliver is kept", p.consumer or "")
        elif r.type == types.rule:
            targets = get(props, "Targets")
            for target in targets.items if isinstance(targets, YSeq) else ():
                if isinstance(target, YMap) and get(target, "DeadLetterConfig") is None:
                    yield Issue("ADV204", target.pos,
                                f"target {_target_id(target)} of rule {r.id}"
                                f"{_who(p.consumer)} has no dead-letter queue "
                                "(DeadLetterConfig): the ADR gives every target one, without "
                                "which events are dropped once retries run out",
                                p.consumer or "")
        elif r.type == types.sam_function:
            yield from _pushed_events(r.id, props, p.consumer)
        elif r.type == types.invoke_config and get(
                props, "DestinationConfig", "OnFailure") is None:
            yield Issue("ADV204", r.pos,
                        f"invoke config {r.id}{_who(p.consumer)} has no on-failure "
                        "destination (DestinationConfig.OnFailure): the ADR sends what fails "
                        "asynchronous invocation to one", p.consumer or "")


def _pushed_events(function: str, props: YMap, consumer: str | None) -> Iterator[Issue]:
    """A SAM function's SNS or EventBridge event: a subscription or a target by another name,
    which needs its dead-letter queue as much."""
    pushed = vocab().pushed_events
    events = get(props, "Events")
    for name, (pos, event) in (events.items.items() if isinstance(events, YMap) else ()):
        kind, inner = get(event, "Type"), get(event, "Properties")
        if not isinstance(kind, YScalar) or str(kind.value) not in pushed:
            continue
        needed = pushed[str(kind.value)]
        if get(inner, needed) is None:
            yield Issue("ADV204", pos,
                        f"{function} event {name}{_who(consumer)} ({kind.value}) has no "
                        f"dead-letter queue ({needed}): the ADR gives every subscription and "
                        "target one, so that a message that cannot be delivered is kept",
                        consumer or "")


def _is_fifo(node: YMap, key: str) -> bool:
    flag = get(node, key)
    name = get(node, "QueueName") or get(node, "TopicName")
    return ((isinstance(flag, YScalar) and str(flag.value).lower() == "true")
            or (isinstance(name, YScalar) and str(name.value).endswith(".fifo")))


def _fifo(fabric: Fabric, found: list[Piece], consumers: dict[str, FabricConsumer]
          ) -> Iterator[Issue]:
    """A standard queue or topic where the decision orders or deduplicates with FIFO."""
    types, fifo = vocab().types, vocab().services
    for p in found:
        r = p.resource
        if p.part == "queue" and r.type == types.queue:
            c = consumers.get(p.consumer or "")
            needs = (fifo.fifo_queue in c.hops) if c else (
                fifo.fifo_queue in fabric.services and fifo.standard_queue not in fabric.services)
            if needs and not _is_fifo(r.properties, "FifoQueue"):
                yield Issue("ADV210", where(r.properties, "FifoQueue", r.pos),
                            f"queue {r.id}{_who(p.consumer)} is a standard queue, but the "
                            "ADR delivers through SQS FIFO (sqs-fifo) for its ordering or "
                            "deduplication; set FifoQueue: true", p.consumer or "")
        elif r.type == types.topic and fifo.fifo_topic in fabric.services and (
                fifo.standard_topic not in fabric.services) and not _is_fifo(
                r.properties, "FifoTopic"):
            yield Issue("ADV210", where(r.properties, "FifoTopic", r.pos),
                        f"topic {r.id} is a standard topic, but the ADR publishes through "
                        "SNS FIFO (sns-fifo) for its ordering or deduplication; set "
                        "FifoTopic: true", p.consumer or "")


def _shards(template: Template, fabric: Fabric, found: list[Piece]) -> Iterator[Issue]:
    if not fabric.shards:
        return
    for p in found:
        r = p.resource
        if r.type != vocab().types.stream:
            continue
        mode = get(r.properties, "StreamModeDetails", "StreamMode")
        if isinstance(mode, YScalar) and mode.value == "ON_DEMAND":
            continue
        count = number(template, get(r.properties, "ShardCount"))
        if count is not None and count < fabric.shards:
            peak = units.format_rate(fabric.rate_peak) if fabric.rate_peak else "the peak"
            yield Issue("ADV209", where(r.properties, "ShardCount", r.pos),
                        f"the ADR sizes {fabric.shards:,.0f} shards for the peak of {peak}; "
                        f"the stream {r.id} has {count:,.0f}", p.consumer or "")


def _poller(template: Template, fabric: Fabric, poller: Poller,
            consumer: FabricConsumer | None) -> Iterator[Issue]:
    props, source = poller.properties, poller.source
    name = consumer.name if consumer else ""
    queue = source is not None and source.type == vocab().types.queue
    default = fabric.facts.get("batch_default_sqs" if queue else "batch_default_stream")
    batch_node = get(props, "BatchSize")
    batch = number(template, batch_node) if batch_node is not None else (
        default if source is not None else None)
    responses = get(props, "FunctionResponseTypes")
    reports = isinstance(responses, YSeq) and any(
        isinstance(i, YScalar) and i.value == "ReportBatchItemFailures" for i in responses.items)
    if batch is not None and batch > 1 and not reports and _offers_partial_batch(props):
        said = "" if batch_node is not None else f" ({fabric.cloud_name}'s default)"
        yield Issue("ADV206", where(props, "BatchSize", poller.pos),
                    f"{poller.label}{_who(name)} takes batches of {batch:,.0f}{said} without "
                    "partial batch responses (FunctionResponseTypes: ReportBatchItemFailures): "
                    "one failed record retries the whole batch, which the ADR rules out", name)
    window = number(template, get(props, "MaximumBatchingWindowInSeconds"))
    if window and source is not None and _is_fifo(source.properties, "FifoQueue"):
        yield Issue("ADV207", where(props, "MaximumBatchingWindowInSeconds", poller.pos),
                    f"{poller.label}{_who(name)} sets a batching window of {window:g} s on the "
                    f"FIFO queue {source.id}: the ADR sets none on FIFO, where "
                    f"{fabric.cloud_name} supports none", name)
    if queue and source is not None:
        yield from _visibility(template, fabric, poller, source.id, consumer)


def _offers_partial_batch(props: YMap) -> bool:
    """Whether Lambda offers partial batch responses on what this mapping reads: not where a
    property names a source that takes them only with another setting, absent here."""
    for marker, needs in vocab().partial_batch_only_with.items():
        if get(props, marker) is not None and (needs is None or get(props, needs) is None):
            return False
    return True


def _visibility(template: Template, fabric: Fabric, poller: Poller, queue_id: str,
                consumer: FabricConsumer | None) -> Iterator[Issue]:
    factor = fabric.facts.get("visibility_factor")
    queue = template.resources[queue_id]
    node = get(queue.properties, "VisibilityTimeout")
    visibility = number(template, node) if node is not None else fabric.facts.get(
        "visibility_default")
    name = consumer.name if consumer else None
    timeout = function_timeout(template, poller.function, name)
    if timeout is None and consumer and consumer.function_timeout:
        timeout = consumer.function_timeout, f"the timeout the ADR sizes for {consumer.name}"
    if factor is None or visibility is None or timeout is None:
        return
    if visibility < factor * timeout[0]:
        said = "" if node is not None else f" ({fabric.cloud_name}'s default)"
        yield Issue("ADV205", where(queue.properties, "VisibilityTimeout", queue.pos),
                    f"queue {queue_id}{_who(name)} has a visibility timeout of "
                    f"{visibility:g} s{said}, under {factor:g} x the function's timeout "
                    f"({timeout[0]:g} s, {timeout[1]}) = {factor * timeout[0]:g} s that the "
                    "ADR asks for: a message still being processed is delivered again",
                    name or "")


def _retries(piece: Piece, fabric: Fabric, consumers: dict[str, FabricConsumer]
             ) -> Iterator[Issue]:
    """Retries switched off (MaximumRetryAttempts: 0) drop a message at its first failure,
    which only a consumer whose messages expire (`expires_after`) may want."""
    r = piece.resource
    c = consumers.get(piece.consumer or "")
    expires = c.expires_after if c else (
        all(x.expires_after for x in fabric.consumers) or None)
    if expires:
        return
    places: list[tuple[YMap, str]] = [(r.properties, r.id)]
    places += [(t, f"target {_target_id(t)} of rule {r.id}") for t in _targets(r.properties)]
    places += [(e, f"{r.id} event {k}") for k, e in _events(r.properties)]
    for node, label in places:
        for holder in (node, get(node, "RetryPolicy")):
            attempts = get(holder, "MaximumRetryAttempts")
            if isinstance(attempts, YScalar) and attempts.value == 0 and isinstance(
                    holder, YMap):
                yield Issue("ADV208", where(holder, "MaximumRetryAttempts", r.pos),
                            f"{label}{_who(piece.consumer)} switches retries off "
                            "(MaximumRetryAttempts: 0), but the workload sets no "
                            "expires_after: a late message is still wanted, so the ADR keeps "
                            "the retries", piece.consumer or "")


def _targets(props: YMap) -> list[YMap]:
    targets = get(props, "Targets")
    return [t for t in (targets.items if isinstance(targets, YSeq) else ())
            if isinstance(t, YMap)]


def _target_id(target: YMap) -> str:
    label = get(target, "Id")
    return str(label.value) if isinstance(label, YScalar) else "(no Id)"


def _events(props: YMap) -> list[tuple[str, YMap]]:
    events = get(props, "Events")
    found = []
    for key, (_, event) in (events.items.items() if isinstance(events, YMap) else ()):
        inner = get(event, "Properties")
        if isinstance(inner, YMap):
            found.append((key, inner))
    return found
