"""Sizing, cost and flips: hand-checked reference cases (the arithmetic is in the comments
and test ids), properties, and every flip re-checked by running the engine again."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from advisor.answers.ruleset import builtin_rules
from advisor.core.catalogue import Catalogue
from advisor.core.engine import evaluate
from advisor.core.facts import derive
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.format.workload import Workload
from advisor.providers.aws.catalogue import load_catalogue
from advisor.providers.aws.kinds import AWS_FACTS
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import EXAMPLES, workload_from

Rec = Callable[[str], Recommendation]
CATALOGUE = load_catalogue()
RULES = builtin_rules(CATALOGUE)


def option(rec: Recommendation, model: str):  # type: ignore[no-untyped-def]
    return next(o for o in rec.options if o.model == model)


# --- sizing ---------------------------------------------------------------------------------

def test_lambda_concurrency_is_rate_times_processing_time(recommend_text: Rec) -> None:
    # Two Lambda consumers pushed at 2,000/s, 300 ms each: 2 x (2,000 x 0.3) = 1,200.
    rec = recommend_text("version: 1\nname: a\nkind: event\nthroughput: {peak: 2000/s}\n"
                         "processing_time: 300ms\nconsumers:\n  - {name: x, runs_on: lambda}\n"
                         "  - {name: y, runs_on: lambda}\n")
    push = option(rec, "push")
    assert push.sizing.value("lambda_concurrency_peak") == 1200
    assert any("above the default account quota of 1,000" in q.text for q in push.sizing.quotas)


def test_a_buffered_consumer_is_drained_at_its_cap(recommend_text: Rec) -> None:
    # Peak 1,000/s but the queue is drained at 50/s: 50 x 0.2 s = 10 concurrent executions.
    rec = recommend_text("version: 1\nname: a\nkind: command\nthroughput: {peak: 1000/s}\n"
                         "processing_time: 200ms\n"
                         "consumers: [{name: x, runs_on: lambda, max_rate: 50/s}]\n")
    poll = option(rec, "poll")
    assert poll.sizing.value("lambda_concurrency_peak") == 10
    # Maximum concurrency: 50/s x 0.2 s = 10.
    assert poll.sizing.value("esm_maximum_concurrency.x") == 10


@pytest.mark.parametrize(("peak", "payload", "consumers", "shards"), [
    # records: ceil(5,000 / 1,000) = 5; write: ceil(5,000 x 1 KB / 1 MiB) = 5;
    # read: 2 standard readers x 5,000 x 1 KB / 2 MiB = 4.9 -> 5. max = 5.
    ("5000/s", "1KB", 2, 5),
    # records: 3; write: ceil(3,000 x 100 KB / 1 MiB) = ceil(292.97) = 293; read: 293. -> 293.
    ("3000/s", "100KB", 2, 293),
    # 3 readers use enhanced fan-out, so no shared-read term: records 12, write ceil(11.7) = 12.
    ("12000/s", "1KB", 3, 12),
])
def test_kinesis_shards_follow_the_fixed_formula(recommend_text: Rec, peak: str, payload: str,
                                                consumers: int, shards: int) -> None:
    rec = recommend_text(f"version: 1\nname: a\nkind: event\nthroughput: {{peak: {peak}}}\n"
                         f"payload: {{average: {payload}}}\nreplay: 7d\nconsumers: {consumers}\n")
    assert rec.model == "poll"
    assert rec.chosen.sizing.value("kinesis_shards") == shards


def test_sns_fifo_groups_and_global_order_limit(recommend_text: Rec) -> None:
    # 1,200/s over groups of at most 300/s: ceil(1,200 / 300) = 4 groups at least.
    rec = recommend_text("version: 1\nname: a\nkind: event\nthroughput: {peak: 1200/s}\n"
                         "ordering: global\nconsumers:\n  - {name: a, runs_on: lambda}\n"
                         "  - {name: b, runs_on: container}\n")
    hybrid = option(rec, "hybrid")
    assert hybrid.sizing.value("sns_fifo_message_groups_min") == 4
    assert any("Global order means one message group" in q.text for q in hybrid.sizing.quotas)


def test_eventbridge_head_room_is_regional(recommend_text: Rec) -> None:
    # 600/s against 400 PutEvents requests/s in ap-southeast-3 (every other Region): 150%.
    rec = recommend_text("version: 1\nname: a\nkind: event\nthroughput: {peak: 600/s}\n"
                         "region: ap-southeast-3\ncrosses: [accounts]\n"
                         "consumers: [{name: x, runs_on: lambda}]\n")
    assert "eventbridge" in rec.chosen.design.service_ids
    assert rec.chosen.sizing.value("eventbridge_putevents_use_pct") == 150.0
    assert any("Send up to 10 entries per PutEvents call: one per call is 150.0% of the quota"
               in q.text for q in rec.chosen.sizing.quotas)


# --- cost -----------------------------------------------------------------------------------

def test_queue_cost_by_hand(recommend_text: Rec) -> None:
    # 10/s for 730 h = 26,280,000 messages. SQS: 1 send + (receive + delete) / batch of 10
    # = 1.2 requests per message -> 31.536 M requests x $0.40 = $12.61.
    # Lambda via event source mapping: 26.28 M / 10 = 2.628 M invocations x $0.20 = $0.53;
    # 26.28 M x 0.1 s x 0.5 GB = 1,314,000 GB-s x $0.0000166667 = $21.90.
    rec = recommend_text("version: 1\nname: a\nkind: command\nthroughput: {average: 10/s}\n"
                         "processing_time: 100ms\n"
                         "consumers: [{name: x, runs_on: lambda, max_rate: 5/s}]\n")
    cost = option(rec, "poll").cost
    assert cost is not None
    lines = {(line.service, line.fact): round(line.usd_average, 2) for line in cost.lines}
    assert lines == {("sqs", "price-sqs-standard"): 12.61,
                     ("lambda-esm", "price-lambda-requests"): 0.53,
                     ("lambda-esm", "price-lambda-duration-x86"): 21.90}
    assert cost.monthly_usd_average == pytest.approx(12.61 + 0.53 + 21.90, abs=0.01)


def test_payload_is_billed_per_64kb_chunk(recommend_text: Rec) -> None:
    # 200 KB = 4 chunks of 64 KB: an EventBridge event at 1/s costs 4 x 2.628 M x $1 = $10.51.
    rec = recommend_text("version: 1\nname: a\nkind: event\nthroughput: {average: 1/s}\n"
                         "payload: {average: 200KB}\nconsumers: [{name: x, runs_on: lambda}]\n")
    cost = option(rec, "push").cost
    assert cost is not None
    events = next(line for line in cost.lines if line.fact == "price-eventbridge-custom-events")
    assert round(events.usd_average, 2) == 10.51


def test_prices_outside_us_east_1_are_said_to_be_us_east_1(recommend_text: Rec) -> None:
    rec = recommend_text("version: 1\nname: a\nkind: event\nthroughput: {average: 1/s}\n"
                         "region: eu-west-1\n")
    cost = rec.chosen.cost
    assert cost is not None and cost.region == "us-east-1"
    assert any("us-east-1's" in a and "eu-west-1" in a for a in cost.assumptions)


def test_no_rate_no_cost(recommend_text: Rec) -> None:
    rec = recommend_text("version: 1\nname: a\nkind: event\n")
    assert all(o.cost is None for o in rec.options)


RATES = st.floats(min_value=0.01, max_value=50_000, allow_nan=False)
SHAPES = st.sampled_from([
    "kind: event\nreplay: 1d\nconsumers: 3\npayload: {average: 4KB}\n",
    "kind: command\nprocessing_time: 250ms\nconsumers: [{name: x, runs_on: lambda}]\n",
    "kind: event\nordering: per-key\nconsumers: [{name: a, runs_on: lambda, max_rate: 5/s},"
    " {name: b, runs_on: container}]\n",
    "kind: event\nconsumers: [{name: a, runs_on: email}, {name: b, runs_on: lambda}]\n",
])


@settings(max_examples=60, deadline=None)
@given(SHAPES, RATES, RATES)
def test_more_traffic_never_needs_less_or_costs_less(shape: str, a: float, b: float) -> None:
    low, high = sorted((a, b))
    recs = [advise(workload_from(f"version: 1\nname: w\n{shape}throughput: {{peak: {r}}}\n"),
                   RULES, CATALOGUE, provider=AWS) for r in (low, high)]
    for model in ("push", "poll", "hybrid"):
        small, big = option(recs[0], model), option(recs[1], model)
        if small.design.service_ids != big.design.service_ids:
            continue  # a different design is a different question
        for key in ("kinesis_shards", "lambda_concurrency_peak"):
            x, y = small.sizing.value(key), big.sizing.value(key)
            if x is not None and y is not None:
                assert y >= x, (model, key)
        if small.cost and big.cost:
            assert big.cost.monthly_usd_peak >= small.cost.monthly_usd_peak - 1e-9


# --- flips ----------------------------------------------------------------------------------

def _apply(written: dict[str, object], driver: str, value: str) -> Workload:
    """The workload with `driver: value` pasted in exactly as printed, and nothing else
    touched: `consumers.N` replaces entry N (N == len appends), a dotted path sets a key."""
    data = yaml.safe_load(yaml.safe_dump(written))
    data.setdefault("version", 1)
    parsed = yaml.safe_load(f"x: {value}")["x"]
    parts = driver.split(".")
    target = data
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target.setdefault(part, {})
    last = parts[-1]
    if isinstance(target, list):
        index = int(last)
        if index == len(target):
            target.append(parsed)
        else:
            target[index] = parsed
    else:
        target[last] = parsed
    return workload_from(yaml.safe_dump(data))


def _pasted_workloads() -> list[tuple[str, Workload]]:
    """Every example's workloads, and every calibration scenario without its answer."""
    from advisor.format.workload import load_workloads
    from tests.calibration import SCENARIOS

    found = [(f"{p.stem}/{w.name}", w) for p in EXAMPLES
             for w in load_workloads(p, vocabularies=VOCABULARY)]
    for path in SCENARIOS:
        data = yaml.safe_load(path.read_text())
        data.pop("expected")
        found.append((path.stem, workload_from(yaml.safe_dump(data), path.name)))
    return found


