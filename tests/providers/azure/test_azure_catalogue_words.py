"""Azure's catalogue: every fact sourced, dated and marked; its words cover every neutral
rule; its own rules' examples hold."""

from __future__ import annotations

from pathlib import Path

from advisor.core.ruletest import fires
from advisor.format.vocabulary import Vocabulary
from advisor.providers.aws.provider import AWS
from advisor.providers.azure.provider import AZURE
from advisor.resources import data_dir
from tests.providers.azure.azure_helpers import azure_rules

# What the fact sheet's transcription reaches: verified facts, of all the catalogue's.
VERIFIED_FLOOR = 0.75


def test_every_fact_has_an_https_source_a_date_and_a_status() -> None:
    catalogue = AZURE.catalogue()
    assert catalogue.cloud_name == "Azure"
    for fact in catalogue.facts.values():
        assert fact.source.startswith("https://"), fact.id
        assert fact.as_of.year >= 2018, fact.id
        assert fact.status in ("verified", "unverified"), fact.id


def test_prices_from_the_retail_prices_extract_stay_unverified() -> None:
    for fact in AZURE.catalogue().facts.values():
        if "infracost" in fact.source:
            assert fact.status == "unverified", fact.id


def test_share_of_verified_facts() -> None:
    facts = list(AZURE.catalogue().facts.values())
    assert sum(f.certain for f in facts) / len(facts) >= VERIFIED_FLOOR


def test_each_source_lists_where_it_can_publish() -> None:
    catalogue = AZURE.catalogue()
    assert set(catalogue.sources) == set(AZURE.vocabulary.sources)
    assert catalogue.source("blob-storage").targets == ("event-grid",)
    assert catalogue.source("iot-hub").targets == ("iot-hub",)


def test_the_vocabulary_is_the_specs() -> None:
    vocabulary: Vocabulary = AZURE.vocabulary
    assert vocabulary.service_ids == (
        "event-grid", "event-grid-namespace", "service-bus-queue", "service-bus-topic",
        "event-hubs", "storage-queue", "functions", "durable-functions", "logic-apps",
        "container-apps", "web-pubsub", "signalr", "communication-services",
        "notification-hubs", "iot-hub", "stream-analytics", "webhook")
    assert vocabulary.default_region == "eastus"


def test_azure_words_cover_every_neutral_rule() -> None:
    rules = {r.id: r for r in azure_rules().rules}
    core = [line.split("id: ")[1].strip() for path in sorted(Path(data_dir("rules"), "core")
                                                             .glob("*.yaml"))
            for line, nxt in zip(path.read_text().splitlines(),
                                 [*path.read_text().splitlines()[1:], ""], strict=True)
            if line.strip().startswith("- id:") and "clouds:" not in nxt]
    assert core and all(rule_id in rules for rule_id in core)
    for rule_id in core:
        rule = rules[rule_id]
        assert rule.rationale and rule.sources, rule_id
        # Azure's words cite Azure's facts or pages, never another cloud's.
        assert not any("aws.amazon.com" in s for s in rule.sources), rule_id


def test_azure_rules_say_they_are_azure_only_and_their_examples_hold() -> None:
    own = [r for r in azure_rules().rules if r.id.startswith("AZ")]
    assert {r.id for r in own} == {"AZ301", "AZ501", "AZ502", "AZ503", "AZ504"}
    assert all(r.clouds == ("azure",) for r in own)
    vocabularies = {"aws": AWS.vocabulary, "azure": AZURE.vocabulary}
    for rule in own:
        assert {e.fires for e in rule.examples} == {True, False}, rule.id
        for example in rule.examples:
            fired, detail = fires(rule, example, azure_rules(), vocabularies, AZURE.facts)
            assert fired is example.fires, (rule.id, example.line, detail)


def test_a_neutral_threshold_reads_azures_own_fact_through_its_words() -> None:
    rules = {r.id: r for r in azure_rules().rules}
    high_rate = next(p for p in rules["PP401"].parameters if p.name == "high_rate")
    assert high_rate.fact == "event-hubs-tu-ingress" and high_rate.value == 1000
    assert not any(p.fact.startswith(("kinesis", "lambda")) for r in rules.values()
                   for p in r.parameters)


def test_azure_words_replace_the_reasons_a_core_rule_gives_itself() -> None:
    pp201 = next(r for r in azure_rules().rules if r.id == "PP201")
    assert "Event Grid" in pp201.rationale
    assert "event-grid-push-handlers" in pp201.sources
