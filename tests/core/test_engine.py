from __future__ import annotations

from pathlib import Path

from advisor.core.engine import _choose, evaluate
from advisor.core.facts import derive
from advisor.core.rules import load_rules
from advisor.providers.aws.kinds import AWS_FACTS
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import workload_from


def test_a_tie_goes_to_fewer_moving_parts_and_says_so() -> None:
    model, margin, how, tied = _choose({"push": 2.0, "poll": 2.0, "hybrid": 1.0},
                                       {"push": [], "poll": [], "hybrid": []})
    assert (model, margin, how, tied) == ("push", 0.0, "tie-break", ("poll",))


def test_a_constraint_beats_any_score() -> None:
    model, _, how, _ = _choose({"push": 9.0, "poll": 1.0, "hybrid": 0.0},
                               {"push": ["PP204"], "poll": [], "hybrid": []})
    assert (model, how) == ("poll", "score")
    model, margin, how, _ = _choose({"push": 9.0, "poll": 1.0, "hybrid": 0.0},
                                    {"push": ["PP204"], "poll": [], "hybrid": ["X"]})
    assert (model, how, margin) == ("poll", "constraint", -8.0)


def test_margin_is_winner_minus_runner_up(recommend_text) -> None:  # type: ignore[no-untyped-def]
    rec = recommend_text("version: 1\nname: a\nkind: event\nlatency: 500ms\n"
                         "consumers: [{name: x, runs_on: lambda}]\n")
    scores = sorted(rec.decision.scores.values(), reverse=True)
    assert rec.decision.margin == scores[0] - scores[1]


def test_each_consumer_is_judged_on_its_own(recommend_text) -> None:  # type: ignore[no-untyped-def]
    rec = recommend_text(
        "version: 1\nname: a\nkind: event\nthroughput: {peak: 200/s}\nconsumers:\n"
        "  - {name: fast, runs_on: lambda}\n  - {name: slow, runs_on: lambda, max_rate: 10/s}\n"
        "  - {name: store, runs_on: on-premises}\n  - {name: ops, runs_on: email}\n"
        "  - {name: unknown}\n")
    leans = {v.name: v.lean for v in rec.decision.consumers}
    assert leans == {"fast": "push", "slow": "poll", "store": "poll", "ops": "push",
                     "unknown": "either"}
    assert rec.model == "hybrid"
    assert rec.decision.ruled_out["push"] == ("PP204",)
    assert rec.decision.ruled_out["poll"] == ("PP205",)


def test_evaluation_is_deterministic(recommend_text) -> None:  # type: ignore[no-untyped-def]
    text = "version: 1\nname: a\nkind: event\nconsumers: 3\nreplay: 2d\n"
    first, second = recommend_text(text), recommend_text(text)
    assert first.decision == second.decision


def test_engine_is_pure_over_any_rule_pack(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(
        "rules:\n  - id: TT001\n    title: t\n    when: {fact: kind, is: command}\n"
        "    effect: {poll: 5}\n    rationale: r\n    sources: [https://example.com]\n")
    rules = load_rules([tmp_path], lambda s: False, {}, VOCABULARY)
    workload = workload_from("version: 1\nname: a\nkind: command\n")
    decision = evaluate(derive(workload, AWS_FACTS), rules)
    assert (decision.model, decision.scores["poll"]) == ("poll", 5.0)
    assert [f.rule.id for f in decision.firings] == ["TT001"]
