"""Google Cloud sizing and cost: each figure shows its arithmetic, prices carry their
status, and the parts nobody priced are named with what would be billed."""

from __future__ import annotations

from collections.abc import Callable

from advisor.core.recommendation import Option, Recommendation

Run = Callable[[str], Recommendation]
FANOUT = """kind: event
throughput: {average: 100/s, peak: 2000/s}
payload: {average: 2KB}
processing_time: 300ms
ordering: per-key
ordering_key: orderId
consumers:
  - {name: billing, runs_on: https}
  - {name: ledger, runs_on: container}
  - {name: warehouse, runs_on: store, batching: required}
"""
RATE_LIMITED = """kind: command
throughput: {average: 50/s, peak: 900/s}
payload: {average: 40KB}
processing_time: 200ms
consumers: [{name: partner-call, runs_on: function, max_rate: 20/s}]
"""


def chosen(rec: Recommendation) -> Option:
    return next(o for o in rec.options if o.model == rec.model)


def formulas(option: Option) -> dict[str, tuple[str, str]]:
    return {f.key: (f.shown, f.formula) for f in option.sizing.figures}


def test_pubsub_quotas_per_region_and_cloud_run_instances_show_their_arithmetic(
        on_gcp: Run) -> None:
    rec = on_gcp(FANOUT)
    found = formulas(chosen(rec))
    assert found["pubsub_publish_pct"] == (
        "2.0%", "Publishing (peak 2,000/s x max(payload 2KB, 1 kB)) 4.10 MB/s / quota 200 "
        "MB/s in us-central1 = 2.0%")
    assert found["pubsub_push_pct"][0] == "20.5%"  # 20 MB/s push quota (unverified)
    assert found["pubsub_ordering_keys_min"] == (
        "5", "peak 2,000/s x payload 2KB / 1 MB/s per key, rounded up = 5")
    pushed = formulas(next(o for o in rec.options if o.model == "push"))
    assert pushed["cloud_run_instances.ledger"] == (
        "8", "peak 2,000/s x processing 300ms = 600.0 in flight / concurrency 80, rounded up "
        "= 8")


def test_a_small_region_has_a_quarter_of_the_publish_quota(on_gcp: Run) -> None:
    found = formulas(chosen(on_gcp("region: asia-south1\n" + FANOUT)))
    assert found["pubsub_publish_pct"][1].endswith("/ quota 50 MB/s in asia-south1 = 8.2%")
    # Google's push quota for small regions is not known: said, not guessed
    notes = chosen(on_gcp("region: asia-south1\n" + FANOUT)).sizing.notes
    assert any(n.startswith("Push subscriber throughput per region: Google states no value")
               for n in notes)


def test_cloud_tasks_rate_and_concurrency_follow_the_handler(on_gcp: Run) -> None:
    found = formulas(chosen(on_gcp(RATE_LIMITED)))
    assert found["cloud_tasks_rate.partner-call"] == (
        "20", "capacity 20/s over 1 queue of at most 500/s = 20/s")
    assert found["cloud_tasks_concurrency.partner-call"] == (
        "8", "20/s x processing 200ms x 2 head-room, rounded up = 8 (at most 5,000)")


def test_a_rate_above_one_queue_is_spread_over_queues(on_gcp: Run) -> None:
    text = RATE_LIMITED.replace("max_rate: 20/s", "max_rate: 20/s, max_concurrency: 2000")
    text = text.replace("20/s,", "800/s,").replace("peak: 900/s", "peak: 1200/s")
    rec = on_gcp(text)
    found = formulas(next(o for o in rec.options if o.model == "push"))
    assert found["cloud_tasks_queues.partner-call"] == (
        "2", "capacity 800/s / 500/s per queue, rounded up = 2")


def test_cost_names_unverified_prices_and_unpriced_services(on_gcp: Run) -> None:
    cost = chosen(on_gcp(FANOUT)).cost
    assert cost is not None
    lines = {line.service: line for line in cost.lines}
    assert set(lines) == {"pubsub", "pubsub-push", "pubsub-pull", "pubsub-cloud-storage"}
    assert all("(unverified price)" in line.what for line in lines.values())
    assert lines["pubsub-cloud-storage"].what.endswith("at $50 per TiB (unverified price)")
    assert not cost.unpriced  # billing is a partner's endpoint, ledger pulls
    pushed = next(o for o in on_gcp(FANOUT).options if o.model == "push").cost
    assert pushed is not None and set(pushed.unpriced) == {"cloud-run"}
    assert ("Google Cloud Run service: 100 messages/s at the average rate (2,000/s at the "
            "peak); no sourced price") in pushed.unpriced_parts
    # 2 KB x 100/s x 730 h = 0.4895 TiB a month at $40, less the free 10 GiB
    assert round(lines["pubsub"].usd_average, 2) == 19.19


def test_cloud_tasks_bill_operations_in_32_kb_chunks_less_the_free_million(on_gcp: Run
                                                                          ) -> None:
    cost = chosen(on_gcp(RATE_LIMITED)).cost
    assert cost is not None
    (line,) = [c for c in cost.lines if c.service == "cloud-tasks"]
    # 50/s x 2,628,000 s x 2 operations x 2 chunks = 525.6 M, less 1 M free, at $0.40/M
    assert "525.6 at the average rate" in line.what and "less 1 free" in line.what
    assert round(line.usd_average, 2) == round((525.6 - 1) * 0.4, 2)
    assert "(unverified" not in line.what  # read on the official pricing page


def test_no_rate_no_cost(on_gcp: Run) -> None:
    assert chosen(on_gcp("kind: event\nconsumers: [{name: a, runs_on: https}]\n")).cost is None
