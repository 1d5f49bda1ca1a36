"""The delay each hop of a design adds before a consumer sees a message, against the target.

Latency is a target, never an expiry (issue 12, principle e): it does not drop messages or
switch off retries; it rules out batching windows and polling intervals longer than itself.
Each hop's delay is a range in seconds with the catalogue fact that gives it. Where AWS
states no figure the delay is unknown, and said to be, never taken as zero.
"""

from __future__ import annotations

import math

from advisor.core.catalogue import Catalogue
from advisor.core.designs import WORKER, ConsumerPath, Design
from advisor.core.numbers import EPSILON, HopDelay, PathDelay, Sizing
from advisor.format import units
from advisor.format.workload import Consumer, Workload
from advisor.providers.aws.building import QUEUES, STREAMS
from advisor.providers.aws.sizing import shared_readers_max, stream_readers

# Hops whose delivery delay AWS does not quantify; the consumer's own runtime adds none here.
UNSTATED = ("step-functions", "webhook", "api-gateway-websocket", "appsync", "iot-core", "ses")
PUSHERS = {"sns": "sns-delivery-latency", "sns-fifo": "sns-delivery-latency",
           "eventbridge": "eventbridge-delivery-latency"}


def path_delays(design: Design, w: Workload, sizing: Sizing,
                catalogue: Catalogue) -> tuple[PathDelay, ...]:
    """The added delay of every path of `design`, compared with the workload's target."""
    consumers = {c.name: c for c in w.consumers}
    readers = stream_readers(design, w)
    return tuple(_path(p, consumers[p.consumer], w, sizing, catalogue, readers)
                 for p in design.paths)


def warnings_for(delays: tuple[PathDelay, ...], w: Workload,
                 catalogue: Catalogue) -> list[str]:
    """What a stated latency target rules out on these paths, each with its fact."""
    target = w.latency
    if target is None:
        return []
    shown = units.format_duration(target)
    found: list[str] = []
    processing = w.processing_time or 0.0
    plus = f" plus {units.format_duration(processing)} processing" if processing else ""
    for path in delays:
        windows = [h for h in path.hops if h.window and (h.high or 0.0) > target]
        found.extend(_window_warning(path.consumer, hop, shown, catalogue) for hop in windows)
        if windows or not path.high or path.high + processing <= target + EPSILON:
            continue  # processing alone over the target is no route's doing
        worst = max((h for h in path.hops if not h.wanted), key=lambda h: h.high or 0.0)
        room = math.floor(target - (path.high + processing - (worst.high or 0.0)))
        # The sizing fits a batch into whatever the window leaves of the target, so a batch
        # is the largest share only where an asked window leaves it nothing.
        if worst.batch and any(h.window for h in path.hops):
            advice = ("the batching window leaves no room for the batch's processing: "
                      "shorten the window, so the batch size can follow the target, or relax "
                      "the target")
        elif worst.window and room >= 0:
            advice = f"cut it to at most {room:g} s"
        else:
            advice = "take a route without this hop, or relax the target"
        found.append(
            f"{path.consumer}'s route adds up to {_seconds(path.high)}{plus} before the "
            f"consumer is done, above the {shown} latency target. The largest share: "
            f"{worst.text}{_source(worst, catalogue)}; {advice}.")
    return found


def _window_warning(consumer: str, hop: HopDelay, shown: str, catalogue: Catalogue) -> str:
    said = f"{consumer}: {hop.text}{_cite(hop.fact, catalogue)} is longer than the {shown} "
    if hop.asked:
        # The target is the workload's, the window the consumer's own reason to batch (a
        # warehouse load): cutting the window would undo what the consumer asked for.
        return (said + "latency target. The workload's target conflicts with this consumer's "
                "own batching (the format has no per-consumer latency): the target cannot "
                f"hold for {consumer} while it batches. Move {consumer} into a workload of its "
                "own with a target its batches allow, or decide which of the two gives way.")
    return (said + "latency target. A tight target rules out batching windows and polling "
            f"intervals longer than it: cut it below {shown}.")


# --- per hop -----------------------------------------------------------------------------


