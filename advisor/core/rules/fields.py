"""Read the keys of a rule besides its condition: texts, flags, weights, models, sources,
declared parameters and examples, each checked for its shape at its line."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping

from advisor.core.rules.conditionreader import CatalogueFact, ConditionReader
from advisor.core.rules.rule import Example
from advisor.errors import quoted
from advisor.format.schema import MODELS, suggest
from advisor.format.vocabulary import Vocabulary
from advisor.format.yamlnodes import Pos, YMap, YNode, YScalar, YSeq, plain, type_name

PARAMETER_KEYS = ("value", "why", "source")
_PARAM_NAME = re.compile(r"[a-z][a-z0-9_]*")
# A source URL goes into ADRs as a Markdown link: https, a host, and only the characters
# RFC 3986 allows in a URL (the rest percent-encoded), so it cannot end the link or the line.
_URL = re.compile(r"https://[A-Za-z0-9.-]+(:\d{1,5})?"
                  r"([/?#][A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]*)?")


class FieldReader(ConditionReader):
    """The keys of the rule being read; mistakes are collected, each at its line."""

    def __init__(self, path: str, known_sources: Callable[[str], bool],
                 catalogue: Mapping[str, CatalogueFact], vocabulary: Vocabulary) -> None:
        super().__init__(path, catalogue, vocabulary)
        self.known_sources = known_sources

    def parameters(self, entry: tuple[Pos, YNode] | None) -> dict[str, tuple[Pos, YMap]]:
        """The rule's named thresholds, checked for shape; values are read where used, in
        the unit of the fact they are compared with."""
        if entry is None:
            return {}
        node = entry[1]
        if not isinstance(node, YMap) or not node.items:
            self.error(node.pos, "`parameters` must map names to {value: ..., why: ..., "
                       "source: ...}")
            return {}
        found: dict[str, tuple[Pos, YMap]] = {}
        for name, (pos, item) in node.items.items():
            if not _PARAM_NAME.fullmatch(name):
                self.error(pos, f"parameter name {name!r} is not lower_case_with_underscores")
                continue
            if not isinstance(item, YMap):
                self.error(item.pos, f"parameter {name!r} must be a mapping of value, why and "
                           "source", "for example: {value: 10, why: an order of magnitude, "
                           "source: https://...}")
                continue
            for key, (key_pos, _) in item.items.items():
                if key not in PARAMETER_KEYS:
                    self.error(key_pos, f"unknown parameter key {key!r}",
                               f"{suggest(key, PARAMETER_KEYS)}parameter keys: "
                               f"{', '.join(PARAMETER_KEYS)}")
            cited = isinstance(item.items.get("value", (pos, None))[1], YMap)
            for key in ("value", "why") + (() if cited else ("source",)):
                if key not in item.items:
                    self.error(item.pos, f"parameter {name!r} has no `{key}`",
                               "a parameter states its value, why it is that value, and "
                               "its source (a URL, a catalogue fact id or a named principle)")
            for key in ("why", "source"):
                value = item.items.get(key, (pos, None))[1]
                if value is not None and not (isinstance(value, YScalar) and isinstance(
                        value.value, str) and value.value.strip()):
                    self.error(value.pos, f"the parameter's `{key}` must be text")
            source = item.items.get("source", (pos, None))[1]
            text = source.value if isinstance(source, YScalar) else None
            if isinstance(text, str) and text.startswith("https://") and not _URL.fullmatch(
                    text):
                self.error(source.pos if source else pos,
                           f"source {quoted(text)} is not a URL a link can hold")
            found[name] = (pos, item)
        return found

    def flag(self, items: dict[str, tuple[Pos, YNode]], key: str) -> bool:
        if key not in items:
            return False
        node = items[key][1]
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        self.error(node.pos, f"`{key}` must be true or false, not {type_name(node)}",
                   f"write `{key}: true` for a quota, capacity or reachability limit")
        return False

    def examples(self, entry: tuple[Pos, YNode] | None) -> tuple[Example, ...]:
        if entry is None:
            return ()
        node = entry[1]
        if not isinstance(node, YSeq):
            self.error(node.pos, "`examples` must be a list of {fires: true|false, workload: "
                       "{...}}")
            return ()
        found = []
        for item in node.items:
            fires = item.items.get("fires") if isinstance(item, YMap) else None
            workload = item.items.get("workload") if isinstance(item, YMap) else None
            if (fires is None or workload is None or not isinstance(fires[1], YScalar)
                    or not isinstance(fires[1].value, bool) or not isinstance(workload[1], YMap)):
                self.error(item.pos, "an example needs `fires: true|false` and a `workload:` "
                           "mapping", "for example: {fires: true, workload: {kind: event}}")
                continue
            assert isinstance(item, YMap)
            unknown = [k for k in item.items if k not in ("fires", "workload", "note")]
            for key in unknown:
                self.error(item.items[key][0], f"unknown example key {key!r}",
                           "examples take fires, workload and note")
            note = item.items.get("note")
            found.append(Example(bool(fires[1].value), _plain(workload[1]), item.pos.line,
                                 str(note[1].value) if note and isinstance(note[1], YScalar)
                                 else ""))
        return tuple(found)

    def text(self, items: dict[str, tuple[Pos, YNode]], key: str) -> str | None:
        if key not in items:
            return None
        node = items[key][1]
        if isinstance(node, YScalar) and isinstance(node.value, str) and node.value.strip():
            return node.value.strip()
        self.error(node.pos, f"`{key}` must be text, not {type_name(node)}")
        return None

    def effect(self, entry: tuple[Pos, YNode] | None) -> dict[str, float]:
        if entry is None:
            return {}
        node = entry[1]
        if not isinstance(node, YMap):
            self.error(node.pos, "`effect` must map models to weights, such as {poll: 2}")
            return {}
        effect: dict[str, float] = {}
        for model, (pos, value) in node.items.items():
            if model not in MODELS:
                self.error(pos, f"unknown model {model!r} in effect",
                           f"{suggest(model, MODELS)}models: push, poll, hybrid")
            elif not isinstance(value, YScalar) or isinstance(value.value, bool) or not isinstance(
                    value.value, int | float) or not math.isfinite(value.value):
                self.error(value.pos, f"the weight for {model} must be a finite number")
            else:
                effect[model] = float(value.value)
        return effect

    def models(self, entry: tuple[Pos, YNode] | None) -> tuple[str, ...]:
        if entry is None:
            return ()
        node = entry[1]
        if not isinstance(node, YSeq):
            self.error(node.pos, "`rules_out` must be a list of models, such as [push]")
            return ()
        result = []
        for item in node.items:
            if isinstance(item, YScalar) and item.value in MODELS:
                result.append(str(item.value))
            else:
                self.error(item.pos, f"{type_name(item)} is not a model",
                           "models: push, poll, hybrid")
        return tuple(result)

    def sources(self, entry: tuple[Pos, YNode] | None) -> tuple[str, ...]:
        if entry is None:
            return ()
        node = entry[1]
        if not isinstance(node, YSeq) or not node.items:
            self.error(node.pos, "`sources` must be a non-empty list of URLs or catalogue fact ids")
            return ()
        result = []
        for item in node.items:
            value = item.value if isinstance(item, YScalar) else None
            if isinstance(value, str) and value.startswith("https://") and not _URL.fullmatch(
                    value):
                self.error(item.pos, f"source {quoted(value)} is not a URL a link can hold",
                           "an https URL with a host, its spaces, quotes, angle brackets, "
                           "backticks, backslashes and non-ASCII characters percent-encoded")
            elif isinstance(value, str) and (value.startswith("https://") or
                                             self.known_sources(value)):
                result.append(value)
            else:
                self.error(item.pos, f"source {quoted(value)} is neither an https URL nor a "
                           "fact id in the catalogue", "cite a URL, or the id of a catalogue fact")
        return tuple(result)



def _plain(node: YNode) -> dict[str, object]:
    result = plain(node)
    assert isinstance(result, dict)
    return result
