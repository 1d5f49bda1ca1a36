"""Where duplicates must be removed, a consumer Azure can only push to is reached through a
Service Bus queue with duplicate detection that a function drains and delivers from: Event
Grid delivers at least once."""

from __future__ import annotations

import pytest

from advisor.core.designs import Design
from advisor.core.recommendation import Recommendation
from tests.providers.azure.azure_helpers import recommend

RECEIPTS = """version: 1
name: receipts
kind: event
duplicates: must-deduplicate
throughput: {average: 5/s, peak: 50/s}
consumers:
  - {name: receipt-email, runs_on: email, recipients: per-message}
"""


def chosen(rec: Recommendation) -> Design:
    return next(o.design for o in rec.options if o.model == rec.model)


def routes(d: Design) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {p.consumer: (p.delivery, p.hops) for p in d.paths}


def test_an_email_consumer_is_delivered_to_from_a_deduplicating_queue() -> None:
    rec = recommend(RECEIPTS)
    d = chosen(rec)
    assert rec.model == "hybrid" and d.feasible
    assert routes(d) == {"receipt-email": (
        "push", ("service-bus-queue", "functions", "communication-services"))}
    assert not any("push design" in w for w in d.warnings)
    queue = next(s for s in d.services if s.id == "service-bus-queue")
    assert "service-bus-duplicate-detection" in queue.facts
    advice = " ".join(text for text, _ in d.operations)
    assert "Enable duplicate detection" in advice and "receipt-email" in advice


@pytest.mark.parametrize(("runs_on", "last"), [
    ("sms", "communication-services"), ("https", "webhook"), ("client", "web-pubsub"),
    ("mobile-push", "notification-hubs"), ("device", "iot-hub")])
def test_every_push_only_runtime_is_drained_by_a_function(runs_on: str, last: str) -> None:
    d = chosen(recommend(RECEIPTS.replace("runs_on: email", f"runs_on: {runs_on}")))
    assert routes(d)["receipt-email"] == ("push", ("service-bus-queue", "functions", last))


def test_a_second_consumer_that_pulls_shares_a_deduplicating_topic() -> None:
    rec = recommend(RECEIPTS + "  - {name: ledger, runs_on: container}\n")
    d = chosen(rec)
    assert rec.model == "hybrid" and d.feasible
    hops = routes(d)
    assert hops["receipt-email"] == (
        "push", ("service-bus-topic", "functions", "communication-services"))
    assert hops["ledger"][0] == "poll" and hops["ledger"][1][0] == "service-bus-topic"
    assert "event-grid" not in d.service_ids


def test_tolerated_duplicates_keep_event_grid() -> None:
    d = chosen(recommend(RECEIPTS.replace("must-deduplicate", "tolerated")))
    assert routes(d)["receipt-email"][1][0] == "event-grid"
