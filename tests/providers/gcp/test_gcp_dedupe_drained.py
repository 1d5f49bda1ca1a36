"""Where duplicates must be removed, a consumer Google Cloud can only push to is reached
through a pull subscription with exactly-once delivery that a worker drains and delivers
from: push subscriptions deliver at least once."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from advisor.core.designs import Design
from advisor.core.recommendation import Recommendation

Run = Callable[[str], Recommendation]
RECEIPTS = """kind: event
duplicates: must-deduplicate
throughput: {average: 5/s, peak: 50/s}
consumers:
  - {name: receipt-email, runs_on: email, recipients: per-message}
"""
WORKER = ("pubsub", "pubsub-pull", "cloud-run")


def chosen(rec: Recommendation) -> Design:
    return next(o.design for o in rec.options if o.model == rec.model)


def routes(d: Design) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {p.consumer: (p.delivery, p.hops) for p in d.paths}


def test_an_email_consumer_is_delivered_to_from_an_exactly_once_pull_subscription(
        on_gcp: Run) -> None:
    rec = on_gcp(RECEIPTS)
    d = chosen(rec)
    assert rec.model == "hybrid"
    assert d.feasible and d.unbuildable == ()
    assert routes(d) == {"receipt-email": ("push", WORKER)}
    assert not any("push design" in w for w in d.warnings)
    pull = next(s for s in d.services if s.id == "pubsub-pull")
    assert "pubsub-exactly-once" in pull.facts
    advice = " ".join(text for text, _ in d.operations)
    assert "Enable exactly-once delivery" in advice
    assert "60 s ack deadline" in advice and "one region" in advice


@pytest.mark.parametrize(("runs_on", "tail"), [
    ("sms", ()), ("https", ()), ("client", ("firebase-cloud-messaging",)),
    ("mobile-push", ("firebase-cloud-messaging",))])
def test_every_push_only_runtime_is_drained_by_a_worker(on_gcp: Run, runs_on: str,
                                                       tail: tuple[str, ...]) -> None:
    d = chosen(on_gcp(RECEIPTS.replace("runs_on: email", f"runs_on: {runs_on}")))
    assert d.feasible
    assert routes(d)["receipt-email"] == ("push", (*WORKER, *tail))


def test_a_store_is_filled_by_a_runner_that_pulls_not_an_export_subscription(
        on_gcp: Run) -> None:
    d = chosen(on_gcp(RECEIPTS.replace("runs_on: email, recipients: per-message",
                                       "runs_on: store")))
    assert routes(d)["receipt-email"][1][-1] == "dataflow"


def test_a_second_consumer_that_pulls_gets_its_own_subscription(on_gcp: Run) -> None:
    rec = on_gcp(RECEIPTS + "  - {name: ledger, runs_on: container}\n")
    d = chosen(rec)
    assert rec.model == "hybrid" and d.feasible
    assert routes(d) == {"receipt-email": ("push", WORKER),
                         "ledger": ("poll", ("pubsub", "pubsub-pull"))}
    assert not any("deliver at least once" in text for text, _ in d.operations)


def test_ordering_keys_are_kept_on_the_exactly_once_subscription(on_gcp: Run) -> None:
    rec = on_gcp(RECEIPTS.replace("duplicates:", "ordering: per-key\nordering_key: "
                                  "customer_id\nduplicates:"))
    d = chosen(rec)
    assert d.feasible and routes(d)["receipt-email"] == ("push", WORKER)
    advice = " ".join(text for text, _ in d.operations)
    assert "ordering key customer_id" in advice and "exactly-once" in advice


def test_tolerated_duplicates_keep_the_push_subscription(on_gcp: Run) -> None:
    d = chosen(on_gcp(RECEIPTS.replace("must-deduplicate", "tolerated")))
    assert "pubsub-push" in routes(d)["receipt-email"][1]


def test_a_delayed_message_stays_on_cloud_tasks_which_refuses_duplicate_names(
        on_gcp: Run) -> None:
    d = chosen(on_gcp(RECEIPTS.replace("kind: event", "kind: event\ndelay: 10m")))
    assert "cloud-tasks" in routes(d)["receipt-email"][1]
