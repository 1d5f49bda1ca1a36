"""What the gate knows of templates and of the cloud's words, read from
advisor/data/conformance.yaml: the resource types, the part each plays, the services that
explain a shared part, the catalogue facts. The code that compares names none of them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import msgspec

from advisor.format.yamlnodes import safe_load


class Services(msgspec.Struct, frozen=True):
    queue: tuple[str, ...]
    function: tuple[str, ...]
    called_directly: tuple[str, ...]
    connected: dict[str, tuple[str, ...]]
    fifo_queue: str
    standard_queue: str
    fifo_topic: str
    standard_topic: str
    stream: str


class Types(msgspec.Struct, frozen=True):
    queue: str
    topic: str
    subscription: str
    rule: str
    stream: str
    mapping: str
    invoke_config: str
    function: str
    sam_function: str


class Vocab(msgspec.Struct, frozen=True):
    cloud: str
    types: Types
    parts: dict[str, str]
    shared_by: dict[str, tuple[str, ...]]
    services: Services
    polled_events: dict[str, str]
    pushed_events: dict[str, str]
    partial_batch_only_with: dict[str, str | None]
    facts: dict[str, str]


# Read once a process: the file ships with advisor and never changes during a run.
@cache
def vocab() -> Vocab:
    path = Path(__file__).resolve().parents[2] / "data" / "conformance.yaml"
    return msgspec.convert(safe_load(path.read_text(encoding="utf-8")), Vocab)
