"""The rules wing: a cloud-neutral loader and fact derivation, the engine's explicit cache,
rule packs of several folders, and compiled twins keyed on their data and advisor's version.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import msgspec
import pytest
from msgspec import Struct

from advisor import __version__
from advisor.answers.ruleset import builtin_rules
from advisor.core import engine
from advisor.core.catalogue import Catalogue
from advisor.core.engine import EvaluationCache, evaluate, model_of
from advisor.core.facts import CloudFacts, derive
from advisor.core.rules import Pack, builtin_pack, load_rules
from advisor.core.rules import twin as rule_twin
from advisor.core.rules.loader import parse_files
from advisor.core.rules.pack import pack_files
from advisor.errors import InputError, InputErrors, InternalError
from advisor.format.vocabulary import Vocabulary
from advisor.providers.aws import catalogue as aws_catalogue
from advisor.providers.aws.catalogue import compile_catalogue, load_catalogue
from advisor.providers.aws.kinds import AWS_FACTS
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import ROOT, workload_from

CATALOGUE = load_catalogue()
RULES = builtin_rules(CATALOGUE)
# The modules of this wing that must reason without knowing a cloud.
CORE = ROOT / "advisor" / "core"
NEUTRAL = [*sorted((CORE / "rules").glob("*.py")), *sorted((CORE / "facts").glob("*.py")),
           CORE / "engine.py", CORE / "ruletest.py"]
TWO_CONSUMERS = """version: 1
name: w
kind: event
throughput: {average: 10/s, peak: 50/s}
processing_time: 1s
consumers:
  - {name: mailer, runs_on: email}
  - {name: indexer, runs_on: lambda, max_rate: 20/s}
"""


# --- the core knows no cloud -----------------------------------------------------------------


@pytest.mark.parametrize("path", NEUTRAL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_neutral_modules_import_no_provider(path: Path) -> None:
    """At module level, in a function or under TYPE_CHECKING alike."""
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not {m for m in imported if m.startswith(("advisor.providers", "advisor.cli"))}


class MadeUpFact(Struct, frozen=True):
    """A catalogue fact of a cloud advisor does not ship: the loader asks only for these."""

    id: str
    title: str
    source: str
    value: float | None = None
    unit: str | None = None


MADE_UP = Vocabulary("gcp", ("pubsub", "cloud-tasks", "cloud-run"), ("gcs", "firestore"),
                     service_name="Google Cloud service", region_name="region",
                     region_pattern=r"[a-z]+-[a-z]+\d", region_example="europe-west1",
                     default_region="us-central1")
MADE_UP_CATALOGUE = {
    "pubsub-publish-rate": MadeUpFact("pubsub-publish-rate", "Publish rate per topic",
                                      "https://example.com/pubsub-quotas", 2000.0, "per-second"),
    "pubsub-retention": MadeUpFact("pubsub-retention", "Retention", "https://example.com/r",
                                   604800.0, "seconds"),
}
MADE_UP_PACK = """rules:
  - id: GC101
    title: A bucket's events are buffered
    when:
      all:
        - {fact: source, is: gcs}
        - {fact: existing, includes: pubsub}
        - {fact: rate_peak, above: {catalogue: pubsub-publish-rate}}
    effect: {poll: 2}
    rationale: A topic takes {catalogue:pubsub-publish-rate} a second; this flow peaks at
      {rate_peak}.
    sources: [pubsub-publish-rate]
