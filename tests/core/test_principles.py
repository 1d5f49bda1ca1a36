"""The principles of issue #12 that live in the engine and the rule pack, each tested on its
own: limits decide ties, capacities, replay by whom, the concurrency quota per consumer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from advisor.core.engine import evaluate
from advisor.core.facts import derive
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.providers.aws.kinds import AWS_FACTS
from tests.conftest import workload_from
from tests.core.test_rules import GOOD, load_one, problems

Recommend = Callable[[str], Recommendation]


def test_the_limit_key_loads_and_is_checked(tmp_path: Path) -> None:
    assert load_one(tmp_path, GOOD + "    limit: true\n").rules[0].limit
    assert not load_one(tmp_path, GOOD).rules[0].limit
    assert any("`limit` must be true or false" in p
               for p in problems(tmp_path, GOOD + "    limit: sometimes\n"))


def test_a_tie_never_goes_to_an_option_a_fired_limit_argues_against(tmp_path: Path) -> None:
    pack = """rules:
  - id: TT101
    title: A preference for push
    when: {fact: kind, is: event}
    effect: {push: 2}
    rationale: Fires for {kind}s.
    sources: [known-fact]
  - id: TT102
    title: A limit that favours a buffer
    when: {fact: kind, is: event}
    effect: {poll: 2}
    limit: LIMIT
    rationale: Fires for {kind}s.
    sources: [known-fact]
