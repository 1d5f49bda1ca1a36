"""The SQS pricer: sends, batched receives and deletes, and a queue per addressed instance."""

from __future__ import annotations

from advisor.core.designs import ConsumerPath
from advisor.providers.aws.cost.coster import SECONDS_PER_MONTH, Coster, kb

# The request price of each kind of queue: catalogue fact ids.
QUEUE_PRICES = {"sqs": "price-sqs-standard", "sqs-fifo": "price-sqs-fifo"}


def queue(c: Coster, service: str) -> None:
    fact = QUEUE_PRICES[service]
    queues = c.count(service)
    shared = c.design.model == "poll" and queues > 1 and all(
        p.hops[:1] == (service,) for p in c.design.paths)
    queues = 1 if shared else queues
    batch = _fetched(c)
    split = [p for p in c.design.paths if service in p.hops and p.queues > 1]
    c.assumptions.append(f"Queue sends are one request per message (per "
                         f"{kb(c.chunk)} chunk); "
                         "receives and deletes carry no payload of their own and are "
                         "batched; empty receives are not counted"
                         + (", except the long polls of instance queues."
                            if split and not shared else "."))
    start = len(c.lines)
    _queue_lines(c, service, fact, queues, shared, split, batch)
    if batch > 1:
        _one_per_receive(c, service, fact, queues, shared, split, start)


def _queue_lines(c: Coster, service: str, fact: str, queues: int, shared: bool,
                 split: list[ConsumerPath], batch: float) -> None:
    if shared or not split:
        _whole_queues(c, service, fact, queues, batch)
        return
    rest = queues - sum(p.count for p in split)
    if rest:
        _whole_queues(c, service, fact, rest, batch)
    for path in split:
        _instance_queues(c, service, fact, path, batch)


def _one_per_receive(c: Coster, service: str, fact: str, queues: int, shared: bool,
                     split: list[ConsumerPath], start: int) -> None:
    """The bound on full batches: long polling answers as soon as one message is there
    (sqs-long-polling), so at a low rate a receive may fetch one message and a delete
    remove one. Priced by the same lines with a batch of one."""
    counted = c.lines[start:]
    kept, c.lines = c.lines, []
    _queue_lines(c, service, fact, queues, shared, split, 1.0)
    bound, c.lines = c.lines, kept
    average = sum(line.usd_average for line in bound)
    peak = sum(line.usd_peak for line in bound)
    c.assumptions.append(
        f"{service} receives and deletes are counted as full batches of "
        f"{_fetched(c):g} (${sum(line.usd_average for line in counted):,.2f} a month at "
        "the average rate); long polling returns as soon as one message is there "
        f"(sqs-long-polling), so at a low rate a receive may return one: at most "
        f"${average:,.2f} a month at the average rate (${peak:,.2f} at the peak) if each "
        "receive returned one message.")


def _whole_queues(c: Coster, service: str, fact: str, queues: int, batch: float) -> None:
    """Queues that each get every message: a send per message (per billing chunk), and a
    receive and a delete per `batch` messages, one request each whatever the payload."""
    sends = c.messages(queues)
    fetches = c.messages(queues * 2 / batch, chunked=False)
    c.add(service, fact, f"requests for {queues} queue(s): 1 send + receive and "
          f"delete per batch of {batch:g} (ReceiveMessage returns at most "
          f"{c.cat.number('sqs-receive-max'):g}, DeleteMessageBatch takes at most "
          f"{c.cat.number('sqs-batch-size'):g})", (
                 sends[0] + fetches[0], sends[1] + fetches[1]))


def _fetched(c: Coster) -> float:
    """Messages one receive fetches and one delete removes: the event source mapping's
    batch, but never more than ReceiveMessage returns (sqs-receive-max) or
    DeleteMessageBatch takes (sqs-batch-size); a Lambda poller fills a larger batch with
    several receives."""
    return min(c.batch(), c.cat.number("sqs-receive-max"),
               c.cat.number("sqs-batch-size"))


def _instance_queues(c: Coster, service: str, fact: str, path: ConsumerPath,
                     batch: float) -> None:
    """A queue per addressed instance. A message for one instance is sent to its queue
    alone; a broadcast is sent to every one. Each queue is long-polled on its own, so a
    poll that finds nothing still costs a request once per wait."""
    n = path.count * path.queues
    wait = c.cat.number("sqs-long-poll-max")
    polls = n / wait * SECONDS_PER_MONTH / 1e6  # millions of receives, empty or not
    if c.per_message(path.consumer):
        # An instance queue gets 1/n of the messages: a receive rarely finds two.
        sends = c.messages(path.count)
        # A receive and a delete per message: one request each, whatever the payload.
        busy = c.messages(path.count * 2, chunked=False)
        what = (f"requests for {n:,} queue(s) of {path.consumer} (one per instance; each "
                f"message goes to one): 1 send, 1 receive and 1 delete per message, and at "
                f"least one long poll per {wait:g} s on each queue, empty or not")
    else:
        sends = c.messages(n)
        busy = c.messages(n * 2 / batch, chunked=False)
        what = (f"requests for {n:,} queue(s) of {path.consumer} (one per instance; each "
                f"message goes to all {n:,}): {n:,} sends + receive and delete per batch "
                f"of {batch:g} in each queue, and at least one long poll per {wait:g} s "
                "on each queue")
    # Receives are those that fetch messages, but never fewer than the long polls;
    # deletes are one per fetched batch (busy/2 each).
    average, peak = (s + b / 2 + max(b / 2, polls) for s, b in zip(sends, busy,
                                                                   strict=True))
    c.add(service, fact, what, (average, peak))