"""


def test_the_loader_checks_a_made_up_cloud_against_the_values_handed_in(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(MADE_UP_PACK)
    (rule,) = load_rules([tmp_path], MADE_UP_CATALOGUE.__contains__, MADE_UP_CATALOGUE,
                         MADE_UP).rules
    assert rule.when.words() == ("source is gcs and existing includes pubsub and rate_peak > "
                                 "pubsub-publish-rate (2,000/s)")
    assert rule.rationale.startswith("A topic takes 2,000 a second")
    assert [(p.name, p.value, p.source) for p in rule.parameters] == [
        ("pubsub-publish-rate", 2000.0, "https://example.com/pubsub-quotas")]


@pytest.mark.parametrize(("change", "message"), [
    ("{fact: source, is: gcs}", "bad value for source: source takes gcs | firestore"),
    ("{fact: existing, includes: pubsub}", "'sqs' is not a service id"),
    ("{catalogue: pubsub-publish-rate}", "unknown catalogue fact 'lambda-concurrency-default'"),
])
def test_another_clouds_words_are_refused(tmp_path: Path, change: str, message: str) -> None:
    """The same pack naming AWS's words fails against the made-up cloud's vocabulary."""
    aws = {"{fact: source, is: gcs}": "{fact: source, is: dynamodb}",
           "{fact: existing, includes: pubsub}": "{fact: existing, includes: sqs}",
           "{catalogue: pubsub-publish-rate}": "{catalogue: lambda-concurrency-default}"}
    (tmp_path / "pack.yaml").write_text(MADE_UP_PACK.replace(change, aws[change], 1))
    with pytest.raises(InputErrors) as caught:
        load_rules([tmp_path], MADE_UP_CATALOGUE.__contains__, MADE_UP_CATALOGUE, MADE_UP)
    assert any(message in e.message for e in caught.value.errors), caught.value.errors


def test_the_facts_read_a_made_up_clouds_hops() -> None:
    cloud = CloudFacts(logs=("pubsub-lite",), source_buffers=("pubsub-lite", "cloud-tasks"),
                       buffers=("cloud-tasks",), push_routers=("pubsub",),
                       push_only_runtimes=("email",), self_polling_runtimes=("container",),
                       targets=lambda source: {"dynamodb": ("cloud-tasks",)}[source])
    w = workload_from("version: 1\nname: w\nkind: event\nsource: dynamodb\nexisting: [sns]\n"
                      "consumers:\n  - {name: a, runs_on: lambda}\n")
    flow = derive(w, cloud).flow
    assert flow["source_targets"] == ("cloud-tasks",)
    assert (flow["source_reaches_buffer"], flow["source_push_native"],
            flow["source_polled_stream"]) == (True, False, False)
    assert flow["existing_push_router"] is False  # sns is AWS's router, not this cloud's
    assert flow["consumers_not_self_polling"] == 1  # lambda polls on AWS, not here
    aws = derive(w, AWS_FACTS).flow
    assert (aws["existing_push_router"], aws["consumers_not_self_polling"]) == (True, 0)


# --- the engine's cache is its owner's -------------------------------------------------------


def test_the_rule_set_holds_no_cache() -> None:
    facts = derive(workload_from(TWO_CONSUMERS), AWS_FACTS)
    before = msgspec.json.encode(RULES)
    evaluate(facts, RULES)
    model_of(facts, RULES, cache=EvaluationCache(RULES))
    assert not hasattr(RULES, "__dict__")  # no room for hidden state
    assert msgspec.json.encode(RULES) == before


def test_a_cache_remembers_what_its_owner_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    facts = derive(workload_from(TWO_CONSUMERS), AWS_FACTS)
    runs = {"decide": 0, "consumer": 0}
    real_decide, real_consumer = engine._decide, engine._consumer

    def decide(*args, **kwargs):  # type: ignore[no-untyped-def]
        runs["decide"] += 1
        return real_decide(*args, **kwargs)

    def consumer(*args, **kwargs):  # type: ignore[no-untyped-def]
        runs["consumer"] += 1
        return real_consumer(*args, **kwargs)

    monkeypatch.setattr(engine, "_decide", decide)
    monkeypatch.setattr(engine, "_consumer", consumer)
    cache = EvaluationCache(RULES)
    first = model_of(facts, RULES, cache=cache)
    assert runs == {"decide": 1, "consumer": 2}
    assert len(cache.models) == 1 and len(cache.verdicts) == 2
    assert model_of(facts, RULES, cache=cache) == first
    assert runs == {"decide": 1, "consumer": 2}  # both answered from memory
    assert model_of(facts, RULES) == first  # without a cache, nothing is remembered
    assert runs == {"decide": 2, "consumer": 4}
    assert model_of(facts, RULES, cache=EvaluationCache(RULES)) == first  # a new owner
    assert runs == {"decide": 3, "consumer": 6}


def test_a_cache_answers_only_for_its_own_rules() -> None:
    facts = derive(workload_from(TWO_CONSUMERS), AWS_FACTS)
    other = load_rules([builtin_pack(VOCABULARY)], CATALOGUE.facts.__contains__,
                       CATALOGUE.facts, VOCABULARY)
    assert other == RULES and other is not RULES
    with pytest.raises(InternalError, match="other than its own"):
        model_of(facts, other, cache=EvaluationCache(RULES))
    with pytest.raises(InternalError, match="other than its own"):
        evaluate(facts, other, cache=EvaluationCache(RULES))


def test_a_cache_is_bounded() -> None:
    cache = EvaluationCache(RULES)
    cache.LIMIT = 3  # type: ignore[misc]
    for peak in range(1, 10):
        w = workload_from("version: 1\nname: w\nkind: event\n"
                          f"throughput: {{peak: {peak}000/s}}\nconsumers: 2\n")
        model_of(derive(w, AWS_FACTS), RULES, cache=cache)
        assert len(cache.models) <= cache.LIMIT + 1


def test_evaluation_is_the_same_with_or_without_a_cache() -> None:
    facts = derive(workload_from(TWO_CONSUMERS), AWS_FACTS)
    cache = EvaluationCache(RULES)
    assert evaluate(facts, RULES, cache=cache) == evaluate(facts, RULES)
    assert evaluate(facts, RULES, cache=cache) == evaluate(facts, RULES, frozenset())


# --- packs ----------------------------------------------------------------------------------


def test_the_builtin_pack_reads_core_and_the_clouds_folder_in_file_name_order() -> None:
    pack = builtin_pack(VOCABULARY)
    assert [p.name for p in pack.folders] == ["core", "aws"]
    names = [path.name for path, _ in pack_files(pack)]
    assert names == sorted(names)
    assert {path.parent.name for path, _ in pack_files(pack)} == {"core", "aws"}
    order = [Path(r.path).name for r in RULES.rules]
    assert order == sorted(order, key=names.index)  # each file's rules together, in order


def test_a_pack_refuses_two_files_of_one_name(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "10-same.yaml").write_text("rules: []\n")
    with pytest.raises(InputError, match="has the same name in this pack"):
        pack_files(Pack((tmp_path / "one", tmp_path / "two")))


# --- twins keyed on their data and advisor's version ----------------------------------------


def test_the_rules_twin_is_what_the_command_writes(tmp_path: Path) -> None:
    """Run `python -m advisor.twins` when this fails."""
    written = rule_twin.compile_rule_pack(CATALOGUE.facts, VOCABULARY, tmp_path / "rules.json")
    assert written.read_bytes() == rule_twin.TWIN.read_bytes()


def test_the_catalogue_twin_is_what_the_command_writes(tmp_path: Path) -> None:
    """Run `python -m advisor.twins` when this fails."""
    shutil.copy(aws_catalogue.catalogue_path(), tmp_path / "catalogue.yaml")
    written = compile_catalogue(tmp_path / "catalogue.yaml")
    assert written.read_bytes() == aws_catalogue.catalogue_path().with_suffix(".json").read_bytes()


def test_the_rules_twin_is_keyed_on_data_and_version_not_code() -> None:
    stored = msgspec.json.decode(rule_twin.TWIN.read_bytes(), type=rule_twin.Twin)
    assert set(rule_twin.Twin.__struct_fields__) == {"note", "data_sha256", "advisor_version",
                                                     "rules"}
    assert stored.advisor_version == __version__
    files = pack_files(builtin_pack(VOCABULARY))
    assert stored.data_sha256 == rule_twin.data_digest(files, VOCABULARY)
    edited = [(files[0][0], files[0][1] + "\n"), *files[1:]]
    assert rule_twin.data_digest(edited, VOCABULARY) != stored.data_sha256
    from msgspec.structs import replace

    fewer = replace(VOCABULARY, service_ids=VOCABULARY.service_ids[:-1])
    assert rule_twin.data_digest(files, fewer) != stored.data_sha256


def _compiled(**changes: object) -> object:
    pack = builtin_pack(VOCABULARY)
    arguments: dict[str, object] = {
        "pack": pack, "files": pack_files(pack), "known_sources": CATALOGUE.facts.__contains__,
        "catalogue": CATALOGUE.facts, "vocabulary": VOCABULARY, **changes}
    return rule_twin.compiled(**arguments)  # type: ignore[arg-type]


def test_a_stale_missing_or_broken_rules_twin_falls_back_to_the_yaml(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _compiled() is not None
    assert _compiled(twin_path=tmp_path / "missing.json") is None
    (tmp_path / "broken.json").write_text("{not json")
    assert _compiled(twin_path=tmp_path / "broken.json") is None
    assert _compiled(pack=Pack(builtin_pack(VOCABULARY).folders[1:])) is None  # not built-in
    monkeypatch.setattr(rule_twin, "__version__", "9.9.9")
    assert _compiled() is None
    errors: list[InputError] = []
    from_yaml = parse_files(pack_files(builtin_pack(VOCABULARY)), CATALOGUE.facts.__contains__,
                            errors, CATALOGUE.facts, VOCABULARY)
    loaded = load_rules([builtin_pack(VOCABULARY)], CATALOGUE.facts.__contains__,
                        CATALOGUE.facts, VOCABULARY)
    assert not errors and list(loaded.rules) == from_yaml and loaded.version == RULES.version


def test_a_catalogue_twin_of_another_version_is_passed_over(tmp_path: Path) -> None:
    yaml_path = tmp_path / "catalogue.yaml"
    shutil.copy(aws_catalogue.catalogue_path(), yaml_path)
    json_path = compile_catalogue(yaml_path)
    stored = msgspec.json.decode(json_path.read_bytes(), type=aws_catalogue._Twin)
    marked = msgspec.structs.replace(stored, catalogue=msgspec.structs.replace(
        stored.catalogue, version="read from the twin"))
    json_path.write_bytes(msgspec.json.encode(marked))
    assert load_catalogue(yaml_path).version == "read from the twin"
    other = msgspec.structs.replace(marked, advisor_version="9.9.9")
    json_path.write_bytes(msgspec.json.encode(other))
    load_catalogue.cache_clear()
    try:
        found: Catalogue = load_catalogue(yaml_path)
        assert found.version == stored.catalogue.version  # read from the YAML
    finally:
        load_catalogue.cache_clear()
