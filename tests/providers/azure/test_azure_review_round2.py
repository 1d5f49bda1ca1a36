"""The second round of the Azure review: the words of the hybrid rules are true of every hybrid
Azure builds, a hybrid on the poll design's routes is the poll design, error handling names
what each queue is for, an operator's re-send is not served by an archive Azure lacks, and
alerts reach their handlers without Event Grid."""

from __future__ import annotations

from advisor.core.recommendation import Option, Recommendation
from tests.providers.azure.azure_helpers import azure_rules, recommend

# Refunds fanned out to an email and a ledger, duplicates removed: the sender sets the
# MessageId on a Service Bus topic itself, so the hybrid has no Event Grid.
DEDUPED_FANOUT = """version: 1
name: refunds
kind: event
duplicates: must-deduplicate
throughput: {peak: 50/s, average: 5/s}
consumers:
  - {name: refund-email, runs_on: email, recipients: per-message}
  - {name: ledger, runs_on: container}
"""

# A stream every consumer reads (telemetry): nothing is pushed, in poll as in hybrid.
STREAM_READERS = """version: 1
name: meter-readings
kind: event
producer: device
throughput: {peak: 2000/s, average: 500/s}
consumers:
  - {name: billing-loader, runs_on: container}
  - {name: anomaly-check, runs_on: function}
"""


def option(rec: Recommendation, model: str) -> Option:
    return next(o for o in rec.options if o.model == model)


def words(rule_id: str) -> str:
    return next(r.rationale for r in azure_rules().rules if r.id == rule_id)


# --- 1: the hybrid rules' words fit hybrids with no Event Grid ----------------------------


def test_a_hybrid_without_event_grid_is_not_said_to_sit_behind_it() -> None:
    rec = recommend(DEDUPED_FANOUT)
    hybrid = option(rec, "hybrid").design
    assert rec.model == "hybrid" and hybrid.feasible
    assert "event-grid" not in {u.id for u in hybrid.services}
    fired = {f.rule.id for f in rec.decision.firings}
    assert {"PP203", "PP502"} <= fired
    for rule_id in ("PP203", "PP502"):
        assert "behind the Event Grid" not in words(rule_id), rule_id
        assert "Service Bus" in words(rule_id), rule_id  # names what this design uses


def test_no_azure_word_puts_every_queue_behind_event_grid() -> None:
    # Event Grid feeds queues only where it is the entry; a hybrid may have none.
    for rule in azure_rules().rules:
        text = " ".join(rule.rationale.split())
        assert "queue behind the Event Grid" not in text, rule.id
        assert "Event Grid (which also feeds the queues)" not in text, rule.id
        assert "Event Grid delivers across the boundary" not in text, rule.id


# --- 2: a hybrid on the poll design's routes is the poll design ---------------------------


def test_a_stream_every_consumer_reads_has_no_hybrid_of_its_own() -> None:
    rec = recommend(STREAM_READERS)
    poll, hybrid = option(rec, "poll").design, option(rec, "hybrid").design
    assert rec.model == "poll" and poll.feasible
    assert not hybrid.feasible
    assert any("is the poll design" in why for why in hybrid.unbuildable)


def test_a_stream_with_a_consumer_pushed_to_keeps_its_hybrid() -> None:
    rec = recommend(STREAM_READERS + "  - {name: ops-sms, runs_on: sms, "
                    "recipients: per-message}\n")
    hybrid = option(rec, "hybrid").design
    assert hybrid.feasible
    assert any(p.delivery == "push" and "functions" in p.hops for p in hybrid.paths)
