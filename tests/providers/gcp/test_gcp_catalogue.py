"""The Google Cloud catalogue: every fact sourced, dated and with its status as the fact
sheet gives it; prices nobody found are named unpriced, never given a figure."""

from __future__ import annotations

import datetime as dt

from advisor.core.catalogue import Catalogue
from advisor.providers.gcp.cost import PRICERS, UNPRICED
from advisor.providers.gcp.vocabulary import SERVICE_IDS, SOURCES


def test_every_service_of_the_spec_is_in_the_catalogue_in_order(gcp_catalogue: Catalogue
                                                                ) -> None:
    assert tuple(gcp_catalogue.services) == SERVICE_IDS
    assert SERVICE_IDS == (
        "pubsub", "pubsub-push", "pubsub-pull", "pubsub-bigquery", "pubsub-cloud-storage",
        "eventarc", "cloud-tasks", "cloud-run", "cloud-run-functions", "workflows",
        "cloud-scheduler", "dataflow", "managed-kafka", "firebase-cloud-messaging", "webhook")


def test_every_fact_has_an_https_source_a_date_and_a_status(gcp_catalogue: Catalogue) -> None:
    for fact in gcp_catalogue.facts.values():
        assert fact.source.startswith("https://"), fact.id
        assert dt.date(2019, 1, 1) <= fact.as_of <= gcp_catalogue.as_of, fact.id
        assert fact.status in ("verified", "unverified", "conflict"), fact.id


def test_the_share_of_verified_facts(gcp_catalogue: Catalogue) -> None:
    facts = list(gcp_catalogue.facts.values())
    assert (sum(f.certain for f in facts), len(facts)) == (63, 83)


def test_prices_are_verified_only_where_read_on_the_official_page(gcp_catalogue: Catalogue
                                                                 ) -> None:
    status = {f.id: f.status for f in gcp_catalogue.facts.values() if f.kind == "price"}
    assert status == {
        "pubsub-price-throughput": "unverified", "pubsub-price-free-tier": "unverified",
        "pubsub-price-export": "unverified", "pubsub-price-storage": "unverified",
        "cloud-tasks-price": "verified", "cloud-tasks-price-free": "verified",
        "scheduler-price": "verified"}


def test_services_nobody_priced_are_named_unpriced(gcp_catalogue: Catalogue) -> None:
    priced = {f.service for f in gcp_catalogue.facts.values() if f.kind == "price"}
    expected = {"eventarc", "cloud-run", "cloud-run-functions", "workflows", "dataflow",
                "managed-kafka", "firebase-cloud-messaging", "webhook"}
    assert expected == UNPRICED
    assert not UNPRICED & priced
    assert set(PRICERS) == set(SERVICE_IDS)


def test_each_source_lists_where_it_can_publish(gcp_catalogue: Catalogue) -> None:
    assert tuple(gcp_catalogue.sources) == SOURCES
    targets = {s.id: s.targets for s in gcp_catalogue.sources.values()}
    assert targets["cloud-logging"] == ("pubsub",)
    assert targets["cloud-storage"] == ("pubsub", "eventarc", "cloud-run-functions")
    for source in gcp_catalogue.sources.values():
        assert all(f in gcp_catalogue.facts for f in source.facts)
