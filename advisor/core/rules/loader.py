"""Read rule files: YAML text in, checked `Rule` records out, every mistake at file:line.

A file is a mapping with a `rules:` list. Each rule is checked key by key (its condition by
`ConditionReader`, its other keys by `FieldReader`), and the catalogue figures its rationale
cites are filled in, so a broken rule file fails at load, never in the middle of a
recommendation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import cast

from advisor.core.facts import ALL_FACTS, FLOW_FACTS
from advisor.core.rules.conditionreader import CatalogueFact
from advisor.core.rules.conditions import Parameter
from advisor.core.rules.fields import FieldReader
from advisor.core.rules.rule import PLACEHOLDER, Rule, Scope, figure_words
from advisor.errors import InputError, InputErrors
from advisor.format.schema import suggest
from advisor.format.vocabulary import Vocabulary
from advisor.format.yamlnodes import Pos, YMap, YNode, YSeq, parse_yaml, type_name

RULE_KEYS = ("id", "title", "scope", "when", "parameters", "effect", "rules_out", "limit",
             "rationale", "sources", "replaces", "examples")
# A catalogue figure in a rationale, `{catalogue:fact-id}`, is filled in at load, so the text
# states the very value the condition compares with.
_CITED = re.compile(r"\{catalogue:([^{}\s]*)\}")
_ID = re.compile(r"[A-Z]{2,5}\d{3}")


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


class FileLoader(FieldReader):
    """The rules of one file."""

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
                           "name the id of a fact in the cloud's catalogue "
                           "(advisor/providers/<cloud>/data/catalogue.yaml)")
                return match.group(0)
            shown = figure_words(entry.value, entry.unit)
            # recorded like a threshold, so a changed catalogue value is noticed
            self.used.setdefault(entry.id, Parameter(entry.id, entry.value, shown, entry.title,
                                                     entry.source, entry.id))
            return shown
        return _CITED.sub(fill, text)
