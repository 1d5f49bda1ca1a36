"""Rules as data: load rule files, check them, and evaluate their conditions.

A condition is a tree of a closed set of operators over named facts; nothing in
a rule file is ever executed. A broken rule file fails at load with file:line.
"""

from __future__ import annotations

import hashlib
import math
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
from msgspec import Struct
from msgspec.structs import replace

from advisor.core.facts import ALL_FACTS, FLOW_FACTS, FactSpec, FactValue, describe
from advisor.errors import InputError, InputErrors, quoted
from advisor.format import units
from advisor.format.schema import MODELS, suggest
from advisor.format.yamlnodes import (
    Pos,
    YMap,
    YNode,
    YScalar,
    YSeq,
    parse_yaml,
    plain,
    read_text,
    type_name,
)
from advisor.providers.aws.vocabulary import SERVICE_IDS  # for now: the rules helper moves it
from advisor.resources import data_dir

if TYPE_CHECKING:
    from advisor.core.catalogue import Fact
COMPARISONS = ("is", "is_not", "in", "not_in", "at_least", "at_most", "above", "below",
               "includes", "is_set")
COMBINATORS = ("all", "any", "not")
RULE_KEYS = ("id", "title", "scope", "when", "parameters", "effect", "rules_out", "limit",
             "rationale", "sources", "replaces", "examples")
# A threshold in a condition is never a bare number standing for something: it is either a
# catalogue fact, `{catalogue: lambda-concurrency-default}`, or a judgement the rule names
# and sources under `parameters:`, `{param: burst_ratio}`. Both are resolved at load.
REFERENCES = ("catalogue", "param")
PARAMETER_KEYS = ("value", "why", "source")
THRESHOLD_OPS = ("at_least", "at_most", "above", "below")
# The catalogue's units in which a fact of each type can be compared (all base units).
_UNIT_TYPES = {"per-second": ("rate",), "bytes": ("size",), "seconds": ("duration",),
               "count": ("count", "ratio")}
_PARAM_NAME = re.compile(r"[a-z][a-z0-9_]*")
# A catalogue figure in a rationale, `{catalogue:fact-id}`, is filled in at load, so the text
# states the very value the condition compares with.
_CITED = re.compile(r"\{catalogue:([^{}\s]*)\}")


def figure_words(value: float, unit: str | None) -> str:
    """A catalogue value as a rationale writes it: "10,000", "15 minutes", "2 MiB/s"."""
    def number(x: float) -> str:
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"
    if unit == "seconds":
        return units.format_span(value)
    if unit in ("bytes", "bytes-per-second"):
        per = "/s" if unit == "bytes-per-second" else ""
        for word, size in (("MiB", 1024.0**2), ("KB", 1024.0)):
            if value >= size:
                return f"{number(value / size)} {word}{per}"
        return f"{number(value)} B{per}"
    return number(value)
# {fact} fills in a fact's value; {fact|noun} also adds the noun, plural unless the value is 1.
_PLACEHOLDER = re.compile(r"\{([a-z_.]+)(?:\|([a-z][a-z -]*))?\}")
_ID = re.compile(r"[A-Z]{2,5}\d{3}")
# A source URL goes into ADRs as a Markdown link: https, a host, and only the characters
# RFC 3986 allows in a URL (the rest percent-encoded), so it cannot end the link or the line.
_URL = re.compile(r"https://[A-Za-z0-9.-]+(:\d{1,5})?"
                  r"([/?#][A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]*)?")
TWIN = Path(__file__).resolve().parent.parent / "data" / "rules.json"  # see compile_rule_pack


def _includes(actual: object, expected: object) -> bool:
    return isinstance(actual, tuple) and expected in actual


