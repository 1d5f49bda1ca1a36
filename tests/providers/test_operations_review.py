"""Review 12, defects 4 and 9: error handling for devices, IoT Jobs, connected clients and
one-time schedules, each from catalogue facts; and queues priced per instance queue."""

from __future__ import annotations

from collections.abc import Callable

import msgspec
import pytest

from advisor.core.catalogue import Catalogue
from advisor.core.numbers import Cost
from advisor.core.recommendation import Recommendation
from advisor.providers.aws.cost import SECONDS_PER_MONTH, estimate

Advise = Callable[[str], Recommendation]

DEVICES = """version: 1
name: thermo
kind: command
throughput: {average: 50/s, peak: 800/s}
payload: {average: 512B}
latency: 2s
%s
consumers:
  - {name: thermostats, runs_on: device, instances: 40000, recipients: per-message}
"""


def operations(r: Recommendation) -> list[tuple[str, tuple[str, ...]]]:
    return list(r.chosen.design.operations)


def advice_citing(r: Recommendation, fact: str) -> str:
    found = [text for text, facts in operations(r) if fact in facts]
    assert found, f"no advice cites {fact}: {operations(r)}"
    return found[0]


def test_mqtt_command_with_expiry_gets_qos1_sessions_and_message_expiry(
        recommend_text: Advise, catalogue: Catalogue) -> None:
    r = recommend_text(DEVICES % "expires_after: 30s")
    assert r.chosen.design.paths[0].hops[-1] == "iot-core"
    text = advice_citing(r, "iot-mqtt5-message-expiry")
    keep = catalogue.number("iot-persistent-sessions")
    assert "QoS 1" in text and "persistent sessions" in text
    assert "Message Expiry Interval to 30 s" in text
    assert f"{keep / 3600:g}h" in text  # the session's lifetime, from the catalogue
    per_connection = catalogue.number("iot-core-rules")
    assert f"at most {per_connection:g} messages/s" in text and "800/s" in text
    assert "not in advisor's catalogue" in text
    # Every fact the advice names is one the ADR lists as a source.
    ids = {f.id for f in r.sources}
    assert {"iot-mqtt5-message-expiry", "iot-persistent-sessions", "iot-core-rules"} <= ids


def test_mqtt_command_longer_expiry_than_a_session_is_not_retried(recommend_text: Advise) -> None:
    r = recommend_text(DEVICES % "expires_after: 30s")
    text = advice_citing(r, "iot-persistent-sessions")
    assert "do not re-send one after it expires" in text


def test_expiry_longer_than_a_session_says_the_session_is_shorter(
        recommend_text: Advise, catalogue: Catalogue) -> None:
    keep = catalogue.number("iot-persistent-sessions")
    r = recommend_text(DEVICES % f"expires_after: {keep * 2:.0f}s")
    text = advice_citing(r, "iot-mqtt5-message-expiry")
    assert "less than their expiry: raise the session expiry" in text
    short = advice_citing(recommend_text(DEVICES % "expires_after: 30s"),
                          "iot-mqtt5-message-expiry")
    assert "raise the session expiry" not in short


def test_command_waiting_for_devices_gets_job_timeout_retry_and_abort(
        recommend_text: Advise, catalogue: Catalogue) -> None:
    r = recommend_text((DEVICES % "").replace("50/s, peak: 800/s", "10/min, peak: 200/s"))
    assert r.model != "push"
    assert any("IoT Jobs" in s.role for s in r.chosen.design.services)
    text = advice_citing(r, "iot-jobs-configurations")
    for setting in ("timeoutConfig", "jobExecutionsRetryConfig", "abortConfig"):
        assert setting in text
    assert "A job per message at 200/s" in text
    assert "CreateJob" in text and "neither is in advisor's catalogue" in text
    # A job is not an MQTT publish: no message-expiry advice.
    assert not any("iot-mqtt5-message-expiry" in facts for _, facts in operations(r))


def test_broadcast_to_devices_above_the_per_connection_rate_is_warned(
        recommend_text: Advise) -> None:
    r = recommend_text("""version: 1
name: fleet
kind: event
throughput: {average: 50/s, peak: 300/s}
latency: 2s
expires_after: 1m
consumers: [{name: lamps, runs_on: device, instances: 500}]
""")
    assert any(w.startswith("Each device of lamps would receive up to 300/s")
               and "per connection" in w for w in r.warnings)


