"""The shapes of the workload format: lists, mappings with known keys, and values written in
one of several forms, each built of the scalar specs in `spec`."""

from __future__ import annotations

from collections.abc import Mapping

from msgspec import Struct

from advisor.errors import quoted
from advisor.format.spec import Errors, Spec, Unit, suggest
from advisor.format.yamlnodes import YMap, YNode, YScalar, YSeq, type_name


class ListOf(Spec, Struct, frozen=True):
    """A list whose items all follow one spec."""

    item: Spec
    unique: bool = True
    doc: str = ""
    max_items: int | None = None
    too_many: str = ""  # the hint when there are more than max_items

    def expected(self) -> str:
        return f"a list of {self.item.expected()}"

    def json(self) -> dict[str, object]:
        schema: dict[str, object] = {"type": "array", "items": self.item.json()}
        if self.unique:
            schema["uniqueItems"] = True
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        return schema

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if not isinstance(node, YSeq):
            errors.add(node.pos, f"{where} must be a list, not {type_name(node)}",
                       f"expected {self.expected()}, such as [a, b]")
            return None
        if self.max_items is not None and len(node.items) > self.max_items:
            # Refused before any item is checked: the work after this is per item.
            errors.add(node.items[self.max_items].pos,
                       f"{where} lists {len(node.items):,} items; at most "
                       f"{self.max_items:,} are allowed", self.too_many or "shorten the list")
            return None
        values: list[object] = []
        for index, item in enumerate(node.items):
            value = self.item.check(item, f"{where}[{index}]", errors)
            if value is None:
                continue
            if self.unique and value in values:
                errors.add(item.pos, f"{where} lists {quoted(value)} twice", "remove the repeat")
                continue
            values.append(value)
        return tuple(values)


class Field(Struct, frozen=True):
    """A key of a mapping: its spec, whether it is required, and its help text."""

    spec: Spec
    required: bool = False
    doc: str = ""


class Mapping_(Spec, Struct, frozen=True):
    """A mapping with known keys; any other key is a mistake."""

    fields: Mapping[str, Field]
    doc: str = ""
    name: str = "mapping"

    def expected(self) -> str:
        return f"a mapping with keys {', '.join(self.fields)}"

    def json(self) -> dict[str, object]:
        properties = {}
        for key, known in self.fields.items():
            schema = known.spec.json()
            if known.doc:
                # The key's own help first, then what its value looks like (for a unit,
                # "a duration such as ..."), so an editor's hover says both.
                form = schema.get("description")
                schema = {**schema, "description": f"{known.doc}; {form}" if form
                          else known.doc}
            properties[key] = schema
        result: dict[str, object] = {"type": "object", "properties": properties,
                                     "additionalProperties": False}
        required = [key for key, known in self.fields.items() if known.required]
        if required:
            result["required"] = required
        return result

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if not isinstance(node, YMap):
            errors.add(node.pos, f"{where} must be {self.expected()}, not {type_name(node)}",
                       f"write {where} as a mapping of `key: value` lines")
            return None
        values: dict[str, object] = {}
        for key, (key_pos, value_node) in node.items.items():
            path = f"{where}.{key}" if where else key
            known = self.fields.get(key)
            if known is None:
                errors.add(key_pos, f"unknown key {quoted(path)}",
                           f"{suggest(key, list(self.fields))}accepted keys here: "
                           f"{', '.join(self.fields)}")
                continue
            values[key] = known.spec.check(value_node, path, errors)
        for key, known in self.fields.items():
            if known.required and key not in node.items:
                path = f"{where}.{key}" if where else key
                errors.add(node.pos, f"missing required key {path!r}",
                           f"add `{key}:` ({known.spec.expected()})")
        return values


class OneOf(Spec, Struct, frozen=True):
    """A value written in one of several forms, chosen by its YAML shape."""

    scalar: Spec | None = None
    mapping: Spec | None = None
    sequence: Spec | None = None
    number: Spec | None = None
    doc: str = ""

    def expected(self) -> str:
        forms = [s.expected() for s in (self.scalar, self.number, self.mapping, self.sequence)
                 if s is not None]
        return ", or ".join(forms)

    def json(self) -> dict[str, object]:
        # The form is chosen by the value's type, as `check` chooses it by the YAML shape, so
        # a mistake inside a mapping is reported by the mapping's schema alone (an anyOf
        # added "is not one of none, preferred, required" to `batching: {window: soon}`).
        shaped = [(kind, spec) for kind, spec in (
            ("object", self.mapping), ("array", self.sequence), ("number", self.number))
            if spec is not None]
        schema: dict[str, object] = (self.scalar.json() if self.scalar is not None
                                     else {"type": [kind for kind, _ in shaped]})
        for kind, spec in reversed(shaped):
            schema = {"if": {"type": kind}, "then": spec.json(), "else": schema}
        return schema

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        chosen: Spec | None
        if isinstance(node, YMap):
            chosen = self.mapping
        elif isinstance(node, YSeq):
            chosen = self.sequence
        elif isinstance(node.value, int | float) and not isinstance(node.value, bool):
            chosen = self.number or self.scalar
        else:
            chosen = self.scalar
        if chosen is None:
            errors.add(node.pos, f"{where} cannot be {type_name(node)}",
                       f"expected {self.expected()}")
            return None
        return chosen.check(node, where, errors)


class NoneOr(Spec, Struct, frozen=True):
    """The word "none", or a value of another kind ("replay: none" or "replay: 7d")."""

    other: Spec
    doc: str = ""

    def expected(self) -> str:
        return f"none, or {self.other.expected()}"

    def json(self) -> dict[str, object]:
        other = self.other.json()
        if isinstance(self.other, Unit):
            # Folded into the unit's own pattern, so that "forever" is told the forms a
            # value takes rather than "'none' was expected".
            message = f"expected none, or {other['description']}"
            examples = other["examples"]
            assert isinstance(examples, list)
            return {**other, "description": f"none, or {other['description']}",
                    "pattern": f"^none$|{other['pattern']}", "patternErrorMessage": message,
                    "errorMessage": message, "examples": ["none", *examples]}
        return {"anyOf": [{"const": "none"}, other]}

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if isinstance(node, YScalar) and node.value == "none":
            return "none"
        return self.other.check(node, where, errors)