# How each comparison is made once both sides are known (the engine's inner loop: a
# lookup here instead of a chain of string tests; `is_set` is handled before).
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "is": operator.eq,
    "is_not": operator.ne,
    "in": lambda actual, expected: actual in expected,
    "not_in": lambda actual, expected: actual not in expected,
    "includes": _includes,
    "at_least": lambda actual, limit: float(actual) >= float(limit),
    "at_most": lambda actual, limit: float(actual) <= float(limit),
    "above": lambda actual, limit: float(actual) > float(limit),
    "below": lambda actual, limit: float(actual) < float(limit),
}


Scalar = bool | float | str
Operand = Scalar | tuple[Scalar, ...]  # a tuple for in / not_in


class Parameter(Struct, frozen=True):
    """A threshold a rule compares with, named and sourced: a catalogue fact it reads by id,
    or a judgement the rule declares under `parameters:`."""

    name: str  # the parameter's name, or the catalogue fact's id
    value: float  # in the base unit of the fact it is compared with
    shown: str  # as a person reads it: "1,000/s", "15m"
    why: str
    source: str  # an https URL, a catalogue fact id, or a named principle
    fact: str = ""  # the catalogue fact the value is read from; "" for a judgement

    def origin(self) -> str:
        """Where the value comes from, in one phrase."""
        if self.fact and self.fact == self.name:
            return f"catalogue fact {self.fact}"
        if self.fact:
            return f"parameter {self.name}, from catalogue fact {self.fact}"
        return f"parameter {self.name}"


# tagged: the twin's JSON names the kind; omit_defaults: a plain number needs no `ref`
class Compare(Struct, frozen=True, tag=True, omit_defaults=True):
    """A condition that compares one fact with a value."""

    fact: str
    op: str
    value: Operand
    ref: str = ""  # the Parameter the value was resolved from, if any

    def holds(self, facts: Mapping[str, FactValue]) -> bool:
        actual = facts.get(self.fact)
        if self.op == "is_set":
            return (actual is not None) == self.value
        if actual is None:
            return False  # a fact the workload does not state satisfies no comparison
        return _OPERATORS[self.op](actual, self.value)

    def words(self) -> str:
        name = self.fact
        shown = (describe(self.fact, self.value) if not isinstance(self.value, tuple | bool)
                 else ", ".join(str(v) for v in self.value) if isinstance(self.value, tuple)
                 else str(self.value).lower())
        if self.ref:
            shown = f"{self.ref} ({shown})"
        phrases = {
            "is": f"{name} is {shown}", "is_not": f"{name} is not {shown}",
            "in": f"{name} is one of {shown}", "not_in": f"{name} is none of {shown}",
            "at_least": f"{name} >= {shown}", "at_most": f"{name} <= {shown}",
            "above": f"{name} > {shown}", "below": f"{name} < {shown}",
            "includes": f"{name} includes {shown}",
            "is_set": f"{name} is {'stated' if self.value else 'not stated'}",
        }
        return phrases[self.op]


class Combine(Struct, frozen=True, tag=True):
    """A condition made of others: all of them, any of them, or not one."""

    op: str  # all | any | not
    items: tuple[Condition, ...]

    def holds(self, facts: Mapping[str, FactValue]) -> bool:
        if self.op == "all":
            return all(item.holds(facts) for item in self.items)
        if self.op == "any":
            return any(item.holds(facts) for item in self.items)
        return not self.items[0].holds(facts)

    def words(self) -> str:
        if self.op == "not":
            return f"not ({self.items[0].words()})"
        joined = f" {'and' if self.op == 'all' else 'or'} ".join(
            item.words() if isinstance(item, Compare) else f"({item.words()})"
            for item in self.items)
        return joined


Condition = Compare | Combine


class Example(Struct, frozen=True):
    """A workload fragment and whether the rule must fire for it (`advisor rules test`)."""

    fires: bool
    workload: Mapping[str, object]  # version and name are filled in when missing
    line: int
    note: str = ""


