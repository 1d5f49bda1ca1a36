"""What the advice modules share: the advice type and questions about a design's routes."""

from __future__ import annotations

from advisor.core.designs import ConsumerPath
from advisor.format.workload import Consumer
from advisor.providers.aws.building import Builder

Advice = tuple[str, tuple[str, ...]]


def follows_any(paths: list[ConsumerPath], first: str | tuple[str, ...],
                then: str | tuple[str, ...]) -> bool:
    return any(p.follows(first, then) for p in paths)


def has_any(b: Builder, *services: str) -> bool:
    return any(s in b.uses for s in services)


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high))


def consumers_on(b: Builder, paths: list[ConsumerPath]) -> list[Consumer]:
    """The consumers these paths reach, found by name once (a workload lists up to 1,000)."""
    by_name = {c.name: c for c in b.workload.consumers}
    return [by_name[p.consumer] for p in paths if p.consumer in by_name]


def names_of(consumers: list[Consumer]) -> str:
    return ", ".join(dict.fromkeys(c.name for c in consumers))
