"""Azure workloads and recommendations for the Azure provider's tests."""

from __future__ import annotations

from functools import cache

from advisor.answers.ruleset import builtin_rules
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.format.workload import Workload, parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers.aws.provider import AWS
from advisor.providers.azure.provider import AZURE


def azure_workload(text: str) -> Workload:
    """A workload file's text with `cloud: azure` added after its first line."""
    head, _, rest = text.partition("\n")
    return parse_workloads(parse_yaml(f"{head}\ncloud: azure\n{rest}", "w.yaml"), "w.yaml",
                           vocabularies={"aws": AWS.vocabulary, "azure": AZURE.vocabulary})[0]


@cache
def azure_rules() -> RuleSet:
    return builtin_rules(AZURE.catalogue(), vocabulary=AZURE.vocabulary)


def recommend(text: str) -> Recommendation:
    return advise(azure_workload(text), azure_rules(), AZURE.catalogue(), provider=AZURE)