class Rule(Struct, frozen=True):
    """One rule as its file states it: condition, effect, rationale and sources."""

    id: str
    title: str
    scope: str  # flow | consumer
    when: Condition
    effect: Mapping[str, float]
    rules_out: tuple[str, ...]
    rationale: str
    sources: tuple[str, ...]
    path: str
    line: int
    examples: tuple[Example, ...] = ()
    replaces: str | None = None
    # A hard limit (a quota, a capacity, a reachability fact) rather than a preference: a
    # tie never goes to an option that a fired limit argues against.
    limit: bool = False
    # Every threshold the conditions compare with, resolved, with where it comes from.
    parameters: tuple[Parameter, ...] = ()

    def explain(self, facts: Mapping[str, FactValue]) -> str:
        """The rationale with the workload's own values filled in."""
        return _PLACEHOLDER.sub(lambda m: _fill(m, facts), self.rationale)


def _fill(match: re.Match[str], facts: Mapping[str, FactValue]) -> str:
    value = facts.get(match.group(1))
    text = describe(match.group(1), value)
    noun = match.group(2)
    if noun:
        text = f"{text} {noun if value == 1 else noun + 's'}"
    return text


class RuleSet(Struct, frozen=True, dict=True):  # dict: room for its caches
    """The rules in force for a run, in evaluation order."""

    rules: tuple[Rule, ...]
    version: str  # a digest of the rule files, so a later run can tell the rules changed

    def reads(self, scope: str) -> tuple[str, ...]:
        """Every fact that the rules of `scope` read, in their conditions or rationales."""
        cache = self.__dict__.setdefault("_reads", {})
        if scope not in cache:
            names: set[str] = set()
            for rule in self.scoped(scope):
                names.update(condition_facts(rule.when))
                names.update(m.group(1) for m in _PLACEHOLDER.finditer(rule.rationale))
            cache[scope] = tuple(sorted(names))
        return cache[scope]  # type: ignore[no-any-return]

    def scoped(self, scope: str) -> tuple[Rule, ...]:
        cache = self.__dict__.setdefault("_scoped", {})
        if scope not in cache:
            cache[scope] = tuple(r for r in self.rules if r.scope == scope)
        return cache[scope]  # type: ignore[no-any-return]


def _rule_files(folder: Path) -> list[Path]:
    """The pack's *.yaml files. A pack is as hostile as any committed file: a file that is
    a symbolic link out of the folder is refused before it is opened (it could make advisor
    read, and quote, a file elsewhere), and so is a name that is not UTF-8."""
    from advisor.safeio import inside, require_utf8_name

    found = sorted(folder.glob("*.yaml"))
    for path in found:
        require_utf8_name(folder, path.name, "this rule file's name")
        if not inside(folder, path):
            raise InputError(str(path), 0, 0, "this rule file is a symbolic link that leads "
                             "out of its pack folder, so it is not read",
                             "put the rule file itself in the pack folder")
    return found


def load_rules(folders: Iterable[Path], known_sources: Callable[[str], bool],
               catalogue: Mapping[str, Fact] | None = None) -> RuleSet:
    """Every rule in every *.yaml file of the folders, in file order. `catalogue` holds the
    facts a condition may read a threshold from (`{catalogue: id}`)."""
    facts: Mapping[str, Fact] = catalogue if catalogue is not None else {}
    errors: list[InputError] = []
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    digest = hashlib.sha256()
    for folder in folders:
        files = [(path, read_text(path, "rule file", "split the rules over several files"))
                 for path in _rule_files(folder)]
        for path, text in files:
            digest.update(path.name.encode() + b"\0" + text.encode())
        compiled = _compiled(folder, files, known_sources, facts)
        for rule in compiled if compiled is not None else _parse_files(files, known_sources,
                                                                       errors, facts):
            if rule.replaces is not None:
                old = seen.pop(rule.replaces, None)
                if old is None:
                    errors.append(InputError(rule.path, rule.line, 1, f"{rule.id} replaces "
                                             f"{rule.replaces}, which no earlier rule pack "
                                             "defines", "name a rule of a pack loaded before "
                                             "this one"))
                    continue
                rules[rules.index(old)] = rule  # keeps the replaced rule's place
                seen[rule.id] = rule
                continue
            if rule.id in seen:
                first = seen[rule.id]
                errors.append(InputError(rule.path, rule.line, 1, f"duplicate rule id {rule.id} "
                                         f"(first in {first.path}:{first.line})",
                                         f"rule ids are never reused; to override it, write "
                                         f"`replaces: {rule.id}` in the new rule"))
                continue
            seen[rule.id] = rule
            rules.append(rule)
    if errors:
        raise InputErrors(errors)
    for rule in rules:  # a threshold read from the catalogue is part of the rules in force
        for parameter in rule.parameters:
            digest.update(f"{rule.id}\0{parameter.name}\0{parameter.value!r}\0".encode())
    return RuleSet(tuple(rules), digest.hexdigest()[:12])


