"""No number in a rule or a formula stands in for a catalogue fact (issue 13, item 5).

A rule's threshold is a catalogue fact (`{catalogue: id}`) or a parameter the rule names and
sources (`{param: name}`); both are resolved when the pack loads. The sizing and cost formulas
are written from the numbers the code computed with, so a changed catalogue value moves the
threshold, the figure and its formula together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.answers.ruleset import builtin_rules
from advisor.core.catalogue import Catalogue
from advisor.core.facts import ALL_FACTS
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import COMPARISONS, Compare, RuleSet, load_rules
from advisor.core.rules.rule import Rule
from advisor.errors import InputErrors
from advisor.format.yamlnodes import YMap, YNode, YScalar, YSeq, parse_yaml
from advisor.providers.aws.catalogue import catalogue_path, load_catalogue
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import ROOT, run_cli, workload_from

RULE_FILES = sorted((ROOT / "rules").glob("*/*.yaml"))
NUMERIC = ("rate", "size", "duration", "count", "ratio")
# Comparisons of a count with 0 or 1 are not thresholds: they read "some" or "none".
NOT_THRESHOLDS = {
    ("at_least", 1): "a count of at least 1 means 'some': whether any consumer is so",
    ("is", 0): "a count that is 0 means 'none': whether no consumer is so",
}


def _comparisons(node: YNode) -> Iterator[tuple[str, str, YNode]]:
    """Every (fact, operator, operand) in a condition tree."""
    if isinstance(node, YSeq):
        for item in node.items:
            yield from _comparisons(item)
    elif isinstance(node, YMap):
        if "fact" in node.items:
            fact = node.items["fact"][1]
            for op, (_, operand) in node.items.items():
                if op in COMPARISONS and isinstance(fact, YScalar):
                    yield str(fact.value), op, operand
            return
        for _, inner in node.items.values():
            yield from _comparisons(inner)


def _when_nodes() -> Iterator[tuple[Path, str, YNode]]:
    for path in RULE_FILES:
        root = parse_yaml(path.read_text(encoding="utf-8"), str(path))
        assert isinstance(root, YMap)
        if "rules" not in root.items:
            continue  # a cloud's words for the neutral rules: no conditions
        rules = root.items["rules"][1]
        assert isinstance(rules, YSeq)
        for rule in rules.items:
            assert isinstance(rule, YMap)
            rule_id = rule.items["id"][1]
            assert isinstance(rule_id, YScalar)
            yield path, str(rule_id.value), rule.items["when"][1]


def test_no_rule_compares_with_a_bare_number() -> None:
    bare = []
    for path, rule_id, when in _when_nodes():
        for fact, op, operand in _comparisons(when):
            if ALL_FACTS[fact].type not in NUMERIC or op == "is_set" \
                    or not isinstance(operand, YScalar):
                continue  # a word, a flag, stated or not, a {catalogue:}/{param:} reference
            value = operand.value
            if isinstance(value, int | float) and (op, value) in NOT_THRESHOLDS \
                    and ALL_FACTS[fact].type == "count":
                continue
            bare.append(f"{path.name}:{operand.pos.line}: {rule_id} {fact} {op} {value!r}")
    assert not bare, "thresholds must be {catalogue: id} or {param: name}:\n" + "\n".join(bare)


def test_the_scan_finds_a_bare_threshold() -> None:
    """The scan above would fail on the rule files as they were before item 5."""
    node = parse_yaml("when: {all: [{fact: burstiness, at_least: 10}, "
                      "{fact: consumers_leaning_poll, at_least: 1}]}", "w.yaml")
    assert isinstance(node, YMap)
    found = [(f, op, o.value) for f, op, o in _comparisons(node.items["when"][1])
             if isinstance(o, YScalar)]
    assert found == [("burstiness", "at_least", 10), ("consumers_leaning_poll", "at_least", 1)]
    assert ("at_least", 10) not in NOT_THRESHOLDS and ("at_least", 1) in NOT_THRESHOLDS


def _thresholds(rule: Rule) -> list[Compare]:
    def walk(condition: object) -> Iterator[Compare]:
        if isinstance(condition, Compare):
            if condition.ref:
                yield condition
        else:
            for item in getattr(condition, "items", ()):
                yield from walk(item)
    return list(walk(rule.when))


def test_every_threshold_is_named_and_sourced(rules: RuleSet, catalogue: Catalogue) -> None:
    found = 0
    for rule in rules.rules:
        named = {p.name: p for p in rule.parameters}
        for compare in _thresholds(rule):
            found += 1
            parameter = named[compare.ref]
            assert compare.value == parameter.value
            assert parameter.source.startswith("https://") or parameter.source in \
                catalogue.facts, (rule.id, parameter)
            if parameter.fact:
                assert parameter.value == catalogue.number(parameter.fact)
            else:
                assert len(parameter.why) > 40, (rule.id, parameter.name)  # a reason, in words
    assert found >= 15


@pytest.mark.parametrize(("rule_id", "ref", "fact"), [
    ("PP108", "lambda-concurrency-default", "lambda-concurrency-default"),
    ("PP403", "lambda-concurrency-default", "lambda-concurrency-default"),
    ("PP301", "immediate", "lambda-esm-kinesis-polling-rate"),
    ("PP307", "lambda-esm-batch-size-streams", "lambda-esm-batch-size-streams"),
    ("PP307", "lambda-esm-batching-window", "lambda-esm-batching-window"),
    ("PP308", "sqs-delay-max", "sqs-delay-max"),
    ("PP309", "sqs-delay-max", "sqs-delay-max"),
    ("PP401", "high_rate", "kinesis-shard-write-records"),
    ("PP402", "high_rate", "kinesis-shard-write-records"),
    ("PP404", "high_rate", "kinesis-shard-write-records"),
    ("PP502", "high_rate", "kinesis-shard-write-records"),
    ("PP516", "kinesis-efo-consumers", "kinesis-efo-consumers"),
    ("PP302", "room_to_batch", ""),
    ("PP404", "light_processing", ""),
    ("PP405", "burst_ratio", ""),
])
def test_the_inventory_of_thresholds(rules: RuleSet, rule_id: str, ref: str, fact: str) -> None:
    rule = next(r for r in rules.rules if r.id == rule_id)
    assert ref in {c.ref for c in _thresholds(rule)}
    assert next(p for p in rule.parameters if p.name == ref).fact == fact


def _catalogue_with(tmp_path: Path, **values: float) -> Catalogue:
    """A temporary copy of the catalogue with some facts' values changed."""
    text = catalogue_path().read_text(encoding="utf-8")
    for fact_id, value in values.items():
        fact_id = fact_id.replace("_", "-")
        text, n = re.subn(rf"(  - id: {re.escape(fact_id)}\n(?:    .*\n)*?    value: )\S+",
                          rf"\g<1>{value:g}", text)
        assert n == 1, fact_id
    path = tmp_path / "catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    return load_catalogue(path)


