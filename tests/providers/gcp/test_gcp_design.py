"""Google Cloud designs per model: the services each consumer's route passes through, in
gcp's language, and where a design cannot be built."""

from __future__ import annotations

from collections.abc import Callable

from advisor.core.designs import Design
from advisor.core.recommendation import Recommendation

Run = Callable[[str], Recommendation]
FANOUT = """kind: event
throughput: {average: 100/s, peak: 2000/s}
payload: {average: 2KB}
processing_time: 300ms
consumers:
  - {name: billing, runs_on: https}
  - {name: ledger, runs_on: container}
  - {name: warehouse, runs_on: store, batching: required}
"""
RATE_LIMITED = """kind: command
throughput: {average: 50/s, peak: 900/s}
payload: {average: 40KB}
processing_time: 200ms
consumers: [{name: partner-call, runs_on: function, max_rate: 20/s}]
"""


def design(rec: Recommendation, model: str) -> Design:
    return next(o.design for o in rec.options if o.model == model)


def routes(d: Design) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {p.consumer: (p.delivery, p.hops) for p in d.paths}


def test_hybrid_pushes_to_endpoints_exports_to_stores_and_lets_workers_pull(on_gcp: Run
                                                                           ) -> None:
    rec = on_gcp(FANOUT)
    assert rec.model == "hybrid"
    assert routes(design(rec, "hybrid")) == {
        "billing": ("push", ("pubsub", "pubsub-push")),  # a partner's URL: no compute of ours
        "ledger": ("poll", ("pubsub", "pubsub-pull")),
        "warehouse": ("push", ("pubsub", "pubsub-cloud-storage"))}


def test_poll_cannot_pull_for_an_https_endpoint(on_gcp: Run) -> None:
    poll = design(on_gcp(FANOUT), "poll")
    assert not poll.feasible
    assert "billing (https) can only be pushed to; it cannot pull." in poll.unbuildable


def test_a_rate_limited_command_handler_gets_a_cloud_tasks_queue(on_gcp: Run) -> None:
    rec = on_gcp(RATE_LIMITED)
    assert rec.model == "push"
    assert "GC102" in [f.rule.id for f in rec.decision.all_firings]
    assert routes(rec.chosen.design) == {
        "partner-call": ("push", ("cloud-tasks", "cloud-run-functions"))}
    # a function pulls only when a schedule starts it
    assert design(rec, "poll").service_ids == ("pubsub", "pubsub-pull", "cloud-scheduler",
                                               "cloud-run-functions")


def test_a_source_that_triggers_a_function_needs_no_router(on_gcp: Run) -> None:
    rec = on_gcp("kind: event\nsource: firebase-realtime-database\n"
                 "consumers: [{name: phones, runs_on: mobile-push}]\n")
    assert routes(rec.chosen.design) == {
        "phones": ("push", ("cloud-run-functions", "firebase-cloud-messaging"))}


def test_eventarc_routes_a_storage_event_to_a_workflow(on_gcp: Run) -> None:
    rec = on_gcp("kind: event\nsource: cloud-storage\n"
                 "consumers: [{name: route, runs_on: workflow}]\n")
    assert routes(rec.chosen.design) == {"route": ("push", ("eventarc", "workflows"))}
    advice = " ".join(a for a, _ in rec.chosen.design.operations)
    assert "Eventarc retries for 1d by default" in advice
    assert "acknowledges its event when it starts" in advice


def test_a_push_subscription_dead_letters_after_the_catalogue_attempts(on_gcp: Run) -> None:
    rec = on_gcp("kind: event\nconsumers: [{name: a, runs_on: https}, "
                 "{name: b, runs_on: function}]\n")
    assert rec.model == "push"
    (advice, facts), = [(a, f) for a, f in rec.chosen.design.operations
                        if a.startswith("Each push subscription")]
    assert "dead-letter topic after 5 delivery attempts (settable 5 to 100)" in advice
    assert "pubsub-dlq-attempts" in facts


def test_deduplication_on_gcp_is_exactly_once_on_pull_subscriptions(on_gcp: Run) -> None:
    rec = on_gcp("kind: command\nduplicates: must-deduplicate\n"
                 "consumers: [{name: w, runs_on: container}]\n")
    assert rec.model == "poll"
    assert any("Enable exactly-once delivery on the pull subscriptions" in a
               for a, _ in rec.chosen.design.operations)


def test_a_device_fleet_cannot_be_served_by_a_google_gateway(on_gcp: Run) -> None:
    rec = on_gcp("kind: event\nconsumers: [{name: meters, runs_on: device}]\n")
    assert not design(rec, "push").feasible
    assert any("no managed device gateway" in w for w in design(rec, "push").unbuildable)


def test_a_delay_beyond_cloud_tasks_schedule_cannot_be_built(on_gcp: Run) -> None:
    rec = on_gcp("kind: command\ndelay: 40d\nconsumers: [{name: r, runs_on: function}]\n")
    push = design(rec, "push")
    assert not push.feasible
    assert "Cloud Tasks schedules a task at most 30d ahead" in push.unbuildable[0]
    within = on_gcp("kind: command\ndelay: 2d\nconsumers: [{name: r, runs_on: function}]\n")
    assert within.model == "push"
    assert routes(within.chosen.design) == {"r": ("push", ("cloud-tasks",
                                                           "cloud-run-functions"))}


def test_a_consumer_replaying_from_its_offset_reads_kafka(on_gcp: Run) -> None:
    rec = on_gcp("kind: event\nreplay: 60d\nconsumers: [{name: a, runs_on: container}, "
                 "{name: b, runs_on: container}]\n")
    assert rec.model == "poll"
    assert rec.chosen.design.service_ids == ("managed-kafka",)
