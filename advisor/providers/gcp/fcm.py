"""How a notification reaches its recipients through FCM: to each registration token, or to
a topic that FCM fans out. The route's words and the sizing's count of sends read one answer,
so a design never says tokens while its figures count topic messages (or the reverse)."""

from __future__ import annotations

from msgspec import Struct

from advisor.format import units
from advisor.format.workload import Consumer, Workload

# FCM states topic messages are "optimized for throughput rather than latency" and promises
# no delivery time; a target under a second is one a topic's fan-out is not built for.
FAST = 1.0  # seconds


class Targeting(Struct, frozen=True):
    """What one message to a consumer becomes in FCM."""

    tokens: bool  # sent to registration tokens (else to one topic)
    sends: int  # FCM messages per message of the flow (the quota counts these)
    why: str


def targeting(w: Workload, consumer: Consumer) -> Targeting:
    """A message for one recipient goes to its token; a broadcast goes to a topic (one send
    FCM fans out), unless the latency target is tighter than a topic is built for, when it
    is sent to every recipient's token."""
    n = consumer.instances
    if consumer.recipients == "per-message" or n == 1:
        return Targeting(True, 1, "each message to its recipient's registration token")
    if w.latency is not None and w.latency < FAST:
        return Targeting(True, n, f"each message to all {n:,} registration tokens, as a "
                         f"topic is not built for {units.format_duration(w.latency)}")
    return Targeting(False, 1, f"each message to one FCM topic the {n:,} recipients are "
                     "subscribed to, which FCM fans out")


def latency_warning(w: Workload, consumer: Consumer) -> str | None:
    t = targeting(w, consumer)
    if not t.tokens or t.sends == 1 or w.latency is None:
        return None
    return (f"{consumer.name} wants each message within {units.format_duration(w.latency)}: "
            "FCM topic messages are optimised for throughput, not latency, and a project "
            "runs at most 1,000 topic fan-outs at once, so each message is sent to all "
            f"{consumer.instances:,} registration tokens ({t.sends:,} FCM messages each, "
            "counted against the project's quota): where the quota cannot be raised that "
            "far, FCM cannot keep this target.")