@pytest.mark.parametrize("workload", [pytest.param(w, id=label)
                                      for label, w in _pasted_workloads()])
def test_every_flip_holds_when_pasted_back(workload: Workload, rules: RuleSet,
                                           catalogue: Catalogue) -> None:
    rec = advise(workload, rules, catalogue, provider=AWS)
    for flip in rec.flips:
        assert flip.model != rec.model
        changed = _apply(workload.written, flip.driver, flip.value)
        assert advise(changed, rules, catalogue, provider=AWS).model == flip.model, flip
        if flip.driver.startswith("consumers.") or flip.driver == "consumers":
            # Whole entries: a consumer flip names no field inside an entry.
            assert flip.driver.count(".") <= 1, flip
        if flip.driver in ("latency", "throughput.peak"):
            # The threshold that decides, not the first value a search from a year met:
            # 6% further on one side or the other, the answer is no longer the flip's.
            from advisor.format.units import workload_duration, workload_rate

            value = changed.latency if flip.driver == "latency" else changed.rate_peak
            assert value is not None
            say = workload_duration if flip.driver == "latency" else workload_rate
            beside = {advise(_apply(workload.written, flip.driver, say(value * k)), rules,
                             catalogue, provider=AWS).model for k in (1.06, 1 / 1.06)}
            assert beside != {flip.model}, flip


