"""Google Cloud's rules: its words cover every neutral rule of rules/core, its own rules
say they are gcp's, and every example of its own rules fires as it says."""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.rules import RuleSet
from advisor.core.ruletest import fires
from advisor.format.yamlnodes import safe_load
from advisor.providers.gcp.provider import GCP
from advisor.resources import data_dir
from tests.calibration_gcp import VOCABULARIES


def neutral_ids() -> set[str]:
    found = set()
    for path in sorted((data_dir("rules") / "core").glob("*.yaml")):
        for rule in safe_load(path.read_text(encoding="utf-8"))["rules"]:
            if not rule.get("clouds"):
                found.add(rule["id"])
    return found


def test_gcp_words_cover_every_neutral_rule() -> None:
    words = safe_load((data_dir("rules") / "gcp" / "00-words.yaml").read_text())["words"]
    assert set(words) == neutral_ids()


def test_every_gcp_rule_cites_gcp_facts_or_pages(gcp_ruleset: RuleSet,
                                                 gcp_catalogue: Catalogue) -> None:
    for rule in gcp_ruleset.rules:
        for source in rule.sources:
            assert source in gcp_catalogue.facts or source.startswith("https://"), rule.id
            assert "amazon" not in source, (rule.id, source)


def test_gcp_only_rules_say_so_and_the_aws_only_ones_are_left_out(gcp_ruleset: RuleSet
                                                                  ) -> None:
    ids = {r.id: r for r in gcp_ruleset.rules}
    assert {i for i in ids if i.startswith("GC")} == {"GC101", "GC102", "GC301", "GC303"}
    assert all(ids[i].clouds == ("gcp",) for i in ids if i.startswith("GC"))
    assert not {"PP108", "PP303", "PP307", "PP308", "PP309", "PP403", "PP516"} & set(ids)


def test_gcp_rules_examples_fire_as_they_say(gcp_ruleset: RuleSet) -> None:
    for rule in gcp_ruleset.rules:
        if rule.id.startswith("GC"):
            for example in rule.examples:
                fired, detail = fires(rule, example, gcp_ruleset, VOCABULARIES, GCP.facts)
                assert fired is example.fires, (rule.id, example.note, detail)


def test_a_neutral_threshold_takes_gcps_value(gcp_ruleset: RuleSet) -> None:
    high = {r.id: [p for p in r.parameters if p.name == "high_rate"]
            for r in gcp_ruleset.rules if r.id in ("PP401", "PP402", "PP404", "PP502")}
    assert all(ps and ps[0].value == 1000 for ps in high.values()), high


GOOGLE = ("https://cloud.google.com/", "https://firebase.google.com/",
          "https://developers.google.com/", "https://github.com/googleapis/")


def test_gcp_rules_cite_only_google_pages(gcp_ruleset: RuleSet, gcp_catalogue: Catalogue
                                          ) -> None:
    for rule in gcp_ruleset.rules:
        for source in rule.sources:
            if source not in gcp_catalogue.facts:
                assert source.startswith(GOOGLE), (rule.id, source)


def test_cross_region_words_rest_on_pubsub_keeping_messages_not_on_a_retry_cap(
        gcp_ruleset: RuleSet) -> None:
    rule = next(r for r in gcp_ruleset.rules if r.id == "PP510")
    assert "spends its retries" not in rule.rationale
    assert "pubsub-subscribe-anywhere" in rule.sources