CLIENTS = """version: 1
name: scores
kind: event
throughput: {average: 20/s, peak: 200/s}
latency: 1s
%s
consumers: [{name: fans, runs_on: client}]
"""


def test_expiring_client_updates_are_dropped_and_gone_connections_cleaned(
        recommend_text: Advise) -> None:
    r = recommend_text(CLIENTS % "expires_after: 30s")
    assert r.chosen.design.paths[0].hops[-1] == "api-gateway-websocket"
    texts = [t for t, _ in operations(r)]
    expiry = [t for t in texts if t.startswith("Updates to fans expire after 30s")]
    assert expiry and "drop any older" in expiry[0] and "supersedes" in expiry[0]
    gone = advice_citing(r, "api-gateway-websocket-gone")
    assert "410 GoneException" in gone


def test_clients_without_expiry_get_no_drop_advice(recommend_text: Advise) -> None:
    r = recommend_text(CLIENTS % "")
    assert not any(t.startswith("Updates to") for t, _ in operations(r))
    advice_citing(r, "api-gateway-websocket-gone")


def test_clients_on_iot_core_also_set_message_expiry(recommend_text: Advise) -> None:
    r = recommend_text((CLIENTS % "expires_after: 30s").replace(
        "runs_on: client}", "runs_on: client, recipients: per-message}"))
    assert r.chosen.design.paths[0].hops[-1] == "iot-core"
    text = advice_citing(r, "iot-mqtt5-message-expiry")
    assert text.startswith("Updates to fans") and "30 s" in text


SCHEDULED = """version: 1
name: reminders
kind: command
throughput: {average: 2/s, peak: 30/s}
delay: 30d
processing_time: 300ms
%s
consumers: [{name: renewal-reminder, runs_on: lambda}]
"""


def test_one_time_schedules_get_retry_policy_dlq_and_deletion(
        recommend_text: Advise, catalogue: Catalogue) -> None:
    r = recommend_text(SCHEDULED % "")
    assert r.chosen.design.paths[0].hops[0] == "eventbridge-scheduler"
    text = advice_citing(r, "eventbridge-scheduler-dlq")
    age = catalogue.number("eventbridge-scheduler-retry-policy")
    attempts = catalogue.number("eventbridge-scheduler-retry-attempts")
    assert f"MaximumEventAgeInSeconds up to {age:,.0f}" in text
    assert f"MaximumRetryAttempts up to {attempts:.0f}" in text
    assert "ActionAfterCompletion DELETE" in text and "FIFO is not supported" in text


def test_expiring_scheduled_messages_shorten_the_event_age(recommend_text: Advise) -> None:
    r = recommend_text(SCHEDULED % "expires_after: 10m")
    text = advice_citing(r, "eventbridge-scheduler-retry-policy")
    assert "MaximumEventAgeInSeconds 600 (the messages expire after 10m)" in text


def test_no_device_client_or_schedule_advice_elsewhere(recommend_text: Advise) -> None:
    r = recommend_text("""version: 1
name: plain
kind: event
throughput: {average: 10/s, peak: 100/s}
consumers: [{name: a, runs_on: lambda}, {name: b, runs_on: container}]
""")
    new = {"iot-mqtt5-message-expiry", "iot-jobs-configurations", "api-gateway-websocket-gone",
           "eventbridge-scheduler-dlq"}
    assert not any(new & set(facts) for _, facts in operations(r))


# --- queues priced per instance queue (review 12, #4) -------------------------------------


def with_instance_queues(r: Recommendation, catalogue: Catalogue, consumer: str,
                         n: int) -> Cost:
    """The chosen option's cost with `consumer`'s path standing for n instance queues."""
    option = r.chosen
    paths = tuple(msgspec.structs.replace(p, queues=n) if p.consumer == consumer else p
                  for p in option.design.paths)
    design = msgspec.structs.replace(option.design, paths=paths)
    cost = estimate(design, r.workload, option.sizing, catalogue)
    assert cost is not None
    return cost


