"""The pollers of a template, one shape for both spellings: an event source mapping
resource, and a SAM function's SQS, Kinesis or DynamoDB event (which SAM turns into one).
Each knows its source (a queue or stream of the template, where it names one), its
function, and the timeout that function is given."""

from __future__ import annotations

from msgspec import Struct

from advisor.format.yamlnodes import Pos, YMap, YScalar
from advisor.gate.conformance.cfnread import Resource, Template
from advisor.gate.conformance.values import literal
from advisor.gate.conformance.vocab import vocab
from advisor.gate.conformance.wiring import get, pascal, refs


class Poller(Struct, frozen=True):
    """One event source mapping, as written."""

    owner: Resource  # the mapping, or the SAM function that declares it
    label: str  # how a message names it
    pos: Pos
    properties: YMap
    source: Resource | None  # the queue or stream of this template it reads
    function: str | None  # the logical id of the function or parameter it invokes


def pollers(template: Template) -> list[Poller]:
    found = []
    types, polled = vocab().types, vocab().polled_events
    for r in template.resources.values():
        if r.type == types.mapping:
            function = next(iter(refs(get(r.properties, "FunctionName"))), None)
            found.append(Poller(r, r.id, r.pos, r.properties,
                                _source(template, get(r.properties, "EventSourceArn")),
                                function))
        elif r.type == types.sam_function:
            events = get(r.properties, "Events")
            for name, (pos, event) in (events.items.items() if isinstance(events, YMap)
                                        else ()):
                kind = get(event, "Type")
                props = get(event, "Properties")
                if not isinstance(kind, YScalar) or kind.value not in polled or not isinstance(
                        props, YMap):
                    continue
                source = _source(template, get(props, polled[str(kind.value)]))
                found.append(Poller(r, f"{r.id} event {name}", pos, props, source, r.id))
    return found


def _source(template: Template, node: object) -> Resource | None:
    named = refs(node) if node is not None else []  # type: ignore[arg-type]
    return next((template.resources[n] for n in named if n in template.resources), None)


def number(template: Template, node: object) -> float | None:
    """A number the template states as data (values.literal): as written, a parameter's
    Default, or an item of its literal data; None where the template computes it."""
    value = literal(template, node) if isinstance(node, YScalar | YMap) else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def function_timeout(template: Template, function: str | None, consumer: str | None
                     ) -> tuple[float, str] | None:
    """The timeout the template gives the function a poller invokes, and where it says so:
    the function's own Timeout (SAM's Globals for a SAM function), else a parameter named
    for the consumer's timeout (<Consumer>...Timeout: the function lives elsewhere)."""
    types = vocab().types
    resource = template.resources.get(function or "")
    if resource is not None and resource.type in (types.function, types.sam_function):
        value = number(template, get(resource.properties, "Timeout"))
        if value is not None:
            return value, f"the Timeout of {resource.id}"
        if resource.type == types.sam_function:
            value = number(template, get(template.globals, "Timeout"))
            if value is not None:
                return value, "the Timeout in SAM's Globals"
    names = [n for n in (function, pascal(consumer) if consumer else None) if n]
    for parameter, default in template.parameters.items():
        if parameter.endswith("Timeout") and any(n in parameter for n in names):
            value = number(template, YScalar(default, Pos(0, 0)))
            if value is not None:
                return value, f"the Default of parameter {parameter}"
    return None