def test_the_flips_pasted_back_are_many(rules: RuleSet, catalogue: Catalogue) -> None:
    # The test above passes for a workload without flips, so the corpus must hold many.
    flips = [f for _, w in _pasted_workloads()
             for f in advise(w, rules, catalogue, provider=AWS).flips]
    assert len(flips) >= 100, len(flips)  # 139 today
    assert {f.driver for f in flips} >= {"latency", "throughput.peak"}


def test_flips_find_the_nearest_threshold(recommend_text: Rec, rules: RuleSet) -> None:
    # Push (PP108, PP201) until the function needs more than the account's 1,000 concurrent
    # executions: past 2,000/s at 500 ms, PP403 makes it lean poll. Values are rounded to two
    # significant figures, so the flip names 2,100/s.
    rec = recommend_text("version: 1\nname: a\nkind: command\nthroughput: {peak: 100/s}\n"
                         "processing_time: 500ms\nconsumers: [{name: x, runs_on: lambda}]\n")
    assert rec.model == "push"
    peak = next(f for f in rec.flips if f.driver == "throughput.peak")
    assert (peak.value, peak.model) == ("2100/s", "poll")
    just_below = replace(rec.workload, rate_peak=2000.0, rate_average=2000.0)
    assert evaluate(derive(just_below, AWS_FACTS), rules).model == "push"


def test_json_carries_sizing_cost_and_flips(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import json

    from tests.conftest import ROOT, run_cli

    monkeypatch.chdir(tmp_path)
    result = run_cli(["recommend", str(ROOT / "examples" / "clickstream.yaml"),
                      "--dry-run", "--format", "json"])
    entry = json.loads(result.stdout)["workloads"][0]
    assert entry["sizing"]["kinesis_shards"] >= math.ceil(45000 / 1000)
    assert {c["model"] for c in entry["cost"]} == {"push", "poll", "hybrid"}
    assert all(c["monthly_usd_peak"] >= c["monthly_usd_average"] for c in entry["cost"])
    assert isinstance(entry["flips"], list)


def test_knowledge_older_than_the_limit_is_warned(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ROOT, run_cli

    monkeypatch.chdir(tmp_path)
    example = str(ROOT / "examples" / "password-reset.yaml")
    fresh = run_cli(["recommend", example, "--dry-run", "--date", "2026-12-01"])
    assert "knowledge dates from" not in fresh.stderr + fresh.stdout
    stale = run_cli(["recommend", example, "--dry-run", "--date", "2028-01-01"])
    assert "AWS knowledge dates from 2026-09-30" in stale.stdout and "2028-01-01" in stale.stdout
    as_json = run_cli(["recommend", example, "--dry-run", "--date", "2028-01-01",
                       "--format", "json"])
    assert "its AWS knowledge dates from 2026-09-30" in as_json.stderr
    tight = run_cli(["recommend", example, "--dry-run", "--date", "2026-12-01",
                     "--max-knowledge-age", "30"])
    assert "knowledge dates from" in tight.stdout