def _advise(text: str, catalogue: Catalogue) -> Recommendation:
    return advise(workload_from(text), builtin_rules(catalogue), catalogue, provider=AWS)


LAMBDA_2000 = ("version: 1\nname: a\nkind: event\nthroughput: {peak: 2000/s}\n"
               "processing_time: 1s\nconsumers: [{name: enrich, runs_on: lambda}]\n")


def _fired(rec: Recommendation) -> set[str]:
    return {f.rule.id for f in rec.decision.all_firings}


def test_a_changed_catalogue_fact_moves_the_rule_threshold(tmp_path: Path,
                                                           catalogue: Catalogue) -> None:
    assert "PP403" in _fired(_advise(LAMBDA_2000, catalogue))
    raised = _catalogue_with(tmp_path, lambda_concurrency_default=3000)
    rules = builtin_rules(raised)
    pp403 = next(r for r in rules.rules if r.id == "PP403")
    assert "lambda_concurrency_peak > lambda-concurrency-default (3,000)" in pp403.when.words()
    assert "PP403" not in _fired(_advise(LAMBDA_2000, raised))
    # the rules in force changed, so their digest does
    assert rules.version != builtin_rules(catalogue).version


def test_a_rationale_states_the_value_the_condition_compares_with(
        tmp_path: Path, catalogue: Catalogue) -> None:
    def rationale(cat: Catalogue) -> str:
        return next(r for r in builtin_rules(cat).rules if r.id == "PP403").rationale

    assert "above the account's default of 1,000 per Region" in rationale(catalogue)
    raised = _catalogue_with(tmp_path, lambda_concurrency_default=3000)
    assert "above the account's default of 3,000 per Region" in rationale(raised)
    assert not any("{catalogue:" in r.rationale for r in builtin_rules(catalogue).rules)


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (10_000, "count", "10,000"), (300, "seconds", "5 minutes"), (86_400, "seconds", "24 hours"),
    (31_536_000, "seconds", "365 days"), (2_097_152, "bytes-per-second", "2 MiB/s"),
    (45, "seconds", "45 s"), (0.5, "per-second", "0.5"), (2_000_000, "count", "2,000,000"),
    (3600, "seconds", "1 hour"), (86_400 * 14, "seconds", "14 days"),
])
def test_catalogue_figures_read_as_the_texts_write_them(value: float, unit: str,
                                                        shown: str) -> None:
    from advisor.core.rules import figure_words

    assert figure_words(value, unit) == shown


