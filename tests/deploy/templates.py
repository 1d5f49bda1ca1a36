"""The templates the deploy tests read: every example's and every calibration scenario's,
decided once per session, as text and as the document it was written from."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from advisor.answers.ruleset import builtin_rules
from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.deploy.cloudformation.template import CloudFormation
from advisor.deploy.emitter import Document, Subject
from advisor.deploy.yamlout import to_yaml
from advisor.format.workload import load_workloads
from advisor.providers.aws.catalogue import load_catalogue
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.calibration import SCENARIOS, run
from tests.conftest import EXAMPLES

SOURCES: dict[str, Path] = {**{f"examples/{p.stem}": p for p in EXAMPLES},
                            **{f"scenarios/{p.stem}": p for p in SCENARIOS}}


@functools.cache
def _knowledge() -> tuple[Catalogue, RuleSet]:
    catalogue = load_catalogue()
    return catalogue, builtin_rules(catalogue)


@functools.cache
def recommendations(name: str) -> tuple[Recommendation, ...]:
    catalogue, rules = _knowledge()
    path = SOURCES[name]
    if name.startswith("scenarios/"):
        return (run(path, rules, catalogue)[1],)
    return tuple(advise(w, rules, catalogue, provider=AWS) for w in load_workloads(
        path, name + ".yaml", vocabularies=VOCABULARY))


def subjects(name: str, adr: str | None = None) -> list[Subject]:
    return [Subject(r.workload, r.chosen.design, r.chosen.sizing, r.chosen.cost, r.catalogue,
                    adr) for r in recommendations(name)]


@functools.cache
def document(name: str) -> Document:
    return CloudFormation().emit(subjects(name))


@functools.cache
def text(name: str) -> str:
    return to_yaml(document(name))


def loaded(name: str) -> dict[str, object]:
    """The template as a YAML reader sees it (long-form intrinsics are plain mappings)."""
    data = yaml.safe_load(text(name))
    assert isinstance(data, dict)
    return data
