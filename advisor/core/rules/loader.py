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
from advisor.core.rules.words import Words, read_words
from advisor.errors import InputError, InputErrors
from advisor.format.schema import suggest
from advisor.format.vocabulary import CLOUDS, Vocabulary
from advisor.format.yamlnodes import Pos, YMap, YNode, YScalar, YSeq, parse_yaml, type_name
from advisor.resources import data_dir

RULE_KEYS = ("id", "title", "scope", "clouds", "when", "parameters", "effect", "rules_out",
             "limit", "rationale", "sources", "replaces", "examples")
# A catalogue figure in a rationale, `{catalogue:fact-id}`, is filled in at load, so the text
# states the very value the condition compares with.
_CITED = re.compile(r"\{catalogue:([^{}\s]*)\}")
_ID = re.compile(r"[A-Z]{2,5}\d{3}")


def parse_files(files: list[tuple[Path, str]], known_sources: Callable[[str], bool],
                errors: list[InputError], catalogue: Mapping[str, CatalogueFact],
                vocabulary: Vocabulary) -> list[Rule]:
    """The rules of each file that serve the vocabulary's cloud, in order, each neutral one
    with that cloud's words; every mistake found goes to `errors`."""
    roots: list[tuple[Path, YNode | None]] = []
    words: dict[str, Words] = {}
    for path, text in files:
        try:
            root = parse_yaml(text, str(path))
        except InputError as exc:
            errors.append(exc)
            continue
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        read_words(root, str(path), words, errors) if root is not None else None
        roots.append((path, root))
    rules: list[Rule] = []
    worded: set[str] = set()
    for path, root in roots:
        loader = FileLoader(str(path), known_sources, catalogue, vocabulary, words,
                            _folder_cloud(path))
        rules.extend(loader.rules(root))
        errors.extend(loader.errors)
        worded |= loader.worded
    for rule_id in sorted(set(words) - worded):
        w = words[rule_id]
        errors.append(InputError(w.path, w.pos.line, w.pos.column, f"no neutral rule of this "
                                 f"pack serves {vocabulary.cloud} as {rule_id}",
                                 "give words only for the ids of rules/core that serve "
                                 "every cloud"))
    return rules


def _folder_cloud(path: Path) -> str | None:
    """The cloud a built-in rule file serves alone (rules/<cloud>/), or None for rules/core
    and a team's packs (whose rules say `clouds:` where they serve some clouds only)."""
    folder = path.parent
    if folder.name in CLOUDS and folder.parent == data_dir("rules"):
        return folder.name
    return None


class FileLoader(FieldReader):
    """The rules of one file. `words`: the cloud's words for neutral rules, by rule id;
    `folder_cloud`: the cloud a built-in folder of the pack serves alone."""

    def __init__(self, path: str, known_sources: Callable[[str], bool],
                 catalogue: Mapping[str, CatalogueFact], vocabulary: Vocabulary,
                 words: Mapping[str, Words] | None = None,
                 folder_cloud: str | None = None) -> None:
        super().__init__(path, known_sources, catalogue, vocabulary)
        self.words = words or {}
        self.folder_cloud = folder_cloud
        self.worded: set[str] = set()  # the ids whose words this file's rules took

    def rules(self, root: YNode | None) -> list[Rule]:
        if not isinstance(root, YMap) or not ({"rules", "words"} & set(root.items)):
            pos = root.pos if root is not None else Pos(1, 1)
            self.error(pos, "a rule file is a mapping with a `rules:` list",
                       "start the file with `rules:` and list rules under it (a cloud's "
                       "folder may also give `words:` for the neutral rules)")
            return []
        for key, (pos, _) in root.items.items():
            if key not in ("rules", "words"):
                self.error(pos, f"unknown key {key!r} in a rule file",
                           "only `rules:` and `words:` are read")
        if "rules" not in root.items:
            return []
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
        clouds = self.clouds(items.get("clouds"))
        if clouds and self.vocabulary.cloud not in clouds:
            return None  # another cloud's rule: its condition may cite what this one lacks
        rule_id = self.text(items, "id")
        words = self.words.get(rule_id or "")
        if words is not None:
            self.worded.add(rule_id or "")
            if "rationale" in items or "sources" in items:
                # Else one cloud's reasons would be the default every other cloud inherits.
                self.error(node.pos, f"{rule_id} gives its own rationale and sources, and "
                           f"{self.vocabulary.cloud}'s words give them too ({words.path})",
                           "keep a neutral rule's reasons in each cloud's words only")
            # A cloud's parameters replace the rule's of the same name.
            items = {**items, **{k: v for k, v in words.items.items() if k != "parameters"}}
            if "parameters" in words.items:
                items["parameters"] = self.own_parameters(items.get("parameters"),
                                                          words.items["parameters"], rule_id)
        for key in ("id", "title", "when", "rationale", "sources"):
            if key not in items:
                where = ("every rule needs " + key if key not in ("rationale", "sources")
                         else f"give it, or the {self.vocabulary.cloud} words of rules/"
                         f"{self.vocabulary.cloud}/00-words.yaml for a neutral rule")
                self.error(node.pos, f"the rule has no `{key}`", where)
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
        own_path = self.path
        if words is not None:
            self.path = words.path  # the words' mistakes are at the words file's lines
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
        self.path = own_path
        if len(self.errors) > before or when is None or not rule_id:
            return None
        replaces = self.text(items, "replaces")
        examples = self.examples(items.get("examples"))
        limit = self.flag(items, "limit")
        if len(self.errors) > before:
            return None
        return Rule(rule_id, self.text(items, "title") or "", cast(Scope, scope), when, effect,
                    rules_out, " ".join(rationale.split()), sources, self.path, node.pos.line,
                    examples, replaces, limit, tuple(self.used.values()),
                    clouds or ((self.folder_cloud,) if self.folder_cloud else ()))

    def own_parameters(self, rule: tuple[Pos, YNode] | None, cloud: tuple[Pos, YNode],
                       rule_id: str | None) -> tuple[Pos, YNode]:
        """The rule's parameters with the cloud's words' values in place of its own; a
        cloud may only restate a parameter the rule declares."""
        declared = rule[1].items if rule is not None and isinstance(rule[1], YMap) else {}
        given = cloud[1].items if isinstance(cloud[1], YMap) else {}
        for name, (pos, _) in given.items():
            if name not in declared:
                self.error(pos, f"{rule_id} declares no parameter {name!r}",
                           f"its parameters: {', '.join(declared) or 'none'}")
        if rule is None:
            return cloud
        return rule[0], YMap(rule[1].pos, {**declared, **given})

    def clouds(self, entry: tuple[Pos, YNode] | None) -> tuple[str, ...]:
        """The clouds a rule says it serves (`clouds: [aws]`); () for every cloud."""
        if entry is None:
            return ()
        node = entry[1]
        names = node.items if isinstance(node, YSeq) else None
        if (not names or not all(isinstance(n, YScalar) and n.value in CLOUDS
                                 for n in names)):
            self.error(node.pos, "`clouds` must list clouds, such as [aws] or [azure, gcp]",
                       f"clouds: {', '.join(CLOUDS)}; leave it out for a rule of every cloud")
            return ()
        return tuple(str(cast(YScalar, n).value) for n in names)

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
