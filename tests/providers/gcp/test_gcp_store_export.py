"""A store on Google Cloud is loaded by an export subscription: BigQuery for a table, Cloud
Storage for files, chosen from what the workload states; the sink's own bill is named."""

from __future__ import annotations

from collections.abc import Callable

from advisor.core.recommendation import Recommendation

Run = Callable[[str], Recommendation]
STORE = """kind: event
throughput: {average: 50/s, peak: 500/s}
payload: {average: 2KB}
consumers: [{name: warehouse, runs_on: store%s}]
"""


def sink(rec: Recommendation) -> str:
    return rec.chosen.design.paths[0].hops[-1]


def test_a_store_that_prefers_batches_still_gets_a_table(on_gcp: Run) -> None:
    rec = on_gcp(STORE % ", batching: preferred")
    assert sink(rec) == "pubsub-bigquery"
    role = next(s.role for s in rec.chosen.design.services if s.id == "pubsub-bigquery")
    assert "a Cloud Storage subscription writes files to a bucket instead" in role


def test_a_store_that_states_nothing_gets_a_table(on_gcp: Run) -> None:
    assert sink(on_gcp(STORE % "")) == "pubsub-bigquery"


def test_a_store_that_requires_batches_gets_files(on_gcp: Run) -> None:
    assert sink(on_gcp(STORE % ", batching: required")) == "pubsub-cloud-storage"


def test_the_export_the_workload_names_wins_over_batching(on_gcp: Run) -> None:
    files = on_gcp("existing: [pubsub-cloud-storage]\n" + STORE % "")
    assert sink(files) == "pubsub-cloud-storage"
    table = on_gcp("existing: [pubsub-bigquery]\n" + STORE % ", batching: required")
    assert sink(table) == "pubsub-bigquery"


def test_the_sink_bill_is_named_as_not_priced(on_gcp: Run) -> None:
    cost = on_gcp(STORE % "").chosen.cost
    assert cost is not None
    assert any(p.startswith("BigQuery: the rows the subscription writes")
               for p in cost.unpriced_parts)
    files = on_gcp(STORE % ", batching: required").chosen.cost
    assert files is not None
    assert any(p.startswith("Cloud Storage: the files") for p in files.unpriced_parts)
