"""The rules in force for a run: every pack loaded in order into one RuleSet.

The built-in pack comes first, then each team pack; a later pack may replace a rule of an
earlier one (`replaces:`), in its place. The built-in pack is read from its compiled twin
while that is current.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from advisor.core.rules.conditions import condition_facts
from advisor.core.rules.pack import Pack, pack_files
from advisor.core.rules.rule import PLACEHOLDER, Rule, Scope
from advisor.core.rules.twin import compiled
from advisor.errors import InputError, InputErrors
from advisor.format.vocabulary import Vocabulary

if TYPE_CHECKING:
    from advisor.core.rules.conditionreader import CatalogueFact



class RuleSet(Struct, frozen=True):
    """The rules in force for a run, in evaluation order. It holds no caches: a caller that
    evaluates many times owns an `EvaluationCache` (core.engine) and passes it in."""

    rules: tuple[Rule, ...]
    version: str  # a digest of the rule files, so a later run can tell the rules changed

    def reads(self, scope: Scope) -> tuple[str, ...]:
        """Every fact that the rules of `scope` read, in their conditions or rationales."""
        names: set[str] = set()
        for rule in self.scoped(scope):
            names.update(condition_facts(rule.when))
            names.update(m.group(1) for m in PLACEHOLDER.finditer(rule.rationale))
        return tuple(sorted(names))

    def scoped(self, scope: Scope) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.scope == scope)


def load_rules(packs: Iterable[Pack | Path], known_sources: Callable[[str], bool],
               catalogue: Mapping[str, CatalogueFact], vocabulary: Vocabulary) -> RuleSet:
    """Every rule of every pack, in order (a folder is a pack of its own). `catalogue` holds
    the facts a condition may read a threshold from (`{catalogue: id}`), and `vocabulary`
    the cloud's service ids and sources a condition may name."""
    errors: list[InputError] = []
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    digest = hashlib.sha256()
    for pack in packs:
        files = pack_files(pack)
        for path, text in files:
            digest.update(path.name.encode() + b"\0" + text.encode())
        twin = compiled(pack, files, known_sources, catalogue, vocabulary)
        if twin is None:
            # The loader and its checks only where no current twin serves: most runs read
            # the built-in pack from its twin and never import them.
            from advisor.core.rules.loader import parse_files

            twin = parse_files(files, known_sources, errors, catalogue, vocabulary)
        for rule in twin:
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
