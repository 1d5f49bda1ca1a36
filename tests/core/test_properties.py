"""Properties over random valid workloads: no crash, same answer twice, and the
decision's invariants."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from advisor.answers.ruleset import builtin_rules
from advisor.core.engine import EvaluationCache
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.format.schema import RUNS_ON
from advisor.format.workload import Workload
from advisor.providers.aws.catalogue import load_catalogue
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import SERVICE_IDS, SOURCES
from tests.conftest import workload_from

CATALOGUE = load_catalogue()
RULES = builtin_rules(CATALOGUE)
SHARED = EvaluationCache(RULES)  # remembers across the examples, as a long search does

rates = st.sampled_from(["1/s", "10/s", "50/s", "500/s", "900/s", "2K/s", "40K/s", "3M/day",
                         "120/min", "5/h"])
durations = st.sampled_from(["50ms", "500ms", "1s", "5s", "1m", "15m", "1h", "2d", "30d"])
consumer = st.fixed_dictionaries({}, optional={
    "max_rate": rates,
    "batching": st.sampled_from(["none", "preferred", "required", {"size": 20000},
                                 {"window": "10m"}, {"size": 50, "window": "30s"}]),
    "runs_on": st.sampled_from(RUNS_ON),
    "replay": st.sampled_from(["none", "1d", "20d"]),
})
workload = st.fixed_dictionaries(
    {"kind": st.sampled_from(["event", "command"])},
    optional={
        "throughput": st.builds(lambda a: {"average": a}, rates),
        "payload": st.sampled_from([{"average": "1KB"}, {"average": "10KB", "max": "300KB"},
                                    {"average": "100KB", "max": "3MB"}]),
        "latency": durations,
        "processing_time": durations,
        "ordering": st.sampled_from(["none", "per-key", "global"]),
        "duplicates": st.sampled_from(["tolerated", "must-deduplicate"]),
        "replay": st.sampled_from(["none", "12h", "7d", "400d"]),
        "batching": st.sampled_from(["none", "preferred", "required"]),
        "consumers": st.one_of(st.integers(1, 6), st.lists(consumer, min_size=1, max_size=5)),
        "producer": st.sampled_from(["application", "aws-service", "third-party", "device"]),
        "source": st.sampled_from(SOURCES),
        "existing": st.lists(st.sampled_from(SERVICE_IDS), max_size=3, unique=True),
        "crosses": st.sampled_from([["accounts"], ["regions"], ["accounts", "regions"]]),
        "region": st.sampled_from(["us-east-1", "eu-west-1", "ap-south-1", "af-south-1"]),
    },
)


def workload_of(data: dict[str, Any]) -> Workload:
    data = {"version": 1, "name": "w", **data}
    if isinstance(data.get("consumers"), list):
        data["consumers"] = [{"name": f"c{i}", **c} for i, c in enumerate(data["consumers"])]
    return workload_from(yaml.safe_dump(data))


def build(data: dict[str, Any]) -> Recommendation:
    return advise(workload_of(data), RULES, CATALOGUE, provider=AWS)


FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(workload)
def test_random_workloads_decide_the_same_way_twice(data: dict[str, Any]) -> None:
    first, second = build(data), build(data)
    assert first.decision == second.decision
    assert [o.design for o in first.options] == [o.design for o in second.options]
    assert first.model in ("push", "poll", "hybrid")
    assert first.chosen.design.paths


@FAST
@given(workload)
def test_a_consumer_that_cannot_be_reached_is_never_pushed_to(data: dict[str, Any]) -> None:
    rec = build(data)
    runs = {c.name: c.runs_on for c in rec.workload.consumers}
    for path in rec.chosen.design.paths:
        if runs[path.consumer] == "on-premises":
            assert path.delivery == "poll"
    if "on-premises" in runs.values():
        assert rec.model != "push"


@FAST
@given(workload)
def test_ordering_never_yields_plain_push_through_standard_sns(data: dict[str, Any]) -> None:
    rec = build(data)
    if rec.workload.ordering == "none":
        return
    assert rec.model != "push"
    ordered = {"sqs-fifo", "kinesis", "dynamodb-streams", "msk", "mq", "sns-fifo"}
    runs = {c.name: c.runs_on for c in rec.workload.consumers}
    for path in rec.chosen.design.paths:
        if runs[path.consumer] in ("email", "sms", "mobile-push"):
            # People's channels keep no order; advisor must say so rather than pretend.
            assert any("keeps no order" in w for w in rec.warnings)
        else:
            assert set(path.hops) & ordered, path


@FAST
@given(workload)
def test_the_chosen_model_is_never_one_a_rule_ruled_out(data: dict[str, Any]) -> None:
    rec = build(data)
    others_open = [m for m in ("push", "poll", "hybrid") if rec.decision.allowed(m)]
    if rec.decision.decided_by == "design":  # the best open option whose design can be built
        others_open = [o.model for o in rec.options
                       if o.design.feasible and rec.decision.allowed(o.model)]
    if others_open:
        assert rec.decision.allowed(rec.model)
        assert rec.decision.scores[rec.model] == max(rec.decision.scores[m] for m in others_open)


@FAST
@given(workload)
def test_people_and_browsers_are_never_asked_to_poll(data: dict[str, Any]) -> None:
    rec = build(data)
    runs = {c.name: c.runs_on for c in rec.workload.consumers}
    for path in rec.chosen.design.paths:
        if runs[path.consumer] in ("email", "sms", "mobile-push", "client", "https"):
            assert path.delivery == "push"


FAN_OUT = {"sns", "sns-fifo", "eventbridge", "kinesis", "msk", "dynamodb-streams"}


@FAST
@given(workload, consumer)
# Found by hypothesis: CloudWatch Logs reaches Kinesis, Firehose and Lambda only, and none of
# them reaches a device, so no design can be built whole once one is added.
@example({"kind": "event", "throughput": {"average": "1/s"}, "consumers": [{}, {}],
          "crosses": ["accounts"], "source": "cloudwatch-logs"}, {"runs_on": "device"})
def test_adding_a_consumer_to_an_event_never_removes_the_fan_out(
        data: dict[str, Any], extra: dict[str, Any]) -> None:
    data = {**data, "kind": "event"}
    listed = data.get("consumers")
    if not isinstance(listed, list) or len(listed) < 2:
        return
    before = build(data)
    fan_out = set(before.chosen.design.service_ids) & FAN_OUT
    if not fan_out:
        return
    after = build({**data, "consumers": [*listed, extra]})
    targets = after.facts.flow["source_targets"] or ()
    if isinstance(targets, tuple) and targets and not set(targets) & FAN_OUT and (
            after.model == "push"):
        return  # a source that reaches no router (CloudWatch Logs) pushes through a function
    if after.decision.decided_by == "design" or not after.chosen.design.feasible:
        # No design with a broker can be built (a source that reaches no router, such as
        # CloudWatch Logs to a device): the best buildable one is offered, or, where none can
        # be built whole, the nearest; either says why.
        assert any("cannot be built" in w for w in after.warnings)
        return
    assert set(after.chosen.design.service_ids) & FAN_OUT, (before.model, after.model)


@FAST
@given(workload)
def test_the_remembered_model_is_the_engines_model(data: dict[str, Any]) -> None:
    """The flips ask `model_of`, which remembers answers by the facts the rules read; it
    must answer exactly as a full evaluation does, asked cold or from memory."""
    from advisor.core.engine import evaluate, model_of
    from advisor.core.facts import derive
    from advisor.providers.aws.kinds import AWS_FACTS

    facts = derive(workload_of(data), AWS_FACTS)
    cold = EvaluationCache(RULES)
    expected = evaluate(facts, RULES).model
    assert model_of(facts, RULES, cache=cold) == expected
    assert model_of(facts, RULES, cache=cold) == expected
    assert model_of(facts, RULES, cache=SHARED) == expected
