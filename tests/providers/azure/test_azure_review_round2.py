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


# --- 3: error handling names what each queue is for ---------------------------------------

STREAM_FUNCTION = """version: 1
name: drone-status
kind: event
producer: device
throughput: {peak: 2000/s, average: 500/s}
consumers:
  - {name: status-function, runs_on: function}
"""


def test_a_storage_queue_that_only_parks_failures_is_advised_as_a_dead_letter_queue() -> None:
    poll = option(recommend(STREAM_FUNCTION), "poll").design
    assert "storage-queue" in {u.id for u in poll.services}
    assert not any("storage-queue" in p.hops for p in poll.paths)
    advice = " ".join(text for text, _ in poll.operations)
    assert "only the dead-letter queue" in advice
    assert "-poison" not in advice  # no Functions queue trigger reads it


def test_a_storage_queue_a_consumer_reads_keeps_its_poison_queue_advice() -> None:
    rec = recommend("""version: 1
name: uploads
kind: command
producer: cloud-service
source: blob-storage
consumers:
  - {name: payload-receiver, runs_on: function}
""")
    hybrid = option(rec, "hybrid").design
    assert any("storage-queue" in p.hops for p in hybrid.paths)
    assert "-poison" in " ".join(text for text, _ in hybrid.operations)


def test_a_source_that_reaches_only_event_grid_is_described_in_prose() -> None:
    rec = recommend("""version: 1
name: vm-changes
kind: event
producer: cloud-service
source: event-grid-system-topic
consumers:
  - {name: admin-flow, runs_on: function}
""")
    why = " ".join(option(rec, "poll").design.unbuildable)
    assert "event-grid-system-topic" not in why and "only to event-grid" not in why
    assert why.startswith("Azure resource events through an Event Grid system topic reach "
                          "only Azure Event Grid")


# --- 4: an operator's re-send is served by an archive the design has ----------------------

RESENT = """version: 1
name: uploads
kind: event
producer: cloud-service
source: blob-storage
throughput: {peak: 20/s, average: 2/s}
consumers:
  - {name: payload-receiver, runs_on: function, replay: {window: 7d, by: operator}}
"""


def test_an_operators_resend_gets_an_archive_event_grid_lacks() -> None:
    rec = recommend(RESENT)
    assert rec.model == "push"
    push = option(rec, "push").design
    archive = next(u for u in push.services if u.id == "event-hubs")
    assert "event-hubs-capture" in archive.facts and "event-grid-no-retention" in archive.facts
    assert not any("event-hubs" in p.hops for p in push.paths)  # no consumer reads it
    advice = " ".join(text for text, _ in push.operations)
    assert "only the archive" in advice and "Capture files" in advice
    assert "Stream readers checkpoint" not in advice
    cost = option(rec, "push").cost
    assert cost is not None and any(line.service == "event-hubs" for line in cost.lines)


def test_without_an_operators_resend_event_grid_needs_no_archive() -> None:
    push = option(recommend(RESENT.replace(", replay: {window: 7d, by: operator}", "")),
                  "push").design
    assert "event-hubs" not in {u.id for u in push.services}


# --- 5: alerts reach their handlers through the action group, not Event Grid --------------

ALERTS = """version: 1
name: disk-alerts
kind: event
producer: cloud-service
source: monitor-alerts
throughput: {peak: 1/s, average: 0.01/s}
consumers:
  - {name: remediate, runs_on: function}
  - {name: ops-flow, runs_on: workflow}
  - {name: pager, runs_on: https}
"""


def test_an_alerts_action_group_calls_each_handler_itself() -> None:
    rec = recommend(ALERTS)
    push = option(rec, "push").design
    assert push.feasible, push.unbuildable
    assert "event-grid" not in {u.id for u in push.services}
    hops = {p.consumer: p.hops for p in push.paths}
    assert hops == {"remediate": ("functions",), "ops-flow": ("logic-apps",),
                    "pager": ("webhook",)}


def test_alerts_pulled_are_read_from_the_event_hub_the_action_group_writes() -> None:
    rec = recommend(ALERTS.replace("runs_on: workflow", "runs_on: container"))
    for model in ("poll", "hybrid"):
        design = option(rec, model).design
        assert "service-bus-topic" not in {u.id for u in design.services}, model
        ops = next(p for p in design.paths if p.consumer == "ops-flow")
        assert ops.hops[0] == "event-hubs", model
    assert option(rec, "hybrid").design.feasible


def test_an_alert_for_a_mailbox_goes_through_a_function_it_calls() -> None:
    rec = recommend(ALERTS.replace("runs_on: https", "runs_on: sms, recipients: per-message"))
    hops = {p.consumer: p.hops for p in option(rec, "push").design.paths}
    assert hops["pager"] == ("functions", "communication-services")


def test_the_push_rules_that_fire_for_alerts_do_not_say_event_grid_alone_delivers() -> None:
    rec = recommend(ALERTS)
    fired = {f.rule.id for f in rec.decision.firings}
    assert "PP505" in fired
    assert "action group" in words("PP505")
    assert "monitor-alerts-action-groups" in next(
        r.sources for r in azure_rules().rules if r.id == "PP505")
