"""What a Google Cloud design tells the team to set beyond retries, and the sizing lines that
rest on a quota or a figure nobody verified: each says so."""

from __future__ import annotations

from collections.abc import Callable

from advisor.core.recommendation import Option, Recommendation

Run = Callable[[str], Recommendation]


def option(rec: Recommendation, model: str) -> Option:
    return next(o for o in rec.options if o.model == model)


def handling(rec: Recommendation, model: str) -> list[str]:
    return [text for text, _ in option(rec, model).design.operations]


STALE = """kind: event
throughput: {average: 5/s, peak: 40/s}
expires_after: 15m
consumers: [{name: reset-email, runs_on: https}]
"""


def test_an_expiry_sets_retention_and_drops_stale_messages_by_publish_time(on_gcp: Run
                                                                          ) -> None:
    found = handling(on_gcp(STALE), "push")
    assert any("set its subscription's retention to 15m" in t and "publish_time" in t
               for t in found)
    assert not any("7d by default" in t for t in found)
    short = handling(on_gcp(STALE.replace("15m", "30s")), "push")
    assert any("retention to 10m (no less than 10m is allowed)" in t for t in short)


KAFKA = """kind: event
throughput: {average: 2000/s, peak: 45000/s}
processing_time: 20ms
ordering: per-key
ordering_key: sessionId
consumers:
  - {name: sessioniser, runs_on: container, replay: 60d}
  - {name: archiver, runs_on: container, batching: required}
"""


def test_managed_kafka_gets_retention_partitions_from_the_peak_and_the_key(on_gcp: Run
                                                                         ) -> None:
    found = [t for t in handling(on_gcp(KAFKA), "poll") if "Kafka topic" in t]
    assert len(found) == 1
    assert "retention to at least the longest replay (60d)" in found[0]
    assert "at least 900 partitions (peak 45,000/s x processing 20ms" in found[0]
    assert "ordering key sessionId as the message key" in found[0]


DRAINED = """kind: event
throughput: {average: 5/s, peak: 40/s}
latency: 15m
consumers: [{name: archiver, runs_on: function, batching: required}]
"""


def test_a_scheduled_drain_says_the_scheduler_does_not_retry_by_default(on_gcp: Run) -> None:
    found = handling(on_gcp(DRAINED), "poll")
    assert any("retry_count defaults to 0" in t for t in found)


EXPORT = """kind: event
throughput: {average: 5/s, peak: 40/s}
consumers: [{name: warehouse, runs_on: store}]
"""


def test_an_export_subscription_says_what_keeps_messages_in_its_backlog(on_gcp: Run) -> None:
    found = " ".join(handling(on_gcp(EXPORT), "push"))
    assert "drop_unknown_fields" in found and "SCHEMA_MISMATCH" in found
    assert "service agent write the table" in found and "dead-letter topic" in found


PUSHED = """kind: event
throughput: {average: 100/s, peak: 2000/s}
payload: {average: 2KB}
consumers: [{name: billing, runs_on: https}, {name: audit, runs_on: https}]
"""


def test_a_sizing_line_on_an_unverified_quota_says_so(on_gcp: Run) -> None:
    figures = {f.key: f.formula for f in option(on_gcp(PUSHED), "push").sizing.figures}
    assert "quota 20 MB/s in us-central1 (unverified) =" in figures["pubsub_push_pct"]
    assert "(unverified)" not in figures["pubsub_publish_pct"]  # read on Google's page


STORES = """kind: command
throughput: {average: 3/s, peak: 40/s}
latency: 15m
consumers:
  - {name: store-servers, runs_on: on-premises, instances: 9000, recipients: per-message}
"""


def test_filtered_subscriptions_count_against_the_topic_limit(on_gcp: Run) -> None:
    sizing = option(on_gcp(STORES), "poll").sizing
    figures = {f.key: (f.shown, f.formula) for f in sizing.figures}
    assert figures["pubsub_subscriptions_pct"] == (
        "90.0%", "9,000 subscriptions (store-servers 9,000 filtered, one per instance) / "
        "10,000 per topic (unverified) = 90.0%")
    assert any("spread the instances over several topics" in q.text for q in sizing.quotas)
