"""The format wing: neutral, with a cloud's words handed in as a Vocabulary, and its closed
sets written once as Literal types."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import jsonschema
import pytest

from advisor.errors import InputError, InputErrors
from advisor.format import records, words
from advisor.format.answers import check_region, questions
from advisor.format.jsonschema import json_schema
from advisor.format.schema import spec_for
from advisor.format.shapes import ListOf, Mapping_, NoneOr, OneOf
from advisor.format.spec import Enum, Spec
from advisor.format.vocabulary import CLOUDS, Cloud, Vocabularies, Vocabulary, by_cloud
from advisor.format.workload import parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers.aws.vocabulary import SERVICE_IDS, SOURCES, VOCABULARY
from tests.conftest import ROOT

# A made-up cloud's words: nothing in the format may assume AWS's.
OTHER = Vocabulary(
    "gcp", ("pubsub", "cloud-tasks", "eventarc"), ("cloud-storage", "firestore"),
    service_name="Google Cloud service", region_name="Google Cloud region",
    region_pattern=r"[a-z]+-[a-z]+\d", region_example="europe-west1",
    default_region="us-central1")


def parse(text: str, vocabularies: Vocabularies) -> list[records.Workload]:
    return parse_workloads(parse_yaml(text, "w.yaml"), "w.yaml", vocabularies=vocabularies)


def problems(text: str, vocabularies: Vocabularies) -> list[InputError]:
    with pytest.raises((InputError, InputErrors)) as caught:
        parse(text, vocabularies)
    error = caught.value
    return list(error.errors) if isinstance(error, InputErrors) else [
        typing.cast(InputError, error)]


def test_another_vocabulary_validates_its_own_words() -> None:
    (w,) = parse("version: 1\nname: a\nkind: event\ncloud: gcp\nsource: cloud-storage\n"
                 "existing: [pubsub, eventarc]\nregion: europe-west1\n", OTHER)
    assert (w.cloud, w.source, w.existing, w.region) == (
        "gcp", "cloud-storage", ("pubsub", "eventarc"), "europe-west1")
    (w,) = parse("version: 1\nname: a\nkind: event\ncloud: gcp\n", OTHER)
    assert (w.region, w.region_stated) == ("us-central1", False)


def test_another_vocabulary_rejects_aws_words_and_lists_its_own() -> None:
    found = problems("version: 1\nname: a\nkind: event\ncloud: gcp\nsource: dynamodb\n"
                     "existing: [sqs]\nregion: eu-west-1\n", OTHER)
    assert [(e.line, e.message) for e in found] == [
        (5, "source 'dynamodb' is not one of the accepted values"),
        (6, "existing[0] 'sqs' is not one of the accepted values"),
        (7, "region 'eu-west-1' is not a Google Cloud region such as europe-west1"),
    ]
    assert found[0].hint == "expected cloud-storage | firestore"
    assert found[1].hint == "expected pubsub | cloud-tasks | eventarc"


def test_each_workload_is_checked_against_the_cloud_it_names() -> None:
    both = {"aws": VOCABULARY, "gcp": OTHER}
    text = ("version: 1\ndefaults:\n  kind: event\nworkloads:\n"
            "  - {name: a, source: s3}\n"
            "  - {name: b, cloud: gcp, source: firestore}\n")
    a, b = parse(text, both)
    assert (a.cloud, a.source, a.region, b.cloud, b.source, b.region) == (
        "aws", "s3", "us-east-1", "gcp", "firestore", "us-central1")
    found = problems(text.replace("source: firestore", "source: s3"), both)
    assert [(e.line, e.hint) for e in found] == [(6, "expected cloud-storage | firestore")]


def test_a_cloud_without_a_vocabulary_is_unsupported_and_the_hint_says_which_are() -> None:
    text = "version: 1\nname: a\nkind: event\ncloud: azure\n"
    (aws_only,) = problems(text, VOCABULARY)
    assert aws_only.message == "cloud: azure is not supported yet"
    assert aws_only.hint == ("advisor designs for AWS so far (Azure and Google Cloud are "
                             "planned); write `cloud: aws` or remove the key")
    (two,) = problems(text, {"aws": VOCABULARY, "gcp": OTHER})
    assert two.hint == ("advisor designs for AWS and Google Cloud so far (Azure is planned); "
                        "write `cloud: aws` or remove the key")
    (other_only,) = problems("version: 1\nname: a\nkind: event\n", OTHER)
    assert other_only.hint == ("advisor designs for Google Cloud so far (AWS and Azure are "
                               "planned); write `cloud: gcp`")


def test_vocabularies_must_be_given_under_their_own_cloud() -> None:
    with pytest.raises(ValueError, match="keyed under another cloud: aws"):
        by_cloud({"aws": OTHER})
    with pytest.raises(ValueError, match="at least one"):
        by_cloud({})
    assert by_cloud(OTHER) == {"gcp": OTHER}


def test_the_json_schema_lists_the_vocabulary_it_was_given() -> None:
    schema = json_schema(OTHER)
    single = typing.cast(dict[str, typing.Any], schema["else"])["properties"]
    assert single["source"] == {"enum": list(OTHER.sources)}
    assert single["existing"]["items"] == {"enum": list(OTHER.service_ids)}
    assert single["existing"]["maxItems"] == len(OTHER.service_ids)
    assert single["decision"]["properties"]["services"]["items"] == {
        "enum": list(OTHER.service_ids)}
    assert single["region"]["pattern"] == f"^(?:{OTHER.region_pattern})$"
    aws = typing.cast(dict[str, typing.Any], json_schema(VOCABULARY)["else"])["properties"]
    assert aws["source"] == {"enum": list(SOURCES)}
    # The schema and the validator agree on the other cloud's words too.
    validator = jsonschema.Draft202012Validator(schema)
    good = {"version": 1, "name": "a", "kind": "event", "cloud": "gcp", "source": "firestore"}
    assert validator.is_valid(good) and parse(
        "version: 1\nname: a\nkind: event\ncloud: gcp\nsource: firestore\n", OTHER)
    assert not validator.is_valid({**good, "source": "s3"})


def test_the_spec_is_built_once_per_vocabulary() -> None:
    assert spec_for(VOCABULARY) is spec_for(VOCABULARY)
    same_words = Vocabulary(**{f: getattr(OTHER, f) for f in OTHER.__struct_fields__})
    assert spec_for(same_words) is spec_for(OTHER)
    assert spec_for(OTHER) is not spec_for(VOCABULARY)
    assert spec_for(OTHER).vocabulary is OTHER


# Each closed set of the format: its Literal type, its runtime tuple, and where the spec and
# the records use it.
CLOSED_SETS: list[tuple[object, tuple[str, ...], str | None, tuple[str, ...]]] = [
    (words.Kind, words.KINDS, "kind", ("Workload", "kind")),
    (words.Ordering, words.ORDERINGS, "ordering", ("Workload", "ordering")),
    (words.Duplicates, words.DUPLICATES, "duplicates", ("Workload", "duplicates")),
    (words.Producer, words.PRODUCERS, "producer", ("Workload", "producer")),
    (words.Crossing, words.CROSSINGS, "crosses", ("Workload", "crosses")),
    (words.Model, words.MODELS, "decision.model", ("Decision", "model")),
    (words.RunsOn, words.RUNS_ON, "consumers.runs_on", ("Consumer", "runs_on")),
    (words.Recipients, words.RECIPIENTS, "consumers.recipients", ("Consumer", "recipients")),
    (words.Replayer, words.REPLAYERS, "replay.by", ("Consumer", "replay_by")),
    (words.BatchMode, words.BATCH_MODES, "batching", ("Batching", "mode")),
    (Cloud, CLOUDS, "cloud", ("Workload", "cloud")),
    (words.Addressed, words.ADDRESSED, None, ()),
]


def _enums(spec: Spec, path: str, out: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The choices of every Enum in a spec, by the dotted path it checks (list items and
    forms are looked into)."""
    if isinstance(spec, Enum):
        out[path] = spec.choices
    elif isinstance(spec, Mapping_):
        for key, known in spec.fields.items():
            _enums(known.spec, f"{path}.{key}" if path else key, out)
    elif isinstance(spec, ListOf):
        _enums(spec.item, path, out)
    elif isinstance(spec, OneOf):
        for form in (spec.scalar, spec.mapping, spec.sequence, spec.number):
            if form is not None:
                _enums(form, path, out)
    elif isinstance(spec, NoneOr):
        _enums(spec.other, path, out)
    return out