def _parse_files(files: list[tuple[Path, str]], known_sources: Callable[[str], bool],
                 errors: list[InputError], catalogue: Mapping[str, Fact] | None = None
                 ) -> list[Rule]:
    """The rules of each file, in order; every mistake found goes to `errors`."""
    rules: list[Rule] = []
    for path, text in files:
        loader = _FileLoader(str(path), known_sources, catalogue or {})
        try:
            rules.extend(loader.rules(parse_yaml(text, str(path))))
        except InputError as exc:
            errors.append(exc)
        except InputErrors as exc:
            errors.extend(exc.errors)
        errors.extend(loader.errors)
    return rules


class _Twin(Struct, frozen=True):
    """advisor/data/rules.json: the built-in pack's rules as loaded and checked, the digest
    of each file's text they were read from, and of the code that checked them
    (`python -m advisor.core.rules` writes it)."""

    note: str
    files: dict[str, str]  # file name -> sha256 of its text
    checked_by: str  # sha256 of the modules whose definitions decide what a valid rule is
    rules: tuple[Rule, ...]  # each rule's `path` holds its file's name only


# What the loader checks a rule against, besides the catalogue: the facts and their types,
# the format's words (models, service ids), units, and the loader itself.
_CHECKING_MODULES = ("core/rules.py", "core/facts.py", "format/schema.py", "format/units.py",
                     "format/words.py", "providers/aws/vocabulary.py")


def _checked_by() -> str | None:
    digest = hashlib.sha256()
    try:
        for name in _CHECKING_MODULES:
            digest.update((Path(__file__).parent.parent / name).read_bytes())
    except OSError:
        return None  # installed without sources: the twin cannot be vouched for
    return digest.hexdigest()


def _compiled(folder: Path, files: list[tuple[Path, str]], known_sources: Callable[[str], bool],
              catalogue: Mapping[str, Fact]) -> list[Rule] | None:
    """The built-in pack's rules from the compiled twin, if the twin was made from exactly
    these files by this code, and every source it cites is still known (msgspec builds the
    rules in 1 ms; parsing and checking the YAML takes 10). Otherwise None, and the pack is
    read from its YAML, which reports whatever is now wrong."""
    if folder != data_dir("rules"):
        return None
    try:
        twin = msgspec.json.decode(TWIN.read_bytes(), type=_Twin)
    except (OSError, msgspec.DecodeError):
        return None
    if twin.files != {path.name: hashlib.sha256(text.encode()).hexdigest()
                      for path, text in files} or twin.checked_by != _checked_by():
        return None  # edited since `python -m advisor.core.rules`
    if not all(source.startswith("https://") or known_sources(source)
               for rule in twin.rules for source in rule.sources):
        return None  # the catalogue lost a fact a rule cites
    if not all(p.fact in catalogue and catalogue[p.fact].value == p.value
               for rule in twin.rules for p in rule.parameters if p.fact):
        return None  # a threshold's catalogue fact changed, or is not at hand to compare
    return [replace(rule, path=str(folder / rule.path)) for rule in twin.rules]


