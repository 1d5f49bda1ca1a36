"""Drained routes on Google Cloud: where duplicates must be removed, a consumer that can only
be pushed to is reached through a pull subscription with exactly-once delivery, which the
team's streaming-pull worker drains and delivers from (as SQS FIFO and a function on AWS).

Push and export subscriptions deliver at least once; exactly-once is for pull subscriptions
only, so the deduplicating buffer has to be pulled, and what pulls it pushes on.
"""

from __future__ import annotations

from advisor.core.designs import PUSH_ONLY
from advisor.format.workload import Consumer
from advisor.providers.gcp.building import Builder
from advisor.providers.gcp.designs.poll import buffer, poll_route
from advisor.providers.gcp.designs.push import NOTIFIED, PEOPLE, PROVIDERS, notify, tasks_wanted

PLACES = frozenset({"pubsub-pull", "cloud-run"})  # FCM through push.notify


def drains(b: Builder, consumer: Consumer) -> bool:
    """A consumer only a service can reach, in a flow whose duplicates must be removed: no
    push subscription removes them, so it is delivered to from a drained buffer. A store is
    filled by a runner that pulls (poll_route), which is the same principle. A consumer a
    Cloud Tasks queue dispatches to (a delay, or a capped command) keeps it: the queue refuses
    a duplicate named task itself, and Pub/Sub cannot hold a message back."""
    if b.workload.duplicates != "must-deduplicate":
        return False
    if consumer.runs_on == "store":
        return True
    return (consumer.runs_on in PUSH_ONLY and b.workload.delay is None
            and not tasks_wanted(b, consumer))


def drain_route(b: Builder, consumer: Consumer) -> tuple[str, ...]:
    """The topic, an exactly-once pull subscription, the worker that drains it, and the
    service that reaches the consumer."""
    if consumer.runs_on == "store":
        return poll_route(b, consumer)
    hops = buffer(b, consumer)
    b.use("pubsub-pull", "", f"{consumer.name} can only be pushed to, and its duplicates must "
          "be removed: its subscription has exactly-once delivery, which push subscriptions "
          "lack, and a worker drains it.", "pubsub-exactly-once",
          "pubsub-exactly-once-pull-only")
    worker = b.use("cloud-run", f"streaming-pull worker that delivers to {consumer.name}",
                   "A Cloud Run service (min instances 1 or more) holds a streaming pull "
                   "open, sends each message on, and acknowledges it only after the send; "
                   "it is idempotent on the message id, as the send is outside Pub/Sub's "
                   "guarantee.", "pubsub-pull-autoscaling", "cloud-run-autoscaling",
                   "pubsub-exactly-once")
    if consumer.runs_on in NOTIFIED:
        return (*hops, worker, notify(b, consumer, "The worker"))
    if consumer.runs_on in PEOPLE:
        b.warn(f"Google Cloud has no {consumer.runs_on} service: the worker sends to "
               f"{consumer.name} through a third-party provider's API "
               f"({PROVIDERS[consumer.runs_on]}), whose own limits apply.")
    return (*hops, worker)  # https: the worker calls the partner's endpoint itself