def test_a_parameter_read_from_the_catalogue_moves_with_it(tmp_path: Path,
                                                           catalogue: Catalogue) -> None:
    text = ("version: 1\nname: a\nkind: event\nthroughput: {peak: 600/s}\n"
            "consumers: [{name: w, runs_on: container}]\n")
    assert "PP401" not in _fired(_advise(text, catalogue))
    halved = _catalogue_with(tmp_path, kinesis_shard_write_records=500)
    assert "PP401" in _fired(_advise(text, halved))


def test_the_quota_flip_follows_the_fact_the_rule_names(tmp_path: Path) -> None:
    """Which quota a limit rests on is the fact its condition reads, not a number that
    happens to equal the quota's: with the quota at 1,500 the flip still finds it."""
    lowered = _catalogue_with(tmp_path, lambda_concurrency_default=1500)
    rec = _advise(LAMBDA_2000.replace("kind: event", "kind: command"), lowered)
    assert rec.model == "poll"
    (flip,) = rec.quota_flips
    assert (flip.rule, flip.quota, flip.current, flip.needed) == (
        "PP403", "lambda-concurrency-default", 1500, 2000)


def _figure(rec: Recommendation, key: str) -> tuple[float, str]:
    option = next(o for o in rec.options if "kinesis" in o.design.service_ids)
    figure = next(f for f in option.sizing.figures if f.key == key)
    return figure.value, figure.formula


STREAM = ("version: 1\nname: s\nkind: event\nthroughput: {average: 200/s, peak: 3000/s}\n"
          "payload: {average: 1KB}\nreplay: 10d\nordering: per-key\nordering_key: k\n"
          "consumers: [{name: a, runs_on: container}, {name: b, runs_on: container}, "
          "{name: c, runs_on: container}]\n")


def test_sizing_formulas_are_written_from_the_catalogue_values(tmp_path: Path,
                                                               catalogue: Catalogue) -> None:
    shards, formula = _figure(_advise(STREAM, catalogue), "kinesis_shards")
    assert "3,000/s / 1,000 records/s" in formula and "/ 1 MiB/s" in formula
    efo, why = _figure(_advise(STREAM, catalogue), "kinesis_enhanced_fan_out")
    assert efo == 1 and "3 readers > floor(5 GetRecords calls/s per shard / 2 per reader) = 2" \
        in why
    changed = _catalogue_with(tmp_path, kinesis_shard_write_records=500,
                              kinesis_getrecords_tps=10)
    rec = _advise(STREAM, changed)
    more, formula = _figure(rec, "kinesis_shards")
    assert "3,000/s / 500 records/s) = 6" in formula and more == 6 > shards
    efo, why = _figure(rec, "kinesis_enhanced_fan_out")
    assert efo == 0 and "3 readers <= floor(10 GetRecords calls/s per shard / 2 per reader) = 5" \
        in why
    advised, formula = _figure(rec, "kinesis_shards_with_headroom")
    assert formula == f"ceil(6 / 0.8) = {advised:g}"