def compile_rule_pack() -> Path:
    """Write the compiled twin of the built-in rule pack (run after editing rules/)."""
    from advisor.providers.aws.catalogue import load_catalogue

    folder = data_dir("rules")
    files = [(path, read_text(path)) for path in sorted(folder.glob("*.yaml"))]
    errors: list[InputError] = []
    catalogue = load_catalogue().facts
    rules = _parse_files(files, catalogue.__contains__, errors, catalogue)
    checked_by = _checked_by()
    if errors or checked_by is None:
        raise InputErrors(errors)
    twin = _Twin("Generated from rules/*.yaml by `python -m advisor.core.rules`; edit the YAML, "
                 "never this file. It is used only while every digest matches.",
                 {path.name: hashlib.sha256(text.encode()).hexdigest() for path, text in files},
                 checked_by, tuple(replace(rule, path=Path(rule.path).name) for rule in rules))
    TWIN.write_bytes(msgspec.json.format(msgspec.json.encode(twin), indent=1) + b"\n")
    return TWIN


class _FileLoader:
    def __init__(self, path: str, known_sources: Callable[[str], bool],
                 catalogue: Mapping[str, Fact]) -> None:
        self.path = path
        self.known_sources = known_sources
        self.catalogue = catalogue
        self.errors: list[InputError] = []
        # The rule being read: its declared parameters, and the thresholds resolved so far.
        self.declared: dict[str, tuple[Pos, YMap]] = {}
        self.used: dict[str, Parameter] = {}
        self.kinds: dict[str, tuple[str, str]] = {}  # parameter: (its type, the first fact)

    def error(self, pos: Pos, message: str, hint: str = "") -> None:
        self.errors.append(InputError(self.path, pos.line, pos.column, message, hint))

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
        for match in _PLACEHOLDER.finditer(rationale):
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
        return Rule(rule_id, self.text(items, "title") or "", scope, when, effect, rules_out,
                    " ".join(rationale.split()), sources, self.path, node.pos.line,
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

    def condition(self, node: YNode, allowed: Mapping[str, FactSpec]) -> Condition | None:
        if not isinstance(node, YMap) or len(node.items) == 0:
            self.error(node.pos, "a condition must be a mapping such as {fact: kind, is: event} "
                       "or {all: [...]}")
            return None
        keys = set(node.items)
        combinator = keys & set(COMBINATORS)
        if combinator:
            op = combinator.pop()
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
        op = ops[0]
        operand = node.items[op][1]
        if isinstance(operand, YMap) and op in THRESHOLD_OPS and allowed[fact].type in (
                "rate", "size", "duration", "count", "ratio"):
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
                       "in advisor/data/catalogue.yaml")
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
        if op in ("at_least", "at_most", "above", "below") and spec.type not in (
                "rate", "size", "duration", "count", "ratio"):
            self.error(node.pos, f"`{op}` compares numbers, but {fact} is {spec.type}",
                       "use `is`, `is_not`, `in` or `not_in`")
            return None
        if op == "includes":
            if spec.type != "set":
                self.error(node.pos, f"`includes` is for lists, but {fact} is {spec.type}")
                return None
            if isinstance(node, YScalar) and node.value in SERVICE_IDS:
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
                if value in spec.choices:
                    return value
                raise ValueError(f"{fact} takes {' | '.join(spec.choices)}")
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


def _plain(node: YNode) -> dict[str, object]:
    result = plain(node)
    assert isinstance(result, dict)
    return result


def condition_facts(condition: Condition) -> list[str]:
    """The facts a condition reads, in order (with repeats)."""
    if isinstance(condition, Compare):
        return [condition.fact]
    return [name for item in condition.items for name in condition_facts(item)]

if __name__ == "__main__":
    print(f"wrote {compile_rule_pack()}")