def _path(path: ConsumerPath, consumer: Consumer, w: Workload, sizing: Sizing,
          catalogue: Catalogue, readers: int) -> PathDelay:
    hops: list[HopDelay] = []
    if w.source == "s3" and "s3" not in path.hops:
        hops.append(_s3())
    for i, hop in enumerate(path.hops):
        before = path.hops[i - 1] if i else None
        after = path.hops[i + 1] if i + 1 < len(path.hops) else None
        hops.extend(_hop(hop, before, after, consumer, sizing, catalogue, readers))
        if hop == "lambda-esm":
            hops.extend(_batch_wait(consumer, w, sizing))
    if w.delay:
        hops.append(_wanted(path, w.delay, catalogue))
    counted = [h for h in hops if not h.wanted]
    low = sum(h.low or 0.0 for h in counted)
    high = sum(h.high or 0.0 for h in counted)
    unknown = tuple(dict.fromkeys(h.service for h in counted if h.high is None))
    within: bool | None = None
    if w.latency is not None:
        spent = high + (w.processing_time or 0.0)
        within = False if spent > w.latency + EPSILON else (None if unknown else True)
    return PathDelay(path.consumer, path.delivery, tuple(hops), low, high, unknown, within)


def _hop(hop: str, before: str | None, after: str | None, consumer: Consumer,
         sizing: Sizing, catalogue: Catalogue, readers: int) -> list[HopDelay]:
    if hop == "s3":
        return [_s3()]
    if hop in PUSHERS:
        fact = catalogue.fact(PUSHERS[hop])
        return [HopDelay(hop, 0.0, None, fact.id, "delay not stated by AWS")]
    if hop in QUEUES and after in ("lambda-esm", WORKER, "eventbridge-pipes"):
        return [HopDelay(hop, 0.0, catalogue.number("sqs-long-polling"), "sqs-long-polling",
                         "long polling returns messages as they arrive; the wait runs only "
                         "while the queue is empty")]
    if hop == "lambda-esm" and before is not None:
        return _esm(before, consumer, sizing, catalogue, readers)
    if hop == "eventbridge-pipes" and before is not None:
        return _pipe(before, consumer)
    if hop == WORKER and before is not None:
        return _worker(before, consumer, catalogue, readers)
    if hop == "kinesis-firehose":
        interval = catalogue.number("kinesis-firehose-buffer-interval-default")
        return [HopDelay(hop, 0.0, interval, "kinesis-firehose-buffer-interval-default",
                         f"Firehose buffers for up to {_seconds(interval)} by default",
                         window=True)]
    if hop == "eventbridge-scheduler":
        precision = catalogue.number("eventbridge-scheduler-one-time")
        return [HopDelay(hop, 0.0, precision, "eventbridge-scheduler-one-time",
                         f"Scheduler invokes with {_seconds(precision)} precision (flexible "
                         "time window off)")]
    if hop in UNSTATED:
        return [HopDelay(hop, 0.0, None, None, "delivery delay not stated by AWS")]
    return []  # the stream or queue itself before its reader; the function it invokes


def _esm(source: str, consumer: Consumer, sizing: Sizing, catalogue: Catalogue,
         readers: int) -> list[HopDelay]:
    hops = []
    if source == "kinesis":
        if readers > shared_readers_max(catalogue):  # sizing gives each enhanced fan-out
            hops.append(HopDelay("lambda-esm", 0.0, None, "lambda-esm-kinesis-polling",
                                 "enhanced fan-out push, delay not stated by AWS"))
        else:
            every = catalogue.number("lambda-esm-kinesis-polling-rate")
            hops.append(HopDelay("lambda-esm", 0.0, every, "lambda-esm-kinesis-polling-rate",
                                 f"the event source mapping polls each Kinesis shard once "
                                 f"every {_seconds(every)}"))
    elif source == "dynamodb-streams":
        every = catalogue.number("lambda-esm-dynamodb-polling-rate")
        hops.append(HopDelay("lambda-esm", 0.0, every, "lambda-esm-dynamodb-polling-rate",
                             f"the event source mapping polls each stream shard every "
                             f"{_seconds(every)}"))
    if source == "sqs-fifo":
        # FIFO queues take no batching window, whatever the consumer asks.
        hops.append(HopDelay("lambda-esm", 0.0, 0.0, "lambda-esm-fifo-no-batching-window",
                             "FIFO queues take no batching window"))
        return hops
    # The sizing's window is the setting advised for this mapping; without one, the consumer's.
    sized = sizing.value(f"esm_batching_window_s.{consumer.name}")
    window = sized if sized is not None else consumer.batching.window or 0.0
    if window:
        hops.append(HopDelay("lambda-esm", 0.0, window, "lambda-esm-batching-window",
                             f"the event source mapping's batching window of "
                             f"{_seconds(window)}", window=True,
                             asked=bool(consumer.batching.window)))
    elif sized is None and source in ("msk", "mq"):
        default = catalogue.number("lambda-esm-default-window-kafka-mq")
        hops.append(HopDelay("lambda-esm", 0.0, default, "lambda-esm-default-window-kafka-mq",
                             f"the default batching window of {_seconds(default)}",
                             window=True))
    return hops


