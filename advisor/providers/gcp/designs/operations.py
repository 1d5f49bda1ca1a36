"""What a Google Cloud design needs to run safely: retries, dead-lettering and poison
messages for each delivering service, ordering, duplicates and replay. Each line states the
catalogue's values and names the facts behind it."""

from __future__ import annotations

from advisor.format import units
from advisor.providers.gcp.building import Builder
from advisor.providers.gcp.designs.running import kept_for, settings


def operate(b: Builder) -> tuple[tuple[str, tuple[str, ...]], ...]:
    c = b.catalogue
    used = set(b.uses)
    pushed = {h for p in b.paths if p.delivery == "push" for h in p.hops}
    pulled = {h for p in b.paths if p.delivery == "poll" for h in p.hops}
    # a drained route pulls its subscription though the consumer is pushed to
    pulled |= {h for p in b.paths if "pubsub-pull" in p.hops for h in p.hops}
    days = units.format_duration(c.number("pubsub-retention-default"))
    low, high = int(c.number("pubsub-dlq-attempts-min")), int(c.number("pubsub-dlq-attempts"))
    found: list[tuple[str, tuple[str, ...]]] = []
    if "pubsub" in used:
        found.append(("Create every subscription before the producer publishes: a topic "
                      "without subscriptions drops what it receives.",
                      ("pubsub-no-subscription-loss",)))
    if "pubsub-push" in pushed:
        kept = kept_for(b, "push")
        until = (f"its retention ends ({kept}, set from the messages' expiry)" if kept
                 else f"retention ends ({days} by default)")
        found.append((f"Each push subscription: a retry policy (backoff up to "
                      f"{c.number('pubsub-retry-policy'):g} s) and a dead-letter topic after "
                      f"{low} delivery attempts (settable {low} to {high}); the handler returns "
                      f"a non-2xx status to retry. Without it a poison message is retried until "
                      f"{until}. Watch the dead-letter topic's "
                      "subscription and replay it after a fix.",
                      ("pubsub-retry-policy", "pubsub-dlq-attempts", "pubsub-retention-default")))
    if "pubsub-pull" in pulled:
        found.append((f"Pullers acknowledge only after the work is done, extend the ack "
                      f"deadline for long work (at most {c.number('pubsub-ack-deadline-max'):g} "
                      f"s), and give each subscription a dead-letter topic ({low} to {high} "
                      "attempts) so a poison message stops coming back. Scale workers on the "
                      "backlog, with a minimum above zero.",
                      ("pubsub-ack-deadline-max", "pubsub-dlq-attempts",
                       "pubsub-pull-autoscaling")))
    if "eventarc" in used:
        hours = units.format_duration(c.number("eventarc-retry-window"))
        found.append((f"Eventarc retries for {hours} by default and then discards the event: "
                      "set a dead-letter topic on the trigger's transport subscription, and "
                      "keep retries on (a trigger made from the Cloud Run page tries once).",
                      ("eventarc-retry-window", "eventarc-dlq", "eventarc-single-attempt")))
    if "cloud-tasks" in used:
        found.append(("Set each queue's RetryConfig (max_attempts, max_retry_duration, "
                      "backoff): Cloud Tasks has no dead-letter queue, so the handler records "
                      "a task on its last attempt; the worker returns 429 or 503 to slow the "
                      "queue. Name tasks to have duplicates refused for about "
                      f"{units.format_duration(c.number('cloud-tasks-dedup-window'))}.",
                      ("cloud-tasks-retry-config", "cloud-tasks-throttling",
                       "cloud-tasks-dedup-window")))
    if "workflows" in used:
        found.append(("A workflow acknowledges its event when it starts: retries and error "
                      "handling after that are the workflow's own steps.",
                      ("eventarc-workflows-ack",)))
    if "firebase-cloud-messaging" in used:
        found.append(("FCM refuses sends over its quota with 429 until the next minute: the "
                      "sending function retries with backoff, and drops registration tokens "
                      "FCM reports as unregistered.", ("fcm-send-quota",)))
    found += _requirements(b, pushed, pulled)
    found += settings(b)
    return tuple(found)


