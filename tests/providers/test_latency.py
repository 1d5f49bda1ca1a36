"""Latency is a target, never an expiry (issue 12, principle e): each path's added delay is
compared with the target, hop by hop, each figure with its catalogue fact; batching windows and
polling intervals longer than the target are ruled out; what AWS does not state is unknown."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import msgspec
import pytest

from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.providers.aws.provider import AWS
from advisor.render.jsondoc import workload_entry
from advisor.render.markdown import AdrMeta, render_adr
from tests.conftest import workload_from

Recommend = Callable[[str], Recommendation]

KINESIS = """
version: 1
name: telemetry
kind: event
throughput: {average: 200/s, peak: 400/s}
latency: 500ms
processing_time: 20ms
ordering: per-key
ordering_key: deviceId
replay: 2d
consumers:
  - name: scorer
    runs_on: lambda
  - name: archiver
    runs_on: lambda
    batching: required
"""

QUEUE = """
version: 1
name: jobs
kind: command
throughput: {average: 50/s, peak: 200/s}
latency: 2s
processing_time: 100ms
consumers:
  - name: worker
    runs_on: lambda
    max_rate: 50/s
    batching: {window: 30s}
"""

SNS = """
version: 1
name: signup
kind: event
throughput: {average: 5/s, peak: 20/s}
latency: 1s
processing_time: 100ms
existing: [sns]
consumers:
  - name: welcome
    runs_on: lambda
  - name: crm-sync
    runs_on: lambda
"""

FIFO = """
version: 1
name: ledger
kind: command
throughput: {average: 20/s, peak: 50/s}
latency: 2s
processing_time: 20ms
ordering: per-key
ordering_key: accountId
duplicates: must-deduplicate
consumers:
  - name: ledger-writer
    runs_on: lambda
    batching: {window: 30s}