def _cost_text(rec: Recommendation) -> str:
    option = next(o for o in rec.options if "kinesis" in o.design.service_ids)
    assert option.cost is not None
    return "\n".join([*(line.what for line in option.cost.lines), *option.cost.assumptions])


def test_cost_texts_are_written_from_the_catalogue_values(tmp_path: Path,
                                                          catalogue: Catalogue) -> None:
    text = _cost_text(_advise(STREAM, catalogue))
    assert "GB-months held beyond 7d" in text and "billed per 64 KB chunk" in text
    changed = _catalogue_with(tmp_path, kinesis_extended_retention_max=5 * 86400,
                              sns_billing_chunk=32768, sqs_billing_chunk=32768,
                              eventbridge_billing_chunk=32768)
    text = _cost_text(_advise(STREAM, changed))
    assert "GB-months held beyond 5d" in text and "billed per 32 KB chunk" in text


def test_services_disagreeing_on_the_billing_chunk_is_caught(tmp_path: Path) -> None:
    from advisor.errors import InternalError

    changed = _catalogue_with(tmp_path, sqs_billing_chunk=32768)
    with pytest.raises(InternalError, match="billing chunks"):
        _advise(STREAM, changed)


PACK = """rules:
  - id: TT101
    title: A test rule
    parameters:
      burst:
        value: 10
        why: an order of magnitude between peak and average
        source: https://example.com/levelling
    when:
      all:
        - {fact: burstiness, at_least: {param: burst}}
        - {fact: lambda_concurrency_peak, above: {catalogue: lambda-concurrency-default}}
    effect: {poll: 1}
    rationale: Bursty.
    sources: [https://example.com/levelling]
"""


def _load(tmp_path: Path, text: str, catalogue: Catalogue) -> RuleSet:
    (tmp_path / "pack.yaml").write_text(text)
    return load_rules([tmp_path], catalogue.facts.__contains__, catalogue.facts, VOCABULARY)


def test_a_custom_pack_uses_parameters_and_catalogue_facts(tmp_path: Path,
                                                           catalogue: Catalogue) -> None:
    (rule,) = _load(tmp_path, PACK, catalogue).rules
    assert rule.when.words() == ("burstiness >= burst (10) and lambda_concurrency_peak > "
                                 "lambda-concurrency-default (1,000)")
    assert rule.when.holds({"burstiness": 12.0, "lambda_concurrency_peak": 1001.0})
    assert not rule.when.holds({"burstiness": 9.0, "lambda_concurrency_peak": 1001.0})
    assert [p.name for p in rule.parameters] == ["burst", "lambda-concurrency-default"]


@pytest.mark.parametrize(("change", "expected"), [
    (("{catalogue: lambda-concurrency-default}", "{catalogue: lambda-concurency-default}"),
     "pack.yaml:12:62: unknown catalogue fact 'lambda-concurency-default'"),
    (("{param: burst}", "{param: bursts}"), "pack.yaml:11:48: unknown parameter 'bursts'"),
    (("{catalogue: lambda-concurrency-default}", "{catalogue: sqs-delay-max}"),
     "pack.yaml:12:62: catalogue fact sqs-delay-max (900 seconds) cannot be compared with "
     "lambda_concurrency_peak"),
    (("        source: https://example.com/levelling\n", ""),
     "pack.yaml:6:9: parameter 'burst' has no `source`"),
    (("{param: burst}", "{fact: kind}"), "pack.yaml:11:40: a threshold is a number"),
    (("        - {fact: burstiness, at_least: {param: burst}}\n", ""),
     "pack.yaml:5:7: parameter 'burst' is declared but no condition uses it"),
    (("        value: 10\n", "        value: ten\n"), "pack.yaml:6:16: bad value for burstiness"),
    (("rationale: Bursty.", "rationale: Above {catalogue:lambda-concurency-default}."),
     "pack.yaml:14:16: the rationale cites {catalogue:lambda-concurency-default}, which is not"),
])
def test_a_broken_threshold_fails_at_load_with_its_place(
        tmp_path: Path, catalogue: Catalogue, change: tuple[str, str], expected: str) -> None:
    with pytest.raises(InputErrors) as caught:
        _load(tmp_path, PACK.replace(*change), catalogue)
    found = [str(e).replace(f"{tmp_path}/", "") for e in caught.value.errors]
    assert any(p.startswith(expected) for p in found), found


