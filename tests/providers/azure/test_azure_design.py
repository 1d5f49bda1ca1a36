"""Azure's design per model: the services and routes, in Azure's language, and what cannot be
built."""

from __future__ import annotations

from advisor.core.designs import WORKER
from advisor.providers import provider
from advisor.providers.azure.provider import AZURE
from tests.providers.azure.azure_helpers import azure_workload, recommend

FANOUT = """version: 1
name: order-placed
kind: event
throughput: {average: 50/s, peak: 500/s}
consumers:
  - {name: billing, runs_on: function}
  - {name: receipts, runs_on: email, recipients: per-message}
  - {name: ledger, runs_on: container}
"""


def routes(text: str, model: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    rec = recommend(text)
    option = next(o for o in rec.options if o.model == model)
    return {p.consumer: (p.delivery, p.hops) for p in option.design.paths}


def test_the_registry_hands_out_azure() -> None:
    assert provider("azure") is AZURE


def test_push_is_event_grid_to_each_handler_or_the_service_that_reaches_people() -> None:
    found = routes(FANOUT, "push")
    assert found["billing"] == ("push", ("event-grid", "functions"))
    assert found["receipts"] == ("push", ("event-grid", "functions", "communication-services"))
    assert found["ledger"] == ("push", ("event-grid", "webhook"))


def test_hybrid_pushes_where_it_can_and_queues_for_the_puller() -> None:
    rec = recommend(FANOUT)
    assert rec.model == "hybrid"
    found = routes(FANOUT, "hybrid")
    assert found["billing"][0] == "push"
    assert found["ledger"] == ("poll", ("event-grid", "storage-queue", WORKER))


def test_ordered_commands_go_to_a_service_bus_queue_with_sessions() -> None:
    text = ("version: 1\nname: ledger\nkind: command\nordering: per-key\nordering_key: "
            "orderId\nconsumers:\n  - {name: applier, runs_on: function}\n")
    rec = recommend(text)
    assert rec.model == "poll"
    assert rec.chosen.design.service_ids == ("service-bus-queue", "functions")
    advice = " ".join(a for a, _ in rec.chosen.design.operations)
    assert "session id to orderId" in advice and "MaxDeliveryCount" in advice


def test_telemetry_is_a_stream_a_function_reads_and_parks_failures_in_a_storage_queue() -> None:
    text = ("version: 1\nname: t\nkind: event\nproducer: device\nconsumers:\n"
            "  - {name: status, runs_on: function}\n")
    rec = recommend(text)
    assert rec.model == "poll"
    assert set(rec.chosen.design.service_ids) == {"event-hubs", "storage-queue", "functions"}


def test_an_azure_source_that_reaches_only_event_grid_cannot_be_polled() -> None:
    text = ("version: 1\nname: b\nkind: event\nproducer: cloud-service\nsource: blob-storage\n"
            "consumers:\n  - {name: thumbs, runs_on: function}\n")
    rec = recommend(text)
    poll = next(o for o in rec.options if o.model == "poll").design
    assert not poll.feasible and "pull delivery" in poll.unbuildable[0]
    assert rec.model == "push"


def test_a_stream_source_cannot_be_pushed_and_a_function_pushes_it_on_to_browsers() -> None:
    text = ("version: 1\nname: i\nkind: event\nproducer: device\nsource: iot-hub\n"
            "consumers:\n  - {name: dashboards, runs_on: client}\n")
    rec = recommend(text)
    push = next(o for o in rec.options if o.model == "push").design
    assert not push.feasible
    assert rec.model == "hybrid"
    assert routes(text, "hybrid")["dashboards"] == ("push", ("iot-hub", "functions",
                                                             "web-pubsub"))


def test_a_delay_is_held_by_service_bus_not_event_grid() -> None:
    text = ("version: 1\nname: r\nkind: command\ndelay: 2d\nconsumers:\n"
            "  - {name: reminder, runs_on: function}\n")
    rec = recommend(text)
    assert rec.model == "poll"
    assert rec.chosen.design.service_ids[0] == "service-bus-queue"
    push = next(o for o in rec.options if o.model == "push").design
    assert not push.feasible


def test_an_on_premises_consumer_cannot_be_pushed_to() -> None:
    w = azure_workload("version: 1\nname: p\nkind: event\nconsumers:\n"
                       "  - {name: erp, runs_on: on-premises}\n")
    rec = recommend("version: 1\nname: p\nkind: event\nconsumers:\n"
                    "  - {name: erp, runs_on: on-premises}\n")
    assert w.cloud == "azure"
    assert rec.model == "poll"
    assert rec.chosen.design.paths[0].hops == ("service-bus-queue", WORKER)
    push = next(o for o in rec.options if o.model == "push").design
    assert not push.feasible


def test_event_grid_handling_says_dead_letter_and_24_hours() -> None:
    rec = recommend("version: 1\nname: h\nkind: event\nconsumers:\n"
                    "  - {name: partner, runs_on: https}\n")
    assert rec.model == "push"
    advice, facts = rec.chosen.design.operations[0]
    assert "dead-lettering to a Blob storage container" in advice and "24 hours" in advice
    assert "event-grid-dlq" in facts


def test_a_command_from_application_code_is_received_from_service_bus() -> None:
    rec = recommend("version: 1\nname: w\nkind: command\nconsumers:\n"
                    "  - {name: worker, runs_on: function}\n")
    assert rec.model == "poll"
    assert rec.chosen.design.paths[0].hops == ("service-bus-queue", "functions")
    assert "AZ503" in {f.rule.id for f in rec.decision.all_firings}


def test_an_event_every_consumer_pulls_fans_out_through_topic_subscriptions() -> None:
    rec = recommend("version: 1\nname: f\nkind: event\nconsumers:\n"
                    "  - {name: a, runs_on: container}\n  - {name: b, runs_on: container}\n"
                    "  - {name: c, runs_on: function, max_rate: 10/s}\n")
    assert rec.model == "poll"
    assert {p.hops[0] for p in rec.chosen.design.paths} == {"service-bus-topic"}


def test_an_event_from_an_azure_service_for_a_puller_is_event_grid_into_a_queue() -> None:
    rec = recommend("version: 1\nname: b\nkind: event\nproducer: cloud-service\n"
                    "source: blob-storage\nconsumers:\n  - {name: a, runs_on: container}\n")
    assert rec.model == "hybrid"
    assert rec.chosen.design.paths[0].hops == ("event-grid", "storage-queue", WORKER)


def test_every_consumer_of_a_stream_source_gets_a_route_of_its_own_kind() -> None:
    rec = recommend("version: 1\nname: t\nkind: event\nproducer: device\nsource: iot-hub\n"
                    "consumers:\n  - {name: warehouse, runs_on: store}\n"
                    "  - {name: dashboards, runs_on: client}\n")
    hybrid = {p.consumer: p.hops for p in next(o for o in rec.options
                                               if o.model == "hybrid").design.paths}
    assert hybrid == {"warehouse": ("iot-hub", "stream-analytics"),
                      "dashboards": ("iot-hub", "functions", "web-pubsub")}
