"""The workload format (version 1) as data: one tree that both the validator and the
generated JSON Schema read, so the two cannot drift.

The tree is neutral; the words that name a cloud's services and regions come from the
Vocabulary it is built for (`spec_for`).
"""

from __future__ import annotations

from functools import lru_cache

from msgspec import Struct

from advisor.format import units
from advisor.format.limits import MAX_LISTED_CONSUMERS, MAX_WAIVERS
from advisor.format.shapes import Field, ListOf, Mapping_, NoneOr, OneOf
from advisor.format.spec import Const, Count, Date, Enum, Text, Unit, suggest
from advisor.format.vocabulary import CLOUDS, DEFAULT_CLOUD, Vocabulary
from advisor.format.words import (
    ADDRESSED,
    BATCH_MODES,
    CROSSINGS,
    DUPLICATES,
    KINDS,
    MODELS,
    ORDERINGS,
    PRODUCERS,
    RECIPIENTS,
    REPLAYERS,
    RUNS_ON,
)

# Read from here by the rest of advisor (the format's words, and the "did you mean" helper).
__all__ = ["ADDRESSED", "MODELS", "RUNS_ON", "WorkloadSpec", "spec_for", "suggest"]

RATE = Unit(units.parse_rate, units.RATE_FORMS, "a rate", units.RATE_PATTERN)
SIZE = Unit(units.parse_size, units.SIZE_FORMS, "a size", units.SIZE_PATTERN)
DURATION = Unit(units.parse_duration, units.DURATION_FORMS, "a duration", units.DURATION_PATTERN)

BATCHING = OneOf(
    scalar=Enum(BATCH_MODES),
    mapping=Mapping_({
        "size": Field(Count(1, 10_000_000), doc="messages per batch"),
        "window": Field(DURATION, doc="how long to gather a batch"),
    }, name="batch"),
)
REPLAY = OneOf(
    scalar=NoneOr(DURATION),
    mapping=Mapping_({
        "window": Field(DURATION, required=True, doc="how far back"),
        "by": Field(Enum(REPLAYERS), doc="consumer: the consumer re-reads from its own "
                    "position in a log (the default); operator: after a fix, an operator "
                    "re-sends a time range (an archive suffices)"),
    }, name="replay"),
    doc="none, a window (`30d`, re-read by the consumer), or {window, by}",
)
EXPIRES_AFTER = Field(DURATION, doc="a message older than this is worthless to the consumer; "
                      "without it, late messages are still wanted")

CONSUMER = Mapping_({
    "name": Field(Text(r"[a-z0-9][a-z0-9-]*", 64, "a lower-case name of letters, digits and "
                       "dashes, at most 64 characters"), required=True),
    "max_rate": Field(RATE, doc="the most this consumer can absorb"),
    "batching": Field(BATCHING, doc="overrides the workload's batching for this consumer"),
    "runs_on": Field(Enum(RUNS_ON), doc="where the consumer runs"),
    "replay": Field(REPLAY, doc="overrides the workload's replay for this consumer"),
    "recipients": Field(Enum(RECIPIENTS), doc="fixed: the same subscribers every time "
                        "(default); per-message: each message names its own recipient"),
    "instances": Field(Count(1, 10_000_000), doc="how many separately addressed instances "
                       "this consumer stands for (devices, stores, connections); default 1"),
    "max_concurrency": Field(Count(1, 1_000_000), doc="the most messages this consumer may "
                             "work on at once"),
    "expires_after": Field(EXPIRES_AFTER.spec, doc="overrides the workload's expires_after "
                           "for this consumer"),
}, name="consumer")

NAME = Text(r"[a-z0-9][a-z0-9-]*", 64,
            "a lower-case name of letters, digits and dashes, at most 64 characters, "
            "starting with a letter or digit")
VERSION = Field(Const(1), doc="format version; only 1 exists")
FILE_KEYS = ("version", "system", "defaults", "workloads")
SYSTEM = NAME

WAIVER = Mapping_({
    "rule": Field(Text(r"[A-Z]{2,5}\d{3}", 8, "a rule id such as PP303"), required=True),
    "reason": Field(Text(r"\s*\S[\s\S]*", 2000, "a reason that is not empty"), required=True),
    "expires": Field(Date(), doc="after this date the waiver no longer applies"),
}, name="waiver")


