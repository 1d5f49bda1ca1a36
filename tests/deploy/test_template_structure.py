"""One structural test per kind of resource: each setting the ADR's error handling and
sizing state is in the template, with the number the same records give the ADR."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from advisor.deploy.cloudformation.naming import TAGS
from tests.deploy.templates import SOURCES, loaded, recommendations

PARTS = {"topic", "queue", "dead-letter-queue", "bus", "rule", "target", "subscription",
         "stream", "pipe", "event-source-mapping", "invoke-config", "policy", "alarm",
         "schedule", "api", "connection", "api-destination", "firehose", "iot-rule", "other"}


def resources(name: str, kind: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    body = loaded(name)["Resources"]
    assert isinstance(body, dict)
    for logical, resource in body.items():
        if kind is None or resource["Type"] == kind:
            yield logical, resource


def props(name: str, logical: str) -> dict[str, Any]:
    body = loaded(name)["Resources"]
    assert isinstance(body, dict)
    found: dict[str, Any] = body[logical]["Properties"]
    return found


def figure(name: str, key: str) -> float:
    value = recommendations(name)[0].chosen.sizing.value(key)
    assert value is not None, key
    return value


def test_every_queue_has_a_dead_letter_queue_with_max_receive_count() -> None:
    for name in SOURCES:
        for logical, queue in resources(name, "AWS::SQS::Queue"):
            if queue["Metadata"]["advisor"]["part"] == "dead-letter-queue":
                continue
            policy = queue["Properties"]["RedrivePolicy"]
            target = policy["deadLetterTargetArn"]["Fn::GetAtt"][0]
            assert policy["maxReceiveCount"] == 10, logical  # SQS's default, as the ADR cites
            dlq = props(name, target)
            assert dlq.get("FifoQueue", False) == queue["Properties"].get("FifoQueue", False)


def test_visibility_timeout_is_six_times_the_timeout_parameter() -> None:
    name = "examples/payment-commands"
    template = loaded(name)
    queue = props(name, "PaymentCommandsPaymentServiceQueue")
    select = queue["VisibilityTimeout"]["Fn::Select"]
    parameter = template["Parameters"][select[0]["Ref"]]  # type: ignore[index]
    table = template["Mappings"][select[1]["Fn::FindInMap"][0]]  # type: ignore[index]
    values = table[select[1]["Fn::FindInMap"][1]][select[1]["Fn::FindInMap"][2]]
    assert parameter["Default"] == figure(name, "lambda_timeout_s.payment-service")
    resolved = int(values[parameter["Default"]])
    assert resolved == figure(name, "sqs_visibility_timeout_s.payment-service") == 60
    assert all(int(v) == 6 * i for i, v in enumerate(values))
    assert len(values) == parameter["MaxValue"] + 1


def test_a_fifo_mapping_has_no_batching_window_and_a_standard_one_keeps_its_own() -> None:
    fifo = props("examples/payment-commands", "PaymentCommandsPaymentServiceMapping")
    assert "MaximumBatchingWindowInSeconds" not in fifo
    assert fifo["BatchSize"] == figure("examples/payment-commands",
                                       "esm_batch_size.payment-service")
    name = "examples/clickstream"
    standard = props(name, "ClickstreamDataLakeArchiverMapping")
    assert standard["MaximumBatchingWindowInSeconds"] == figure(
        name, "esm_batching_window_s.data-lake-archiver")
    assert standard["BatchSize"] == figure(name, "esm_batch_size.data-lake-archiver")


def test_mappings_report_batch_item_failures_and_streams_bisect() -> None:
    name = "examples/clickstream"
    mapping = props(name, "ClickstreamDataLakeArchiverMapping")
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["BisectBatchOnFunctionError"] is True
    assert mapping["ParallelizationFactor"] == figure(
        name, "kinesis_parallelization_factor.data-lake-archiver")
    assert mapping["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][0] \
        .endswith("MappingDlq")
    assert 0 < mapping["MaximumRetryAttempts"] <= 10_000
    assert 60 <= mapping["MaximumRecordAgeInSeconds"] <= 604_800


def test_maximum_concurrency_follows_the_consumer() -> None:
    mapping = props("scenarios/18-scalable-webhook", "ScalableWebhookRdsWriterMapping")
    assert mapping["ScalingConfig"] == {"MaximumConcurrency": 50}


def test_kinesis_has_the_sized_shards_or_the_mode_priced() -> None:
    name = "scenarios/27-netflix-flow-logs"  # priced provisioned
    (_, stream), = resources(name, "AWS::Kinesis::Stream")
    cost = recommendations(name)[0].chosen.cost
    assert cost is not None and cost.mode == "provisioned"
    assert stream["Properties"]["ShardCount"] == figure(
        name, "kinesis_shards_with_headroom") >= figure(name, "kinesis_shards")
    name = "examples/order-placed"  # priced on-demand
    (_, stream), = resources(name, "AWS::Kinesis::Stream")
    cost = recommendations(name)[0].chosen.cost
    assert cost is not None and cost.mode == "on-demand"
    assert stream["Properties"]["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"}
    assert "ShardCount" not in stream["Properties"]


def test_stream_retention_covers_the_longest_replay() -> None:
    (_, stream), = resources("examples/order-placed", "AWS::Kinesis::Stream")
    assert stream["Properties"]["RetentionPeriodHours"] == 30 * 24  # analytics-loader: 30d


def test_api_destination_rate_limit_is_the_consumers_capacity() -> None:
    (_, destination), = resources("scenarios/02-slack-api-destination",
                                  "AWS::Events::ApiDestination")
    assert destination["Properties"]["InvocationRateLimitPerSecond"] == 10
    (_, unlimited), *_ = resources("examples/partner-webhooks", "AWS::Events::ApiDestination")
    assert unlimited["Properties"]["InvocationRateLimitPerSecond"] == 300  # the quota


def test_rule_targets_keep_the_default_retry_policy_and_a_dead_letter_queue() -> None:
    for _, rule in resources("examples/order-placed", "AWS::Events::Rule"):
        (target,) = rule["Properties"]["Targets"]
        assert target["RetryPolicy"] == {"MaximumRetryAttempts": 185,
                                         "MaximumEventAgeInSeconds": 86400}
        assert "DeadLetterConfig" in target


def test_an_expiry_sets_the_maximum_event_age() -> None:
    configs = list(resources("examples/password-reset", "AWS::Lambda::EventInvokeConfig"))
    assert len(configs) == 2  # reset-email and reset-sms
    for _, config in configs:
        assert config["Properties"]["MaximumEventAgeInSeconds"] == 900  # expires_after 15m
        assert config["Properties"]["MaximumRetryAttempts"] == 1
        assert "OnFailure" in config["Properties"]["DestinationConfig"]


def test_invoke_configs_keep_the_default_retries_and_an_on_failure_destination() -> None:
    for _, config in resources("examples/order-placed", "AWS::Lambda::EventInvokeConfig"):
        assert config["Properties"]["MaximumRetryAttempts"] == 2
        assert config["Properties"]["MaximumEventAgeInSeconds"] == 21600


def test_subscriptions_are_raw_with_a_dead_letter_queue() -> None:
    name = "scenarios/37-sns-fifo-price-updates"
    for _, subscription in resources(name, "AWS::SNS::Subscription"):
        assert subscription["Properties"]["RawMessageDelivery"] is True
        dlq = subscription["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]
        assert props(name, dlq["Fn::GetAtt"][0])["FifoQueue"] is True  # FIFO to FIFO
    (_, topic), = resources(name, "AWS::SNS::Topic")
    assert topic["Properties"]["FifoTopic"] is True


def test_people_are_subscribed_by_their_protocol() -> None:
    protocols = sorted(s["Properties"]["Protocol"] for _, s in resources(
        "scenarios/11-cloudwatch-alarm-alerts", "AWS::SNS::Subscription"))
    assert protocols == ["email", "sms"]


def test_pipes_bisect_stream_batches_and_keep_failures() -> None:
    (_, pipe), = resources("examples/checkout-system", "AWS::Pipes::Pipe")
    source = pipe["Properties"]["SourceParameters"]["DynamoDBStreamParameters"]
    assert source["OnPartialBatchItemFailure"] == "AUTOMATIC_BISECT"
    assert "DeadLetterConfig" in source
    assert pipe["Properties"]["RoleArn"] == {"Ref": "CartAbandonedReminderJourneyPipeArn"}


def test_alarms_watch_dead_letters_and_the_oldest_message() -> None:
    metrics = {a["Properties"]["MetricName"] for _, a in resources(
        "examples/order-placed", "AWS::CloudWatch::Alarm")}
    assert {"ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage",
            "GetRecords.IteratorAgeMilliseconds"} <= metrics


def test_the_team_compute_enters_as_parameters() -> None:
    parameters = loaded("examples/order-placed")["Parameters"]
    assert isinstance(parameters, dict)
    assert {"OrderPlacedFulfilmentFunctionArn", "OrderPlacedFraudReviewStateMachineArn",
            "OrderPlacedEventBusName"} <= set(parameters)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_resource_carries_the_workload_adr_and_gate_metadata(name: str) -> None:
    workloads = {r.workload.name: r for r in recommendations(name)}
    for logical, resource in resources(name):
        mine = resource["Metadata"]["advisor"]
        assert mine["workload"] in workloads, logical
        assert mine["part"] in PARTS, logical
        consumers = {c.name for c in workloads[mine["workload"]].workload.consumers}
        assert mine.get("consumer", next(iter(consumers))) in consumers, logical
        assert logical.startswith("".join(w.title() for w in mine["workload"].split("-")))
        tags = resource["Properties"].get("Tags")
        if resource["Type"] in TAGS:
            listed = tags if isinstance(tags, dict) else {t["Key"]: t["Value"] for t in tags}
            assert listed == {"advisor:workload": mine["workload"],
                              "advisor:adr": "ADR not yet written"}, logical
