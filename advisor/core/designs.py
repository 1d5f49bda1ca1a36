"""The shape of a design: services with their roles, and the route to each consumer.

Plain values, neutral: a provider builds them (providers/<cloud>/designs), the core compares
them, and the renderers draw them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from advisor.core.decision import Delivery
    from advisor.format.words import Model

WORKER = "workers"  # a consumer's own pollers (containers, on-premises servers): no service id
PEOPLE = ("email", "sms", "mobile-push")
PUSH_ONLY = (*PEOPLE, "client", "https")


class ServiceUse(Struct, frozen=True):
    """A service in a design, its role and why it is there."""

    id: str
    role: str
    why: str
    facts: tuple[str, ...] = ()


class ConsumerPath(Struct, frozen=True):
    """How messages reach one consumer: pushed or polled, through which services."""

    consumer: str
    delivery: Delivery
    hops: tuple[str, ...]  # service ids between the producer and the consumer, in order
    runs_on: str
    count: int = 1  # how many alike consumers take this route (`consumers: N` is one group)
    # How many separate queues this path stands for, per consumer of the group: one per
    # instance where a consumer's instances each pull their own (a broadcast fills every
    # one; a per-message recipient's message goes to its addressee's queue only).
    queues: int = 1

    def follows(self, first: str | tuple[str, ...], then: str | tuple[str, ...]) -> bool:
        """Whether a hop in `first` is directly followed by one in `then`."""
        firsts = (first,) if isinstance(first, str) else first
        thens = (then,) if isinstance(then, str) else then
        return any(a in firsts and b in thens for a, b in zip(self.hops, self.hops[1:],
                                                                 strict=False))


class Design(Struct, frozen=True):
    """The services of one option and the path to each consumer."""

    model: Model
    services: tuple[ServiceUse, ...]
    paths: tuple[ConsumerPath, ...]
    operations: tuple[tuple[str, tuple[str, ...]], ...]  # (advice, catalogue fact ids)
    warnings: tuple[str, ...]
    feasible: bool
    summary: str
    unbuildable: tuple[str, ...] = ()  # why the design cannot be built, where it cannot

    @property
    def service_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.services)
