"""Azure's sizing shows its arithmetic, and its cost names what it cannot price."""

from __future__ import annotations

import pytest

from advisor.providers.azure.cost import PRICERS, UNPRICED
from advisor.providers.azure.provider import AZURE
from tests.providers.azure.azure_helpers import recommend

STREAM = """version: 1
name: telemetry
kind: event
producer: device
throughput: {average: 1500/s, peak: 2500/s}
payload: {average: 2KB}
processing_time: 10ms
consumers:
  - {name: status, runs_on: function}
"""


def figures(text: str) -> dict[str, tuple[float, str]]:
    rec = recommend(text)
    return {f.key: (f.value, f.formula) for f in rec.chosen.sizing.figures}


def test_event_hubs_throughput_units_follow_the_larger_of_events_and_bytes() -> None:
    found = figures(STREAM)
    # 2,500/s over 1,000 events/s per TU = 3; 2,500/s x 2 KB = 4.9 MB/s over 1 MB/s = 5.
    assert found["event_hubs_throughput_units"][0] == 5
    assert "ceil(2,500/s / 1,000 events/s) = 3" in found["event_hubs_throughput_units"][1]
    # 2,500/s x 10 ms over batches of 100 = 1 busy reader: the 5 TUs set the partitions.
    assert found["event_hubs_partitions"][0] == 5


def test_service_bus_stays_standard_below_its_operations_limit_and_goes_premium_above() -> None:
    low = figures("version: 1\nname: c\nkind: command\nthroughput: {average: 10/s, peak: "
                  "72/s}\nconsumers:\n  - {name: w, runs_on: container}\n")
    assert low["service_bus_operations_per_s"][0] == 216
    assert low["service_bus_premium"][0] == 0
    high = figures("version: 1\nname: c\nkind: command\nthroughput: {average: 100/s, peak: "
                   "500/s}\nconsumers:\n  - {name: w, runs_on: container}\n")
    assert high["service_bus_premium"][0] == 1
    assert high["service_bus_messaging_units"][0] == 1
    cost = recommend("version: 1\nname: c\nkind: command\nthroughput: {average: 100/s, "
                     "peak: 500/s}\nconsumers:\n  - {name: w, runs_on: container}\n"
                     ).chosen.cost
    assert cost is not None and cost.monthly_usd_average == pytest.approx(677.08)
    assert "unverified price" in cost.lines[0].what


def test_functions_instances_at_the_peak_on_the_service_bus_trigger() -> None:
    found = figures("version: 1\nname: f\nkind: command\nthroughput: {average: 10/s, peak: "
                    "100/s}\nprocessing_time: 500ms\nconsumers:\n  - {name: f, runs_on: "
                    "function}\n")
    assert found["functions_concurrent_executions"][0] == 50
    assert found["functions_instances"][0] == 4  # ceil(50 / 16)


def test_event_grid_cost_counts_a_publish_and_each_delivery_less_the_free_grant() -> None:
    rec = recommend("version: 1\nname: e\nkind: event\nthroughput: {average: 10/s, peak: "
                    "10/s}\nconsumers:\n  - {name: p, runs_on: https}\n")
    cost = rec.chosen.cost
    assert cost is not None
    grid = next(line for line in cost.lines if line.service == "event-grid")
    # 10/s x 2,628,000 s = 26.28M events x 2 operations = 52.56M, less 0.1M free, at $0.60/M.
    assert grid.usd_average == pytest.approx((52.56 - 0.1) * 0.60)
    assert cost.unpriced == ("webhook",)
    assert cost.unpriced_parts == (UNPRICED["webhook"],)


def test_an_unpriced_service_is_named_with_why_never_given_a_figure() -> None:
    rec = recommend("version: 1\nname: d\nkind: event\nthroughput: {average: 5/s, peak: "
                    "5/s}\nconsumers:\n  - {name: browsers, runs_on: client, instances: "
                    "3000}\n")
    cost = rec.chosen.cost
    assert cost is not None
    assert "web-pubsub" in cost.unpriced
    assert any("Web PubSub" in part for part in cost.unpriced_parts)
    assert all(line.service != "web-pubsub" for line in cost.lines)
    units = {f.key: f.value for f in rec.chosen.sizing.figures}
    assert units["web_pubsub_units"] == 3


def test_every_service_is_priced_or_named_unpriced_and_never_both() -> None:
    assert set(PRICERS) | set(UNPRICED) == set(AZURE.vocabulary.service_ids)
    assert not set(PRICERS) & set(UNPRICED)


def test_a_topic_reaching_more_consumers_than_its_subscriptions_is_flagged() -> None:
    rec = recommend("version: 1\nname: s\nkind: event\nconsumers: 600\n")
    quotas = [q for o in rec.options for q in o.sizing.quotas]
    assert any(q.fact == "event-grid-subscriptions-per-topic" and "600" in q.text
               for q in quotas)
