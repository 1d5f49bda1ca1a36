"""Azure's figures as an architect reads them: partitions from throughput and batches, each
function at its own consumer's rate, sessions by MaxConcurrentSessions, Event Hubs' tier from
its 40-TU and 7-day limits, Capture priced where it is named, stream readers billed per
batch."""

from __future__ import annotations

import pytest

from advisor.core.recommendation import Recommendation
from tests.providers.azure.azure_helpers import recommend

REPLAYED = """version: 1
name: order-placed
kind: event
throughput: {peak: 900/s, average: 100/s}
processing_time: 150ms
consumers:
  - {name: analytics-loader, runs_on: container, replay: 30d}
  - {name: fraud, runs_on: function}
"""


def figures(rec: Recommendation, model: str = "") -> dict[str, tuple[float, str]]:
    option = next(o for o in rec.options if o.model == (model or rec.model))
    return {f.key: (f.value, f.formula) for f in option.sizing.figures}


def test_partitions_follow_throughput_and_batches_not_one_event_at_a_time() -> None:
    found = figures(recommend(REPLAYED))
    # 900/s x 150 ms = 135 events in flight, read in batches of 100: 2 readers, not 135.
    assert found["event_hubs_partitions"][0] == 2
    assert "batches of 100" in found["event_hubs_partitions"][1]


def test_replay_beyond_seven_days_needs_premium_and_says_why() -> None:
    rec = recommend(REPLAYED)
    assert figures(rec)["event_hubs_premium"][0] == 1
    assert any("Premium or Dedicated" in w for w in rec.chosen.design.warnings)
    cost = rec.chosen.cost
    assert cost is not None
    assert not any(line.fact == "event-hubs-price-standard-tu" for line in cost.lines)
    assert any("Premium" in part for part in cost.unpriced_parts)
    short = recommend(REPLAYED.replace("replay: 30d", "replay: 3d"))
    assert figures(short)["event_hubs_premium"][0] == 0
    assert not any("Premium" in w for w in short.chosen.design.warnings)


def test_replay_beyond_ninety_days_reads_capture() -> None:
    rec = recommend(REPLAYED.replace("replay: 30d", "replay: 180d"))
    hub = next(u for u in rec.chosen.design.services if u.id == "event-hubs")
    assert "event-hubs-capture" in hub.facts
    assert any("Capture" in w for w in rec.chosen.design.warnings)


def test_beyond_forty_throughput_units_standard_is_not_priced() -> None:
    rec = recommend("version: 1\nname: firehose\nkind: event\nproducer: device\n"
                    "throughput: {peak: 50000/s}\nconsumers:\n"
                    "  - {name: reader, runs_on: container}\n")
    assert figures(rec)["event_hubs_premium"][0] == 1
    cost = rec.chosen.cost
    assert cost is not None
    assert not any(line.service == "event-hubs" for line in cost.lines)


def test_capture_is_priced_where_a_store_reads_the_stream() -> None:
    rec = recommend("""version: 1
name: clicks
kind: event
throughput: {peak: 3000/s, average: 1000/s}
consumers:
  - {name: lake, runs_on: store}
  - {name: live, runs_on: client, instances: 10}
""")
    option = next(o for o in rec.options if "event-hubs" in o.design.service_ids
                  and any(p.runs_on == "store" for p in o.design.paths))
    assert option.cost is not None
    capture = [line for line in option.cost.lines if line.fact == "event-hubs-price-capture"]
    tus = figures(rec, option.model)["event_hubs_throughput_units"][0]
    assert capture and capture[0].usd_average == pytest.approx(73.0 * tus)


def test_each_function_runs_at_its_own_consumers_rate() -> None:
    rec = recommend("""version: 1
name: loyalty
kind: event
throughput: {peak: 50/s}
processing_time: 150ms
consumers:
  - {name: points, runs_on: container, max_rate: 5/s}
  - {name: receipts, runs_on: function}
""")
    # receipts takes the whole 50/s: 7.5 in flight, not the container's 5/s.
    found = figures(rec)
    assert found["functions_concurrent_executions"][0] == 8
    assert found["functions_concurrent_executions"][1].startswith("50/s x")


def test_ordered_sessions_are_sized_by_max_concurrent_sessions() -> None:
    text = """version: 1
name: ledger
kind: command
throughput: {peak: 400/s}
processing_time: 1s
ordering: per-key
ordering_key: order_id
consumers:
  - {name: ledger, runs_on: function}
"""
    found = figures(recommend(text))
    assert found["functions_instances"][0] == 50  # 400 in flight / 8 sessions
    unordered = figures(recommend(text.replace("ordering: per-key\nordering_key: order_id\n",
                                               "")))
    assert unordered["functions_instances"][0] == 25  # 400 / 16 calls


def test_functions_on_a_stream_are_billed_per_batch() -> None:
    rec = recommend("""version: 1
name: telemetry
kind: event
producer: device
throughput: {average: 1000/s, peak: 2500/s}
consumers:
  - {name: status, runs_on: function}
""")
    cost = rec.chosen.cost
    assert cost is not None
    runs = next(line for line in cost.lines if line.fact == "functions-price-executions")
    # 1,000/s for a month is 2,628 million events: 26.28 million batches of 100.
    assert runs.usd_average == pytest.approx(26.28 * 0.2)


def test_the_premium_reason_names_each_cause_on_its_own() -> None:
    rec = recommend("version: 1\nname: big\nkind: command\nthroughput: {peak: 40/s}\n"
                    "payload: {max: 1MB}\nconsumers:\n  - {name: w, runs_on: container}\n")
    value, formula = figures(rec)["service_bus_premium"]
    assert value == 1
    assert formula == ("120 ops/s <= Standard's 1,000 ops/s; messages above Standard's 256 KB "
                       "(a Premium entity takes 1 MB until raised; a claim check would keep "
                       "Standard)")
