"""Google Cloud's words: the service ids a workload and a design may name, and the sources
that emit (both as the format spec lists them for `cloud: gcp`)."""

from __future__ import annotations

from typing import Literal, get_args

from advisor.format.vocabulary import Vocabulary

# In the catalogue's order, which is the order ADRs list them.
ServiceId = Literal[
    "pubsub", "pubsub-push", "pubsub-pull", "pubsub-bigquery", "pubsub-cloud-storage",
    "eventarc", "cloud-tasks", "cloud-run", "cloud-run-functions", "workflows",
    "cloud-scheduler", "dataflow", "managed-kafka", "firebase-cloud-messaging", "webhook",
]
SERVICE_IDS: tuple[ServiceId, ...] = get_args(ServiceId)
SOURCES = (
    "cloud-storage", "cloud-logging", "cloud-billing", "firestore",
    "firebase-realtime-database", "cloud-monitoring",
)
VOCABULARY = Vocabulary(
    "gcp", SERVICE_IDS, SOURCES, service_name="Google Cloud service",
    region_name="Google Cloud region", region_pattern=r"[a-z]+(-[a-z]+)*\d+",
    region_example="europe-west1", default_region="us-central1")
