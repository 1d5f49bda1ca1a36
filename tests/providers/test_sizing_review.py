"""Review of issue 12 (review-12.md): the numbers an AWS architect found wrong.

#1 an event source mapping's batch must finish within the latency target and Lambda's maximum
timeout, and its processing is part of each path's delay; #12 a consumer at exactly the
average never drains, and a consumer's own batching window over the workload's target is a
conflict, not a setting to cut; #10 PutEvents at one entry per call over the quota is a
warning; the terminal summary shows backlogs; #2 each instance reading a stream is a reader.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.core.catalogue import Catalogue
from advisor.core.designs import ConsumerPath, Design, ServiceUse
from advisor.core.numbers import Sizing
from advisor.core.recommendation import Option, Recommendation
from advisor.providers.aws.sizing import size
from tests.conftest import ROOT, run_cli, workload_from

Rec = Callable[[str], Recommendation]

# The review's m6: 900/s at 2 s each, a 30 s target, one function behind a queue.
M6 = """version: 1
name: m6
kind: event
throughput: {average: 100/s, peak: 900/s}
latency: 30s
processing_time: 2s
consumers: [{name: enricher, runs_on: lambda}]
"""


def _figure(sizing: Sizing, key: str) -> tuple[float, str]:
    figure = next(f for f in sizing.figures if f.key == key)
    return figure.value, figure.formula


def _option_with(rec: Recommendation, service: str, consumer: str) -> Option:
    return next(o for o in rec.options
                if any(p.consumer == consumer and service in p.hops for p in o.design.paths))


# --- #1 batches within the target and the timeout ----------------------------------------


def test_the_batch_finishes_within_the_latency_target(recommend_text: Rec) -> None:
    rec = recommend_text(M6)
    assert [p.hops for p in rec.chosen.design.paths] == [("sqs", "lambda-esm")]
    sizing = rec.chosen.sizing
    # Before: 6,144 records x 2 s = 12,288 s a batch. Window half of (30 - 2) = 14 s; the
    # batch then gets (30 - 14) / 2 = 8 records, and 900 x 0.8 / 2 = 360 would be the cap.
    batch, formula = _figure(sizing, "esm_batch_size.enricher")
    assert batch == 8
    assert "(latency 30s - window 14 s) / processing 2s = 8" in formula
    assert "Lambda's 900 s maximum timeout x 0.8 head-room / processing 2s = 360" in formula
    assert formula.endswith(") = 8")
    # The function's timeout fits the batch with head-room; the queue's visibility timeout
    # is six times it (lambda-esm-sqs-visibility-timeout).
    assert sizing.value("lambda_timeout_s.enricher") == 20  # ceil(8 x 2 / 0.8)
    assert sizing.value("sqs_visibility_timeout_s.enricher") == 120
    (path,) = rec.delays
    batch_hop = path.hops[-1]
    # the last of 8 waits for the 7 ahead: 14 s, plus the 14 s window, plus its own 2 s = 30
    assert (batch_hop.high, batch_hop.figure, batch_hop.fact) == (
        14.0, "esm_batch_size.enricher", None)
    assert (path.high, path.within_target) == (28.0, True)


def test_without_a_target_the_batch_stays_within_lambdas_maximum_timeout(
        recommend_text: Rec) -> None:
    text = M6.replace("latency: 30s\n", "").replace(
        "{name: enricher, runs_on: lambda}",
        "{name: enricher, runs_on: lambda, batching: {window: 5m}}")
    sizing = recommend_text(text).chosen.sizing
    batch, formula = _figure(sizing, "esm_batch_size.enricher")
    assert batch == 360  # 900 s x 0.8 / 2 s; wanted 900/s x 300 s, the payload cap 6,144
    assert "latency" not in formula
    assert sizing.value("lambda_timeout_s.enricher") == 900  # 360 x 2 s / 0.8, the maximum
    assert sizing.value("sqs_visibility_timeout_s.enricher") == 5_400


def test_a_stream_batch_leaves_room_for_the_shard_polling(recommend_text: Rec) -> None:
    """The review's h1k: 200 ms each under a 2 s target, behind 1 s of shard polling."""
    rec = recommend_text(M6.replace("average: 100/s, peak: 900/s", "average: 20/s, peak: 1000/s")
                         .replace("latency: 30s", "latency: 2s")
                         .replace("processing_time: 2s", "processing_time: 200ms")
                         .replace("consumers:", "replay: {window: 2d, by: consumer}\n"
                                                "consumers:"))
    option = _option_with(rec, "kinesis", "enricher")
    batch, formula = _figure(option.sizing, "esm_batch_size.enricher")
    assert batch == 5  # (2 s - 0 s window - 1 s polling) / 0.2 s; it was 100
    assert "(latency 2s - window 0 s - Kinesis polling 1 s) / processing 200ms = 5" in formula
    assert "sqs_visibility_timeout_s.enricher" not in {f.key for f in option.sizing.figures}


