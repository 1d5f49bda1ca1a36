"""Kinesis priced as an architect would: the mode chosen at the expected volume, provisioned
on the shards advised with head-room, retention for the longest replay, enhanced fan-out at
each mode's own rate, and the JSON's revision-1.1 cost entries. Expected figures are worked
from the catalogue's prices, so a changed price changes the expectation, not the test."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from msgspec.structs import replace

from advisor.core.numbers import Cost
from advisor.core.recommend import advise
from advisor.core.recommendation import Option, Recommendation
from advisor.core.rules import RuleSet
from advisor.providers.aws.catalogue import load_catalogue
from advisor.providers.aws.provider import AWS
from advisor.render.markdown import AdrMeta, render_adr
from tests.conftest import ROOT, run_cli, workload_from

Rec = Callable[[str], Recommendation]
CAT = load_catalogue()
MONTH_S = 730 * 3600  # 2,628,000 s: AWS's 730-hour month
GIB = 1024**3
KB = 1024


def price(fact_id: str) -> float:
    value = CAT.fact(fact_id).value
    assert value is not None
    return value


def spiky(average: str = "200/s", peak: str = "4000/s", replay: str = "3d",
          consumers: int = 2) -> str:
    listed = ", ".join(f"{{name: c{i}, runs_on: container}}" for i in range(consumers))
    return ("version: 1\nname: spiky\nkind: event\n"
            f"throughput: {{average: {average}, peak: {peak}}}\n"
            "payload: {average: 1KB, max: 4KB}\n"
            f"replay: {replay}\nordering: per-key\nordering_key: deviceId\n"
            f"consumers: [{listed}]\n")


def kinesis_option(rec: Recommendation) -> Option:
    return next(o for o in rec.options
                if "kinesis" in o.design.service_ids and not o.ruled_out_by)


def kinesis_lines(cost: Cost) -> dict[str, tuple[float, float]]:
    return {line.fact: (line.usd_average, line.usd_peak) for line in cost.lines
            if line.service == "kinesis"}


def worked(rate: float, readers: int, window_s: float) -> dict[str, float]:
    """Both modes' volume-billed Kinesis lines at `rate` records/s of 1 KB."""
    records = rate * MONTH_S
    gb = records * KB / GIB
    day = CAT.number("kinesis-retention-default")
    return {
        "price-kinesis-on-demand-stream-hour": 730 * price("price-kinesis-on-demand-stream-hour"),
        "price-kinesis-on-demand-in": gb * price("price-kinesis-on-demand-in"),
        "price-kinesis-on-demand-out": readers * gb * price("price-kinesis-on-demand-out"),
        "price-kinesis-on-demand-retention":
            rate * (window_s - day) * KB / GIB * price("price-kinesis-on-demand-retention"),
        "price-kinesis-put-units": records / 1e6 * price("price-kinesis-put-units"),
    }


def test_a_spiky_load_with_a_3_day_replay_is_priced_on_demand(recommend_text: Rec) -> None:
    # 200/s average, 4,000/s peak, 1 KB, 3-day replay, two readers (standard iterators).
    # A month is 730 h = 2,628,000 s: 525.6 M records at the average, 10,512 M at the peak;
    # 525.6 M x 1 KB = 501.27 GB at the average, 10,025.3 GB at the peak.
    #
    # Provisioned: the peak needs 4,000 / 1,000 records/s = 4 shards; with head-room
    # ceil(4 / 0.8) = 5, billed every hour whatever flows:
    #   shards      5 x 730 h x $0.015          = $54.75   (same at the peak)
    #   PUT units   525.6 M x $0.014 / M        = $7.36    (10,512 M: $147.17 at the peak)
    #   retention   3 d > 24 h: 5 x 730 h x $0.02 extended-retention shard-hours = $73.00
    #   average $135.11, sustained peak $274.92
    # On-demand, billed on the volume:
    #   stream      730 h x $0.04               = $29.20
    #   data in     501.27 GB x $0.08           = $40.10   ($802.02 at the peak)
    #   data out    2 readers x 501.27 GB x $0.04 = $40.10 ($802.02 at the peak)
    #   retention   (3 d - 24 h) = 172,800 s x 200/s x 1 KB = 32.96 GB held all month
    #               x $0.10 per GB-month        = $3.30    ($65.92 at the peak)
    #   average $112.70, sustained peak $1,699.16
    # At the expected (average) volume on-demand is cheaper ($112.70 < $135.11), although
    # at a sustained peak it would cost six times as much: that is why the peak is the wrong
    # yardstick for a spiky load.
    rec = recommend_text(spiky())
    opt = kinesis_option(rec)
    cost = opt.cost
    assert cost is not None
    assert opt.sizing.value("kinesis_shards") == 4
    assert opt.sizing.value("kinesis_shards_with_headroom") == 5
    assert not opt.sizing.value("kinesis_enhanced_fan_out")
    window = 3 * 86400
    avg, peak = worked(200, 2, window), worked(4000, 2, window)
    on_demand = [f for f in avg if "on-demand" in f]
    od_avg = sum(avg[f] for f in on_demand)
    od_peak = sum(peak[f] for f in on_demand)
    shard_hours = 5 * 730
    fixed = shard_hours * (price("price-kinesis-shard-hour")
                           + price("price-kinesis-extended-retention"))
    prov_avg = fixed + avg["price-kinesis-put-units"]
    prov_peak = fixed + peak["price-kinesis-put-units"]
    assert round(od_avg, 2) == 112.70 and round(prov_avg, 2) == 135.11
    assert round(prov_peak, 2) == 274.92

    assert cost.mode == "on-demand"
    lines = kinesis_lines(cost)
    assert set(lines) == set(on_demand)
    for fact in on_demand:
        assert lines[fact][0] == pytest.approx(avg[fact], abs=0.005), fact
        assert lines[fact][1] == pytest.approx(peak[fact], abs=0.005), fact
    # The other mode is the same option with Kinesis priced provisioned.
    (alt,) = cost.alternatives
    assert alt.mode == "provisioned"
    assert alt.monthly_usd_average == pytest.approx(
        cost.monthly_usd_average - od_avg + prov_avg, abs=0.02)
    assert alt.monthly_usd_peak == pytest.approx(
        cost.monthly_usd_peak - od_peak + prov_peak, abs=0.02)
    why = next(a for a in cost.assumptions if a.startswith("Kinesis is priced"))
    assert f"on-demand ${od_avg:,.2f} vs provisioned ${prov_avg:,.2f}" in why
    assert f"${od_peak:,.2f} vs ${prov_peak:,.2f} at a sustained peak" in why
    assert "5 shard(s), the peak's 4 with head-room" in why


