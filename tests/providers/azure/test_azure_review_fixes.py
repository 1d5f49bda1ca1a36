"""The designs an Azure architect would not sign, fixed by principle: a delay is held by a
Service Bus scheduled message, a consumer slower than the peak is drained from a queue, a
partner's endpoint is called by a function, commands to a workflow wake it through Event
Grid whatever is in place, and a dead-letter queue is not billed per message."""

from __future__ import annotations

from advisor.core.recommendation import Option, Recommendation
from tests.providers.azure.azure_helpers import recommend

DELAYED_EMAIL = """version: 1
name: abandoned-cart
kind: event
delay: 2d
throughput: {peak: 5/s, average: 1/s}
consumers:
  - {name: cart-email, runs_on: email, recipients: per-message}
"""

CAPPED_PARTNER = """version: 1
name: partner-feed
kind: event
throughput: {peak: 120/s, average: 20/s}
consumers:
  - {name: partner-api, runs_on: https, max_rate: 10/s}
  - {name: audit, runs_on: function}
"""


def option(rec: Recommendation, model: str) -> Option:
    return next(o for o in rec.options if o.model == model)


def routes(rec: Recommendation, model: str) -> dict[str, tuple[str, ...]]:
    return {p.consumer: p.hops for p in option(rec, model).design.paths}


def test_a_delay_for_a_push_only_consumer_is_held_in_a_scheduled_message() -> None:
    rec = recommend(DELAYED_EMAIL)
    assert rec.model == "hybrid"
    hops = routes(rec, "hybrid")["cart-email"]
    assert hops == ("service-bus-queue", "functions", "communication-services")
    queue = next(u for u in option(rec, "hybrid").design.services
                 if u.id == "service-bus-queue")
    assert "service-bus-scheduled" in queue.facts and "Scheduled" in queue.why


def test_a_delay_behind_an_azure_source_cannot_be_held_by_event_grid() -> None:
    rec = recommend("""version: 1
name: late-thumbnail
kind: event
producer: cloud-service
source: blob-storage
delay: 1h
consumers:
  - {name: notify, runs_on: email, recipients: per-message}
""")
    hybrid = option(rec, "hybrid").design
    assert not hybrid.feasible
    assert any("schedule" in why for why in hybrid.unbuildable)


def test_a_consumer_slower_than_the_peak_is_never_pushed_to_straight_by_event_grid() -> None:
    rec = recommend(CAPPED_PARTNER)
    assert not option(rec, "push").design.feasible
    assert any("rate limit" in why for why in option(rec, "push").design.unbuildable)
    hops = routes(rec, "hybrid")["partner-api"]
    assert hops == ("event-grid", "service-bus-queue", "functions", "webhook")


def test_a_consumer_that_keeps_up_is_still_pushed_to() -> None:
    rec = recommend(CAPPED_PARTNER.replace("max_rate: 10/s", "max_rate: 500/s"))
    assert routes(rec, "push")["partner-api"] == ("event-grid", "functions", "webhook")
    assert option(rec, "push").design.feasible


def test_a_partners_endpoint_is_called_by_a_function_that_event_grid_validates() -> None:
    text = CAPPED_PARTNER.replace(", max_rate: 10/s", "")
    assert routes(recommend(text), "push")["partner-api"] == (
        "event-grid", "functions", "webhook")
    # The team's own endpoint answers the handshake itself.
    own = text.replace("runs_on: https", "runs_on: container")
    assert routes(recommend(own), "push")["partner-api"] == ("event-grid", "webhook")


def test_commands_to_a_workflow_get_the_queue_and_wake_up_whatever_is_in_place() -> None:
    text = """version: 1
name: integration
kind: command
consumers:
  - {name: integration, runs_on: workflow}
"""
    for extra in ("", "existing: [logic-apps]\n"):
        rec = recommend(text + extra)
        assert "AZ502" in {f.rule.id for v in rec.decision.consumers for f in v.firings}
        assert rec.model == "poll"
        assert set(rec.chosen.design.service_ids) == {"service-bus-queue", "event-grid",
                                               "logic-apps"}
        assert routes(rec, rec.model)["integration"] == ("service-bus-queue", "logic-apps")


def test_a_workflow_reading_a_stream_is_not_said_to_use_peek_lock() -> None:
    rec = recommend("""version: 1
name: telemetry
kind: event
producer: device
throughput: {peak: 2000/s}
consumers:
  - {name: reader, runs_on: container}
  - {name: flow, runs_on: workflow}
""")
    for o in rec.options:
        for use in o.design.services:
            if use.id == "logic-apps" and "event-hubs" in o.design.service_ids:
                assert "peek-lock" not in use.why


def test_a_dead_letter_queue_alone_is_not_billed_per_message() -> None:
    rec = recommend("""version: 1
name: clicks
kind: event
throughput: {peak: 5000/s, average: 1000/s}
consumers:
  - {name: sessionizer, runs_on: function, batching: required}
""")
    cost = option(rec, "poll").cost
    assert cost is not None
    queue = [line for line in cost.lines if line.service == "storage-queue"]
    assert queue and all(line.usd_average == 0 for line in queue)


def test_a_source_that_writes_only_to_retained_streams_is_read_by_polling() -> None:
    from advisor.providers.azure.kinds import LOGS
    from advisor.providers.azure.provider import AZURE

    for source in AZURE.catalogue().sources.values():
        rec = recommend(f"""version: 1
name: s
kind: event
producer: cloud-service
source: {source.id}
consumers:
  - {{name: reader, runs_on: function}}
""")
        why = " ".join(option(rec, "push").design.unbuildable)
        only_logs = all(t in LOGS for t in source.targets)
        assert ("read by polling" in why) == only_logs, source.id


def test_the_system_topic_is_named_by_its_source_not_its_id() -> None:
    rec = recommend("""version: 1
name: s
kind: event
producer: cloud-service
source: event-grid-system-topic
consumers:
  - {name: reader, runs_on: function}
""")
    grid = next(u for u in option(rec, "push").design.services if u.id == "event-grid")
    assert grid.why == "system topic: Azure resource events through an Event Grid system topic"


def test_several_delayed_consumers_each_get_a_subscription_not_a_shared_queue() -> None:
    text = DELAYED_EMAIL + "  - {name: cart-sms, runs_on: sms, recipients: per-message}\n"
    found = routes(recommend(text), "hybrid")
    assert found["cart-email"][0] == found["cart-sms"][0] == "service-bus-topic"
