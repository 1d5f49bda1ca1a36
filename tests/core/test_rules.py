from __future__ import annotations

from pathlib import Path

import pytest

from advisor.core.facts import ALL_FACTS
from advisor.core.recommend import advise
from advisor.core.rules import RuleSet, load_rules
from advisor.errors import InputErrors
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import EXAMPLES, ROOT, workload_from


def load_one(tmp_path: Path, text: str) -> RuleSet:
    (tmp_path / "pack.yaml").write_text(text)
    return load_rules([tmp_path], lambda s: s == "known-fact", {}, VOCABULARY)


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(InputErrors) as caught:
        load_one(tmp_path, text)
    return [str(e).replace(f"{tmp_path}/", "") for e in caught.value.errors]


GOOD = """rules:
  - id: TT101
    title: A test rule
    when: {fact: kind, is: event}
    effect: {push: 1}
    rationale: Fires for {kind}s.
    sources: [known-fact]
"""


def test_a_valid_rule_loads(tmp_path: Path) -> None:
    ruleset = load_one(tmp_path, GOOD)
    assert [r.id for r in ruleset.rules] == ["TT101"]
    assert ruleset.rules[0].when.holds({"kind": "event"})


@pytest.mark.parametrize(("change", "expected"), [
    (("fact: kind", "fact: knd"), "pack.yaml:4:18: unknown fact 'knd'"),
    (("is: event", "iss: event"), "pack.yaml:4:24: unknown operator 'iss'"),
    (("is: event", "is: evnt"), "pack.yaml:4:28: bad value for kind: kind takes event | command"),
    (("{push: 1}", "{pull: 1}"), "pack.yaml:5:14: unknown model 'pull' in effect"),
    (("    title: A test rule\n", ""), "pack.yaml:2:5: the rule has no `title`"),
    (("[known-fact]", "[unknown-fact]"), "pack.yaml:7:15: source 'unknown-fact' is neither"),
    (("Fires for {kind}s.", "Fires for {knd}."), "pack.yaml:6:16: the rationale names an unknown"),
    (("fact: kind, is: event", "fact: consumer.capped, is: true"),
     "pack.yaml:4:18: unknown fact 'consumer.capped' (consumer facts need `scope: consumer`)"),
    (("fact: kind, is: event", "fact: rate_peak, at_least: fast"),
     "pack.yaml:4:39: bad value for rate_peak"),
    (("fact: kind, is: event", "fact: kind, at_least: 3"),
     "pack.yaml:4:34: `at_least` compares numbers, but kind is enum"),
    (("id: TT101", "id: rule-1"), "pack.yaml:2:9: rule id 'rule-1' is not of the form PP101"),
    (("    effect: {push: 1}\n", ""), "pack.yaml:2:5: the rule has neither `effect` nor"),
    (("    rationale: Fires for {kind}s.\n", ""), "pack.yaml:2:5: the rule has no `rationale`"),
    (("    sources: [known-fact]\n", ""), "pack.yaml:2:5: the rule has no `sources`"),
    (("[known-fact]", "[]"), "pack.yaml:7:14: `sources` must be a non-empty list"),
])
def test_a_broken_rule_fails_at_load_with_its_place(
        tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    found = problems(tmp_path, GOOD.replace(*change))
    assert any(p.startswith(expected) for p in found), found


def test_duplicate_ids_are_an_error(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD + GOOD.replace("rules:\n", ""))
    assert any("duplicate rule id TT101" in p and p.startswith("pack.yaml:8:") for p in found)


def test_conditions_combine_with_all_any_not(tmp_path: Path) -> None:
    ruleset = load_one(tmp_path, GOOD.replace(
        "when: {fact: kind, is: event}",
        "when:\n      all:\n        - {fact: rate_peak, at_least: 1K/s}\n"
        "        - not: {fact: ordering, in: [per-key, global]}\n"
        "        - any: [{fact: latency, below: 1s}, {fact: latency, is_set: false}]"))
    holds = ruleset.rules[0].when.holds
    assert holds({"rate_peak": 1000.0, "ordering": "none", "latency": None})
    assert holds({"rate_peak": 2000.0, "ordering": "none", "latency": 0.5})
    assert not holds({"rate_peak": 999.0, "ordering": "none", "latency": None})
    assert not holds({"rate_peak": 1000.0, "ordering": "global", "latency": None})
    assert not holds({"rate_peak": 1000.0, "ordering": "none", "latency": 2.0})


def test_a_fact_that_is_not_stated_satisfies_no_comparison(tmp_path: Path) -> None:
    ruleset = load_one(tmp_path, GOOD.replace("fact: kind, is: event",
                                              "fact: rate_peak, below: 10/s"))
    assert not ruleset.rules[0].when.holds({"rate_peak": None})


def test_rationales_fill_in_the_users_values(recommend_text) -> None:  # type: ignore[no-untyped-def]
    rec = recommend_text("version: 1\nname: a\nkind: event\nthroughput: {peak: 5K/s}\n"
                         "consumers: [{name: billing, runs_on: lambda, max_rate: 100/s}]\n")
    firing = next(f for f in rec.decision.all_firings if f.rule.id == "PP103")
    assert "billing can absorb at most 100/s against a peak of 5,000/s" in firing.rationale


def test_plural_placeholders(tmp_path: Path) -> None:
    text = GOOD.replace("Fires for {kind}s.", "Seen {consumer_count|consumer} at {rate_peak}.")
    rule = load_one(tmp_path, text).rules[0]
    one = rule.explain({"consumer_count": 1, "rate_peak": 2000.0})
    many = rule.explain({"consumer_count": 3, "rate_peak": None})
    assert (one, many) == ("Seen 1 consumer at 2,000/s.", "Seen 3 consumers at not stated.")


def test_every_builtin_rule_fires_somewhere(rules: RuleSet, catalogue) -> None:  # type: ignore[no-untyped-def]
    """Exhaustiveness: each rule fires for at least one example or scenario."""
    import yaml

    from advisor.format.workload import load_workloads

    fired: set[str] = set()
    for path in EXAMPLES:
        for w in load_workloads(path, vocabularies=VOCABULARY):
            rec = advise(w, rules, catalogue, provider=AWS)
            fired |= {f.rule.id for f in rec.decision.all_firings}
    for path in sorted((ROOT / "tests" / "scenarios").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        data.pop("expected")
        w = workload_from(yaml.safe_dump(data))
        rec = advise(w, rules, catalogue, provider=AWS)
        fired |= {f.rule.id for f in rec.decision.all_firings}
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        w = workload_from(yaml.safe_dump(yaml.safe_load(path.read_text())["workload"]))
        rec = advise(w, rules, catalogue, provider=AWS)
        fired |= {f.rule.id for f in rec.decision.all_firings}
    assert len(rules.rules) >= 25  # the whole pack, not an empty set that trivially passes
    assert {r.id for r in rules.rules} - fired == set()


def test_the_fact_registry_documents_every_fact() -> None:
    assert all(spec.doc for spec in ALL_FACTS.values())


def test_the_compiled_twin_of_the_builtin_pack_is_up_to_date(catalogue) -> None:  # type: ignore[no-untyped-def]
    """Run `python -m advisor.twins` after editing rules/ (a stale twin is not wrong, only
    slow: the pack is then read from its YAML)."""
    from advisor.core.rules.loader import parse_files
    from advisor.core.rules.pack import builtin_pack, pack_files
    from advisor.core.rules.twin import compiled

    pack = builtin_pack(VOCABULARY)
    files = pack_files(pack)
    twin = compiled(pack, files, catalogue.facts.__contains__, catalogue.facts, VOCABULARY)
    assert twin is not None, "twin missing or stale: run `python -m advisor.twins`"
    errors: list = []  # type: ignore[type-arg]
    assert twin == parse_files(files, catalogue.facts.__contains__, errors,
                               catalogue.facts, VOCABULARY)  # field by field
    assert not errors


def test_an_edited_builtin_file_is_read_from_its_yaml(monkeypatch: pytest.MonkeyPatch,
                                                      catalogue) -> None:  # type: ignore[no-untyped-def]
    from advisor.core.rules import builtin_pack
    from advisor.core.rules import pack as module

    pack = builtin_pack(VOCABULARY)
    first = min((p for folder in pack.folders for p in folder.glob("*.yaml")
                 if "title: " in p.read_text()), key=lambda p: p.name)
    edited = first.read_text().replace("title: ", "title: Edited ", 1)
    real = module.read_text
    monkeypatch.setattr(module, "read_text",
                        lambda p, *more: edited if p == first else real(p, *more))
    loaded = load_rules([pack], catalogue.facts.__contains__, catalogue.facts, VOCABULARY)
    assert sum(r.title.startswith("Edited ") for r in loaded.rules) == 1


def test_the_twin_is_passed_over_when_its_catalogue_or_version_changed(
        monkeypatch: pytest.MonkeyPatch, catalogue) -> None:  # type: ignore[no-untyped-def]
    from advisor.answers.ruleset import builtin_rules
    from advisor.core.rules import builtin_pack
    from advisor.core.rules import twin as module
    from advisor.core.rules.pack import pack_files

    pack = builtin_pack(VOCABULARY)
    files = pack_files(pack)
    cited = {s for r in module.compiled(pack, files, catalogue.facts.__contains__,
                                        catalogue.facts, VOCABULARY) or []
             for s in r.sources if not s.startswith("https://")}
    assert cited
    gone = sorted(cited)[0]  # the catalogue no longer has a fact a built-in rule cites
    assert module.compiled(pack, files, lambda s: s in catalogue.facts and s != gone,
                           catalogue.facts, VOCABULARY) is None
    with pytest.raises(InputErrors, match=gone):
        load_rules([pack], lambda s: s in catalogue.facts and s != gone, catalogue.facts,
                   VOCABULARY)
    monkeypatch.setattr(module, "__version__", "another release")
    assert module.compiled(pack, files, catalogue.facts.__contains__, catalogue.facts,
                           VOCABULARY) is None
    assert builtin_rules(catalogue).rules == load_rules([pack], lambda s: True,
                                                        catalogue.facts, VOCABULARY).rules


def test_every_comparison_has_an_implementation() -> None:
    from advisor.core.rules import COMPARISONS, OPERATORS

    assert set(OPERATORS) | {"is_set"} == set(COMPARISONS)


NEUTRAL = """rules:
  - id: TT101
    title: A test rule
    when: {fact: kind, is: event}
    effect: {push: 1}
"""
WORDS = """words:
  TT101:
    rationale: On this cloud it fires for {kind}s.
    sources: [known-fact]
"""


def test_a_neutral_rule_takes_its_reasons_from_the_clouds_words(tmp_path: Path) -> None:
    (tmp_path / "10-rules.yaml").write_text(NEUTRAL)
    (tmp_path / "00-words.yaml").write_text(WORDS)
    rule = load_rules([tmp_path], lambda s: s == "known-fact", {}, VOCABULARY).rules[0]
    assert (rule.rationale, rule.sources, rule.clouds) == (
        "On this cloud it fires for {kind}s.", ("known-fact",), ())


@pytest.mark.parametrize(("words", "expected"), [
    ("", "10-rules.yaml:2:5: the rule has no `rationale`"),
    (WORDS.replace("TT101", "TT102"), "00-words.yaml:2:3: no neutral rule of this pack serves "
                                      "aws as TT102"),
    (WORDS.replace("[known-fact]", "[unknown-fact]"), "00-words.yaml:4:15: source 'unknown"),
    (WORDS.replace("{kind}", "{knd}"), "00-words.yaml:3:16: the rationale names an unknown"),
    (WORDS.replace("    sources: [known-fact]\n", ""), "00-words.yaml:2:3: the words of TT101 "
                                                      "have no `sources`"),
    (WORDS + "    title: x\n", "00-words.yaml:5:5: unknown key 'title' in the words of TT101"),
])
def test_a_clouds_words_are_checked_at_their_own_lines(tmp_path: Path, words: str,
                                                       expected: str) -> None:
    (tmp_path / "10-rules.yaml").write_text(NEUTRAL)
    if words:
        (tmp_path / "00-words.yaml").write_text(words)
    with pytest.raises(InputErrors) as caught:
        load_rules([tmp_path], lambda s: s == "known-fact", {}, VOCABULARY)
    found = [str(e).replace(f"{tmp_path}/", "") for e in caught.value.errors]
    assert any(p.startswith(expected) for p in found), found


def test_a_rule_of_other_clouds_is_left_out_unread(tmp_path: Path) -> None:
    # Its condition may cite what this cloud's catalogue lacks: it is not even checked.
    only_gcp = GOOD.replace("    when:", "    clouds: [gcp]\n    when:").replace(
        "[known-fact]", "[a-gcp-fact]")
    assert load_one(tmp_path, only_gcp).rules == ()
    only_aws = GOOD.replace("    when:", "    clouds: [aws]\n    when:")
    assert load_one(tmp_path, only_aws).rules[0].clouds == ("aws",)
    mars = GOOD.replace("    when:", "    clouds: [mars]\n    when:")
    assert any(p.startswith("pack.yaml:4:13: `clouds` must list clouds")
               for p in problems(tmp_path, mars))


def test_every_neutral_builtin_rule_has_awss_words_and_the_aws_only_ones_say_so(
        rules: RuleSet) -> None:
    from advisor.resources import data_dir

    core = data_dir("rules") / "core"
    for rule in rules.rules:
        assert rule.rationale and rule.sources, rule.id
        assert rule.clouds in ((), ("aws",)), rule.id
        if Path(rule.path).parent != core:
            assert rule.clouds == ("aws",), rule.id
