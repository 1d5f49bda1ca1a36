"""Design defects an AWS architect found in review (issue 12): each test states the principle
and checks it through advisor.core.recommend.advise."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.core.catalogue import Catalogue
from advisor.core.designs import ConsumerPath, Design
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.format.workload import parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY
from tests import calibration
from tests.conftest import EXAMPLES, ROOT

Rec = Callable[[str], Recommendation]
FLOW = ("version: 1\nname: a\nkind: {kind}\nthroughput: {{average: {avg}, peak: {peak}}}\n"
        "latency: {latency}\nprocessing_time: 100ms\n")


def flow(consumers: str, kind: str = "event", avg: str = "20/s", peak: str = "200/s",
         latency: str = "10s", extra: str = "") -> str:
    head = FLOW.format(kind=kind, avg=avg, peak=peak, latency=latency)
    return head + extra + "consumers:\n" + consumers


def design(rec: Recommendation, model: str | None = None) -> Design:
    return next(o for o in rec.options if o.model == (model or rec.model)).design


def path(rec: Recommendation, consumer: str, model: str | None = None) -> ConsumerPath:
    return next(p for p in design(rec, model).paths if p.consumer == consumer)


def why(rec: Recommendation, service: str, model: str | None = None) -> str:
    use = next(s for s in design(rec, model).services if s.id == service)
    return f"{use.role} {use.why}"


def every_hop_in_services(d: Design) -> bool:
    return all(h in d.service_ids for p in d.paths for h in p.hops if h != "workers")


# --- #4: separately addressed instances never share one queue ---------------------------


def test_per_message_instances_get_a_queue_each(recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: stores, runs_on: on-premises, instances: 1200, "
                              "recipients: per-message}\n", kind="command",
                              extra="ordering: per-key\nordering_key: storeId\n"))
    for model in ("poll", "hybrid"):
        p = path(rec, "stores", model)
        queue = next(h for h in p.hops if h in ("sqs", "sqs-fifo"))
        assert p.queues == 1200
        assert "1,200 queues, one per instance" in why(rec, queue, model)
        assert "addressee" in why(rec, queue, model)


def test_a_broadcast_to_pulling_instances_fills_a_queue_each_behind_a_topic(
        recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: cache-nodes, runs_on: container, instances: 300}\n",
                              avg="5/s", peak="50/s", latency="2s"))
    for model in ("poll", "hybrid"):
        p = path(rec, "cache-nodes", model)
        assert p.queues == 300
        assert p.hops[:2] == ("sns", "sqs")
        assert "300 queues, one per instance" in why(rec, "sqs", model)


def test_one_instance_keeps_one_queue(recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: worker, runs_on: container}\n", kind="command"))
    assert path(rec, "worker", "poll").queues == 1


# --- #5: a command is carried out by exactly one owner ----------------------------------


def test_a_command_with_several_owners_is_routed_to_one(recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: shipper-eu, runs_on: lambda}\n"
                              "  - {name: shipper-us, runs_on: container}\n", kind="command"))
    for model in ("push", "poll", "hybrid"):
        d = design(rec, model)
        text = " ".join(f"{s.role} {s.why}" for s in d.services)
        assert "exactly one owner" in text or "one owner" in text, model
        assert "copies each message to every subscription" not in text
    assert "filter policy" in why(rec, "sns", "hybrid")
    assert "sns-filtering" in next(s for s in design(rec, "hybrid").services
                                   if s.id == "sns").facts


def test_an_event_to_several_consumers_still_fans_out(recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: a, runs_on: lambda}\n"
                              "  - {name: b, runs_on: container}\n"))
    assert "owner" not in " ".join(s.why for s in design(rec, "hybrid").services)


# --- #8: every hop on a route is a service of the design --------------------------------


def test_a_source_that_reaches_only_the_bus_puts_the_bus_in_the_design(
        recommend_text: Rec) -> None:
    rec = recommend_text("version: 1\nname: a\nkind: event\nproducer: aws-service\n"
                         "source: guardduty\nthroughput: {average: 1/min, peak: 5/s}\n"
                         "latency: 5m\nprocessing_time: 5s\n"
                         "consumers: [{name: soc-worker, runs_on: container}]\n")
    d = design(rec, "hybrid")
    assert path(rec, "soc-worker", "hybrid").hops[:2] == ("eventbridge", "sqs")
    assert d.feasible
    assert "eventbridge" in d.service_ids
    assert not any("none of which fans out" in w for w in d.warnings)
    for option in rec.options:
        assert every_hop_in_services(option.design), option.model


# --- #6: fixed email above SNS's email rate goes through SES in the design --------------


def test_fixed_email_above_the_sns_email_rate_is_sent_through_ses(
        recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: customer-email, runs_on: email}\n"
                              "  - {name: customer-sms, runs_on: sms}\n",
                              avg="5/s", peak="60/s", latency="30s"))
    hops = path(rec, "customer-email").hops
    assert hops[-2:] == ("lambda", "ses") and "sns" not in hops[1:]
    assert path(rec, "customer-sms").hops == ("sns",)
    assert "sns-email-rate" in next(s for s in design(rec).services if s.id == "lambda").facts
    assert any("sends it through Amazon SES" in w for w in rec.warnings)
    assert not any("Send through Amazon SES instead" in w for w in rec.warnings)


def test_fixed_email_within_the_sns_email_rate_keeps_the_subscription(
        recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: on-call, runs_on: email, recipients: fixed}\n",
                              avg="1/s", peak="5/s", latency="30s"))
    assert path(rec, "on-call").hops == ("sns",)
    assert "ses" not in design(rec).service_ids


# --- #7: a broadcast to many connected clients is fanned out by the service -------------


def test_a_broadcast_to_many_clients_uses_a_fan_out_service(recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: dashboards, runs_on: client, instances: 10000}\n",
                              avg="2/s", peak="20/s", latency="1s"))
    d = design(rec, "push")
    assert "appsync" in d.service_ids
    assert "api-gateway-websocket" not in d.service_ids


def test_an_existing_client_service_still_wins(recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: dashboards, runs_on: client, instances: 10000}\n",
                              avg="2/s", peak="20/s", latency="1s",
                              extra="existing: [api-gateway-websocket]\n"))
    assert "api-gateway-websocket" in design(rec, "push").service_ids


def test_a_message_over_the_client_service_limit_gets_a_claim_check(
        recommend_text: Rec) -> None:
    text = ("  - {name: dashboards, runs_on: client}\n")
    big = recommend_text(flow(text, avg="2/s", peak="20/s", latency="1s",
                              extra="payload: {average: 4KB, max: 200KB}\n"))
    assert "api-gateway-websocket" in design(big, "push").service_ids
    assert any("exceed Amazon API Gateway WebSocket API" in w and "S3" in w
               for w in big.warnings)
    assert "s3" in design(big, "push").service_ids
    small = recommend_text(flow(text, avg="2/s", peak="20/s", latency="1s",
                                extra="payload: {average: 4KB, max: 100KB}\n"))
    assert not any("presigned" in w for w in small.warnings)


# --- #10: a sole store consumer: the producer writes to Firehose itself -----------------


def test_a_sole_store_consumer_gets_firehose_direct_put(recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: data-lake, runs_on: store}\n", avg="3K/s",
                              peak="12K/s", latency="15m", extra="payload: {average: 1KB}\n"))
    for model in ("push", "hybrid"):
        assert path(rec, "data-lake", model).hops == ("kinesis-firehose",), model
        assert "eventbridge" not in design(rec, model).service_ids
    assert "Direct PUT" in why(rec, "kinesis-firehose", "push")
    assert "kinesis-firehose-direct-put" in next(
        s for s in design(rec, "push").services if s.id == "kinesis-firehose").facts
    # 12,000 records/s of 1 KB is above the 5 MiB/s a stream takes in us-east-1.
    assert any("Direct PUT quota" in w for w in design(rec, "push").warnings)


def test_a_store_beside_another_consumer_is_still_routed(recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: data-lake, runs_on: store}\n"
                              "  - {name: fn, runs_on: lambda}\n"))
    assert path(rec, "data-lake", "push").hops[-1] == "kinesis-firehose"
    assert len(path(rec, "data-lake", "push").hops) == 2


# --- #3: a consumer that replays from its own position reads a log ----------------------


def test_replay_by_the_consumer_puts_a_stream_on_its_route(recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: billing, runs_on: lambda}\n"
                              "  - {name: analytics, runs_on: container, "
                              "replay: {window: 30d, by: consumer}}\n"))
    assert rec.model == "hybrid"
    hops = path(rec, "analytics").hops
    assert hops[:2] == ("eventbridge", "kinesis")
    assert not any(h in ("sqs", "sqs-fifo") for h in hops)
    assert "kinesis-retention-max" in next(s for s in design(rec).services
                                           if s.id == "kinesis").facts
    assert any("retention" in a and "30d" in a for a, _ in design(rec).operations)
    assert not any("14d" in w for w in rec.warnings)
    assert every_hop_in_services(design(rec))


def test_a_consumer_that_rereads_is_never_pushed_in_the_hybrid(recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: billing, runs_on: container, max_rate: 10/s}\n"
                              "  - {name: audit, runs_on: lambda, "
                              "replay: {window: 7d, by: consumer}}\n"))
    hops = path(rec, "audit", "hybrid").hops
    assert "kinesis" in hops and hops[-1] == "lambda-esm"


def test_replay_by_an_operator_keeps_the_bus_archive(recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: billing, runs_on: lambda}\n"
                              "  - {name: analytics, runs_on: container, "
                              "replay: {window: 30d, by: operator}}\n"))
    hops = path(rec, "analytics", "hybrid").hops
    assert "kinesis" not in hops and hops[0] == "eventbridge"
    advice = " ".join(a for a, _ in design(rec, "hybrid").operations)
    assert "Archive the bus for 30d" in advice
    assert not any("14d" in w for w in design(rec, "hybrid").warnings)


# --- #11: Kinesis Data Streams for DynamoDB keeps no per-item order ---------------------


TABLE = ("version: 1\nname: a\nkind: event\nproducer: aws-service\nsource: dynamodb\n"
         "throughput: {average: 50/s, peak: 400/s}\nlatency: 10s\nprocessing_time: 100ms\n"
         "consumers:\n")


def test_a_table_streamed_into_kinesis_warns_of_order_and_duplicates(
        recommend_text: Rec) -> None:
    rec = recommend_text(TABLE + "".join(f"  - {{name: r{i}, runs_on: lambda}}\n"
                                         for i in range(3)))
    assert path(rec, "r0", "poll").hops[0] == "kinesis"
    kinesis = next(s for s in design(rec, "poll").services if s.id == "kinesis")
    assert "out of order" in kinesis.why and "ApproximateCreationDateTime" in kinesis.why
    assert "dynamodb-kinesis-ordering" in kinesis.facts
    assert rec.catalogue.fact("dynamodb-kinesis-ordering").status == "verified"
    esm = why(rec, "lambda-esm", "poll")
    assert "arrive in order" not in esm and "idempotent" in esm


def test_a_dynamodb_stream_keeps_its_order_claim(recommend_text: Rec) -> None:
    rec = recommend_text(TABLE + "  - {name: r0, runs_on: lambda}\n")
    assert path(rec, "r0", "poll").hops[0] == "dynamodb-streams"
    assert "arrive in order" in why(rec, "lambda-esm", "poll")


# --- #2: instances are stream readers, and a stream takes a bounded number of them ------


def test_more_instances_than_a_stream_takes_make_the_stream_infeasible(
        recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: cache-nodes, runs_on: container, instances: 300}\n",
                              avg="5/s", peak="1000/s", latency="2s",
                              extra="replay: {window: 1d, by: consumer}\n"))
    poll = design(rec, "poll")
    assert "kinesis" in poll.service_ids
    assert not poll.feasible
    assert any("300 readers" in w and "20 enhanced fan-out" in w and "SQS" in w
               for w in poll.warnings)


def test_a_few_stream_readers_stay_feasible(recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: nodes, runs_on: container, instances: 5}\n",
                              avg="5/s", peak="1000/s", latency="2s",
                              extra="replay: {window: 1d, by: consumer}\n"))
    assert "kinesis" in design(rec, "poll").service_ids
    assert not any("readers would share" in w for w in design(rec, "poll").warnings)


def test_a_source_that_reaches_neither_router_puts_no_phantom_hop(recommend_text: Rec) -> None:
    rec = recommend_text("version: 1\nname: a\nkind: event\nproducer: aws-service\n"
                         "source: cloudwatch-logs\nthroughput: {average: 200/s, peak: 2000/s}\n"
                         "latency: 1m\nprocessing_time: 20ms\n"
                         "consumers: [{name: scanner, runs_on: lambda}]\n")
    for option in rec.options:
        assert every_hop_in_services(option.design), option.model


SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*.yaml"))


def _recs(file: Path, rules: RuleSet, catalogue: Catalogue) -> list[Recommendation]:
    if file in SCENARIOS:
        return [calibration.run(file, rules, catalogue)[1]]
    workloads = parse_workloads(parse_yaml(file.read_text(), str(file)), str(file),
                                vocabularies=VOCABULARY)
    return [advise(w, rules, catalogue, provider=AWS) for w in workloads]


@pytest.mark.parametrize("file", [*EXAMPLES, *SCENARIOS], ids=lambda p: p.stem)
def test_every_hop_of_every_option_is_a_service_of_it(
        file: Path, rules: RuleSet, catalogue: Catalogue) -> None:
    for rec in _recs(file, rules, catalogue):
        for option in rec.options:
            assert every_hop_in_services(option.design), (rec.workload.name, option.model)
            assert all(s.role for s in option.design.services)


def test_more_addressees_than_a_topic_filters_are_sent_to_their_queues_directly(
        recommend_text: Rec) -> None:
    rec = recommend_text(flow("  - {name: stores, runs_on: on-premises, instances: 1200, "
                              "recipients: per-message}\n"
                              "  - {name: audit, runs_on: lambda}\n"))
    p = path(rec, "stores", "hybrid")
    assert p.queues == 1200
    assert not any(h in ("sns", "sns-fifo") for h in p.hops)
    assert "200 filter policies" in why(rec, "sqs", "hybrid")
    few = recommend_text(flow("  - {name: stores, runs_on: on-premises, instances: 12, "
                              "recipients: per-message}\n"
                              "  - {name: audit, runs_on: lambda}\n"))
    assert "filter policy on the addressee" in why(few, "sqs", "hybrid")