ENUMS = _enums(spec_for(VOCABULARY).workload, "", {})


@pytest.mark.parametrize("literal,values,path,field", CLOSED_SETS,
                         ids=[str(c[1][:2]) for c in CLOSED_SETS])
def test_literal_types_runtime_tuples_spec_and_records_agree(
        literal: object, values: tuple[str, ...], path: str | None,
        field: tuple[str, ...]) -> None:
    assert typing.get_args(literal) == values
    assert len(set(values)) == len(values)
    if path is not None:
        assert ENUMS[path] == values
    if field:
        record, name = field
        hint = typing.get_type_hints(getattr(records, record))[name]
        assert literal in (hint, *typing.get_args(hint)), hint


def test_addressed_consumers_are_places_a_consumer_runs() -> None:
    assert set(words.ADDRESSED) <= set(words.RUNS_ON)


def _string_constants(path: Path) -> set[str]:
    return {node.value for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_the_format_holds_no_aws_service_source_or_region() -> None:
    """AWS's words live beside its provider. `lambda` stays: it is also revision 1.0's word
    for where a consumer runs (`runs_on: lambda`)."""
    aws_words = (set(SERVICE_IDS) | set(SOURCES) | {"us-east-1", "eu-west-1"}) - {"lambda"}
    for path in sorted((ROOT / "advisor" / "format").glob("*.py")):
        found = _string_constants(path)
        assert not found & aws_words, (path.name, sorted(found & aws_words))
        assert not any("AWS Region" in text or "AWS service" in text for text in found), path


def test_init_asks_in_the_words_of_the_vocabulary_given() -> None:
    asked = {field: (question, explanation) for field, question, explanation, _ in
             questions(OTHER)}
    assert asked["source"] == ("Does a Google Cloud service emit these messages",
                               "leave empty if your application publishes; or one of: "
                               "cloud-storage, firestore")
    assert asked["region"][0] == "Google Cloud region"
    assert check_region(" europe-west1 ", OTHER) == "europe-west1"
    with pytest.raises(ValueError, match=r"^a Google Cloud region, such as europe-west1$"):
        check_region("eu-west-1", OTHER)
    aws = {field: question for field, question, _, _ in questions(VOCABULARY)}
    assert (aws["source"], aws["region"]) == ("Does an AWS service emit these messages",
                                              "AWS Region")
