"""Azure's words: the service ids a workload and a design may name, and the sources that emit."""

from __future__ import annotations

from typing import Literal, get_args

from advisor.format.vocabulary import Vocabulary

# In the catalogue's order, which is the order ADRs list them (the format spec's list).
ServiceId = Literal[
    "event-grid", "event-grid-namespace", "service-bus-queue", "service-bus-topic",
    "event-hubs", "storage-queue", "functions", "durable-functions", "logic-apps",
    "container-apps", "web-pubsub", "signalr", "communication-services", "notification-hubs",
    "iot-hub", "stream-analytics", "webhook",
]
SERVICE_IDS: tuple[ServiceId, ...] = get_args(ServiceId)
SOURCES = ("blob-storage", "cosmos-db", "iot-hub", "event-grid-system-topic", "monitor-alerts")
# Azure region names are one lower-case word with an optional digit: westeurope, eastus2.
VOCABULARY = Vocabulary(
    "azure", SERVICE_IDS, SOURCES, service_name="Azure service", region_name="Azure region",
    region_pattern=r"[a-z]+[1-9]?", region_example="westeurope", default_region="eastus")
