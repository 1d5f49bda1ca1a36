"""Designs wrong on AWS facts or not distinct from one another (design review): each test
states the principle and checks it through advisor.core.recommend.advise or the CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from msgspec.structs import replace

from advisor.core.buildable import buildable
from advisor.core.catalogue import Catalogue
from advisor.core.designs import ConsumerPath, Design
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.format.workload import parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers.aws.designs import IS_POLL
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import ROOT, run_cli
from tests.core.test_properties import build, workload

Rec = Callable[[str], Recommendation]
ROUTERS = ("sns", "sns-fifo", "eventbridge")

# A per-key ordered feed with two consumers that re-read three days (meter readings).
REREADERS = """\
version: 1
name: readings
kind: event
throughput: {average: 1500/s, peak: 40K/s}
payload: {average: 600B, max: 4KB}
latency: 1m
processing_time: 5ms
ordering: per-key
ordering_key: meterId
replay: 3d
batching: preferred
consumers:
  - {name: aggregator, runs_on: container}
  - {name: model, runs_on: lambda}
"""

# One owner of an ordered, deduplicated command (refund, payment, invoice commands).
ONE_OWNER = """\
version: 1
name: refunds
kind: command
throughput: {average: 15/s, peak: 120/s}
latency: 10s
processing_time: 300ms
ordering: per-key
ordering_key: orderId
duplicates: must-deduplicate
consumers:
  - {name: refund-processor, runs_on: lambda}
"""

# Device telemetry on IoT Core, ordered per vehicle: a function, a browser console, a loader
# that re-reads.
FLEET = """\
version: 1
name: positions
kind: event
producer: device
source: iot-core
throughput: {average: 800/s, peak: 2500/s}
payload: {average: 400B, max: 2KB}
latency: 2s
processing_time: 30ms
ordering: per-key
ordering_key: vehicleId
consumers:
  - {name: geofence, runs_on: lambda}
  - {name: console, runs_on: client}
  - name: loader
    runs_on: container
    batching: {size: 5000, window: 5m}
    replay: 3d