def test_a_batch_longer_than_the_target_is_not_within_it(recommend_text: Rec) -> None:
    """A window the consumer asks for that fills the target leaves the batch unbounded by
    it: the path then counts the batch's processing and is over the target."""
    rec = recommend_text(M6.replace("processing_time: 2s", "processing_time: 100ms")
                         .replace("latency: 30s", "latency: 10s")
                         .replace("{name: enricher, runs_on: lambda}",
                                  "{name: enricher, runs_on: lambda, batching: {window: 10s}}"))
    sizing = rec.chosen.sizing
    assert sizing.value("esm_batch_size.enricher") == 6_144  # the 6 MB payload cap
    assert any("leaves no room in the 10s latency target" in n for n in sizing.notes)
    (path,) = rec.delays
    assert path.within_target is False
    assert path.hops[-1].high == pytest.approx(614.3)  # 6,143 x 100 ms
    warning = next(w for w in rec.warnings if w.startswith("enricher's route adds up to"))
    assert "(esm_batch_size.enricher)" in warning
    assert "shorten the window, so the batch size can follow the target" in warning


def test_a_batch_size_asked_for_is_bounded_too(recommend_text: Rec) -> None:
    """An asked size is a wish for batches, not for missing the target or timing out."""
    rec = recommend_text(M6.replace("{name: enricher, runs_on: lambda}",
                                    "{name: enricher, runs_on: lambda, batching: {size: 50}}"))
    batch, formula = _figure(rec.chosen.sizing, "esm_batch_size.enricher")
    assert batch == 8 and formula.startswith("min(wanted 50, ")
    assert not [w for w in rec.warnings if "latency target" in w]


def test_processing_longer_than_lambdas_timeout_is_a_quota_warning(
        recommend_text: Rec) -> None:
    rec = recommend_text(M6.replace("processing_time: 2s", "processing_time: 20m")
                         .replace("latency: 30s", "latency: 1h"))
    assert any(q.fact == "lambda-timeout-max" and "cannot finish even one message" in q.text
               for q in rec.chosen.sizing.quotas)


def test_every_mapping_hop_counts_its_batch_in_the_adr_summary(recommend_text: Rec) -> None:
    from advisor.render.latency import summary
    rec = recommend_text(M6)
    line = summary(rec.delays, rec.workload)
    assert "lambda-esm 0-14 s [esm_batch_size.enricher]" in line


# --- #12 never drains; a consumer's own window ----------------------------------------------


R09 = """version: 1
name: r09
kind: command
throughput: {average: 20/s, peak: 500/s}
latency: 30s
processing_time: 1s
consumers: [{name: invoice-generator, runs_on: function, max_concurrency: 20}]
"""


def test_a_capacity_equal_to_the_average_never_drains(recommend_text: Rec) -> None:
    rec = recommend_text(R09)
    sizing = rec.chosen.sizing
    assert sizing.value("backlog_per_peak_minute.invoice-generator") == 28_800  # 480 x 60
    assert sizing.value("drain_s_per_peak_minute.invoice-generator") is None
    (warning,) = [w for w in rec.warnings if w.startswith("invoice-generator absorbs")]
    assert warning.startswith("invoice-generator absorbs at most 20/s against an average of "
                              "20/s: its queue never drains (a peak's backlog stays at its "
                              "level while the rate is at the average);")
    assert "grows without bound" not in warning
    below = recommend_text(R09.replace("max_concurrency: 20", "max_concurrency: 19"))
    assert any("19/s against an average of 20/s: its queue grows without bound" in w
               for w in below.warnings)


def test_a_window_the_consumer_asks_for_conflicts_with_the_workloads_target(
        recommend_text: Rec) -> None:
    rec = recommend_text((ROOT / "examples" / "order-placed.yaml").read_text())
    (warning,) = [w for w in rec.warnings if w.startswith("analytics-loader:")]
    assert warning.startswith("analytics-loader: the consumer's own batching window of 300 s "
                              "is longer than the 2s latency target. The workload's target "
                              "conflicts with this consumer's own batching (the format has no "
                              "per-consumer latency)")
    assert "cut it" not in warning


def test_a_window_nobody_asked_for_is_still_to_be_cut(recommend_text: Rec) -> None:
    """Firehose's default buffer is a setting, not the consumer's reason to batch."""
    rec = recommend_text("version: 1\nname: fh\nkind: event\n"
                         "throughput: {average: 30/s, peak: 120/s}\nlatency: 1m\nconsumers:\n"
                         "  - {name: lake, runs_on: store}\n  - {name: fn, runs_on: lambda}\n")
    lake = [w for w in rec.warnings if w.startswith("lake: ")]
    assert lake and all(w.endswith("cut it below 1m.") for w in lake)


# --- #10 PutEvents --------------------------------------------------------------------------


