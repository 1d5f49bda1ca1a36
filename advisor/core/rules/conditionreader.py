"""Read one rule's condition from its YAML nodes, with every threshold resolved.

A comparison names a fact the rules may read and one operator; its operand is checked
against the fact's type, and a threshold written `{catalogue: id}` or `{param: name}` is
resolved to a number here, at load. What the reader checks against comes in as values:
the catalogue's facts and the cloud's vocabulary (its service ids and sources), so this
module knows no cloud.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, cast

from advisor.core.facts import ALL_FACTS, FactSpec, describe
from advisor.core.rules.conditions import (
    COMBINATORS,
    COMPARISONS,
    THRESHOLD_OPS,
    CombinatorOp,
    Combine,
    Compare,
    ComparisonOp,
    Condition,
    Operand,
    Parameter,
    Scalar,
)
from advisor.errors import InputError
from advisor.format import units
from advisor.format.schema import suggest
from advisor.format.vocabulary import Vocabulary
from advisor.format.yamlnodes import Pos, YMap, YNode, YScalar, YSeq, type_name

# A threshold in a condition is never a bare number standing for something: it is either a
# catalogue fact, `{catalogue: lambda-concurrency-default}`, or a judgement the rule names
# and sources under `parameters:`, `{param: burst_ratio}`. Both are resolved at load.
REFERENCES = ("catalogue", "param")
# The catalogue's units in which a fact of each type can be compared (all base units).
_UNIT_TYPES = {"per-second": ("rate",), "bytes": ("size",), "seconds": ("duration",),
               "count": ("count", "ratio")}
_NUMERIC = ("rate", "size", "duration", "count", "ratio")


class CatalogueFact(Protocol):
    """What the loader reads of a cloud's catalogue fact: a rule may compare with its value
    or cite it (a provider's own fact record satisfies this as it is)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def unit(self) -> str | None: ...


class ConditionReader:
    """The condition of the rule being read; mistakes are collected, each at its line."""

    def __init__(self, path: str, catalogue: Mapping[str, CatalogueFact],
                 vocabulary: Vocabulary) -> None:
        self.path = path
        self.catalogue = catalogue
        self.vocabulary = vocabulary
        self.errors: list[InputError] = []
        # The rule being read: its declared parameters, and the thresholds resolved so far.
        self.declared: dict[str, tuple[Pos, YMap]] = {}
        self.used: dict[str, Parameter] = {}
        self.kinds: dict[str, tuple[str, str]] = {}  # parameter: (its type, the first fact)

    def error(self, pos: Pos, message: str, hint: str = "") -> None:
        self.errors.append(InputError(self.path, pos.line, pos.column, message, hint))

    def condition(self, node: YNode, allowed: Mapping[str, FactSpec]) -> Condition | None:
        if not isinstance(node, YMap) or len(node.items) == 0:
            self.error(node.pos, "a condition must be a mapping such as {fact: kind, is: event} "
                       "or {all: [...]}")
            return None
        keys = set(node.items)
        combinator = keys & set(COMBINATORS)
        if combinator:
            op = cast(CombinatorOp, combinator.pop())
            if len(keys) > 1:
                self.error(node.pos, f"`{op}` stands alone in its mapping",
                           "nest other conditions inside its list")
                return None
            inner = node.items[op][1]
            if op == "not":
                item = self.condition(inner, allowed)
                return Combine("not", (item,)) if item else None
            if not isinstance(inner, YSeq) or not inner.items:
                self.error(inner.pos, f"`{op}` takes a non-empty list of conditions")
                return None
            parts = [self.condition(i, allowed) for i in inner.items]
            if any(p is None for p in parts):
                return None
            return Combine(op, tuple(p for p in parts if p is not None))
        return self.compare(node, allowed)

    def compare(self, node: YMap, allowed: Mapping[str, FactSpec]) -> Compare | None:
        if "fact" not in node.items:
            self.error(node.pos, "a comparison needs `fact:` and one operator",
                       f"operators: {', '.join(COMPARISONS)}; combinators: all, any, not")
            return None
        fact_node = node.items["fact"][1]
        fact = fact_node.value if isinstance(fact_node, YScalar) else None
        if not isinstance(fact, str) or fact not in allowed:
            where = "" if fact not in ALL_FACTS else " (consumer facts need `scope: consumer`)"
            self.error(fact_node.pos, f"unknown fact {fact!r}{where}",
                       f"{suggest(str(fact), list(allowed))}facts are listed in the README")
            return None
        ops = [k for k in node.items if k != "fact"]
        if len(ops) != 1 or ops[0] not in COMPARISONS:
            bad = next((k for k in ops if k not in COMPARISONS), None)
            pos = node.items[bad][0] if bad else node.pos
            hint = f"{suggest(bad, COMPARISONS) if bad else ''}operators: {', '.join(COMPARISONS)}"
            self.error(pos, f"unknown operator {bad!r}" if bad else
                       "a comparison takes exactly one operator", hint)
            return None
        op = cast(ComparisonOp, ops[0])
        operand = node.items[op][1]
        if isinstance(operand, YMap) and op in THRESHOLD_OPS and allowed[fact].type in _NUMERIC:
            threshold = self.reference(allowed[fact], fact, operand)
            return Compare(fact, op, threshold.value, threshold.name) if threshold else None
        value = self.operand(allowed[fact], fact, op, operand)
        if value is None:
            return None
        return Compare(fact, op, value)

    def reference(self, spec: FactSpec, fact: str, node: YMap) -> Parameter | None:
        """A threshold named by `{catalogue: id}` or `{param: name}`, resolved."""
        keys = list(node.items)
        if len(keys) != 1 or keys[0] not in REFERENCES:
            self.error(node.pos, "a threshold is a number, {catalogue: fact-id} or "
                       "{param: name}", "name one catalogue fact or one parameter of the rule")
            return None
        kind, (_, target) = keys[0], node.items[keys[0]]
        name = target.value if isinstance(target, YScalar) else None
        if kind == "catalogue":
            direct = self.catalogue_value(spec, fact, target, name)
            if direct is not None:
                self.used.setdefault(direct.name, direct)
            return direct
        if not isinstance(name, str) or name not in self.declared:
            self.error(target.pos, f"unknown parameter {name!r}",
                       f"{suggest(str(name), list(self.declared))}declare it under the rule's "
                       "`parameters:` with value, why and source")
            return None
        if name in self.used:
            kind, first = self.kinds[name]
            if kind != spec.type:
                # Its value was read and explained as a `kind`: as another type of fact it
                # would compare numbers in different units.
                self.error(target.pos, f"parameter {name!r} is compared with {first}, a "
                           f"{kind}, and cannot also be compared with {fact}, a {spec.type}",
                           "declare a parameter for each kind of fact it is compared with")
                return None
            return self.used[name]
        _, declared = self.declared[name]
        value_node = declared.items["value"][1] if "value" in declared.items else None
        why_node = declared.items.get("why")
        source_node = declared.items.get("source")
        why = str(why_node[1].value).strip() if why_node and isinstance(why_node[1], YScalar) \
            else ""
        source = (str(source_node[1].value).strip()
                  if source_node and isinstance(source_node[1], YScalar) else "")
        if value_node is None:
            return None  # reported where the parameter is declared
        if isinstance(value_node, YMap):
            keys = list(value_node.items)
            if keys != ["catalogue"]:
                self.error(value_node.pos, "a parameter's value is a number or "
                           "{catalogue: fact-id}")
                return None
            target = value_node.items["catalogue"][1]
            fact_value = self.catalogue_value(
                spec, fact, target, target.value if isinstance(target, YScalar) else None)
            if fact_value is None:
                return None
            found = Parameter(name, fact_value.value, fact_value.shown, " ".join(why.split()),
                              source or fact_value.fact, fact_value.fact)
        else:
            scalar = self.scalar(spec, fact, value_node)
            if not isinstance(scalar, float):
                return None
            found = Parameter(name, scalar, describe(fact, scalar), " ".join(why.split()),
                              source)
        self.used[name] = found
        self.kinds[name] = (spec.type, fact)
        return found

    def catalogue_value(self, spec: FactSpec, fact: str, node: YNode,
                        fact_id: object) -> Parameter | None:
        """A catalogue fact's number as a threshold for `fact`, if its unit fits."""
        entry = self.catalogue.get(fact_id) if isinstance(fact_id, str) else None
        if entry is None:
            self.error(node.pos, f"unknown catalogue fact {fact_id!r}",
                       f"{suggest(str(fact_id), list(self.catalogue))}name the id of a fact "
                       "in the cloud's catalogue (advisor/providers/<cloud>/data/catalogue.yaml)")
            return None
        if entry.value is None or spec.type not in _UNIT_TYPES.get(entry.unit or "", ()):
            held = "no single value" if entry.value is None else f"{entry.value:g} {entry.unit}"
            self.error(node.pos, f"catalogue fact {entry.id} ({held}) cannot be compared "
                       f"with {fact}, which is a {spec.type}",
                       "name a fact whose unit is that of the compared fact")
            return None
        return Parameter(entry.id, entry.value, describe(fact, entry.value), entry.title,
                         entry.source, entry.id)

    def operand(self, spec: FactSpec, fact: str, op: str, node: YNode) -> Operand | None:
        if op == "is_set":
            if isinstance(node, YScalar) and isinstance(node.value, bool):
                return node.value
            self.error(node.pos, "`is_set` takes true or false")
            return None
        if op in ("in", "not_in"):
            if not isinstance(node, YSeq) or not node.items:
                self.error(node.pos, f"`{op}` takes a non-empty list")
                return None
            values = [self.scalar(spec, fact, item) for item in node.items]
            found = tuple(v for v in values if v is not None)
            return found if len(found) == len(values) else None
        if op in ("at_least", "at_most", "above", "below") and spec.type not in _NUMERIC:
            self.error(node.pos, f"`{op}` compares numbers, but {fact} is {spec.type}",
                       "use `is`, `is_not`, `in` or `not_in`")
            return None
        if op == "includes":
            if spec.type != "set":
                self.error(node.pos, f"`includes` is for lists, but {fact} is {spec.type}")
                return None
            if isinstance(node, YScalar) and node.value in self.vocabulary.service_ids:
                return node.value
            self.error(node.pos, f"{type_name(node)} is not a service id")
            return None
        return self.scalar(spec, fact, node)

    def scalar(self, spec: FactSpec, fact: str, node: YNode) -> Scalar | None:
        value = node.value if isinstance(node, YScalar) else None
        try:
            if spec.type == "bool":
                if isinstance(value, bool):
                    return value
                raise ValueError(f"{fact} is true or false")
            if spec.type == "enum":
                choices = self.choices(spec)
                if value in choices:
                    return value
                raise ValueError(f"{fact} takes {' | '.join(choices)}")
            if spec.type == "rate":
                return units.parse_rate(value)
            if spec.type == "size":
                return units.parse_size(value)
            if spec.type == "duration":
                return units.parse_duration(value)
            if spec.type in ("count", "ratio"):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    return float(value)
                raise ValueError(f"{fact} is a number")
            if isinstance(value, str):
                return value
            raise ValueError(f"{fact} is text")
        except ValueError as exc:
            self.error(node.pos, f"bad value for {fact}: {exc}")
            return None

    def choices(self, spec: FactSpec) -> tuple[str, ...]:
        """The words an enum fact takes: its own, or the cloud's (a workload `source`)."""
        return self.vocabulary.sources if spec.choices_from == "sources" else spec.choices
