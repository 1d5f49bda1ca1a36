"""Read rule files: YAML text in, checked `Rule` records out, every mistake at file:line.

A file is a mapping with a `rules:` list. Each rule is checked key by key (its condition by
`ConditionReader`), and the catalogue figures its rationale cites are filled in, so a broken
rule file fails at load, never in the middle of a recommendation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import cast

from advisor.core.facts import ALL_FACTS, FLOW_FACTS
from advisor.core.rules.conditionreader import CatalogueFact, ConditionReader
from advisor.core.rules.conditions import Parameter
from advisor.core.rules.rule import PLACEHOLDER, Example, Rule, Scope, figure_words
from advisor.errors import InputError, InputErrors, quoted
from advisor.format.schema import MODELS, suggest
from advisor.format.vocabulary import Vocabulary
from advisor.format.yamlnodes import Pos, YMap, YNode, YScalar, YSeq, parse_yaml, plain, type_name

RULE_KEYS = ("id", "title", "scope", "when", "parameters", "effect", "rules_out", "limit",
             "rationale", "sources", "replaces", "examples")
PARAMETER_KEYS = ("value", "why", "source")
_PARAM_NAME = re.compile(r"[a-z][a-z0-9_]*")
# A catalogue figure in a rationale, `{catalogue:fact-id}`, is filled in at load, so the text
# states the very value the condition compares with.
_CITED = re.compile(r"\{catalogue:([^{}\s]*)\}")
_ID = re.compile(r"[A-Z]{2,5}\d{3}")
# A source URL goes into ADRs as a Markdown link: https, a host, and only the characters
# RFC 3986 allows in a URL (the rest percent-encoded), so it cannot end the link or the line.
_URL = re.compile(r"https://[A-Za-z0-9.-]+(:\d{1,5})?"
                  r"([/?#][A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]*)?")


def parse_files(files: list[tuple[Path, str]], known_sources: Callable[[str], bool],
                errors: list[InputError], catalogue: Mapping[str, CatalogueFact],
                vocabulary: Vocabulary) -> list[Rule]:
    """The rules of each file, in order; every mistake found goes to `errors`."""
    rules: list[Rule] = []
    for path, text in files:
        loader = FileLoader(str(path), known_sources, catalogue, vocabulary)
        try:
            rules.extend(loader.rules(parse_yaml(text, str(path))))
        except InputError as exc:
            errors.append(exc)
        except InputErrors as exc:
            errors.extend(exc.errors)
        errors.extend(loader.errors)
    return rules


class FileLoader(ConditionReader):
    """The rules of one file."""

    def __init__(self, path: str, known_sources: Callable[[str], bool],
                 catalogue: Mapping[str, CatalogueFact], vocabulary: Vocabulary) -> None:
        super().__init__(path, catalogue, vocabulary)
        self.known_sources = known_sources

    def rules(self, root: YNode | None) -> list[Rule]:
        if not isinstance(root, YMap) or "rules" not in root.items:
            pos = root.pos if root is not None else Pos(1, 1)
            self.error(pos, "a rule file is a mapping with a `rules:` list",
                       "start the file with `rules:` and list rules under it")
            return []
        for key, (pos, _) in root.items.items():
            if key != "rules":
                self.error(pos, f"unknown key {key!r} in a rule file", "only `rules:` is read")
        items = root.items["rules"][1]
        if not isinstance(items, YSeq):
            self.error(items.pos, f"`rules` must be a list, not {type_name(items)}")
            return []
        result = []
        for item in items.items:
            rule = self.rule(item)
            if rule is not None:
                result.append(rule)
        return result

    def rule(self, node: YNode) -> Rule | None:
        if not isinstance(node, YMap):
            self.error(node.pos, f"a rule must be a mapping, not {type_name(node)}")
            return None
        before = len(self.errors)
        items = node.items
        for key, (pos, _) in items.items():
            if key not in RULE_KEYS:
                self.error(pos, f"unknown rule key {key!r}",
                           f"{suggest(key, RULE_KEYS)}rule keys: {', '.join(RULE_KEYS)}")
        for key in ("id", "title", "when", "rationale", "sources"):
            if key not in items:
                self.error(node.pos, f"the rule has no `{key}`", f"every rule needs {key}")
        rule_id = self.text(items, "id")
        if rule_id and not _ID.fullmatch(rule_id):
            self.error(items["id"][1].pos, f"rule id {rule_id!r} is not of the form PP101",
                       "two to five capital letters, then three digits")
        scope = self.text(items, "scope") or "flow"
        if scope not in ("flow", "consumer"):
            self.error(items["scope"][1].pos, f"scope {scope!r} is not flow or consumer")
            scope = "flow"
        allowed = ALL_FACTS if scope == "consumer" else FLOW_FACTS
        self.declared, self.used = self.parameters(items.get("parameters")), {}
        self.kinds = {}
        when = self.condition(items["when"][1], allowed) if "when" in items else None
        for name, (pos, _) in self.declared.items():
            if name not in self.used and when is not None:
                self.error(pos, f"parameter {name!r} is declared but no condition uses it",
                           f"compare with it as {{param: {name}}}, or remove it")
        effect = self.effect(items.get("effect"))
        rules_out = self.models(items.get("rules_out"))
        if "effect" not in items and "rules_out" not in items:
            self.error(node.pos, "the rule has neither `effect` nor `rules_out`",
                       "give score weights (effect: {poll: 2}) or a constraint "
                       "(rules_out: [push])")
        rationale = self.text(items, "rationale") or ""
        if "rationale" in items:
            rationale = self.cited(items["rationale"][1].pos, rationale)
        for match in PLACEHOLDER.finditer(rationale):
            if match.group(1) not in allowed:
                self.error(items["rationale"][1].pos,
                           f"the rationale names an unknown fact {{{match.group(1)}}}",
                           f"{suggest(match.group(1), list(allowed))}facts are listed in "
                           "the README")
        sources = self.sources(items.get("sources"))
        if len(self.errors) > before or when is None or not rule_id:
            return None
        replaces = self.text(items, "replaces")
        examples = self.examples(items.get("examples"))
        limit = self.flag(items, "limit")
        if len(self.errors) > before:
            return None
        return Rule(rule_id, self.text(items, "title") or "", cast(Scope, scope), when, effect,
                    rules_out, " ".join(rationale.split()), sources, self.path, node.pos.line,
                    examples, replaces, limit, tuple(self.used.values()))

    def cited(self, pos: Pos, text: str) -> str:
        """The text with each `{catalogue:fact-id}` replaced by the fact's value."""
        def fill(match: re.Match[str]) -> str:
            entry = self.catalogue.get(match.group(1))
            if entry is None or entry.value is None:
                self.error(pos, f"the rationale cites {match.group(0)}, which is not a catalogue "
                           "fact with a value", f"{suggest(match.group(1), list(self.catalogue))}"
                           "name the id of a fact in advisor/data/catalogue.yaml")
                return match.group(0)
            shown = figure_words(entry.value, entry.unit)
            # recorded like a threshold, so a changed catalogue value is noticed
            self.used.setdefault(entry.id, Parameter(entry.id, entry.value, shown, entry.title,
                                                     entry.source, entry.id))
            return shown
        return _CITED.sub(fill, text)

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