def _batch_wait(consumer: Consumer, w: Workload, sizing: Sizing) -> list[HopDelay]:
    """A function works through its batch in order: the last record waits for every one
    ahead of it. With its own processing, counted once per path, that is the whole batch."""
    key = f"esm_batch_size.{consumer.name}"
    size = sizing.value(key)
    time = w.processing_time
    if not size or size <= 1 or not time:
        return []
    batch = int(size)
    wait = round((batch - 1) * time, 6)
    return [HopDelay("lambda-esm", 0.0, wait, None,
                     f"the last of a batch of {batch:,} records waits for the {batch - 1:,} "
                     f"ahead of it, {batch - 1:,} x {units.format_duration(time)} = "
                     f"{_seconds(wait)}", figure=key, batch=True)]


def _pipe(source: str, consumer: Consumer) -> list[HopDelay]:
    hops = []
    if source in STREAMS:
        hops.append(HopDelay("eventbridge-pipes", 0.0, None, None,
                             "polling interval not stated by AWS"))
    window = consumer.batching.window
    if window:
        hops.append(HopDelay("eventbridge-pipes", 0.0, window,
                             "eventbridge-pipes-batching-window",
                             f"the pipe's batching window of {_seconds(window)}", window=True,
                             asked=True))
    return hops


def _worker(source: str, consumer: Consumer, catalogue: Catalogue,
            readers: int) -> list[HopDelay]:
    hops = []
    if source == "kinesis" and readers > shared_readers_max(catalogue):  # as sizing
        hops.append(HopDelay(WORKER, 0.0, None, "kinesis-efo-consumers",
                             "enhanced fan-out push, delay not stated by AWS"))
    elif source in STREAMS:
        calls = catalogue.number("kinesis-getrecords-tps")
        hops.append(HopDelay(WORKER, 0.0, None, "kinesis-getrecords-tps",
                             f"own polling interval, at least {_seconds(max(readers, 1) / calls)}"
                             f" with {readers} reader(s) sharing {calls:g} GetRecords calls/s "
                             "per shard"))
    window = consumer.batching.window  # the consumer's own code: any queue, FIFO too
    if window:
        hops.append(HopDelay(WORKER, 0.0, window, None,
                             f"the consumer's own batching window of {_seconds(window)}",
                             window=True, asked=True))
    return hops


def _s3() -> HopDelay:
    return HopDelay("s3", 0.0, None, "s3-notification-destinations",
                    "typically within seconds, sometimes a minute or longer")


def _wanted(path: ConsumerPath, delay: float, catalogue: Catalogue) -> HopDelay:
    queue = next((h for h in path.hops if h in QUEUES), None)
    fact = ("sqs-delay-max" if queue == "sqs" and delay <= catalogue.number("sqs-delay-max")
            else "eventbridge-scheduler-one-time")
    return HopDelay("delay", delay, delay, fact,
                    f"the {units.format_duration(delay)} delay the workload asks for",
                    wanted=True)


def _source(hop: HopDelay, catalogue: Catalogue) -> str:
    return f" ({hop.figure})" if hop.figure else _cite(hop.fact, catalogue)


def _cite(fact_id: str | None, catalogue: Catalogue) -> str:
    return f" ({fact_id})" if fact_id and fact_id in catalogue.facts else ""


def _seconds(value: float) -> str:
    return f"{value:g} s"


