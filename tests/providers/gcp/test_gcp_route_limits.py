"""Google Cloud routes bounded by what each service keeps and waits for: Pub/Sub's retention
before Kafka, the scheduler's minute before an always-on worker, the push ack deadline, the
task size, and one filtered subscription per addressed instance."""

from __future__ import annotations

from collections.abc import Callable

from advisor.core.designs import Design
from advisor.core.recommendation import Recommendation

Run = Callable[[str], Recommendation]
REPLAY = """kind: event
throughput: {{average: 20/s, peak: 900/s}}
payload: {{average: 3KB}}
processing_time: 150ms
consumers:
  - {{name: fulfilment, runs_on: function}}
  - {{name: points, runs_on: container, max_rate: 50/s}}
  - {{name: loader, runs_on: container, batching: {{size: 500, window: 5m}}, replay: {replay}}}
"""


def design(rec: Recommendation, model: str) -> Design:
    return next(o.design for o in rec.options if o.model == model)


def routes(d: Design) -> dict[str, tuple[str, ...]]:
    return {p.consumer: p.hops for p in d.paths}


def test_a_replay_within_topic_retention_seeks_a_pull_subscription_not_kafka(on_gcp: Run
                                                                             ) -> None:
    hybrid = design(on_gcp(REPLAY.format(replay="30d")), "hybrid")
    assert "managed-kafka" not in hybrid.service_ids
    assert routes(hybrid)["loader"] == ("pubsub", "pubsub-pull")
    pull = next(u for u in hybrid.services if u.id == "pubsub-pull")
    assert "seeking its subscription" in pull.why and "pubsub-seek" in pull.facts


def test_a_replay_beyond_retention_puts_every_puller_on_kafka_written_once(on_gcp: Run
                                                                            ) -> None:
    hybrid = design(on_gcp(REPLAY.format(replay="60d")), "hybrid")
    paths = routes(hybrid)
    assert paths["loader"] == ("managed-kafka",) and paths["points"] == ("managed-kafka",)
    # the pushed consumer's topic is fed from Kafka, not by the producer a second time
    assert paths["fulfilment"] == ("managed-kafka", "pubsub", "pubsub-push",
                                   "cloud-run-functions")
    topic = next(u for u in hybrid.services if u.id == "pubsub")
    assert "Sink connector" in topic.role and "kafka-pubsub-sink" in topic.facts


FUNCTION_PULLS = """kind: command
throughput: {{average: 20/s, peak: 100/s}}
payload: {{average: 1.5KB}}
latency: {latency}
processing_time: 800ms
ordering: per-key
ordering_key: paymentId
duplicates: must-deduplicate
consumers: [{{name: payments, runs_on: function}}]
"""


def test_a_function_that_must_pull_under_a_minute_is_an_always_on_worker(on_gcp: Run
                                                                         ) -> None:
    rec = on_gcp(FUNCTION_PULLS.format(latency="10s"))
    poll = design(rec, "poll")
    assert routes(poll) == {"payments": ("pubsub", "pubsub-pull", "cloud-run")}
    assert "cloud-scheduler" not in poll.service_ids
    assert any("at most once a minute" in w for w in poll.warnings)
    assert not any(h.service == "cloud-run" for p in rec.delays for h in p.hops)


def test_a_function_that_may_wait_minutes_is_still_drained_on_a_schedule(on_gcp: Run
                                                                         ) -> None:
    poll = design(on_gcp(FUNCTION_PULLS.format(latency="15m")), "poll")
    assert routes(poll) == {"payments": ("pubsub", "pubsub-pull", "cloud-run-functions")}
    assert "cloud-scheduler" in poll.service_ids


LONG_WORK = """kind: event
throughput: {{average: 1/s, peak: 5/s}}
processing_time: {took}
consumers: [{{name: renderer, runs_on: https}}]
"""


def test_work_longer_than_the_push_ack_deadline_cannot_be_pushed(on_gcp: Run) -> None:
    push = design(on_gcp(LONG_WORK.format(took="20m")), "push")
    assert not push.feasible
    assert any("longer than a push subscription waits for its answer" in u
               for u in push.unbuildable)
    assert design(on_gcp(LONG_WORK.format(took="5m")), "push").feasible


def test_in_a_hybrid_a_consumer_that_can_pull_pulls_work_longer_than_a_push_waits(
        on_gcp: Run) -> None:
    text = LONG_WORK.format(took="20m").replace(
        "runs_on: https}]", "runs_on: https}, {name: encoder, runs_on: function}]")
    hybrid = design(on_gcp(text), "hybrid")
    assert routes(hybrid)["encoder"][:2] == ("pubsub", "pubsub-pull")
    assert any("renderer takes 20m a message" in u for u in hybrid.unbuildable)


def test_work_longer_than_a_task_dispatch_waits_cannot_go_through_cloud_tasks(on_gcp: Run
                                                                             ) -> None:
    slow = TASKS.format(size="4KB").replace("processing_time: 200ms", "processing_time: 40m")
    push = design(on_gcp(slow), "push")
    assert "cloud-tasks" in push.service_ids and not push.feasible
    assert any("longer than a Cloud Tasks dispatch waits for its answer (at most 30m)" in u
               for u in push.unbuildable)


TASKS = """kind: command
throughput: {{average: 5/s, peak: 40/s}}
payload: {{average: {size}}}
processing_time: 200ms
consumers: [{{name: partner-call, runs_on: function, max_rate: 20/s}}]
"""


def test_a_payload_above_the_task_size_rules_out_cloud_tasks(on_gcp: Run) -> None:
    push = design(on_gcp(TASKS.format(size="400KB")), "push")
    assert "cloud-tasks" in push.service_ids and not push.feasible
    assert any("A task holds at most" in u for u in push.unbuildable)
    assert design(on_gcp(TASKS.format(size="40KB")), "push").feasible


STORES = """kind: command
throughput: {average: 3/s, peak: 40/s}
payload: {average: 4KB}
latency: 15m
ordering: per-key
ordering_key: storeId
consumers:
  - {name: store-servers, runs_on: on-premises, instances: 1200, recipients: per-message}
"""


def test_instances_each_sent_their_own_messages_get_a_filtered_subscription_each(
        on_gcp: Run) -> None:
    poll = design(on_gcp(STORES), "poll")
    pull = next(u for u in poll.services if u.id == "pubsub-pull")
    assert "1,200 instances" in pull.why and "filtered on" in pull.why
    assert "pubsub-subscription-filter" in pull.facts


def test_a_topic_kept_for_replays_prices_the_storage_it_holds(on_gcp: Run) -> None:
    rec = on_gcp(REPLAY.format(replay="30d"))
    cost = next(o.cost for o in rec.options if o.model == "hybrid")
    assert cost is not None
    (line,) = [x for x in cost.lines if x.fact == "pubsub-price-storage"]
    # 20/s x 3 KB x 30 days held = 148.3 GiB at $0.27 a GiB-month
    assert "x 30d held, in GiB): 148.3 at the average rate" in line.what
    assert round(line.usd_average, 2) == 40.05