def test_a_steady_load_with_a_3_day_replay_is_priced_provisioned(recommend_text: Rec) -> None:
    # 4,000/s all month, 1 KB, 3-day replay, two readers. Provisioned, as above at the peak:
    #   5 x 730 h x ($0.015 + $0.02) + 10,512 M x $0.014 / M = $127.75 + $147.17 = $274.92;
    # on-demand: $29.20 + 2 x $802.02 + $802.02 ... = $1,699.16 at the same volume. Shards
    # kept busy all month are the cheaper mode.
    rec = recommend_text(spiky(average="4000/s"))
    cost = kinesis_option(rec).cost
    assert cost is not None and cost.mode == "provisioned"
    lines = kinesis_lines(cost)
    hours = 5 * 730
    expected = {
        "price-kinesis-shard-hour": hours * price("price-kinesis-shard-hour"),
        "price-kinesis-put-units": 4000 * MONTH_S / 1e6 * price("price-kinesis-put-units"),
        "price-kinesis-extended-retention": hours * price("price-kinesis-extended-retention"),
    }
    assert set(lines) == set(expected)
    for fact, usd in expected.items():
        assert lines[fact][0] == pytest.approx(usd, abs=0.005), fact
    assert round(sum(expected.values()), 2) == 274.92
    (alt,) = cost.alternatives
    assert alt.mode == "on-demand"
    assert alt.monthly_usd_average > cost.monthly_usd_average


def test_a_replay_beyond_7_days_adds_long_term_retention_in_both_modes(
        recommend_text: Rec) -> None:
    # 30-day replay at 200/s of 1 KB. Beyond 7 days both modes pay long-term retention:
    # (30 d - 7 d) = 1,987,200 s x 200/s x 1 KB = 379.03 GB held all month x $0.023 = $8.72.
    # On-demand's own retention covers 24 h to 7 d: 518,400 s x 200/s x 1 KB = 98.88 GB
    # x $0.10 = $9.89.
    rec = recommend_text(spiky(replay="30d"))
    cost = kinesis_option(rec).cost
    assert cost is not None and cost.mode == "on-demand"
    lines = kinesis_lines(cost)
    long_term = (30 - 7) * 86400 * 200 * KB / GIB * price("price-kinesis-long-term-retention")
    week = (7 * 86400 - CAT.number("kinesis-retention-default")) * 200 * KB / GIB \
        * price("price-kinesis-on-demand-retention")
    assert round(long_term, 2) == 8.72 and round(week, 2) == 9.89
    assert lines["price-kinesis-long-term-retention"][0] == pytest.approx(long_term, abs=0.005)
    assert lines["price-kinesis-on-demand-retention"][0] == pytest.approx(week, abs=0.005)
    assert any("price-kinesis-long-term-retrieval" in a for a in cost.assumptions)


