"""The format's own closed sets of words, cloud-neutral, each a Literal type that the
workload records use; the runtime tuples the validator lists are derived from the types, so
a word is written once."""

from __future__ import annotations

from typing import Literal, get_args

Kind = Literal["event", "command"]
Model = Literal["push", "poll", "hybrid"]
Ordering = Literal["none", "per-key", "global"]
Duplicates = Literal["tolerated", "must-deduplicate"]
Crossing = Literal["accounts", "regions"]
BatchMode = Literal["none", "preferred", "required"]
# `lambda` and `aws-service` are revision 1.0's words, still accepted; revision 1.1 made the
# format cloud-neutral with `function` and `cloud-service`, read as the older words (below).
RunsOn = Literal["lambda", "function", "container", "workflow", "https", "on-premises",
                 "client", "email", "sms", "mobile-push", "device", "store"]
Producer = Literal["application", "aws-service", "cloud-service", "third-party", "device"]
Recipients = Literal["fixed", "per-message"]
Replayer = Literal["consumer", "operator"]
# Consumers that are people, devices or clients addressed one by one: `recipients` decides
# how a message reaches them.
Addressed = Literal["email", "sms", "mobile-push", "device", "client"]

KINDS: tuple[Kind, ...] = get_args(Kind)
MODELS: tuple[Model, ...] = get_args(Model)
ORDERINGS: tuple[Ordering, ...] = get_args(Ordering)
DUPLICATES: tuple[Duplicates, ...] = get_args(Duplicates)
CROSSINGS: tuple[Crossing, ...] = get_args(Crossing)
BATCH_MODES: tuple[BatchMode, ...] = get_args(BatchMode)
RUNS_ON: tuple[RunsOn, ...] = get_args(RunsOn)
PRODUCERS: tuple[Producer, ...] = get_args(Producer)
RECIPIENTS: tuple[Recipients, ...] = get_args(Recipients)
REPLAYERS: tuple[Replayer, ...] = get_args(Replayer)
ADDRESSED: tuple[Addressed, ...] = get_args(Addressed)

# The rest of advisor reads the revision 1.0 word for each revision 1.1 word.
NEUTRAL_WORDS: dict[str, dict[str, str]] = {
    "runs_on": {"function": "lambda"}, "producer": {"cloud-service": "aws-service"}}
