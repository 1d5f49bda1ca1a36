"""Google Cloud's rules and workloads for the tests of its provider (tests/providers/gcp/).
The calibration table of every cloud is `python -m tests.calibration`."""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.rules import RuleSet, builtin_pack, load_rules
from advisor.format.workload import Workload, parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers.aws.provider import AWS
from advisor.providers.gcp.provider import GCP

VOCABULARIES = {"aws": AWS.vocabulary, "gcp": GCP.vocabulary}


def gcp_rules(catalogue: Catalogue) -> RuleSet:
    return load_rules([builtin_pack(GCP.vocabulary)], catalogue.facts.__contains__,
                      catalogue.facts, GCP.vocabulary)


def gcp_workload(text: str, path: str = "w.yaml") -> Workload:
    return parse_workloads(parse_yaml(text, path), path, vocabularies=VOCABULARIES)[0]
