"""The settings a Google Cloud service needs to run a design safely, beyond retries: Managed
Kafka's retention, partitions and keys, Cloud Scheduler's retries, export subscriptions'
schema and permissions, push to a partner's endpoint, and the retention of messages that go
stale. Each line names the catalogue facts behind it."""

from __future__ import annotations

import math

from advisor.format import units
from advisor.providers.gcp.building import Builder

Advice = tuple[str, tuple[str, ...]]


def settings(b: Builder) -> list[Advice]:
    found = _kafka(b) + _scheduler(b) + _exports(b) + _partners(b)
    return found + expiry(b)


def _partners(b: Builder) -> list[Advice]:
    """A push subscription that calls a partner's URL speaks the partner's terms: the
    partner verifies who calls, and reads its own payload rather than Pub/Sub's envelope."""
    names = [p.consumer for p in b.paths
             if p.runs_on == "https" and p.hops and p.hops[-1] == "pubsub-push"]
    if not names:
        return []
    return [(f"Pub/Sub pushes to the partner's URL of {', '.join(names)} itself: authenticate "
             "each push with an OIDC token (--push-auth-service-account, "
             "--push-auth-token-audience) for the partner to verify, and send the payload "
             "unwrapped (--push-no-wrapper, with --push-no-wrapper-write-metadata for the "
             "attributes) unless the partner reads Pub/Sub's JSON envelope; the partner's "
             "endpoint answers 2xx only once it has the message, as any other status is "
             "retried.", ("pubsub-push-gcloud-flags", "pubsub-push-auth"))]


def _kafka(b: Builder) -> list[Advice]:
    if "managed-kafka" not in b.uses:
        return []
    w = b.workload
    longest = max((c.replay for c in w.consumers), default=0.0)
    keep = (f"at least the longest replay ({units.format_duration(longest)})" if longest
            else "as long as a reader may fall behind")
    parts = ["Set the Kafka topic's retention to " + keep + "."]
    if w.rate_peak is not None and w.processing_time:
        # One member of a consumer group reads a partition at a time: the readers the peak
        # needs (Little's law) is the fewest partitions that let them all work.
        readers = max(1, math.ceil(w.rate_peak * w.processing_time))
        parts.append(f"Give it at least {readers:,} partitions (peak "
                     f"{units.format_rate(w.rate_peak)} x processing "
                     f"{units.format_duration(w.processing_time)}, one reader per partition); "
                     "partitions can be added, never removed.")
    else:
        parts.append("Size its partitions from the peak rate over what one reader handles; "
                     "partitions can be added, never removed.")
    if w.ordering == "per-key":
        key = f" {w.ordering_key}" if w.ordering_key else ""
        parts.append(f"Use the ordering key{key} as the message key, so each key's messages "
                     "stay in one partition, in order.")
    parts.append("Size the cluster with Google's formula from the write-equivalent rate.")
    return [(" ".join(parts), ("kafka-retention-offsets", "kafka-cluster-sizing"))]


def _scheduler(b: Builder) -> list[Advice]:
    if "cloud-scheduler" not in b.uses:
        return []
    return [("Each Cloud Scheduler job: retry_count defaults to 0, so a failed start waits "
             "for the next run; set retries (they back off until the next scheduled time) "
             "and an attempt deadline longer than a drain takes (3 minutes by default, at "
             "most 30).", ("scheduler-retries",))]


def _exports(b: Builder) -> list[Advice]:
    found: list[Advice] = []
    agent = ("give the subscription a dead-letter topic, and grant the Pub/Sub service agent "
             "publish on that topic")
    if "pubsub-bigquery" in b.uses:
        found.append(("Each BigQuery subscription: without drop_unknown_fields a message with "
                      "fields the table lacks is not written and stays in the backlog, as does "
                      "every message while the subscription shows SCHEMA_MISMATCH or "
                      "PERMISSION_DENIED: set drop_unknown_fields or keep the table's schema "
                      f"ahead of the topic's, let the service agent write the table, {agent}, "
                      "and alert on the backlog's age.",
                      ("pubsub-bigquery-states", "pubsub-bigquery-subscription",
                       "pubsub-dlq-attempts")))
    if "pubsub-cloud-storage" in b.uses:
        found.append(("Each Cloud Storage subscription: let the Pub/Sub service agent write "
                      f"the bucket, {agent}, and alert on the backlog's age: what it cannot "
                      "write waits in the subscription.",
                      ("pubsub-cloud-storage-batching", "pubsub-dlq-attempts")))
    return found


def expiry(b: Builder) -> list[Advice]:
    """A message wanted only for a while is kept only that long, and dropped once stale."""
    subscribed = {p.consumer for p in b.paths
                  if {"pubsub-push", "pubsub-pull"} & set(p.hops)}
    stale = [c for c in b.workload.consumers
             if c.expires_after is not None and c.name in subscribed]
    found: list[Advice] = []
    least = b.catalogue.number("pubsub-retention-min")
    for consumer in stale:
        after = consumer.expires_after or 0.0
        kept = units.format_duration(max(after, least))
        found.append((f"Messages for {consumer.name} are stale after "
                      f"{units.format_duration(after)}: set its subscription's retention to "
                      f"{kept} (no less than {units.format_duration(least)} is allowed), and "
                      "have its handler acknowledge without acting on any message whose "
                      f"publish_time is older than {units.format_duration(after)}.",
                      ("pubsub-retention-min", "pubsub-retention-default")))
    return found


def kept_for(b: Builder, delivery: str) -> str | None:
    """How long the subscriptions of a delivery keep an unacknowledged message, when every
    consumer on them states an expiry; None where the default retention holds."""
    names = {p.consumer for p in b.paths if p.delivery == delivery}
    expiries = [c.expires_after for c in b.workload.consumers if c.name in names]
    if not expiries or any(e is None for e in expiries):
        return None
    least = b.catalogue.number("pubsub-retention-min")
    return units.format_duration(max(max(e or 0.0 for e in expiries), least))