"""


def _latency_warnings(rec: Recommendation) -> list[str]:
    return [w for w in rec.warnings if "latency target" in w]


def _adr(rec: Recommendation) -> str:
    return render_adr(rec, AdrMeta(1, dt.date(2026, 11, 28), "w.yaml"))


def test_kinesis_shard_polling_over_a_500ms_target_is_warned_with_its_fact(
        recommend_text: Recommend) -> None:
    rec = recommend_text(KINESIS)
    assert all(p.hops[0] == "kinesis" for p in rec.chosen.design.paths)
    warnings = _latency_warnings(rec)
    assert len(warnings) == 2  # one per reader of the stream
    for consumer, warning in zip(("scorer", "archiver"), warnings, strict=True):
        assert warning.startswith(f"{consumer}'s route adds up to 1 s plus 20ms processing")
        assert "above the 500ms latency target" in warning
        assert "polls each Kinesis shard once every 1 s (lambda-esm-kinesis-polling-rate)" \
            in warning
    assert {p.within_target for p in rec.delays} == {False}
    assert "lambda-esm-kinesis-polling-rate" in {f.id for f in rec.sources}


def test_the_polling_interval_comes_from_the_catalogue(rules: RuleSet,
                                                        catalogue: Catalogue) -> None:
    """Were AWS to poll every 200 ms, the same route would meet the 500 ms target."""
    facts = dict(catalogue.facts)
    facts["lambda-esm-kinesis-polling-rate"] = msgspec.structs.replace(
        facts["lambda-esm-kinesis-polling-rate"], value=0.2)
    faster = msgspec.structs.replace(catalogue, facts=facts)
    rec = advise(workload_from(KINESIS), rules, faster, provider=AWS)
    assert _latency_warnings(rec) == []
    # 0.2 s of polling, then a batch sized to fit: (0.5 - 0.2) / 0.02 = 15, the last of which
    # waits 14 x 20 ms = 0.28 s
    assert [round(p.high, 6) for p in rec.delays] == [0.48, 0.48]
    assert {p.within_target for p in rec.delays} == {True}


def test_a_batching_window_asked_for_over_a_2s_target_is_a_conflict(
        recommend_text: Recommend) -> None:
    rec = recommend_text(QUEUE)
    assert [p.hops for p in rec.chosen.design.paths] == [("sqs", "lambda-esm")]
    assert _latency_warnings(rec) == [
        "worker: the event source mapping's batching window of 30 s "
        "(lambda-esm-batching-window) is longer than the 2s latency target. The workload's "
        "target conflicts with this consumer's own batching (the format has no per-consumer "
        "latency): the target cannot hold for worker while it batches. Move worker into a "
        "workload of its own with a target its batches allow, or decide which of the two "
        "gives way."]
    (path,) = rec.delays
    sqs, esm, _batch = path.hops
    # Long polling waits only while the queue is empty: it adds nothing to a waiting message.
    assert (sqs.high, sqs.fact) == (0.0, "sqs-long-polling")
    assert (esm.high, esm.fact, esm.window) == (30.0, "lambda-esm-batching-window", True)


def test_a_window_the_sizing_picks_stays_within_the_target(recommend_text: Recommend) -> None:
    """Without a window asked for, the event source mapping gets the sizing's advice, which
    leaves room for processing inside the target: no warning."""
    rec = recommend_text(QUEUE.replace("    batching: {window: 30s}\n", "")
                         .replace("latency: 2s", "latency: 10s"))
    window = rec.chosen.sizing.value("esm_batching_window_s.worker")
    batch = rec.chosen.sizing.value("esm_batch_size.worker")
    assert window is not None and 0 < window < 10 and batch is not None
    # and the batch after it is sized to finish within the target too
    assert [h.high for h in rec.delays[0].hops] == [0.0, window, round((batch - 1) * 0.1, 6)]
    assert rec.delays[0].within_target is True
    assert _latency_warnings(rec) == []


def test_push_through_sns_gives_no_delay_warning(recommend_text: Recommend) -> None:
    rec = recommend_text(SNS)
    assert [p.hops for p in rec.chosen.design.paths] == [("sns", "lambda")] * 2
    assert _latency_warnings(rec) == []


def test_a_delay_aws_does_not_state_is_unknown_not_zero(recommend_text: Recommend) -> None:
    rec = recommend_text(SNS)
    for path in rec.delays:
        assert path.unknown == ("sns",)
        assert path.within_target is None  # unknown could decide it
        (hop,) = path.hops
        assert (hop.low, hop.high, hop.fact) == (0.0, None, "sns-delivery-latency")
    entry = workload_entry(rec, "w.yaml", None)
    budget = json.loads(json.dumps(entry))["latency_budget"]
    assert budget[0] == {"consumer": "welcome", "added_s_low": 0.0, "added_s_high": None,
                         "within_target": None,
                         "hops": [{"service": "sns", "seconds_low": 0.0, "seconds_high": None,
                                   "fact": "sns-delivery-latency"}]}
    adr = _adr(rec)
    # The only hop is one AWS states no delay for: said once, as something to measure.
    assert ("AWS states no delivery latency for SNS [sns-delivery-latency]; measure it in "
            "the load test.") in adr


@pytest.mark.parametrize("target", ["2s", "10s"])
def test_fifo_queues_never_get_a_batching_window(recommend_text: Recommend, target: str) -> None:
    """Neither the 30 s window the consumer asks for nor any window sizing might suggest."""
    rec = recommend_text(FIFO.replace("latency: 2s", f"latency: {target}"))
    assert [p.hops for p in rec.chosen.design.paths] == [("sqs-fifo", "lambda-esm")]
    (path,) = rec.delays
    assert not any(h.window for h in path.hops)
    assert [h.fact for h in path.hops] == ["sqs-long-polling",
                                           "lambda-esm-fifo-no-batching-window", None]
    # the last of a FIFO batch of 10 waits for the 9 ahead of it: 9 x 20 ms
    assert (path.high, path.within_target) == (0.18, True)
    assert _latency_warnings(rec) == []


def test_windows_and_polling_together_over_the_target_name_the_room_left(
        recommend_text: Recommend) -> None:
    """A 60 s window under a 1 min target still misses it with 1 s of shard polling."""
    rec = recommend_text(KINESIS.replace("latency: 500ms", "latency: 1m")
                         .replace("    batching: required\n",
                                  "    batching: {window: 60s, size: 1}\n"))
    assert _latency_warnings(rec) == [
        "archiver's route adds up to 61 s plus 20ms processing before the consumer is done, "
        "above the 1m latency target. The largest share: the event source mapping's batching "
        "window of 60 s (lambda-esm-batching-window); cut it to at most 58 s."]


def test_without_a_target_nothing_is_compared_but_json_has_the_delays(
        recommend_text: Recommend) -> None:
    rec = recommend_text(QUEUE.replace("latency: 2s\n", ""))
    assert _latency_warnings(rec) == []
    assert "Added delay per path" not in _adr(rec)
    (entry,) = workload_entry(rec, "w.yaml", None)["latency_budget"]
    # the 30 s window, then the last of a 1,500-record batch (50/s x 30 s) waits 149.9 s
    assert (entry["added_s_high"], entry["within_target"]) == (179.9, None)


def test_every_cited_delay_fact_is_a_sourced_catalogue_fact(recommend_text: Recommend,
                                                             catalogue: Catalogue) -> None:
    for text in (KINESIS, QUEUE, SNS, FIFO):
        rec = recommend_text(text)
        cited = {h.fact for p in rec.delays for h in p.hops if h.fact}
        assert cited <= set(catalogue.facts)
        assert cited <= {f.id for f in rec.sources}
        for fact_id in cited:
            assert catalogue.fact(fact_id).source.startswith("https://")


def test_a_delay_the_workload_asks_for_is_shown_not_counted(recommend_text: Recommend) -> None:
    """A 5 min `delay` is the point of the flow, not lateness: the 2 s target is met."""
    rec = recommend_text(QUEUE.replace("latency: 2s", "latency: 2s\ndelay: 5m")
                         .replace("    batching: {window: 30s}\n", ""))
    (path,) = rec.delays
    wanted = [h for h in path.hops if h.wanted]
    assert [(h.low, h.high, h.fact) for h in wanted] == [(300.0, 300.0, "sqs-delay-max")]
    # counted: only the wait inside a batch of 10 (9 x 100 ms), not the delay
    assert (path.high, path.within_target) == (0.9, True)
    assert _latency_warnings(rec) == []
    assert "worker 0-0.9 s, plus the 5m delay asked for" in _adr(rec)
