"""Google Cloud delays: Google states no delivery latency, so those hops are unknown (said,
never taken as zero); a file window longer than the target is named with what can be done."""

from __future__ import annotations

from collections.abc import Callable

from advisor.core.recommendation import Recommendation
from advisor.providers.gcp.catalogue import load_catalogue
from advisor.render.latency import summary

Run = Callable[[str], Recommendation]
TEXT = """kind: event
latency: 2s
consumers:
  - {name: billing, runs_on: https}
  - {name: warehouse, runs_on: store, batching: required}
"""


def test_unknown_hops_leave_the_target_undecided_and_a_file_window_is_over_it(on_gcp: Run
                                                                              ) -> None:
    rec = on_gcp(TEXT)
    delays = {d.consumer: d for d in rec.delays}
    assert delays["billing"].within_target is None
    assert delays["billing"].unknown == ("pubsub", "pubsub-push")
    assert (delays["warehouse"].low, delays["warehouse"].high) == (0.0, 300.0)
    assert delays["warehouse"].within_target is False
    assert ("warehouse: Pub/Sub Cloud Storage subscription writes a file at most every 300 s "
            "by default, longer than the 2s latency target: its files are written at most "
            "every 60 s; load through a BigQuery subscription, which writes each message as it "
            "comes, or relax the target.") in rec.warnings


def test_a_window_that_can_be_short_enough_is_told_to_shorten(on_gcp: Run) -> None:
    rec = on_gcp(TEXT.replace("latency: 2s", "latency: 2m"))
    assert any(w.endswith("shorten the window to at most 120 s.") for w in rec.warnings)


def test_hop_words_read_after_the_service_delivers(on_gcp: Run) -> None:
    text = """kind: event
latency: 15m
consumers: [{name: archiver, runs_on: function, batching: required}]
"""
    rec = on_gcp(text)
    assert rec.model == "poll"
    names = load_catalogue().services
    said = summary(rec.delays, rec.workload, lambda s: names[s].name, "Google Cloud")
    assert ("Cloud Run functions delivers a batch each time the team's schedule starts it "
            "(at most once a minute) [scheduler-granularity]") in said
    assert "delivers Cloud Run functions" not in said
    assert "Google Cloud states no delivery latency for Google Cloud Pub/Sub topic" in said