def test_without_replay_nothing_is_retained_and_provisioned_wins(recommend_text: Rec) -> None:
    # The spiky load without a replay: no retention in either mode. Provisioned
    # 5 x 730 h x $0.015 + 525.6 M x $0.014 / M = $54.75 + $7.36 = $62.11 against on-demand
    # $29.20 + $40.10 + $40.10 = $109.40: it is the 3-day retention, billed per shard-hour
    # in provisioned mode ($73.00), that makes on-demand the cheaper above.
    rec = recommend_text(spiky(replay="none"))
    cost = kinesis_option(rec).cost
    assert cost is not None and cost.mode == "provisioned"
    lines = kinesis_lines(cost)
    assert set(lines) == {"price-kinesis-shard-hour", "price-kinesis-put-units"}
    shards = 5 * 730 * price("price-kinesis-shard-hour")
    puts = 200 * MONTH_S / 1e6 * price("price-kinesis-put-units")
    assert round(shards + puts, 2) == 62.11
    assert sum(a for a, _ in lines.values()) == pytest.approx(shards + puts, abs=0.01)
    (alt,) = cost.alternatives
    assert alt.monthly_usd_average - cost.monthly_usd_average == pytest.approx(
        109.40 - 62.11, abs=0.02)


def test_enhanced_fan_out_on_demand_is_billed_at_its_own_rate(recommend_text: Rec) -> None:
    # Three readers need enhanced fan-out (more than 2 share 5 GetRecords calls/s a shard).
    # On-demand: 3 x 501.27 GB x $0.05 (EFO retrieval) = $75.19, not the shared $0.04 rate.
    rec = recommend_text(spiky(consumers=3))
    opt = kinesis_option(rec)
    cost = opt.cost
    assert cost is not None and cost.mode == "on-demand"
    assert opt.sizing.value("kinesis_enhanced_fan_out") == 1
    lines = kinesis_lines(cost)
    efo = 3 * 200 * MONTH_S * KB / GIB * price("price-kinesis-on-demand-efo")
    assert round(efo, 2) == 75.19
    assert "price-kinesis-on-demand-out" not in lines
    assert lines["price-kinesis-on-demand-efo"][0] == pytest.approx(efo, abs=0.005)


def test_the_reasons_name_the_ramp_and_on_demand_advantage(recommend_text: Rec) -> None:
    cost = kinesis_option(recommend_text(spiky())).cost
    assert cost is not None
    text = " ".join(cost.assumptions)
    assert CAT.fact("kinesis-on-demand-capacity").text in text
    assert "peak writes 3.9 MiB/s" in text  # 4,000/s x 1 KB
    # 4,000 records/s of 1 KB: 4,000 records/s and 3.9 MiB/s, within a new stream's 4 MiB/s
    # and 4,000 records/s (kinesis-on-demand-initial-write)
    assert "4,000 records/s, within a new stream's capacity" in text
    assert "On-demand Advantage is left out" in text and "kinesis-advantage" in text


def test_json_cost_entries_follow_revision_1_1() -> None:
    result = run_cli(["recommend", str(ROOT / "examples" / "live-scores.yaml"),
                      "--dry-run", "--format", "json"])
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)["workloads"][0]
    costs = {c["model"]: c for c in entry["cost"]}
    assert set(costs) == {"push", "poll", "hybrid"}  # one per model, ruled-out ones too
    for model, c in costs.items():
        assert c["ruled_out"] is (model in entry["ruled_out"])
        assert isinstance(c["unpriced"], list) and isinstance(c["lines"], list)
    streamed = [c for c in costs.values() if "kinesis" in c["services"]]
    assert streamed and any(c["ruled_out"] for c in streamed)
    for c in streamed:
        assert c["mode"] in ("provisioned", "on-demand")
        (alt,) = c["alternatives"]
        assert set(alt) == {"mode", "monthly_usd_average", "monthly_usd_peak"}
        assert alt["mode"] != c["mode"]
    assert all("mode" not in c for c in costs.values() if "kinesis" not in c["services"])


def test_the_adr_shows_the_mode_and_the_other_figures(recommend_text: Rec) -> None:
    rec = recommend_text(spiky())
    text = render_adr(rec, AdrMeta(1, dt.date(2026, 11, 28), "spiky.yaml"))
    cost = kinesis_option(rec).cost
    assert cost is not None
    (alt,) = cost.alternatives
    assert (f"kinesis (on-demand; option total with provisioned Kinesis "
            f"\\${alt.monthly_usd_average:,.2f} average, "
            f"\\${alt.monthly_usd_peak:,.2f} peak)") in text
    assert "Kinesis is priced in on-demand mode, the cheaper at the expected (average) " \
           "volume" in text


def test_a_retention_price_missing_from_the_catalogue_is_listed_unpriced(
        rules: RuleSet) -> None:
    fact = CAT.fact("price-kinesis-on-demand-retention")
    facts = {**CAT.facts, fact.id: replace(fact, value=None)}
    rec = advise(workload_from(spiky()), rules, replace(CAT, facts=facts), provider=AWS)
    cost = kinesis_option(rec).cost
    assert cost is not None and cost.mode == "on-demand"
    assert fact.id not in kinesis_lines(cost)
    assert "kinesis" in cost.unpriced
    assert any(p.startswith(f"Kinesis {fact.title}: no price") for p in cost.unpriced_parts)