def test_putevents_over_the_quota_unbatched_is_a_warning(recommend_text: Rec) -> None:
    # 600/s against 400 requests/s in ap-southeast-3: 150% one per call, 15% at ten per call
    rec = recommend_text("version: 1\nname: a\nkind: event\nthroughput: {peak: 600/s}\n"
                         "region: ap-southeast-3\nexisting: [eventbridge]\n"
                         "consumers: [{name: x, runs_on: lambda}]\n")
    option = _option_with(rec, "eventbridge", "x")
    (quota,) = [q for q in option.sizing.quotas if q.fact == "eventbridge-putevents-quota"]
    assert quota.text.startswith("Send up to 10 entries per PutEvents call: one per call is "
                                 "150.0% of the quota")
    assert not any("PutEvents" in n for n in option.sizing.notes)
    if option is rec.chosen:  # a quota warning is among the recommendation's warnings
        assert quota.text in rec.warnings


# --- terminal summary -----------------------------------------------------------------------


def _summary(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "w.yaml"
    path.write_text(text)
    result = run_cli(["recommend", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_the_terminal_summary_shows_each_backlog_and_its_drain(tmp_path: Path) -> None:
    lines = _summary(tmp_path, (ROOT / "examples" / "order-placed.yaml").read_text())
    # 51,000 / (50 - 20.83) = 1,748.6 s
    assert "  loyalty-points: backlog 51,000 per peak minute, drains in 29 min" in lines
    never = _summary(tmp_path, R09)
    line = "  invoice-generator: backlog 28,800 per peak minute, never drains"
    assert line in never and len(line) <= 80
    below = _summary(tmp_path, R09.replace("max_concurrency: 20", "max_concurrency: 19"))
    assert "  invoice-generator: backlog 28,860 per peak minute, grows without bound" in below


def test_no_backlog_line_where_every_consumer_keeps_up(tmp_path: Path) -> None:
    assert not [line for line in _summary(tmp_path, M6) if "backlog" in line]


# --- #2 instances read a stream -------------------------------------------------------------


def _stream_design(text: str) -> Design:
    """A hand-made design, so the count does not depend on which design wins."""
    paths = tuple(ConsumerPath(c.name, "poll", ("kinesis", "workers"), "container")
                  for c in workload_from(text).consumers)
    return Design("poll", (ServiceUse("kinesis", "", ""),), paths, (), (), True, "")


STREAM = """version: 1
name: s
kind: event
throughput: {average: 100/s, peak: 500/s}
replay: {window: 2d, by: consumer}
consumers:
  - {name: caches, runs_on: container, instances: 30}
"""


@pytest.mark.parametrize(("consumer", "readers", "efo", "over"), [
    ("{name: caches, runs_on: container, instances: 30}", 30, 1, True),
    ("{name: caches, runs_on: container, instances: 2}", 2, 0, False),
    # each store reads only its own messages: one reader, however many stores
    ("{name: caches, runs_on: container, instances: 30, recipients: per-message}", 1, 0, False),
])
def test_each_instance_reading_every_record_is_a_stream_reader(
        catalogue: Catalogue, consumer: str, readers: int, efo: int, over: bool) -> None:
    text = STREAM.replace("{name: caches, runs_on: container, instances: 30}", consumer)
    sizing = size(_stream_design(text), workload_from(text), catalogue)
    value, formula = _figure(sizing, "kinesis_enhanced_fan_out")
    assert value == efo and formula.startswith(f"{readers} readers")
    quotas = [q.text for q in sizing.quotas if q.fact == "kinesis-efo-consumers"]
    assert bool(quotas) is over
    if over:
        assert quotas[0].startswith("30 readers of the stream")


def test_instances_count_as_readers_through_advise(recommend_text: Rec) -> None:
    text = STREAM.replace("instances: 30}", "instances: 30}\n  - {name: fn, runs_on: lambda}")
    option = _option_with(recommend_text(text), "kinesis", "caches")
    assert option.sizing.value("kinesis_enhanced_fan_out") == 1
    assert any(q.fact == "kinesis-efo-consumers" and q.text.startswith("31 readers")
               for q in option.sizing.quotas)


def test_instances_past_two_readers_are_pushed_by_fan_out_in_the_latency_budget(
        catalogue: Catalogue) -> None:
    """The latency budget counts readers as the sizing does: 5 instances get enhanced
    fan-out, not a share of 5 GetRecords calls/s."""
    from advisor.providers.aws.latency import path_delays

    text = STREAM.replace("instances: 30", "instances: 5")
    design, w = _stream_design(text), workload_from(text)
    sizing = size(design, w, catalogue)
    assert sizing.value("kinesis_enhanced_fan_out") == 1
    (path,) = path_delays(design, w, sizing, catalogue)
    assert [(h.fact, h.high) for h in path.hops] == [("kinesis-efo-consumers", None)]