class WorkloadSpec(Struct, frozen=True):
    """The format for one cloud's words: a single workload, a workload under `workloads:`
    (no version of its own), and `defaults:` (neither version nor name)."""

    vocabulary: Vocabulary
    fields: dict[str, Field]
    workload: Mapping_
    entry: Mapping_
    defaults: Mapping_


# Each vocabulary's tree, built once (a few hundred
# objects) and keyed on the vocabulary itself, a frozen value, so that two clouds' words
# never share a tree and a changed vocabulary is a new key.
@lru_cache(maxsize=8)
def spec_for(vocabulary: Vocabulary) -> WorkloadSpec:
    """The workload format whose `source`, `existing`, `decision.services` and `region` take
    `vocabulary`'s words."""
    services = ListOf(Enum(vocabulary.service_ids), max_items=len(vocabulary.service_ids))
    fields: dict[str, Field] = {
        "version": VERSION,
        "cloud": Field(Enum(CLOUDS), doc="the provider whose services, quotas and prices the "
                       f"design uses (default {DEFAULT_CLOUD}; only {vocabulary.cloud} is "
                       "supported so far)"),
        "name": Field(NAME, required=True, doc="names the ADR file"),
        "title": Field(Text(max_length=200), doc="the ADR title"),
        "description": Field(Text(max_length=20_000), doc="goes into the ADR's context"),
        "kind": Field(Enum(KINDS), required=True),
        "throughput": Field(Mapping_({"average": Field(RATE), "peak": Field(RATE)},
                                     name="rates")),
        "payload": Field(Mapping_({"average": Field(SIZE), "max": Field(SIZE)}, name="sizes")),
        "latency": Field(DURATION, doc="end-to-end target, publish to consumer starting work"),
        "processing_time": Field(DURATION, doc="how long a consumer takes per message"),
        "ordering": Field(Enum(ORDERINGS)),
        "ordering_key": Field(Text(max_length=200), doc="what groups the messages (per-key)"),
        "duplicates": Field(Enum(DUPLICATES)),
        "replay": Field(REPLAY),
        "expires_after": EXPIRES_AFTER,
        "delay": Field(DURATION, doc="the longest a message must wait before it is delivered"),
        "batching": Field(BATCHING),
        # A count is one group however large; only listed consumers cost work each (facts,
        # routes, sizing, a table row). 1,000 is far past a real flow's subscribers (a
        # topic's fan-out to named services is tens) yet keeps `recommend` to seconds.
        "consumers": Field(OneOf(number=Count(1, 100_000), sequence=ListOf(
            CONSUMER, unique=False, max_items=MAX_LISTED_CONSUMERS,
            too_many="describe alike consumers once and give the rest as a count "
                     "(`consumers: 5000`), or split the flow into several workloads"))),
        "producer": Field(Enum(PRODUCERS)),
        "source": Field(Enum(vocabulary.sources)),
        # Lists of distinct values hold each at most once, so they are capped at that before
        # any item is checked: under `defaults:` a list is checked again for every workload.
        "existing": Field(services),
        "crosses": Field(ListOf(Enum(CROSSINGS), max_items=len(CROSSINGS))),
        "region": Field(Text(vocabulary.region_pattern, 40,
                                   f"{vocabulary.a_region} such as {vocabulary.region_example}")),
        "implemented_by": Field(Text(max_length=1000), doc="the infrastructure template that "
                                "deploys this flow (CloudFormation or SAM, YAML or JSON), "
                                "relative to the workload file; `advisor check` verifies it "
                                "conforms to the decision"),
        "decision": Field(Mapping_({
            "model": Field(Enum(MODELS)),
            "services": Field(services),
            "waivers": Field(ListOf(
                WAIVER, unique=False, max_items=MAX_WAIVERS,
                too_many="waive a rule once; a flow that needs this many waivers needs other "
                         "rules (a team rule pack)"),
                doc="rules the team has decided not to follow, each with a reason"),
        }, name="decision")),
    }
    return WorkloadSpec(
        vocabulary=vocabulary,
        fields=fields,
        workload=Mapping_(fields, name="workload"),
        entry=Mapping_({k: f for k, f in fields.items() if k != "version"}, name="workload"),
        # A multi-workload file: `defaults` holds any workload key, merged under each one.
        defaults=Mapping_({k: Field(f.spec, doc=f.doc) for k, f in fields.items()
                           if k not in ("version", "name")}, name="defaults"),
    )
