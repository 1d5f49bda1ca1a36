"""The services that reach people, browsers and devices are sized against their limits:
email sending rate, SMS per toll-free number, messages to connections, devices per
Notification Hubs tier, IoT Hub cloud-to-device sends per unit."""

from __future__ import annotations

import pytest

from advisor.core.numbers import Cost
from advisor.core.recommendation import Recommendation
from tests.providers.azure.azure_helpers import recommend


def one(consumer: str, peak: str = "100/s") -> Recommendation:
    return recommend(f"version: 1\nname: reach\nkind: event\nthroughput: {{peak: {peak}}}\n"
                     f"consumers:\n  - {consumer}\n")


def figures(rec: Recommendation) -> dict[str, float]:
    return {f.key: f.value for f in rec.chosen.sizing.figures}


def cost(rec: Recommendation) -> Cost:
    assert rec.chosen.cost is not None
    return rec.chosen.cost


def test_an_email_rate_beyond_the_sending_limit_is_reported() -> None:
    rec = one("{name: mail, runs_on: email, recipients: per-message}", "5/s")
    assert any(q.fact == "communication-services-email-limits"
               for q in rec.chosen.sizing.quotas)
    slow = one("{name: mail, runs_on: email, recipients: per-message}", "1/h")
    assert not slow.chosen.sizing.quotas


def test_sms_needs_a_toll_free_number_per_two_hundred_a_minute_and_leases_them() -> None:
    rec = one("{name: text, runs_on: sms, recipients: per-message}", "10/s")
    assert figures(rec)["communication_services_toll_free_numbers"] == 4  # 10 / 3.33
    lease = [li for li in cost(rec).lines if li.fact == "communication-services-price-toll-free"]
    assert lease and lease[0].usd_average == pytest.approx(8.0)


def test_email_and_sms_are_both_priced() -> None:
    rec = recommend("version: 1\nname: r\nkind: event\nthroughput: {peak: 1/s}\nconsumers:\n"
                    "  - {name: mail, runs_on: email, recipients: per-message}\n"
                    "  - {name: text, runs_on: sms, recipients: per-message}\n")
    facts = {li.fact for li in cost(rec).lines}
    assert {"communication-services-price-email", "communication-services-price-sms"} <= facts


def test_messages_to_connections_are_counted_against_what_units_include() -> None:
    rec = one("{name: board, runs_on: client, instances: 500}", "100/s")
    found = figures(rec)
    assert found["web_pubsub_units"] == 1
    assert found["web_pubsub_messages_per_day"] == pytest.approx(100 * 86400 * 500)
    assert any("messages a day exceed" in n for n in rec.chosen.sizing.notes)


def test_more_devices_than_basic_holds_are_priced_as_standard() -> None:
    many = one("{name: phones, runs_on: mobile-push, instances: 2000000}", "10/s")
    assert any(li.fact == "notification-hubs-price-standard" for li in cost(many).lines)
    assert many.chosen.sizing.quotas
    few = one("{name: phones, runs_on: mobile-push, instances: 1000}", "10/s")
    assert any(li.fact == "notification-hubs-price-basic" for li in cost(few).lines)


def test_cloud_to_device_sends_set_the_iot_hub_units() -> None:
    rec = one("{name: fleet, runs_on: device, instances: 1000}", "100/s")
    assert figures(rec)["iot_hub_units"] == 60  # 100/s over 1.67/s per S1 unit
    hub = [li for li in cost(rec).lines if li.fact == "iot-hub-price-s1"]
    assert hub and hub[0].usd_average == pytest.approx(60 * 25)
