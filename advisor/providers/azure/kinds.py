"""What Azure tells the core's facts: which services are logs, queues and push routers, which
runtimes poll for themselves, and where each source can publish (from the catalogue)."""

from __future__ import annotations

from advisor.core.facts import CloudFacts

# Retained and read by pollers. The Functions Cosmos DB trigger stands for the change feed it
# polls: it is the only first hop of that source, so a source that reaches only it is a
# polled stream, as IoT Hub's Event Hubs-compatible endpoint is.
LOGS = ("event-hubs", "iot-hub", "functions")
SOURCE_BUFFERS = (*LOGS, "service-bus-queue", "storage-queue", "event-grid-namespace")
BUFFERS = ("service-bus-queue", "service-bus-topic", "event-hubs", "storage-queue",
           "event-grid-namespace")
PUSH_ROUTERS = ("event-grid",)
PUSH_ONLY_RUNTIMES = ("client", "email", "sms", "mobile-push", "https", "device", "store")
# Functions and containers receive from Service Bus, Event Hubs and Storage queues; a logic
# app reads Service Bus through its peek-lock connector.
SELF_POLLING_RUNTIMES = ("function", "lambda", "container", "on-premises", "workflow")
PER_MESSAGE_ROUTES = (("email", "sent through Azure Communication Services Email"),
                      ("sms", "sent through Azure Communication Services SMS"),
                      ("mobile-push", "sent to each device handle through Notification Hubs"))


def source_targets(source: str) -> tuple[str, ...]:
    """The services a source can publish to, from the catalogue (its first hops)."""
    from advisor.providers.azure.catalogue import load_catalogue  # cached; only sources pay

    return tuple(load_catalogue().source(source).targets)


AZURE_FACTS = CloudFacts(LOGS, SOURCE_BUFFERS, BUFFERS, PUSH_ROUTERS, PUSH_ONLY_RUNTIMES,
                         SELF_POLLING_RUNTIMES, source_targets, PER_MESSAGE_ROUTES)