"""
    workload = derive(workload_from("version: 1\nname: a\nkind: event\n"), AWS_FACTS)
    preference = evaluate(workload, load_one(tmp_path, pack.replace("LIMIT", "false")))
    assert (preference.model, preference.decided_by) == ("push", "tie-break")
    limited = evaluate(workload, load_one(tmp_path, pack.replace("LIMIT", "true")))
    assert (limited.model, limited.decided_by) == ("poll", "tie-break")
    assert limited.tie_limits == ("TT102",)
    assert limited.tie_broken == "a limit argued against push (TT102)"


def test_with_nothing_stated_a_fan_out_gets_the_fewest_parts(recommend_text: Recommend) -> None:
    rec = recommend_text("version: 1\nname: a\nkind: event\nconsumers: 3\n")
    assert rec.model == "push"
    assert "eventbridge" in rec.chosen.design.service_ids
    assert not {"sqs", "kinesis", "sns"} & set(rec.chosen.design.service_ids)


def test_max_concurrency_is_a_capacity(recommend_text: Recommend) -> None:
    base = ("version: 1\nname: a\nkind: event\nthroughput: {peak: 500/s}\n"
            "processing_time: 200ms\nconsumers: [{name: w, runs_on: lambda, "
            "max_concurrency: N}]\n")
    below = recommend_text(base.replace("N", "50"))  # 50 / 0.2 s = 250/s < 500/s
    assert below.model == "poll"
    assert below.facts.consumers[0]["consumer.capacity"] == 250
    above = recommend_text(base.replace("N", "500"))  # 2,500/s: no cap
    assert above.model == "push"
    assert above.facts.consumers[0]["consumer.capped"] is False


def test_the_account_concurrency_quota_is_judged_for_each_function(
        recommend_text: Recommend) -> None:
    rec = recommend_text("version: 1\nname: a\nkind: command\nthroughput: {average: 1/s, "
                         "peak: 200/s}\nprocessing_time: 10s\nconsumers: [{name: sender, "
                         "runs_on: lambda}]\n")
    assert rec.model == "poll"
    verdict = rec.decision.consumers[0]
    assert verdict.lean == "poll"
    fired = next(f for f in verdict.firings if f.rule.id == "PP403")
    assert "raised to at least 2,000" in fired.rationale
    assert "PP108" not in {f.rule.id for f in verdict.firings}


def test_replay_by_an_operator_needs_no_log(recommend_text: Recommend) -> None:
    text = ("version: 1\nname: a\nkind: event\nreplay: REPLAY\nconsumers: "
            "[{name: a, runs_on: lambda}, {name: b, runs_on: lambda}]\n")
    by_operator = recommend_text(text.replace("REPLAY", "{window: 7d, by: operator}"))
    assert by_operator.model == "push"
    by_consumer = recommend_text(text.replace("REPLAY", "{window: 7d, by: consumer}"))
    plain = recommend_text(text.replace("REPLAY", "7d"))
    assert by_consumer.model == plain.model == "poll"
    assert by_consumer.decision.scores == plain.decision.scores


def test_a_workload_level_replay_means_it_on_every_consumer(recommend_text: Recommend) -> None:
    level = recommend_text("version: 1\nname: a\nkind: event\nreplay: 7d\nconsumers: "
                           "[{name: a, runs_on: lambda}, {name: b, runs_on: container}]\n")
    each = recommend_text("version: 1\nname: a\nkind: event\nconsumers: [{name: a, runs_on: "
                          "lambda, replay: 7d}, {name: b, runs_on: container, replay: 7d}]\n")
    assert level.decision.scores == each.decision.scores


def test_a_function_beside_an_email_subscriber_is_no_reason_for_buffers(
        recommend_text: Recommend) -> None:
    rec = recommend_text("version: 1\nname: a\nkind: event\nthroughput: {peak: 20/s}\n"
                         "consumers: [{name: f, runs_on: lambda}, {name: e, runs_on: email}]\n")
    assert rec.model == "push"
    assert rec.facts.flow["consumers_differ"] is False


def test_every_builtin_rule_carries_examples(rules: RuleSet) -> None:
    # Sources and a rationale the loader itself demands (test_rules); examples it does not.
    assert rules.rules
    for rule in rules.rules:
        assert rule.examples, rule.id


def test_a_broadcast_to_instances_is_priced_per_delivery(recommend_text: Recommend) -> None:
    text = ("version: 1\nname: a\nkind: event\nthroughput: {average: 2/s, peak: 10/s}\n"
            "existing: [api-gateway-websocket]\n"
            "consumers: [{name: fans, runs_on: client, instances: 10000RECIPIENTS}]\n")

    def posts(rec: Recommendation) -> float:
        cost = rec.chosen.cost
        assert cost is not None
        return next(line.usd_average for line in cost.lines
                    if line.service == "api-gateway-websocket")

    broadcast = recommend_text(text.replace("RECIPIENTS", ""))
    addressed = recommend_text(text.replace("RECIPIENTS", ", recipients: per-message"))
    assert posts(broadcast) == 10_000 * posts(addressed)


def test_an_sqs_fifo_event_source_mapping_gets_no_batching_window(
        recommend_text: Recommend) -> None:
    rec = recommend_text("version: 1\nname: a\nkind: command\nthroughput: {peak: 50/s}\n"
                         "latency: 30s\nordering: per-key\nordering_key: account\nconsumers: "
                         "[{name: ledger, runs_on: lambda, batching: {window: 20s}}]\n")
    assert "sqs-fifo" in rec.chosen.design.service_ids
    window = next(f for f in rec.chosen.sizing.figures
                  if f.key == "esm_batching_window_s.ledger")
    assert window.value == 0 and window.facts == ("lambda-esm-fifo-no-batching-window",)


def test_the_quota_that_would_have_to_be_raised_is_listed_as_a_flip(
        recommend_text: Recommend) -> None:
    rec = recommend_text("version: 1\nname: a\nkind: command\nthroughput: {average: 1/s, "
                         "peak: 200/s}\nprocessing_time: 10s\nregion: eu-west-1\nconsumers: "
                         "[{name: sender, runs_on: lambda}]\n")
    assert rec.model == "poll"
    (flip,) = rec.quota_flips
    assert (flip.quota, flip.region, flip.current, flip.needed, flip.model) == (
        "lambda-concurrency-default", "eu-west-1", 1000, 2000, "push")
    assert "raised from 1,000 to at least 2,000" in flip.text
    within = recommend_text("version: 1\nname: a\nkind: command\nthroughput: {peak: 50/s}\n"
                            "processing_time: 1s\nconsumers: [{name: s, runs_on: lambda}]\n")
    assert within.quota_flips == ()


def test_no_log_is_offered_for_a_replay_longer_than_it_keeps(recommend_text: Recommend) -> None:
    table = recommend_text("version: 1\nname: a\nkind: event\nproducer: aws-service\n"
                           "source: dynamodb\nreplay: 7d\nconsumers: [{name: s, runs_on: "
                           "lambda}]\n")
    assert table.model == "poll"
    assert table.chosen.design.service_ids[0] == "kinesis"  # Kinesis Data Streams for DynamoDB
    assert "dynamodb-streams" not in table.chosen.design.service_ids
    day = recommend_text("version: 1\nname: a\nkind: event\nproducer: aws-service\n"
                         "source: dynamodb\nreplay: 24h\nconsumers: [{name: s, runs_on: "
                         "lambda}]\n")
    assert "dynamodb-streams" in day.chosen.design.service_ids
    years = recommend_text("version: 1\nname: a\nkind: event\nreplay: 730d\nconsumers: "
                           "[{name: a, runs_on: container}, {name: b, runs_on: lambda}]\n")
    assert years.model == "poll"
    assert "kinesis" not in years.chosen.design.service_ids
    assert "msk" in years.chosen.design.service_ids  # a Kafka topic on tiered storage


def test_unstated_recipients_are_an_assumption_listed_as_a_flip(
        recommend_text: Recommend) -> None:
    text = ("version: 1\nname: a\nkind: event\nthroughput: {peak: 5/s}\nconsumers: "
            "[{name: ops-email, runs_on: emailRECIPIENTS}, {name: f, runs_on: lambda}]\n")
    assumed = recommend_text(text.replace("RECIPIENTS", ""))
    (flip,) = [f for f in assumed.flips if "recipients: per-message" in f.value]
    assert (flip.driver, flip.model) == ("consumers.0", assumed.model)
    assert flip.value == "{name: ops-email, runs_on: email, recipients: per-message}"
    assert "Amazon SES" in flip.text
    assert any("does not state its recipients" in w for w in assumed.warnings)
    pasted = recommend_text(text.replace("RECIPIENTS", ", recipients: per-message"))
    assert pasted.model == flip.model and "ses" in pasted.chosen.design.service_ids
    stated = recommend_text(text.replace("RECIPIENTS", ", recipients: fixed"))
    assert not [f for f in stated.flips if "recipients: per-message" in f.value]


def test_the_bus_limits_are_checked_against_the_peak(recommend_text: Recommend) -> None:
    rec = recommend_text("version: 1\nname: a\nkind: event\nthroughput: {average: 200/s, "
                         "peak: 900/s}\nregion: eu-north-1\nconsumers: [{name: partner, "
                         "runs_on: https}, {name: crm, runs_on: https}]\n")
    assert rec.chosen.design.service_ids == ("eventbridge", "webhook")
    assert sum("above an API destination's default rate limit of 300" in w
               for w in rec.warnings) == 2
    figure = next(f for f in rec.chosen.sizing.figures
                  if f.key == "eventbridge_invocations_use_pct")
    quota = rec.catalogue.fact("eventbridge-invocations-quota").in_region("eu-north-1")
    assert quota and figure.value == round(900 * 2 / quota * 100, 1)


def test_a_quota_flip_needs_a_limit_that_compares_with_the_quota(
        recommend_text: Recommend) -> None:
    # PP514 cites a quota (subscriptions per topic) but compares a count of consumers: no
    # quota can let Textract write to a queue.
    rec = recommend_text("version: 1\nname: a\nkind: event\nproducer: aws-service\n"
                         "source: textract\nconsumers: [{name: r, runs_on: container}]\n")
    assert rec.model == "hybrid" and rec.quota_flips == ()


def test_a_design_that_cannot_be_built_is_never_offered(recommend_text: Recommend) -> None:
    # Crossing Regions argues for a queue in the consumer's Region, but CloudWatch Logs cannot
    # publish to SQS: the best option that can be built wins, and says why.
    rec = recommend_text("version: 1\nname: a\nkind: event\nproducer: aws-service\n"
                         "source: cloudwatch-logs\nbatching: preferred\ncrosses: [regions]\n"
                         "consumers: [{name: shipper, runs_on: lambda}]\n")
    assert rec.decision.scores["hybrid"] > rec.decision.scores[rec.model]
    assert rec.model == "poll" and rec.decision.decided_by == "design"
    assert rec.chosen.design.feasible and "sqs" not in rec.chosen.design.service_ids
    assert any("hybrid scored highest, but its design cannot be built" in w
               for w in rec.warnings)
    assert rec.flips == ()


def test_every_service_has_a_diagram_label() -> None:
    from advisor.providers.aws.catalogue import load_catalogue

    services = load_catalogue().services.values()
    assert [s.id for s in services if s.drawing is None or not s.drawing.label] == []
