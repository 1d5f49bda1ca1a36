"""Tests that kill the mutants of sizing, cost and designs that survived (issue 15, item 7).

A sample of mutmut's mutants of advisor/providers/aws/{sizing,cost,designs}.py was run
against the fast number tests; each test here pins a behaviour one of the survivors changed
(a boundary, a formula, a price multiplied wrongly, a design branch), through the public
entry point `advise` only, so that the tests outlive a split of those modules.

How to run the sample (a scratch copy, mutmut in its own venv, never a project dependency):
benchmarks/mutation_sample.py says which mutants and why, and how the run is made.

M below is the messages of a month at a rate: rate x 730 h x 3,600 s (2,628,000 s).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from advisor.core.catalogue import Catalogue
from advisor.core.numbers import Cost, Figure, Sizing
from advisor.core.recommend import advise
from advisor.core.recommendation import Option, Recommendation
from advisor.core.rules import RuleSet
from advisor.format.workload import Workload, parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import EXAMPLES, ROOT, workload_from

Rec = Callable[[str], Recommendation]
SECONDS = 730 * 3600


def months(rate: float) -> float:
    """Millions of messages in a month at `rate` per second."""
    return rate * SECONDS / 1e6


def option(rec: Recommendation, model: str) -> Option:
    return next(o for o in rec.options if o.model == model)


def cost(rec: Recommendation, model: str) -> Cost:
    found = option(rec, model).cost
    assert found is not None
    return found


def figure(sizing: Sizing, key: str) -> Figure:
    found = [f for f in sizing.figures if f.key == key]
    assert len(found) == 1, [f.key for f in sizing.figures]
    return found[0]


def quota_facts(sizing: Sizing) -> list[str]:
    return [q.fact for q in sizing.quotas]


# --- sizing --------------------------------------------------------------------------------

GLOBAL_FIFO = ("version: 1\nname: w\nkind: command\nthroughput: {{average: 5/s, peak: {peak}}}\n"
               "processing_time: 100ms\nordering: global\n"
               "consumers: [{{name: a, runs_on: lambda}}]\n")


def test_one_global_group_that_drains_exactly_the_peak_is_not_warned(recommend_text: Rec
                                                                     ) -> None:
    # Global order is one message group, processed one message at a time: at 100 ms each it
    # drains 1 / 0.1 s = 10/s. A peak of 10/s is drained (10 x 0.1 = 1, not above 1); 11/s
    # is not (1.1 > 1), and only then is the sqs-fifo-per-group quota named.
    at = option(recommend_text(GLOBAL_FIFO.format(peak="10/s")), "poll")
    assert "sqs-fifo" in at.design.service_ids
    assert "sqs-fifo-per-group" not in quota_facts(at.sizing)
    over = option(recommend_text(GLOBAL_FIFO.format(peak="11/s")), "poll")
    assert "sqs-fifo-per-group" in quota_facts(over.sizing)


CAPPED_STREAM = ("version: 1\nname: w\nkind: event\nthroughput: {average: 500/s, peak: 1000/s}\n"
                 "processing_time: 200ms\nordering: per-key\nordering_key: k\n"
                 "consumers: [{name: a, runs_on: lambda, max_concurrency: 5},"
                 " {name: b, runs_on: lambda}]\n")


def test_a_capped_stream_readers_parallelization_shows_both_steps(recommend_text: Rec
                                                                   ) -> None:
    # Shards: b takes 1,000/s x 0.2 s = 200 concurrent batches, 10 per shard
    # (lambda-esm-parallelization) = 20 shards. a is capped at max_concurrency 5, so 5 / 0.2 s
    # = 25/s reaches it: ceil(25 x 0.2 / 20) = 1; 1 x 20 shards > 5, so the factor is
    # max(1, 5 // 20) = 1, and the formula shows the first step and then the cap.
    sizing = option(recommend_text(CAPPED_STREAM), "poll").sizing
    assert figure(sizing, "kinesis_shards").value == 20
    a = figure(sizing, "kinesis_parallelization_factor.a")
    assert a.value == 1
    assert a.formula == ("ceil(25/s x 200ms / 20 shards) = 1, at most 10; "
                         "max_concurrency 5 / 20 shards, rounded down = 1")
    b = figure(sizing, "kinesis_parallelization_factor.b")
    assert (b.value, b.formula) == (10, "ceil(1,000/s x 200ms / 20 shards) = 10, at most 10")
    assert any("20 shards exceed its max_concurrency of 5" in n for n in sizing.notes)


def test_the_enhanced_fan_out_figure_names_its_facts(recommend_text: Rec) -> None:
    # Every figure names the catalogue facts it rests on: the fan-out decision compares the
    # readers with the GetRecords calls a shard shares, and is bounded by the EFO consumers.
    figure_ = figure(option(recommend_text(CAPPED_STREAM), "poll").sizing,
                     "kinesis_enhanced_fan_out")
    assert figure_.facts == ("kinesis-shard-read-bytes", "kinesis-getrecords-tps",
                             "kinesis-efo-consumers")


SQS_LAMBDA = ("version: 1\nname: w\nkind: command\nthroughput: {{average: 5/s, peak: 10/s}}\n"
              "processing_time: 100ms\nconsumers: [{{name: a, runs_on: lambda, {cap}}}]\n")


def test_a_maximum_concurrency_the_mapping_cannot_take_is_a_quota_warning(
        recommend_text: Rec, catalogue: Catalogue) -> None:
    # An SQS event source mapping takes a MaximumConcurrency of 2 to 1,000
    # (lambda-esm-max-concurrency-min, lambda-esm-max-concurrency). max_concurrency 1 is set
    # to 2 and warned about; max_rate 5/s x 0.1 s = 0.5 concurrent executions, below 2, is
    # warned about too (2 / 0.1 s drains 20/s, above the 5/s asked for).
    assert catalogue.number("lambda-esm-max-concurrency-min") == 2
    below = option(recommend_text(SQS_LAMBDA.format(cap="max_concurrency: 1")), "poll").sizing
    assert figure(below, "esm_maximum_concurrency.a").value == 2
    assert [q.fact for q in below.quotas] == ["lambda-esm-max-concurrency"]
    assert "reserved concurrency to 1" in below.quotas[0].text
    slow = option(recommend_text(SQS_LAMBDA.format(cap="max_rate: 5/s")), "poll").sizing
    assert figure(slow, "esm_maximum_concurrency.a").value == 2
    assert [q.fact for q in slow.quotas] == ["lambda-esm-max-concurrency"]
    assert "drains about 20/s" in slow.quotas[0].text
    within = option(recommend_text(SQS_LAMBDA.format(cap="max_concurrency: 2")), "poll").sizing
    assert "lambda-esm-max-concurrency" not in quota_facts(within)


# --- cost ----------------------------------------------------------------------------------

BIG = ("version: 1\nname: w\nkind: event\nthroughput: {average: 5/s, peak: 10/s}\n"
       "payload: {average: 100KB}\n")


def test_a_schedule_invocation_is_one_request_whatever_the_payload(
        recommend_text: Rec, catalogue: Catalogue) -> None:
    # A delay past SQS's 15 minutes is a one-time schedule per message. Its invocation
    # carries no payload chunks: M(5/s) = 13.14 M invocations x price-eventbridge-scheduler
    # ($1.00 per million) = $13.14, not twice that for the two 64 KB chunks of 100 KB.
    rec = recommend_text(BIG + "delay: 1h\nconsumers: [{name: a, runs_on: lambda}]\n")
    price = catalogue.number("price-eventbridge-scheduler")
    for model in ("push", "poll", "hybrid"):
        line = next(x for x in cost(rec, model).lines if x.service == "eventbridge-scheduler")
        assert line.usd_average == pytest.approx(months(5) * price)
        assert line.usd_peak == pytest.approx(months(10) * price)


def test_broadcast_instance_queues_chunk_only_the_sends(recommend_text: Rec,
                                                        catalogue: Catalogue) -> None:
    # 3 instance queues, each gets every message; 100 KB is 2 chunks of 64 KB.
    # sends: 3 x 2 chunks x 13.14 M = 78.84 M; receives and deletes carry no payload:
    # 3 x 2 / 10 per batch x 13.14 M = 7.884 M, half receives, half deletes; the long polls,
    # 3 / 20 s x 2,628,000 s = 0.3942 M, are fewer than the receives.
    # 78.84 + 3.942 + 3.942 = 86.724 M requests x price-sqs-standard ($0.40) = $34.6896.
    rec = recommend_text(BIG + "consumers: [{name: nodes, runs_on: container, instances: 3}]\n")
    line = next(x for x in cost(rec, "hybrid").lines if x.fact == "price-sqs-standard")
    m = months(5)
    assert catalogue.number("sqs-long-poll-max") == 20
    requests = 3 * 2 * m + 3 * 2 / 10 * m
    assert line.usd_average == pytest.approx(requests * catalogue.number("price-sqs-standard"))
    assert line.usd_average == pytest.approx(34.6896)


def test_sns_fifo_delivers_a_message_for_one_instance_to_its_queue_alone(
        recommend_text: Rec, catalogue: Catalogue) -> None:
    # Consumer a has 3 instance queues, each message for one of them (per-message); b has
    # one queue: 4 subscriptions, but 1 + 1 = 2 deliveries per message.
    # M(5/s) = 13.14 M x 2 = 26.28 M x price-sns-fifo-delivery ($0.01) = $0.2628.
    text = ("version: 1\nname: w\nkind: event\nthroughput: {average: 5/s, peak: 10/s}\n"
            "ordering: per-key\nordering_key: k\nprocessing_time: 100ms\n"
            "consumers: [{name: a, runs_on: lambda, instances: 3, recipients: per-message},"
            " {name: b, runs_on: lambda}]\n")
    hybrid = cost(recommend_text(text), "hybrid")
    line = next(x for x in hybrid.lines if x.fact == "price-sns-fifo-delivery")
    assert "4 subscriptions, 2 per message" in line.what
    assert line.usd_average == pytest.approx(
        months(5) * 2 * catalogue.number("price-sns-fifo-delivery"))


def test_two_stated_websocket_connections_are_counted_not_assumed(
        recommend_text: Rec, catalogue: Catalogue) -> None:
    # An API Gateway WebSocket API in place, and a client consumer with 2 instances that each
    # get every message: 2 posts per message, the connections stated (`instances`), so not
    # "assumed". M(5/s) = 13.14 M x 2 posts x price-api-gateway-websocket-messages.
    rec = recommend_text("version: 1\nname: w\nkind: event\n"
                         "throughput: {average: 5/s, peak: 10/s}\n"
                         "existing: [api-gateway-websocket]\n"
                         "consumers: [{name: browsers, runs_on: client, instances: 2}]\n")
    push = cost(rec, "push")
    line = next(x for x in push.lines if x.service == "api-gateway-websocket")
    assert "(one per message per connection; 2 connection(s))" in line.what
    assert "Connection minutes are not counted." in push.assumptions
    assert line.usd_average == pytest.approx(
        months(5) * 2 * catalogue.number("price-api-gateway-websocket-messages"))



# --- designs -------------------------------------------------------------------------------

FIFO_PEAK = ("version: 1\nname: w\nkind: command\nthroughput: {{average: 5/s, peak: {peak}}}\n"
             "ordering: per-key\nordering_key: k\nconsumers: [{{name: a, runs_on: container}}]\n")


def test_sqs_fifo_is_warned_about_only_above_its_high_throughput_limit(
        recommend_text: Rec, catalogue: Catalogue) -> None:
    # The FIFO queue's high-throughput limit in us-east-1 (sqs-fifo-high-throughput) is a
    # quota a peak may reach: exactly at it the design is not warned, one message above it is.
    limit = catalogue.number("sqs-fifo-high-throughput", "us-east-1")
    at = option(recommend_text(FIFO_PEAK.format(peak=f"{limit:.0f}/s")), "poll").design
    assert at.service_ids[0] == "sqs-fifo"
    assert not any("high-throughput limit" in w for w in at.warnings)
    over = option(recommend_text(FIFO_PEAK.format(peak=f"{limit + 1:.0f}/s")), "poll").design
    assert any("high-throughput limit" in w for w in over.warnings)


@pytest.mark.parametrize("where", ["workload", "consumer"])
def test_a_stream_kept_for_replay_says_so(recommend_text: Rec, where: str) -> None:
    # Replay is the stream's reason to be, whether the workload asks for it or one consumer.
    workload, consumer = ("replay: 3d\n", "") if where == "workload" else ("", ", replay: 3d")
    rec = recommend_text(f"version: 1\nname: w\nkind: event\n{workload}"
                         "throughput: {average: 5/s, peak: 10/s}\n"
                         f"consumers: [{{name: a, runs_on: container{consumer}}}]\n")
    kinesis = next(s for s in option(rec, "poll").design.services if s.id == "kinesis")
    assert kinesis.why == "Kinesis Data Streams keeps records up to 365 days for replay."


@pytest.mark.parametrize("source", ["iot-core", "cloudwatch-logs"])
def test_order_from_a_source_that_reaches_no_fifo_queue_is_kept_by_a_stream(
        recommend_text: Rec, source: str) -> None:
    # IoT Core's rule actions and CloudWatch Logs' subscription filters publish to no SQS FIFO
    # queue: the polled design keeps per-key order in a Kinesis stream, and can be built.
    rec = recommend_text(f"version: 1\nname: w\nkind: command\nsource: {source}\n"
                         "throughput: {average: 5/s, peak: 10/s}\nordering: per-key\n"
                         "ordering_key: k\nconsumers: [{name: a, runs_on: container}]\n")
    poll = option(rec, "poll").design
    assert poll.feasible
    assert "sqs-fifo" not in poll.service_ids
    assert [p.hops[-2:] for p in poll.paths] == [("kinesis", "workers")]



STORE = ("version: 1\nname: w\nkind: event\nthroughput: {{average: 500/s, peak: {peak}}}\n"
         "payload: {{average: 2KB}}\nconsumers: [{{name: lake, runs_on: store}}]\n")


def test_direct_put_is_held_to_the_quota_of_the_workloads_region(recommend_text: Rec,
                                                                 catalogue: Catalogue) -> None:
    # Firehose Direct PUT takes 500,000 records/s and 5 MiB/s per stream in us-east-1 (its
    # default elsewhere is 100,000 and 1 MiB/s). 1,000/s x 2 KB = 2,048,000 B/s (1.95 MiB/s)
    # is within us-east-1's quota; 3,000/s x 2 KB = 6,144,000 B/s (5.86 MiB/s) is not.
    volume = catalogue.fact("kinesis-firehose-direct-put-bytes")
    assert volume.in_region("us-east-1") == 5 * 1024**2
    within = option(recommend_text(STORE.format(peak="1000/s")), "push").design
    firehose = next(s for s in within.services if s.id == "kinesis-firehose")
    assert "up to 500,000 records/s and 5MB/s per stream in us-east-1." in firehose.why
    assert not any("Direct PUT" in w for w in within.warnings)
    over = option(recommend_text(STORE.format(peak="3000/s")), "push").design
    assert any("Direct PUT quota in us-east-1" in w for w in over.warnings)


def test_an_ordered_command_waiting_for_devices_is_an_iot_job_after_the_stream(
        recommend_text: Rec) -> None:
    # IoT Core reaches no FIFO topic, so order is kept by a Kinesis stream; a command with no
    # expiry must wait until each device asks for it, which is an IoT Job (iot-jobs), polled
    # by the device, not an MQTT publish that lasts only as long as its session.
    rec = recommend_text("version: 1\nname: w\nkind: command\nsource: iot-core\n"
                         "throughput: {average: 5/s, peak: 10/s}\nordering: per-key\n"
                         "ordering_key: k\nconsumers: [{name: d, runs_on: device},"
                         " {name: a, runs_on: lambda}]\n")
    hybrid = option(rec, "hybrid").design
    device = next(p for p in hybrid.paths if p.consumer == "d")
    assert (device.delivery, device.hops) == ("poll", ("iot-core", "kinesis", "lambda-esm",
                                                       "iot-core"))
    iot = next(s for s in hybrid.services if s.id == "iot-core")
    assert iot.role.startswith("IoT Jobs")
    assert "iot-jobs" in iot.facts



def test_a_table_read_by_many_is_piped_once_into_a_bus(recommend_text: Rec) -> None:
    # Two endpoints need the table's changes pushed: one pipe reads the stream into an event
    # bus (a pipe per consumer would read every change again); the container workers, which
    # poll, get their queue from that bus, behind the same stream and pipe.
    rec = recommend_text("version: 1\nname: w\nkind: event\nsource: dynamodb\n"
                         "throughput: {average: 5/s, peak: 10/s}\n"
                         "consumers: [{name: h1, runs_on: https}, {name: h2, runs_on: https},"
                         " {name: c, runs_on: container}]\n")
    hybrid = option(rec, "hybrid").design
    assert hybrid.feasible
    head = ("dynamodb-streams", "eventbridge-pipes", "eventbridge")
    assert [(p.consumer, p.delivery, p.hops) for p in hybrid.paths] == [
        ("h1", "push", (*head, "webhook")), ("h2", "push", (*head, "webhook")),
        ("c", "poll", (*head, "sqs", "workers"))]


def test_an_http_call_no_priced_service_makes_is_named_unpriced(recommend_text: Rec) -> None:
    # Only EventBridge's API destinations and SNS's HTTPS deliveries price an HTTP call; an
    # endpoint called by an IoT rule or a pipe is named, with its rate, as unpriced webhook.
    rec = recommend_text("version: 1\nname: w\nkind: event\nsource: iot-core\n"
                         "throughput: {average: 5/s, peak: 10/s}\nordering: per-key\n"
                         "ordering_key: k\nconsumers: [{name: h, runs_on: https},"
                         " {name: a, runs_on: lambda}]\n")
    for model, caller in (("push", "iot-core"), ("hybrid", "eventbridge-pipes")):
        priced = cost(rec, model)
        assert priced.unpriced == ("iot-core", "webhook")
        assert (f"HTTP calls from {caller} to h: 5/s at the average rate (10/s at the peak)"
                in priced.unpriced_parts)



# --- every number and reason names facts the catalogue has ---------------------------------

def _workloads() -> list[Workload]:
    """Every example, and every workload of the design cases, as a reviewer would run it."""
    import yaml

    found: list[Workload] = []
    for path in EXAMPLES:
        found += parse_workloads(parse_yaml(path.read_text(), str(path)), str(path),
                                 vocabularies=VOCABULARY)
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        text = yaml.safe_dump(yaml.safe_load(path.read_text())["workload"])
        found.append(workload_from(text, str(path)))
    return found


def test_every_fact_a_design_cites_is_in_the_catalogue(rules: RuleSet,
                                                       catalogue: Catalogue) -> None:
    # A reviewer follows each reason, figure, quota and cost line to its catalogue fact: an
    # id that is missing (or empty) leaves a number without its source.
    workloads = _workloads()
    assert len(workloads) >= 20
    for w in workloads:
        rec = advise(w, rules, catalogue, provider=AWS)
        for o in rec.options:
            cited = [f for s in o.design.services for f in s.facts]
            cited += [f for _, facts in o.design.operations for f in facts]
            cited += [f for fig in o.sizing.figures for f in fig.facts]
            cited += [q.fact for q in o.sizing.quotas]
            cited += [line.fact for line in (o.cost.lines if o.cost else ())]
            for fact in cited:
                assert isinstance(fact, str) and fact, (w.name, o.model, cited)
                catalogue.fact(fact)  # raises where the catalogue has no such fact
            for s in o.design.services:
                assert isinstance(s.role, str) and isinstance(s.why, str) and s.why, \
                    (w.name, o.model, s.id)
            for p in o.design.paths:
                assert p.delivery in ("push", "poll"), (w.name, o.model, p)
                assert all(isinstance(h, str) and h for h in p.hops), (w.name, o.model, p)