def test_rules_explain_shows_each_threshold_and_where_it_comes_from() -> None:
    result = run_cli(["rules", "explain", "PP401"])
    assert result.exit_code == 0
    assert "fires when: rate_peak >= high_rate (1,000/s)" in result.stdout
    assert ("- high_rate = 1,000/s, from catalogue fact kinesis-shard-write-records, "
            "Per-shard write, records (https://docs.aws.amazon.com/streams/latest/dev/"
            "working-with-streams.html, as of 2026-09-30, verified). Why: The rate one Kinesis "
            "shard takes.") in " ".join(result.stdout.split())
    judged = " ".join(run_cli(["rules", "explain", "PP405"]).stdout.split())
    assert ("- burst_ratio = 10, a judgement. Why: A peak an order of magnitude above the "
            "average") in judged
    assert "Source: https://learn.microsoft.com/en-us/azure/architecture/patterns/" in judged


def test_a_broken_threshold_in_a_team_pack_is_one_clear_message(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "team.yaml").write_text(PACK.replace("lambda-concurrency-default}",
                                                 "lambda-concurency-default}"))
    result = run_cli(["rules", "list", "--rules", str(pack)])
    assert result.exit_code == 2, result.output
    assert "team.yaml:12:62: unknown catalogue fact 'lambda-concurency-default'" in \
        result.output
    assert "Traceback" not in result.output


def test_design_texts_state_the_catalogue_values(tmp_path: Path, catalogue: Catalogue) -> None:
    """The services' and the operations' prose reads its AWS numbers from the catalogue."""
    queue = ("version: 1\nname: q\nkind: command\nduplicates: must-deduplicate\n"
             "consumers: [{name: w, runs_on: on-premises}]\n")

    def texts(cat: Catalogue) -> str:
        rec = _advise(queue, cat)
        design = rec.chosen.design
        return " ".join([*(s.why for s in design.services),
                         *(text for text, _ in design.operations)])

    before = texts(catalogue)
    assert "removes duplicate sends within 5 minutes" in before
    assert "drops duplicates sent within 5 minutes" in before
    assert "raise the queue's retention to 14 days (the default is 4)" in before
    changed = _catalogue_with(tmp_path, sqs_fifo_dedup_window=600,
                              sqs_retention_max=10 * 86400)
    after = texts(changed)
    assert "removes duplicate sends within 10 minutes" in after
    assert "drops duplicates sent within 10 minutes" in after
    assert "raise the queue's retention to 10 days (the default is 4)" in after


def test_the_large_message_warning_states_the_catalogue_limits(tmp_path: Path,
                                                                catalogue: Catalogue) -> None:
    text = ("version: 1\nname: a\nkind: event\npayload: {average: 300KB, max: 512KB}\n"
            "consumers: [{name: a, runs_on: lambda}, {name: b, runs_on: sms}]\n")

    def warnings(cat: Catalogue) -> str:
        return " ".join(x for o in _advise(text, cat).options for x in o.design.warnings
                        if "MaximumMessageSize" in x)

    assert "(up to 1 MiB, SQS, Lambda and Firehose subscribers only, at most 100 " \
        "subscriptions)" in warnings(catalogue)
    changed = _catalogue_with(tmp_path, sns_max_message_size_opt_in=2 * 1024**2,
                              sns_large_message_subscription_cap=50)
    assert "(up to 2 MiB, SQS, Lambda and Firehose subscribers only, at most 50 " \
        "subscriptions)" in warnings(changed)