"""


def design(rec: Recommendation, model: str) -> Design:
    return next(o for o in rec.options if o.model == model).design


def path(rec: Recommendation, consumer: str, model: str) -> ConsumerPath:
    return next(p for p in design(rec, model).paths if p.consumer == consumer)


# --- a router no consumer's route passes through is not in the design ----------------------


def test_a_router_no_path_uses_is_not_in_the_design(recommend_text: Rec) -> None:
    rec = recommend_text(REREADERS)
    for option in rec.options:
        used = {h for p in option.design.paths for h in p.hops}
        for router in ROUTERS:
            assert router not in option.design.service_ids or router in used, option.model
        if option.cost:
            priced = {line.service for line in option.cost.lines}
            assert not set(ROUTERS) & (priced - used), option.model


def test_no_stream_text_speaks_of_a_topic_that_is_not_there(recommend_text: Rec) -> None:
    hybrid = design(recommend_text(REREADERS), "hybrid")
    kinesis = next(s for s in hybrid.services if s.id == "kinesis")
    assert "also writes" not in kinesis.why


# --- a hybrid with the poll design's routes is the poll design ----------------------------


def test_a_hybrid_with_the_poll_routes_is_the_poll_design(recommend_text: Rec) -> None:
    for text in (ONE_OWNER, REREADERS):
        rec = recommend_text(text)
        hybrid, poll = design(rec, "hybrid"), design(rec, "poll")
        assert sorted(p.hops for p in hybrid.paths) == sorted(p.hops for p in poll.paths)
        assert not hybrid.feasible
        assert ("No consumer is pushed to and nothing fans out: this hybrid is the poll "
                "design.") in hybrid.unbuildable
        assert rec.model == "poll"


def test_a_winning_hybrid_that_is_the_poll_design_falls_back_by_score(
        recommend_text: Rec) -> None:
    # A hybrid that is the poll design cannot be offered: a decision that chose it moves to
    # the best-scored option that can be built, as for any unbuildable winner.
    rec = recommend_text("version: 1\nname: x\nkind: command\n"
                         "throughput: {average: 1/s}\n"
                         "crosses: [accounts, regions]\nconsumers:\n  - {name: c}\n")
    hybrid = design(rec, "hybrid")
    assert IS_POLL in hybrid.unbuildable
    assert rec.decision.scores["hybrid"] == max(rec.decision.scores.values())
    assert (rec.model, rec.decision.decided_by) == ("push", "design")
    designs = {o.model: o.design for o in rec.options}
    won = replace(rec.decision, model="hybrid", scores={"push": 1.0, "poll": 4.0, "hybrid": 6.0})
    assert buildable(won, designs).model == "poll"


def test_a_hybrid_that_pushes_into_a_buffer_stays_an_option(recommend_text: Rec) -> None:
    # A topic that pushes into a queue is what a hybrid is, even where the poll design uses
    # the same topic (an S3 source notifying a queue in another Region).
    rec = recommend_text("version: 1\nname: x\nkind: event\nproducer: aws-service\n"
                         "source: s3\ncrosses: [regions]\n"
                         "consumers:\n  - {name: central, runs_on: lambda}\n")
    hybrid = design(rec, "hybrid")
    assert hybrid.feasible
    assert any(h in ROUTERS for p in hybrid.paths for h in p.hops)


def test_shipped_single_owner_commands_offer_no_copy_of_poll(rules: RuleSet,
                                                            catalogue: Catalogue) -> None:
    for name in ("payment-commands.yaml", "store-inventory-sync.yaml"):
        file = ROOT / "examples" / name
        for each in parse_workloads(parse_yaml(file.read_text(), str(file)), str(file),
                                    vocabularies=VOCABULARY):
            rec = advise(each, rules, catalogue, provider=AWS)
            assert rec.model == "poll", name
            assert not design(rec, "hybrid").feasible, name


# --- ordered fan-out from a source that reaches only a standard topic -----------------------


def test_no_standard_topic_fills_a_fifo_queue(recommend_text: Rec) -> None:
    rec = recommend_text(FLEET)
    for option in rec.options:
        for p in option.design.paths:
            assert not p.follows("sns", "sqs-fifo"), (option.model, p)
    geofence = path(rec, "geofence", "hybrid")
    assert geofence.hops == ("iot-core", "kinesis", "lambda-esm")
    kinesis = next(s for s in design(rec, "hybrid").services if s.id == "kinesis")
    assert "vehicleId as partition key" in kinesis.why
    assert "kinesis-ordering" in kinesis.facts


IOT_MIXED = ("version: 1\nname: x\nkind: event\nproducer: device\nsource: iot-core\n"
             "throughput: {{average: 10/s, peak: 50/s}}\n{extra}\nconsumers:\n"
             "  - {{name: a, runs_on: container, instances: 3}}\n"
             "  - {{name: p, runs_on: https}}\n  - {{name: l, runs_on: lambda}}\n")


def test_an_ordered_endpoint_reads_the_stream_through_a_pipe(recommend_text: Rec) -> None:
    rec = recommend_text(IOT_MIXED.format(extra="ordering: per-key\nordering_key: k"))
    hybrid = design(rec, "hybrid")
    assert hybrid.feasible
    assert path(rec, "p", "hybrid").hops == ("iot-core", "kinesis", "eventbridge-pipes",
                                              "webhook")
    assert path(rec, "p", "hybrid").delivery == "push"
    assert not {"sns", "sqs-fifo"} & set(hybrid.service_ids)


def test_deduplication_no_fifo_queue_can_serve_is_not_promised(recommend_text: Rec) -> None:
    # A standard topic delivers to no FIFO queue, and IoT Core reaches no FIFO topic or bus:
    # the hybrid cannot remove duplicates, and says so rather than drawing the queue.
    rec = recommend_text(IOT_MIXED.format(extra="duplicates: must-deduplicate"))
    hybrid = design(rec, "hybrid")
    assert not hybrid.feasible
    assert any("an SNS standard topic delivers to no FIFO queue" in u
               for u in hybrid.unbuildable)
    assert not any(p.follows("sns", "sqs-fifo") for p in hybrid.paths)


def test_clients_of_an_iot_core_source_subscribe_at_the_broker(recommend_text: Rec) -> None:
    rec = recommend_text(FLEET)
    for model in ("push", "hybrid"):
        console = path(rec, "console", model)
        assert console.hops == ("iot-core",), model
        assert console.delivery == "push"


def test_devices_of_an_iot_core_source_subscribe_at_the_broker(recommend_text: Rec) -> None:
    rec = recommend_text(FLEET.replace("  - {name: console, runs_on: client}\n",
                                       "  - {name: console, runs_on: client}\n"
                                       "  - {name: displays, runs_on: device}\n"))
    hybrid = design(rec, "hybrid")
    assert path(rec, "displays", "hybrid").hops == ("iot-core",)
    assert not {"sns", "sqs-fifo", "lambda"} & set(hybrid.service_ids)


def test_a_consumer_drained_by_its_own_poller_is_polled(recommend_text: Rec) -> None:
    # An ordered consumer whose FIFO queue an event source mapping drains is polled; only
    # clients, endpoints and people are pushed to after such a drain.
    own = FLEET.replace("producer: device\nsource: iot-core\n", "producer: application\n")
    rec = recommend_text(own)
    geofence = path(rec, "geofence", "hybrid")
    assert geofence.follows("sqs-fifo", "lambda-esm")
    for p in design(rec, "hybrid").paths:
        drained = any(h in ("lambda-esm", "workers") for h in p.hops[-1:])
        assert p.delivery == ("poll" if drained else "push"), p
    # The stream the re-reading loader reads is written beside the topic the others use.
    kinesis = next(s for s in design(rec, "hybrid").services if s.id == "kinesis")
    assert "also writes each message to the stream loader reads" in kinesis.why


def test_the_reviewed_fleet_design_through_the_cli(tmp_path: Path) -> None:
    wl = tmp_path / "fleet.yaml"
    wl.write_text(FLEET)
    result = run_cli(["recommend", str(wl), "--dry-run", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Amazon SNS standard topic → Amazon SQS FIFO" not in result.output
    assert "push to geofence" not in result.output


def test_fifo_queues_per_instance_are_never_behind_a_standard_topic(recommend_text: Rec) -> None:
    # An S3 source reaches a bus but no SNS FIFO topic: the bus fills each instance's FIFO
    # queue itself, where a standard topic could fill none.
    rec = recommend_text("version: 1\nname: x\nkind: event\nproducer: aws-service\n"
                         "source: s3\nthroughput: {average: 10/s, peak: 50/s}\n"
                         "ordering: per-key\nordering_key: k\n"
                         "consumers:\n  - {name: a, runs_on: container, instances: 7}\n")
    for option in rec.options:
        for p in option.design.paths:
            assert not p.follows("sns", "sqs-fifo"), (option.model, p)
    poll = design(rec, "poll")
    assert path(rec, "a", "poll").hops[:2] == ("eventbridge", "sqs-fifo")
    fifo = next(s for s in poll.services if s.id == "sqs-fifo")
    assert "7 FIFO queues, one per instance, each a target of the bus (2 rules" in fifo.why


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workload)
def test_no_design_has_a_route_aws_cannot_build_this_way(data: dict[str, Any]) -> None:
    # Over random workloads: no standard topic before a FIFO queue, no router that no route
    # uses, and no route that leaves an IoT Core source's broker to come back to it.
    rec = build(data)
    for option in rec.options:
        used = {h for p in option.design.paths for h in p.hops}
        assert not set(ROUTERS) & (set(option.design.service_ids) - used), option.model
        for p in option.design.paths:
            assert not p.follows("sns", "sqs-fifo"), (option.model, p)
            # (A command that waits for its device is an IoT Job a function creates: back
            # to IoT Core by design.)
            if rec.workload.source == "iot-core" and not rec.workload.crosses and (
                    rec.workload.kind == "event"):
                assert p.hops.count("iot-core") == 1, (option.model, p)


def test_ordered_devices_in_another_account_are_fed_from_the_stream(recommend_text: Rec) -> None:
    # Devices not at the source's broker (another account) are published to in order by a
    # function reading the ordered stream, not from a FIFO queue behind a standard topic.
    rec = recommend_text("version: 1\nname: x\nkind: event\nproducer: device\n"
                         "source: iot-core\ncrosses: [accounts]\n"
                         "throughput: {average: 10/s, peak: 50/s}\n"
                         "ordering: per-key\nordering_key: k\nconsumers:\n"
                         "  - {name: d, runs_on: device}\n  - {name: l, runs_on: container}\n")
    assert path(rec, "d", "hybrid").hops == ("iot-core", "kinesis", "lambda-esm", "iot-core")
    assert design(rec, "hybrid").feasible
