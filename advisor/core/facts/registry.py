"""The facts rules may read: each one's name, meaning and type, and its value in words.

A rule file is checked against this registry when it is loaded: a condition names only
facts listed here, and compares each only as its type allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from msgspec import Struct

from advisor.format import units
from advisor.format.schema import RUNS_ON

FactValue = bool | int | float | str | tuple[str, ...] | None


FactType = Literal["bool", "rate", "size", "duration", "count", "ratio", "enum", "text", "set"]


class FactSpec(Struct, frozen=True):
    """What a fact that rules may read means, and the type of its value."""

    type: FactType
    doc: str
    choices: tuple[str, ...] = ()
    # An enum whose words are the cloud's (its vocabulary's sources), not the core's own.
    choices_from: Literal["", "sources"] = ""


FLOW_FACTS: dict[str, FactSpec] = {
    "kind": FactSpec("enum", "event (a fact that happened) or command (work for one owner)",
                     ("event", "command")),
    "throughput_stated": FactSpec("bool", "the workload states a rate"),
    "rate_average": FactSpec("rate", "average rate"),
    "rate_peak": FactSpec("rate", "peak rate (the average when no peak is given)"),
    "burstiness": FactSpec("ratio", "peak / average"),
    "payload_average": FactSpec("size", "average message size"),
    "payload_max": FactSpec("size", "largest message size"),
    "latency": FactSpec("duration", "end-to-end latency target"),
    "processing_time": FactSpec("duration", "time a consumer spends on one message"),
    "ordering": FactSpec("enum", "ordering requirement", ("none", "per-key", "global")),
    "ordered": FactSpec("bool", "some ordering is required (per-key or global)"),
    "must_deduplicate": FactSpec("bool", "duplicates must be removed before consumers see them"),
    "replay_shared": FactSpec("duration", "how far back every one of two or more consumers "
                              "must re-read history themselves (the shortest of their windows)"),
    "delay": FactSpec("duration", "the longest a message must wait before it is delivered"),
    "consumer_count": FactSpec("count", "number of consumers"),
    "fan_out": FactSpec("bool", "an event with two or more consumers"),
    "producer": FactSpec("enum", "who publishes",
                         ("application", "aws-service", "third-party", "device")),
    "source": FactSpec("enum", "the AWS service that emits the messages",
                       choices_from="sources"),
    "source_push_native": FactSpec("bool", "the source AWS service pushes each message to "
                                   "its targets itself"),
    "source_polled_stream": FactSpec("bool", "the source can only be read by polling its stream"),
    "source_targets": FactSpec("set", "where the source can publish (catalogue)"),
    "source_reaches_buffer": FactSpec("bool", "the source can write to a queue or stream "
                                      "itself"),
    "existing": FactSpec("set", "services already in place"),
    "existing_push_router": FactSpec("bool", "an SNS topic or EventBridge bus is already in place"),
    "crosses_accounts": FactSpec("bool", "producer and consumers are in different accounts"),
    "crosses_regions": FactSpec("bool", "producer and consumers are in different Regions"),
    "region": FactSpec("text", "AWS Region for quotas and prices"),
    "lambda_concurrency_peak": FactSpec("count", "concurrent Lambda executions at peak "
                                        "(peak rate x processing time, summed over Lambda "
                                        "consumers)"),
    "consumers_differ": FactSpec("bool", "consumers differ in what they need: a capacity "
                                 "below the peak, batching, or replay of their own"),
    "consumers_capped": FactSpec("count", "consumers whose capacity is below the peak"),
    "consumers_batching": FactSpec("count", "consumers that want batches"),
    "consumers_replaying": FactSpec("count", "consumers that must re-read history themselves "
                                    "(replay by consumer)"),
    "consumers_unreachable": FactSpec("count", "consumers the broker cannot reach (on-premises, "
                                      "outbound only)"),
    "consumers_push_only": FactSpec("count", "consumers that can only be pushed to (people, "
                                    "browsers, devices, HTTPS endpoints, data stores)"),
    "consumers_self_polling": FactSpec("count", "consumers whose runtime can poll for itself "
                                       "(functions, containers, on-premises)"),
    "consumers_not_self_polling": FactSpec("count", "consumers that cannot poll for themselves "
                                           "(people, endpoints, workflows, or not stated)"),
    "consumers_on_containers": FactSpec("count", "consumers running as long-lived containers"),
    "stream_readers": FactSpec("count", "readers one shared log would need: every consumer "
                               "that could pull, each of its instances a reader where it "
                               "needs every message"),
    "instances_sharing_pulls": FactSpec("count", "consumers that stand for several instances "
                                        "which each pull every message (a broadcast to "
                                        "stores, servers or workers of their own)"),
    "device_commands_waiting": FactSpec("count", "device fleets that must receive a command "
                                        "even if they connect later (a command with no "
                                        "expires_after)"),
    "existing_buffer": FactSpec("bool", "a queue or stream (SQS, Kinesis, MSK, Amazon MQ) is "
                                "already in place"),
    "largest_batch": FactSpec("count", "the largest batch size any consumer asks for"),
    "longest_batch_window": FactSpec("duration", "the longest batch window any consumer asks for"),
    # Filled in by the engine from the per-consumer reasoning, before the flow rules run.
    "consumers_leaning_push": FactSpec("count", "consumers best served by push delivery"),
    "consumers_leaning_poll": FactSpec("count", "consumers best served by polling at their "
                                       "own pace"),
}

CONSUMER_FACTS: dict[str, FactSpec] = {
    "consumer.name": FactSpec("text", "the consumer's name"),
    "consumer.runs_on": FactSpec("enum", "where the consumer runs", (*RUNS_ON, "unstated")),
    "consumer.max_rate": FactSpec("rate", "the most this consumer can absorb"),
    "consumer.max_concurrency": FactSpec("count", "the most messages it may work on at once"),
    "consumer.capacity": FactSpec("rate", "the most it can absorb: max_rate, or max_concurrency "
                                  "/ processing_time, whichever is lower"),
    "consumer.capped": FactSpec("bool", "its capacity is below the peak (or a limit is stated "
                                "and the demand on it is not known): it must be shielded from "
                                "bursts"),
    "consumer.batching": FactSpec("enum", "the consumer's batching need",
                                  ("none", "preferred", "required")),
    "consumer.batch_size": FactSpec("count", "messages per batch the consumer asks for"),
    "consumer.batch_window": FactSpec("duration", "how long the consumer gathers a batch"),
    "consumer.replay": FactSpec("duration", "how far back this consumer must re-read"),
    "consumer.replay_by": FactSpec("enum", "who replays: the consumer re-reads a log, or an "
                                   "operator re-sends from an archive", ("consumer", "operator")),
    "consumer.expires_after": FactSpec("duration", "after this a message is worthless to it"),
    "consumer.unreachable": FactSpec("bool", "runs on-premises behind a firewall: outbound "
                                     "connections only"),
    "consumer.push_only": FactSpec("bool", "people, browsers, devices, an HTTPS endpoint or a "
                                   "data store: it cannot poll an AWS queue"),
}

ALL_FACTS: dict[str, FactSpec] = {**FLOW_FACTS, **CONSUMER_FACTS}


def describe(name: str, value: FactValue) -> str:
    """A fact's value as a person reads it: "2,000/s", "180KB", "5s", "yes"."""
    spec = ALL_FACTS[name]
    if value is None:
        return "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value) if value else "none"
    if spec.type == "rate" and isinstance(value, int | float):
        return units.format_rate(value)
    if spec.type == "size" and isinstance(value, int | float):
        return units.format_size(value)
    if spec.type == "duration" and isinstance(value, int | float):
        return units.format_duration(value)
    if spec.type == "ratio" and isinstance(value, int | float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if spec.type == "count" and isinstance(value, int | float):
        return f"{value:,.0f}"
    return str(value)


class Facts(Struct, frozen=True):
    """The derived facts of a workload: the flow's and each consumer's."""

    flow: Mapping[str, FactValue]
    consumers: tuple[Mapping[str, FactValue], ...]
    counts: tuple[int, ...] = ()  # how many consumers each entry stands for; () = one each
