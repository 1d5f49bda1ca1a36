"""What Google Cloud tells the core's facts: which services are logs, buffers and push
routers, which runtimes poll for themselves, and where each source can publish."""

from __future__ import annotations

from advisor.core.facts import CloudFacts

LOGS = ("managed-kafka",)  # retained and read from the consumer's own offset
# A Pub/Sub topic holds a source's messages in whatever pull subscription reads it.
SOURCE_BUFFERS = ("pubsub", "managed-kafka")
BUFFERS = ("pubsub-pull", "managed-kafka", "cloud-tasks")
PUSH_ROUTERS = ("pubsub", "pubsub-push", "eventarc")
PUSH_ONLY_RUNTIMES = ("client", "email", "sms", "mobile-push", "https", "device", "store")
# A function holds no streaming pull open: it pulls only when something starts it.
SELF_POLLING_RUNTIMES = ("container", "on-premises")
PER_MESSAGE_ROUTES = (
    ("email", "sent by a function through a third-party email API (Google Cloud has none)"),
    ("sms", "sent by a function through a third-party SMS API (Google Cloud has none)"),
    ("mobile-push", "sent to each device's registration token through Firebase Cloud "
                    "Messaging"))


def source_targets(source: str) -> tuple[str, ...]:
    """The services a source can publish to, from the catalogue (its first hops)."""
    from advisor.providers.gcp.catalogue import load_catalogue  # cached; only sources pay

    return tuple(load_catalogue().source(source).targets)


GCP_FACTS = CloudFacts(LOGS, SOURCE_BUFFERS, BUFFERS, PUSH_ROUTERS, PUSH_ONLY_RUNTIMES,
                       SELF_POLLING_RUNTIMES, source_targets, PER_MESSAGE_ROUTES)