def line(cost: Cost, service: str, starts: str) -> tuple[str, float, float]:
    found = [(x.what, x.usd_average, x.usd_peak) for x in cost.lines
             if x.service == service and x.what.startswith(starts)]
    assert len(found) == 1, cost.lines
    return found[0]


BROADCAST = """version: 1
name: caches
kind: event
throughput: {average: 5/s, peak: 50/s}
latency: 2s
processing_time: 5ms
consumers: [{name: cache-nodes, runs_on: container, instances: 300}]
"""

PER_MESSAGE = """version: 1
name: stores
kind: command
throughput: {average: 3/s, peak: 40/s}
payload: {average: 4KB}
latency: 15m
processing_time: 2
ordering: per-key
ordering_key: storeId
consumers:
  - {name: stores, runs_on: on-premises, instances: 1200, recipients: per-message}
"""


def test_broadcast_to_instance_queues_sends_to_every_queue(
        recommend_text: Advise, catalogue: Catalogue) -> None:
    r = recommend_text(BROADCAST)
    assert any(p.follows("sns", "sqs") for p in r.chosen.design.paths)
    one = with_instance_queues(r, catalogue, "cache-nodes", 1)
    many = with_instance_queues(r, catalogue, "cache-nodes", 300)
    what, average, peak = line(many, "sqs", "requests for 300 queue(s) of cache-nodes")
    assert "each message goes to all 300): 300 sends" in what
    price = catalogue.number("price-sqs-standard")
    # 300 sends + 300 x (receive + delete) / 10 per message, above the long-poll floor.
    expected_peak = 50 * SECONDS_PER_MONTH * 300 * (1 + 2 / 10) / 1e6 * price
    assert peak == pytest.approx(expected_peak)
    floor = 300 / catalogue.number("sqs-long-poll-max") * SECONDS_PER_MONTH / 1e6 * price
    assert average >= floor
    assert peak > 250 * line(one, "sqs", "requests for 1 queue(s)")[2]
    # The publishes to SNS are not multiplied; its 300 deliveries to SQS are free.
    assert line(many, "sns", "publishes") == line(one, "sns", "publishes")
    assert any("300 instance queues" in a and "300 free deliveries" in a
               for a in many.assumptions)
    assert any(a.endswith("except the long polls of instance queues.") for a in many.assumptions)
    assert not any("instance queues" in a for a in one.assumptions)


def test_per_message_instance_queues_send_each_message_once(
        recommend_text: Advise, catalogue: Catalogue) -> None:
    r = recommend_text(PER_MESSAGE)
    service = next(s for s in ("sqs-fifo", "sqs") if s in r.chosen.design.service_ids)
    many = with_instance_queues(r, catalogue, "stores", 1200)
    what, average, peak = line(many, service, "requests for 1,200 queue(s) of stores")
    assert "each message goes to one): 1 send, 1 receive and 1 delete per message" in what
    price = catalogue.number("price-sqs-fifo" if service == "sqs-fifo" else
                             "price-sqs-standard")
    chunks = 1  # 4 KB is one 64 KB chunk
    polls = 1200 / catalogue.number("sqs-long-poll-max") * SECONDS_PER_MONTH / 1e6
    per_month = SECONDS_PER_MONTH / 1e6 * chunks
    # Sends and deletes follow the messages; receives never fall below the long polls.
    assert average == pytest.approx((3 * per_month * 2 + max(3 * per_month, polls)) * price)
    assert peak == pytest.approx((40 * per_month * 2 + max(40 * per_month, polls)) * price)
    # 1,200 queues are not 1,200 times the requests: a message goes to one of them.
    assert peak < 3 * line(with_instance_queues(r, catalogue, "stores", 1), service,
                           "requests for 1 queue(s)")[2]


def test_one_queue_per_path_keeps_the_shared_queue_line(
        recommend_text: Advise, catalogue: Catalogue) -> None:
    r = recommend_text(BROADCAST)
    assert line(with_instance_queues(r, catalogue, "cache-nodes", 1), "sqs",
                "requests for 1 queue(s): 1 send + receive and delete per batch of")
