"""The design each delivery model gets: services and routes that an AWS architect would sign.

Each test states one principle and checks it through the engine API (advisor.core.recommend.advise).
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec
import pytest

from advisor.core.catalogue import Catalogue
from advisor.core.designs import Design
from advisor.core.recommendation import Recommendation
from advisor.providers.aws import designs as services

Rec = Callable[[str], Recommendation]
HEAD = "version: 1\nname: a\n"
MODELS = ("push", "poll", "hybrid")


def design(rec: Recommendation, model: str | None = None) -> Design:
    return next(o for o in rec.options if o.model == (model or rec.model)).design


def buildable(rec: Recommendation, model: str) -> bool:
    """Whether the design can be built, whatever the rules think of its model."""
    decision = msgspec.structs.replace(rec.decision, ruled_out={})
    return services.design(model, rec.workload, decision, rec.catalogue).feasible


def route(rec: Recommendation, consumer: str, model: str | None = None) -> tuple[str, ...]:
    return next(p for p in design(rec, model).paths if p.consumer == consumer).hops


def why(rec: Recommendation, service: str, model: str | None = None) -> str:
    return next(s for s in design(rec, model).services if s.id == service).why


def facts(rec: Recommendation, service: str, model: str | None = None) -> tuple[str, ...]:
    return next(s for s in design(rec, model).services if s.id == service).facts


def text(rec: Recommendation, model: str | None = None) -> str:
    d = design(rec, model)
    return " ".join([*d.warnings, *(a for a, _ in d.operations),
                     *(f"{s.role} {s.why}" for s in d.services)])


# --- f: the source fixes the first hop ---------------------------------------------------


SOURCED = [
    ("guardduty", "email", {"eventbridge"}),
    ("aws-health", "lambda", {"eventbridge"}),
    ("textract", None, {"sns"}),
    ("ses", None, {"sns", "eventbridge", "kinesis-firehose", "lambda", "s3"}),
    ("cloudwatch-logs", "lambda", {"kinesis", "kinesis-firehose", "lambda"}),
    ("s3", "https", {"sns", "sqs", "lambda", "eventbridge"}),
    ("api-gateway", "container", {"sqs", "sns", "eventbridge", "kinesis", "step-functions",
                                  "lambda"}),
]


@pytest.mark.parametrize(("source", "runs_on", "targets"), SOURCED)
def test_every_feasible_design_starts_where_the_source_can_publish(
        recommend_text: Rec, catalogue: Catalogue, source: str, runs_on: str | None,
        targets: set[str]) -> None:
    consumer = f"{{name: c, runs_on: {runs_on}}}" if runs_on else "{name: c}"
    rec = recommend_text(HEAD + f"kind: event\nproducer: aws-service\nsource: {source}\n"
                         f"consumers: [{consumer}]\n")
    assert set(catalogue.source(source).targets) == targets
    assert any(buildable(rec, model) for model in MODELS)  # else the loop checks nothing
    for model in MODELS:
        d = design(rec, model)
        if not buildable(rec, model):
            continue
        for path in d.paths:
            assert path.hops[0] in targets, (model, path)
            # The first hop cites where the source can publish.
            assert set(catalogue.source(source).facts) <= set(facts(rec, path.hops[0], model))


def test_guardduty_findings_go_through_eventbridge_first(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nproducer: aws-service\nsource: guardduty\n"
                         "consumers: [{name: team, runs_on: email, recipients: fixed}]\n")
    assert route(rec, "team", "push") == ("eventbridge", "sns")


def test_textract_completion_reaches_a_puller_through_sns_then_sqs(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nproducer: aws-service\nsource: textract\n"
                         "consumers: [{name: fetcher, runs_on: container}]\n")
    assert route(rec, "fetcher", "poll") == ("sns", "sqs", "workers")
    assert route(rec, "fetcher", "hybrid")[:2] == ("sns", "sqs")
    assert buildable(rec, "poll")


def test_log_subscriptions_feed_a_kinesis_stream_not_a_queue(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nproducer: aws-service\nsource: cloudwatch-logs\n"
                         "batching: preferred\nconsumers: [{name: shipper, runs_on: lambda}]\n")
    assert route(rec, "shipper", "poll") == ("kinesis", "lambda-esm")
    assert "sqs" not in design(rec, "poll").service_ids


def test_ses_events_for_one_consumer_go_to_an_sns_topic(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nproducer: aws-service\nsource: ses\n"
                         "consumers: [{name: bounces}]\n")
    assert route(rec, "bounces", "push")[0] == "sns"


def test_s3_to_an_https_endpoint_uses_eventbridge_api_destinations(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nproducer: aws-service\nsource: s3\n"
                         "consumers: [{name: tickets, runs_on: https}]\n")
    assert route(rec, "tickets", "push") == ("eventbridge", "webhook")
    assert "sns" not in design(rec, "push").service_ids


def test_api_gateway_fills_a_queue_directly_for_a_poller(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\nproducer: application\nsource: api-gateway\n"
                         "consumers: [{name: worker, runs_on: container}]\n")
    assert route(rec, "worker", "poll") == ("sqs", "workers")


def test_iot_rules_engine_is_the_first_hop_and_in_the_design(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nproducer: device\nsource: iot-core\n"
                         "consumers:\n  - {name: alert, runs_on: email, recipients: fixed}\n"
                         "  - {name: fn, runs_on: lambda}\n")
    for model in ("push", "hybrid"):
        assert "iot-core" in design(rec, model).service_ids
        for path in design(rec, model).paths:
            assert path.hops[0] == "iot-core"
            assert "eventbridge" not in path.hops  # IoT rules have no EventBridge action
    assert route(rec, "alert", "push") == ("iot-core", "sns")


def test_a_source_that_reaches_nothing_fitting_is_infeasible_with_the_reason(
        recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nproducer: aws-service\nsource: cognito\n"
                         "consumers:\n  - {name: a, runs_on: lambda}\n"
                         "  - {name: b, runs_on: container}\n")
    poll = design(rec, "poll")
    assert not buildable(rec, "poll")
    assert any("publishes only to" in w and "Lambda" in w for w in poll.warnings)


# --- existing routers and clients ---------------------------------------------------------


def test_an_existing_bus_is_the_entry_for_client_flows(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nexisting: [eventbridge]\nconsumers:\n"
                         "  - {name: app, runs_on: client}\n")
    assert route(rec, "app", "push")[0] == "eventbridge"
    assert route(rec, "app", "push")[-1] == "api-gateway-websocket"


def test_one_app_without_a_client_service_keeps_a_websocket_api(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers: [{name: app, runs_on: client}]\n")
    assert route(rec, "app", "push") == ("lambda", "api-gateway-websocket")
    assert "128KB messages sent as frames of at most 32KB" in why(
        rec, "api-gateway-websocket", "push")


def test_per_message_clients_get_iot_core_topics(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers:\n"
                         "  - {name: customer, runs_on: client, recipients: per-message}\n"
                         "  - {name: barista, runs_on: client}\n")
    assert route(rec, "customer", "push") == ("iot-core",)
    assert "api-gateway-websocket" not in design(rec, "push").service_ids


def test_several_client_apps_share_appsync_events_channels(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers:\n  - {name: web, runs_on: client}\n"
                         "  - {name: mobile, runs_on: client}\n")
    assert route(rec, "web", "push") == ("appsync",)
    assert "appsync-events" in facts(rec, "appsync", "push")


def test_existing_iot_core_wins_for_clients(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nexisting: [iot-core]\n"
                         "consumers: [{name: app, runs_on: client}]\n")
    assert route(rec, "app", "push") == ("iot-core",)


def test_a_broadcast_counts_one_delivery_per_connection(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers:\n"
                         "  - {name: browsers, runs_on: client, instances: 10000}\n")
    assert "10,000 deliveries" in text(rec, "push")


# --- recipients -----------------------------------------------------------------------------


def test_per_message_email_is_sent_through_ses_not_a_subscription(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers:\n"
                         "  - {name: receipt, runs_on: email, recipients: per-message}\n"
                         "  - {name: billing, runs_on: lambda}\n")
    for model in ("push", "hybrid"):
        hops = route(rec, "receipt", model)
        assert hops[-1] == "ses" and hops[-2] in ("lambda", "lambda-esm")
        assert not any(p.hops[-1] == "sns" for p in design(rec, model).paths)  # no subscription
    assert "sns" not in design(rec, "push").service_ids
    assert "sandbox" in why(rec, "ses", "push")


def test_per_message_email_above_the_sandbox_rate_warns_with_the_numbers(
        recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nthroughput: {average: 5/s, peak: 50/s}\n"
                         "consumers: [{name: receipt, runs_on: email, "
                         "recipients: per-message}]\n")
    warning = next(w for w in design(rec, "push").warnings if "SES" in w)
    assert "50/s" in warning and "1 email/s" in warning and "200 per 24 hours" in warning


def test_per_message_sms_publishes_to_the_phone_number(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers:\n"
                         "  - {name: code, runs_on: sms, recipients: per-message}\n")
    assert route(rec, "code", "push")[-2:] == ("lambda", "sns")
    assert "PhoneNumber" in why(rec, "sns", "push")
    assert "$1.00 a month" in text(rec, "push")


def test_per_message_mobile_push_uses_platform_endpoints(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers:\n"
                         "  - {name: phone, runs_on: mobile-push, recipients: per-message}\n")
    assert "sns-mobile-push-endpoints" in facts(rec, "sns", "push")


def test_unstated_recipients_keep_the_topic_and_state_the_assumption(
        recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers: [{name: ops, runs_on: email}]\n")
    assert route(rec, "ops", "push") == ("sns",)
    assert any("takes them as fixed" in w and "Amazon SES" in w
               for w in design(rec, "push").warnings)


def test_fixed_recipients_state_no_assumption(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers: [{name: ops, runs_on: email, "
                         "recipients: fixed}]\n")
    assert not any("takes them as fixed" in w for w in design(rec, "push").warnings)


# --- devices --------------------------------------------------------------------------------


def test_events_to_devices_are_published_on_their_mqtt_topics(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers: [{name: fleet, runs_on: device}]\n")
    assert route(rec, "fleet", "push") == ("iot-core",)
    assert not buildable(rec, "poll")


def test_a_command_that_waits_for_the_device_is_an_iot_job(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\nconsumers: [{name: fleet, runs_on: device}]\n")
    assert route(rec, "fleet", "hybrid") == ("iot-core",)
    assert "iot-jobs" in facts(rec, "iot-core", "hybrid") and buildable(rec, "hybrid")
    assert "offline only while" in text(rec, "push")  # MQTT alone misses an offline device
    assert buildable(rec, "poll")  # jobs the devices fetch
    iot = next(s for s in design(rec, "poll").services if s.id == "iot-core")
    assert "IoT Jobs" in iot.role


def test_a_command_that_expires_goes_on_the_mqtt_topic(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\nexpires_after: 30s\n"
                         "consumers: [{name: fleet, runs_on: device}]\n")
    assert route(rec, "fleet", "push") == ("iot-core",)
    assert "offline only while" not in text(rec, "push")


# --- roles ----------------------------------------------------------------------------------


def test_a_store_consumer_gets_firehose(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers:\n  - {name: lake, runs_on: store}\n"
                         "  - {name: fn, runs_on: lambda}\n")
    for model in MODELS:
        assert route(rec, "lake", model)[-1] == "kinesis-firehose"


def test_device_telemetry_is_a_stream_in_the_poll_design(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nproducer: device\n"
                         "consumers: [{name: agg, runs_on: lambda}]\n")
    assert route(rec, "agg", "poll") == ("kinesis", "lambda-esm")


def test_existing_amazon_mq_is_the_buffer(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\nexisting: [mq]\n"
                         "consumers: [{name: w, runs_on: container}]\n")
    assert route(rec, "w", "poll")[0] == "mq"


def test_a_delay_beyond_fifteen_minutes_uses_eventbridge_scheduler(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\ndelay: 2h\n"
                         "consumers: [{name: w, runs_on: lambda}]\n")
    for model in MODELS:
        assert route(rec, "w", model)[0] == "eventbridge-scheduler"
    assert "sqs-delay-max" in facts(rec, "eventbridge-scheduler", "poll")


def test_a_short_delay_uses_sqs_delay_seconds(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\ndelay: 5m\n"
                         "consumers: [{name: w, runs_on: container}]\n")
    assert "eventbridge-scheduler" not in design(rec, "poll").service_ids
    assert "DelaySeconds" in text(rec, "poll")


def test_more_than_two_stream_readers_fan_out_after_one(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nsource: dynamodb\nconsumers:\n"
                         "  - {name: a, runs_on: lambda}\n  - {name: b, runs_on: lambda}\n"
                         "  - {name: c, runs_on: workflow}\n")
    hybrid = design(rec, "hybrid")
    assert all(p.hops[:3] == ("dynamodb-streams", "eventbridge-pipes", "eventbridge")
               for p in hybrid.paths)
    poll = design(rec, "poll")
    assert "dynamodb-streams" not in poll.service_ids  # Kinesis Data Streams for DynamoDB
    assert all(p.hops[0] == "kinesis" for p in poll.paths)


def test_two_piped_consumers_share_one_pipe_into_a_bus(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nsource: dynamodb\nconsumers: 2\n")
    assert {p.hops[:3] for p in design(rec, "hybrid").paths} == {
        ("dynamodb-streams", "eventbridge-pipes", "eventbridge")}


# --- latency is a target, never an expiry --------------------------------------------------


def test_a_tight_latency_keeps_retries_and_adds_a_destination(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nlatency: 2s\nconsumers:\n"
                         "  - {name: a, runs_on: lambda}\n  - {name: b, runs_on: lambda}\n")
    advice = text(rec, "push")
    assert "MaximumRetryAttempts to 0" not in advice
    assert "keep the retries" in advice and "on-failure destination" in advice
    assert "idempotent" in advice


def test_only_expires_after_shortens_the_event_age(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nexpires_after: 10m\nconsumers:\n"
                         "  - {name: a, runs_on: lambda}\n  - {name: b, runs_on: lambda}\n")
    advice = text(rec, "push")
    assert "MaximumEventAgeInSeconds to 600" in advice
    assert "on-failure destination" in advice


def test_an_expiry_below_the_minimum_event_age_is_raised_to_it(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nexpires_after: 5s\nconsumers:\n"
                         "  - {name: a, runs_on: lambda}\n  - {name: b, runs_on: lambda}\n")
    assert "MaximumEventAgeInSeconds to 60 " in text(rec, "push")


def test_no_batching_window_on_an_sqs_fifo_mapping(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\nordering: per-key\nordering_key: k\n"
                         "batching: {window: 30s}\nconsumers: [{name: o, runs_on: lambda}]\n")
    assert route(rec, "o", "poll") == ("sqs-fifo", "lambda-esm")
    assert "30s batching window" not in why(rec, "lambda-esm", "poll")
    assert "no batching window" in why(rec, "lambda-esm", "poll")


# --- crossing Regions, commands and webhooks -----------------------------------------------


def test_crossing_regions_puts_the_queue_in_the_consumers_region(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nproducer: aws-service\nsource: s3\n"
                         "crosses: [regions]\nconsumers: [{name: central, runs_on: lambda}]\n")
    assert route(rec, "central", "hybrid")[:2] == ("sns", "sqs")
    assert "other Regions" in why(rec, "sns", "hybrid")
    assert route(rec, "central", "poll")[:2] == ("sns", "sqs")
    assert route(rec, "central", "push") == ("sns", "lambda")


def test_a_command_to_one_owner_has_no_topic_or_bus(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\nconsumers: [{name: owner, runs_on: lambda}]\n")
    for model in MODELS:
        ids = design(rec, model).service_ids
        assert not {"sns", "sns-fifo", "eventbridge"} & set(ids), (model, ids)


def test_a_command_to_a_group_of_workers_is_not_copied_to_each(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\nconsumers: 5\n")
    for model in MODELS:
        assert not {"sns", "eventbridge"} & set(design(rec, model).service_ids), model


def test_third_party_webhooks_enter_through_our_endpoint(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nproducer: third-party\n"
                         "consumers: [{name: updater, runs_on: lambda}]\n")
    for model in MODELS:
        assert route(rec, "updater", model)[0] == "webhook"
    assert "HTTPS endpoint we expose" in design(rec, "push").services[-1].role or any(
        "HTTPS endpoint we expose" in s.role for s in design(rec, "push").services)


def test_routes_end_at_the_consumers_end(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers:\n  - {name: f, runs_on: lambda}\n"
                         "  - {name: w, runs_on: container}\n  - {name: s, runs_on: workflow}\n"
                         "  - {name: p, runs_on: https}\n")
    ends = {"lambda", "lambda-esm", "step-functions", "webhook", "workers", "sns", "ses",
            "api-gateway-websocket", "iot-core", "appsync", "kinesis-firehose"}
    # The HTTPS endpoint cannot read a stream, so poll cannot be built; the others are checked.
    checked = [model for model in MODELS if buildable(rec, model)]
    assert checked == ["push", "hybrid"], checked
    for model in checked:
        d = design(rec, model)
        assert all(p.hops[-1] in ends for p in d.paths), (model, d.paths)


def test_per_message_email_can_drain_a_queue_into_ses(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers:\n"
                         "  - {name: receipt, runs_on: email, recipients: per-message}\n")
    assert route(rec, "receipt", "poll") == ("sqs", "lambda-esm", "ses")
    assert not any("cannot poll" in w for w in design(rec, "poll").warnings)
    fixed = recommend_text(HEAD + "kind: event\nconsumers:\n"
                           "  - {name: ops, runs_on: email, recipients: fixed}\n")
    assert any("cannot poll" in w for w in design(fixed, "poll").warnings)


def test_events_to_devices_have_no_separate_hybrid(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers: [{name: fleet, runs_on: device}]\n")
    assert not buildable(rec, "hybrid")
    assert buildable(rec, "push")


def test_a_source_reaches_clients_through_a_function_it_can_invoke(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nproducer: aws-service\nsource: textract\n"
                         "consumers: [{name: app, runs_on: client}]\n")
    assert route(rec, "app", "push") == ("sns", "lambda", "api-gateway-websocket")
    assert buildable(rec, "push")
    s3 = recommend_text(HEAD + "kind: event\nproducer: aws-service\nsource: s3\n"
                        "consumers: [{name: app, runs_on: client}]\n")
    assert route(s3, "app", "push") == ("lambda", "api-gateway-websocket")


def test_iot_rules_republish_to_clients_and_email_people_through_sns(
        recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nproducer: device\nsource: iot-core\nconsumers:\n"
                         "  - {name: dash, runs_on: client}\n"
                         "  - {name: ops, runs_on: email, recipients: fixed}\n"
                         "  - {name: fn, runs_on: lambda}\n")
    assert route(rec, "dash", "push") == ("iot-core",)
    assert route(rec, "ops", "push") == ("iot-core", "sns")
    assert route(rec, "fn", "push") == ("iot-core", "lambda")


def test_s3_reaches_a_fifo_queue_only_through_eventbridge(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nproducer: aws-service\nsource: s3\n"
                         "duplicates: must-deduplicate\n"
                         "consumers: [{name: w, runs_on: container}]\n")
    assert route(rec, "w", "poll") == ("eventbridge", "sqs-fifo", "workers")
    assert buildable(rec, "poll")


def test_several_readers_of_one_ordered_feed_share_a_stream(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\nordering: per-key\nordering_key: k\n"
                         "consumers:\n  - {name: a, runs_on: container}\n"
                         "  - {name: b, runs_on: container}\n")
    assert {p.hops[0] for p in design(rec, "poll").paths} == {"kinesis"}


def test_per_message_email_is_priced_as_ses_sends(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nthroughput: {average: 1/s}\nconsumers:\n"
                         "  - {name: receipt, runs_on: email, recipients: per-message}\n")
    option = next(o for o in rec.options if o.model == "push")
    assert option.cost is not None
    lines = [line for line in option.cost.lines if line.service == "ses"]
    assert lines and lines[0].fact == "price-ses-outbound"
    # 1/s for a 730-hour month (2.628 million emails) at $100 per million.
    assert lines[0].usd_average == pytest.approx(2.628 * 100, rel=0.01)


def test_deduplication_for_one_endpoint_goes_through_a_fifo_queue(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\nduplicates: must-deduplicate\n"
                         "consumers: [{name: partner, runs_on: https}]\n")
    assert route(rec, "partner", "hybrid") == ("sqs-fifo", "eventbridge-pipes", "webhook")


def test_an_expiry_on_one_consumer_leaves_the_others_retrying(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers:\n"
                         "  - {name: ticker, runs_on: lambda, expires_after: 2m}\n"
                         "  - {name: ledger, runs_on: lambda}\n")
    advice = text(rec, "push")
    assert "For ticker, set each target's MaximumEventAgeInSeconds to 120" in advice
    assert "ticker's messages expire after 2m" in advice
    assert "For the other functions, keep the retries" in advice
