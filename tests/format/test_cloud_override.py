"""A run may read every workload for one cloud, whatever its `cloud:` says (`advisor compare`,
`recommend --cloud`): the forced cloud's words check it and its record names that cloud; what
names the services and region of the cloud it was written for (`existing:`, `region:`) is
left behind, and the record says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.errors import InputErrors
from advisor.format.vocabulary import Vocabulary
from advisor.format.workload import load_workloads, parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers.aws.vocabulary import VOCABULARY

# A made-up cloud's words, so that nothing here depends on which providers are registered.
OTHER = Vocabulary(
    "gcp", ("pubsub", "eventarc"), ("cloud-storage", "firestore"),
    service_name="Google Cloud service", region_name="Google Cloud region",
    region_pattern=r"[a-z]+-[a-z]+\d", region_example="europe-west1",
    default_region="europe-west4")

BOTH = {"aws": VOCABULARY, "gcp": OTHER}


def test_the_forced_cloud_wins_over_the_one_a_workload_names() -> None:
    text = "version: 1\nname: a\nkind: event\ncloud: aws\nexisting: [pubsub]\n"
    (w,) = parse_workloads(parse_yaml(text, "w.yaml"), "w.yaml", vocabularies=BOTH,
                           cloud="gcp")
    assert (w.cloud, w.existing, w.region) == ("gcp", (), "europe-west4")
    assert w.left_behind == ("existing: [pubsub] (of aws)",)
    with pytest.raises(InputErrors) as caught:
        parse_workloads(parse_yaml(text, "w.yaml"), "w.yaml", vocabularies=BOTH)
    assert [(e.line, e.hint) for e in caught.value.errors] == [
        (5, f"expected {' | '.join(VOCABULARY.service_ids)}")]


def test_the_forced_cloud_checks_every_workload_with_its_own_words(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("version: 1\ndefaults:\n  kind: event\n  cloud: gcp\nworkloads:\n"
                    "  - {name: a, source: s3}\n  - {name: b, region: eu-west-1}\n")
    a, b = load_workloads(path, "w.yaml", vocabularies=BOTH, cloud="aws")
    assert (a.cloud, a.source, b.cloud, b.region) == ("aws", "s3", "aws", "us-east-1")
    assert (a.left_behind, b.left_behind) == ((), ("region: eu-west-1 (of gcp)",))
    with pytest.raises(InputErrors) as caught:
        load_workloads(path, "w.yaml", vocabularies=BOTH)
    assert next((e.line, e.hint) for e in caught.value.errors) == (
        6, "expected cloud-storage | firestore")


def test_a_forced_cloud_without_a_vocabulary_is_unsupported() -> None:
    with pytest.raises(InputErrors) as caught:
        parse_workloads(parse_yaml("version: 1\nname: a\nkind: event\n", "w.yaml"), "w.yaml",
                        vocabularies=VOCABULARY, cloud="azure")
    assert [e.message for e in caught.value.errors] == ["cloud: azure is not supported yet"]


def test_a_workload_read_for_its_own_cloud_keeps_everything() -> None:
    text = "version: 1\nname: a\nkind: event\nexisting: [sqs]\nregion: eu-west-1\n"
    (w,) = parse_workloads(parse_yaml(text, "w.yaml"), "w.yaml", vocabularies=BOTH,
                           cloud="aws")
    assert (w.existing, w.region, w.left_behind) == (("sqs",), "eu-west-1", ())