def _requirements(b: Builder, pushed: set[str], pulled: set[str]
                  ) -> list[tuple[str, tuple[str, ...]]]:
    c, w = b.catalogue, b.workload
    found: list[tuple[str, tuple[str, ...]]] = []
    if w.ordering == "per-key" and "pubsub" in b.uses:
        found.append((f"Enable message ordering on each subscription and publish with the "
                      f"ordering key {w.ordering_key or ''} (at most "
                      f"{units.format_size(c.number('pubsub-ordering-key-size'))}) from one "
                      "region; each key carries at most "
                      f"{c.number('pubsub-publish-per-ordering-key') / 1e6:g} MB/s.",
                      ("pubsub-ordering-guarantee", "pubsub-publish-per-ordering-key")))
    if w.ordering != "none":
        found += _ordered_dead_letters(b)
    if w.duplicates == "must-deduplicate":
        if "pubsub-pull" in pulled:
            found.append(("Enable exactly-once delivery on the pull subscriptions (within one "
                          "region); the publisher must not republish blindly, as a message "
                          "published twice is two messages.",
                          ("pubsub-exactly-once", "pubsub-exactly-once-pull-only")))
        drained = [p.consumer for p in b.paths if p.delivery == "push" and "cloud-run" in p.hops
                   and "pubsub-pull" in p.hops]
        if drained:
            found.append((f"The workers that deliver to {', '.join(drained)} acknowledge a "
                          "message only after its send succeeded and check that the "
                          "acknowledgement itself succeeded (exactly-once subscriptions "
                          "default to a 60 s ack deadline: extend it while a send is slow, or "
                          "the message comes back); they keep the message ids they have sent, "
                          "as the send lies outside Pub/Sub's guarantee, and publisher and "
                          "subscription stay in one region.",
                          ("pubsub-exactly-once", "pubsub-exactly-once-pull-only",
                           "pubsub-ack-deadline-max")))
        if pushed & {"pubsub-push", "eventarc", "pubsub-bigquery", "pubsub-cloud-storage"}:
            found.append(("Push and export subscriptions deliver at least once (exactly-once "
                          "is for pull only): pushed handlers deduplicate on the message id.",
                          ("pubsub-exactly-once-pull-only", "pubsub-bigquery-subscription")))
    on_topic = {p.consumer for p in b.paths if "pubsub" in p.hops
                and "managed-kafka" not in p.hops}
    replays = [x for x in w.consumers if x.replay and x.name in on_topic]
    if replays:
        longest = units.format_duration(max(x.replay for x in replays))
        names = ", ".join(x.name for x in replays)
        found.append((f"For the replays of {names}, set the topic's message retention to at "
                      f"least {longest} (at most "
                      f"{units.format_duration(c.number('pubsub-retention-max'))}), so "
                      "acknowledged messages stay, and seek the subscription to a time or a "
                      "snapshot to re-read them.",
                      ("pubsub-seek", "pubsub-retention-max", "pubsub-snapshot-lifetime")))
    return found


def _ordered_dead_letters(b: Builder) -> list[tuple[str, tuple[str, ...]]]:
    """Every subscription is advised a dead-letter topic; for an ordered consumer that topic
    takes a message out of its key's sequence, which the consumer must be told."""
    lettered = [p.consumer for p in b.paths
                if {"pubsub-push", "pubsub-pull", "eventarc"} & set(p.hops)]
    if not lettered:
        return []
    names = ", ".join(dict.fromkeys(lettered))
    b.warn(f"Dead-lettering a message breaks the order for its key: the key's later messages "
           f"reach {names} without it.")
    return [(f"Order with a dead-letter topic ({names}): a message dead-lettered leaves its "
             "key's sequence and the later messages of the key are delivered without it. "
             "Alert on the dead-letter topic at once, and have the publisher number each "
             "key's messages so the handler sees a gap and holds that key's state until the "
             "dead letter is replayed.",
             ("pubsub-ordering-redelivery", "pubsub-dlq-attempts"))]
