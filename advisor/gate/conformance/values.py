"""The value a template gives a property where the template states it as data: a literal,
the Default of the parameter it references, or an item of the template's own literal data
that it selects (Fn::Select of such an index into a literal list or into a Fn::FindInMap
with literal keys). That is how a template without arithmetic writes a figure derived
from a parameter (the emitter's visibility timeout: six times the function's timeout,
read from a list indexed by that timeout). Nothing else is evaluated: any other intrinsic,
or data that is not there, is "cannot tell" (None), never a guess."""

from __future__ import annotations

from advisor.format.yamlnodes import YMap, YNode, YScalar, YSeq
from advisor.gate.conformance.cfnread import Template


def literal(template: Template, node: YNode | None) -> object:
    """The scalar value `node` states, or None where the template computes it."""
    if isinstance(node, YScalar):
        return node.value
    key, arg = _intrinsic(node)
    if key == "Ref":
        return _parameter(template, arg)
    if key == "Fn::FindInMap":
        found = _find_in_map(template, arg)
        return found.value if isinstance(found, YScalar) else None
    if key == "Fn::Select" and isinstance(arg, YSeq) and len(arg.items) == 2:
        first, listed = arg.items
        # The index is plain data too: a number, or the Default of the parameter it names.
        index = _index(first.value if isinstance(first, YScalar) else
                       _parameter(template, _intrinsic(first)[1])
                       if _intrinsic(first)[0] == "Ref" else None)
        items = (_find_in_map(template, _intrinsic(listed)[1])
                 if _intrinsic(listed)[0] == "Fn::FindInMap" else listed)
        if index is None or not isinstance(items, YSeq) or index >= len(items.items):
            return None
        item = items.items[index]
        return item.value if isinstance(item, YScalar) else None
    return None


def _intrinsic(node: YNode | None) -> tuple[str, YNode | None]:
    """The function and argument of a one-key mapping ({Ref: X}, {Fn::Select: [...]})."""
    if isinstance(node, YMap) and len(node.items) == 1:
        key, (_, arg) = next(iter(node.items.items()))
        return key, arg
    return "", None


def _parameter(template: Template, arg: YNode | None) -> object:
    """The Default of the parameter named (None for a resource or a pseudo parameter)."""
    if isinstance(arg, YScalar) and isinstance(arg.value, str):
        return template.parameters.get(arg.value)
    return None


def _find_in_map(template: Template, arg: YNode | None) -> YNode | None:
    """Mappings[map][key][key], where all three names are literal strings."""
    if not isinstance(arg, YSeq) or len(arg.items) != 3 or template.mappings is None:
        return None
    node: YNode | None = template.mappings
    for name in arg.items:
        if not isinstance(name, YScalar) or not isinstance(name.value, str) or not isinstance(
                node, YMap) or name.value not in node.items:
            return None
        node = node.items[name.value][1]
    return node


def _index(value: object) -> int | None:
    """A list index as written: a whole number, or its digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None
