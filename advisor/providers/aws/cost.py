"""Monthly cost of a design at the average rate and at a sustained peak.

Prices come from the catalogue (us-east-1, with source and date). Each line of a
cost shows its quantity and unit price; the assumptions are listed with it.
"""

from __future__ import annotations

import math

from advisor.core.catalogue import Catalogue
from advisor.core.designs import WORKER, ConsumerPath, Design
from advisor.core.numbers import Cost, CostLine, ModeCost, Sizing
from advisor.errors import InternalError
from advisor.format import units
from advisor.format.workload import Workload
from advisor.providers.aws.building import QUEUES
from advisor.providers.aws.sizing import payload_of, stream_readers

# An average month: a year's hours over twelve (730, as AWS's monthly price examples use).
# Not an AWS fact: the definition of the month every figure here is for.
HOURS_PER_MONTH = 365 * 24 // 12
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
# SNS, SQS, EventBridge and Pipes bill each chunk of payload as a request; one size serves
# them all, so the services' facts must agree (checked where it is read).
CHUNK_FACTS = ("sns-billing-chunk", "sqs-billing-chunk", "eventbridge-billing-chunk")
LAMBDA_MEMORY_GB = 0.5  # assumed: 512 MB, x86
ASSUMED_PROCESSING = 0.1  # seconds per message, where the workload states none
PRICED_REGION = "us-east-1"


def estimate(design: Design, w: Workload, sizing: Sizing, catalogue: Catalogue) -> Cost | None:
    """The design's monthly cost, or None where no rate is stated."""
    if w.rate_average is None or w.rate_peak is None:
        return None
    c = _Coster(design, w, catalogue, sizing)
    c.run()
    average = sum(line.usd_average for line in c.lines)
    peak = sum(line.usd_peak for line in c.lines)
    modes = list(c.kinesis_modes.items())  # the priced mode first
    alternatives = tuple(ModeCost(m, round(average - modes[0][1][0] + a, 2),
                                  round(peak - modes[0][1][1] + p, 2))
                         for m, (a, p) in modes[1:])
    return Cost(design.model, design.service_ids, PRICED_REGION, round(average, 2),
                round(peak, 2), tuple(c.lines), tuple(dict.fromkeys(c.unpriced)),
                tuple(dict.fromkeys(c.assumptions)), modes[0][0] if modes else "",
                alternatives, tuple(dict.fromkeys(c.unpriced_parts)), tuple(c.left_out),
                c.region_note)


class _Coster:
    def __init__(self, design: Design, w: Workload, catalogue: Catalogue,
                 sizing: Sizing) -> None:
        self.design, self.w, self.cat, self.sizing = design, w, catalogue, sizing
        self.by_name = {c.name: c for c in w.consumers}  # looked up per path, never scanned
        self.lines: list[CostLine] = []
        self.unpriced: list[str] = []  # service ids
        self.unpriced_parts: list[str] = []
        self.left_out: list[str] = []
        self.region_note = ""
        self.kinesis_modes: dict[str, tuple[float, float]] = {}  # mode -> (average, peak)
        self.payload, stated = payload_of(w)
        chunks = {catalogue.number(f) for f in CHUNK_FACTS}
        if len(chunks) != 1:
            raise InternalError(f"the billing chunks of {', '.join(CHUNK_FACTS)} differ, and "
                                "cost.py bills one chunk size for them all")
        self.chunk = chunks.pop()
        self.assumptions = [
            "Free tiers are ignored.",
            f"A month is {HOURS_PER_MONTH} hours; 'sustained peak' runs the peak rate all "
            "month.",
            f"Requests that carry the payload are billed per {_kb(self.chunk)} chunk (SNS, "
            "SQS, EventBridge, Pipes).",
        ]
        if not stated:
            self.assumptions.append("Payload not stated: 1KB per message assumed.")
        if w.region != PRICED_REGION:
            self.region_note = (f"Prices are {PRICED_REGION}'s: advisor has no sourced prices "
                                f"for {w.region}.")
            self.assumptions.append(self.region_note)

    def add(self, service: str, fact_id: str, what: str, quantity: tuple[float, float]) -> None:
        """quantity: (at average, at peak) in the price's unit (millions, GB, hours)."""
        fact = self.cat.fact(fact_id)
        price = fact.value or 0.0
        shown = f"{price:.10f}".rstrip("0").rstrip(".")
        caveat = "" if fact.certain else f" ({fact.status} price)"
        self.lines.append(CostLine(service, what + f" at ${shown} {_per(fact.unit)}{caveat}",
                                   quantity[0] * price, quantity[1] * price, fact_id))

    def messages(self, copies: float = 1.0, chunked: bool = True) -> tuple[float, float]:
        """Millions of billed requests per month for `copies` requests per message."""
        chunks = math.ceil(self.payload / self.chunk) if chunked else 1
        peak = (self.w.rate_peak or 0.0) * SECONDS_PER_MONTH * copies * chunks / 1e6
        average = (self.w.rate_average or 0.0) * SECONDS_PER_MONTH * copies * chunks / 1e6
        return average, peak

    def gigabytes(self, copies: float = 1.0, rounding: float = 1.0) -> tuple[float, float]:
        size = math.ceil(self.payload / rounding) * rounding
        peak = (self.w.rate_peak or 0.0) * SECONDS_PER_MONTH * copies * size / 1024**3
        average = (self.w.rate_average or 0.0) * SECONDS_PER_MONTH * copies * size / 1024**3
        return average, peak

    def copies(self, consumer: str) -> int:
        """Deliveries per message to one consumer: a broadcast reaches each of its instances
        (10,000 browsers are 10,000 posts); a recipient named per message is one."""
        c = self.by_name.get(consumer)
        if c is None:
            return 1
        return c.count * (1 if c.recipients == "per-message" else c.instances)

    def count(self, *hops: str) -> int:
        return sum(p.count for p in self.design.paths for h in p.hops if h in hops)

    def skip(self, service: str, part: str) -> None:
        """A part of `service` left unpriced, named with the quantity that would be billed."""
        self.unpriced.append(service)
        self.unpriced_parts.append(part)

    def per_second(self, copies: float) -> str:
        """`copies` per message as a rate at the average and at the peak."""
        return (f"{_count((self.w.rate_average or 0.0) * copies)}/s at the average rate "
                f"({_count((self.w.rate_peak or 0.0) * copies)}/s at the peak)")

    def name(self, service: str) -> str:
        """A service's short name: "AWS AppSync" for "AWS AppSync (GraphQL ...)"."""
        try:
            return self.cat.service(service).name.split(" (")[0]
        except KeyError:
            return service

    def run(self) -> None:
        ids = self.design.service_ids
        for service in ids:
            method = getattr(self, "_" + service.replace("-", "_"), None)
            if method is None:
                self._unpriced_service(service)
            else:
                method()
        self._left_out()

    def _unpriced_service(self, service: str) -> None:
        """A service with no price in the catalogue: what passes through it, per second."""
        # Where the service hands each message to the consumer's instances (AppSync to 20,000
        # browsers) each copy is billed; where it carries the flow on, each message once.
        paths = [p for p in self.design.paths if service in p.hops]
        delivering = [p for p in paths if p.hops[-1] == service]
        copies = sum(self.copies(p.consumer) for p in delivering) + (
            1 if len(delivering) < len(paths) or not paths else 0)
        word = ("deliveries" if len(delivering) == len(paths) > 0
                and self.cat.service(service).delivery == "client-push" else "messages")
        self.skip(service, f"{self.name(service)}: {_count(copies * (self.w.rate_average or 0))} "
                  f"{word}/s at the average rate ({_count(copies * (self.w.rate_peak or 0))}/s "
                  "at the peak)")

    def _left_out(self) -> None:
        """What the figures leave out beyond services, from the design's paths and the
        workload: data transfer leaving AWS or crossing Regions, the compute of consumers
        that run outside Lambda, a KCL reader's lease table."""
        paths = self.design.paths
        outside = [p.consumer for p in paths
                   if p.runs_on in ("https", "client", "on-premises", "device")]
        if outside:
            self.left_out.append("data transfer out of AWS to HTTPS endpoints, servers and "
                                 f"clients outside it ({', '.join(dict.fromkeys(outside))})")
        if "regions" in self.w.crosses:
            self.left_out.append("data transfer between Regions")
        # A workflow started as Step Functions is that service's cost (priced or named).
        own = [p.consumer for p in paths if p.runs_on in ("container", "on-premises", "workflow")
               and "step-functions" not in p.hops]
        if own:
            self.left_out.append("the compute of consumers on their own containers, servers or "
                                 f"workflows ({', '.join(dict.fromkeys(own))})")
        kcl = [p.consumer for p in paths if p.follows("kinesis", WORKER)]
        if kcl:
            self.left_out.append("the DynamoDB lease table of each KCL reader "
                                 f"({', '.join(dict.fromkeys(kcl))})")
        if self.left_out:
            self.assumptions.append("Not priced: " + "; ".join(self.left_out) + ".")

    def _sns(self) -> None:
        self.add("sns", "price-sns-publish", "publishes", self.messages())
        for path in self.design.paths:
            if "sns" not in path.hops:
                continue
            nxt = path.hops[path.hops.index("sns") + 1] if path.hops[-1] != "sns" else None
            if path.runs_on in ("email", "mobile-push") and nxt is not None:
                continue  # the topic hands the message to a function that sends it (SES, ...)
            if path.runs_on == "email":
                self.add("sns", "price-sns-email-delivery", f"email deliveries to "
                         f"{path.consumer}", self.messages(self.copies(path.consumer),
                                                           chunked=False))
            elif path.runs_on == "mobile-push":
                self.add("sns", "price-sns-mobile-push", f"mobile push to {path.consumer}",
                         self.messages(self.copies(path.consumer), chunked=False))
            elif path.runs_on == "sms":
                self._sms(path)
            elif nxt == "webhook":
                self.add("sns", "price-sns-http-delivery", f"HTTPS deliveries to "
                         f"{path.consumer}", self.messages(path.count, chunked=False))
        self.assumptions.append("SNS deliveries to SQS and Lambda are free.")
        for path in self.design.paths:
            if "sns" in path.hops and path.queues > 1 and path.follows("sns", QUEUES):
                n = path.count * path.queues
                self.assumptions.append(
                    f"{path.consumer} has {n:,} instance queues, each an SNS subscription: "
                    + ("a filter policy delivers each message to one of them"
                       if self._per_message(path.consumer) else
                       f"each published message is {n:,} free deliveries")
                    + "; the publishes are counted once.")

    def _sms(self, path: ConsumerPath) -> None:
        """SMS is priced per destination country: with a US price in the catalogue, US SMS is
        priced and said to be; without one, it is named as unpriced."""
        fact = self.cat.fact("price-sns-sms")
        scale = {"usd-per-million": 1.0, "usd-per-message": 1e6}.get(fact.unit or "")
        average, peak = self.messages(self.copies(path.consumer), chunked=False)
        if fact.value is None or scale is None:
            self.skip("sns", f"SNS SMS to {path.consumer}: {_count(average * 1e6)} SMS a month "
                      f"at the average rate ({_count(peak * 1e6)} at the peak), priced per "
                      "destination country")
            return
        self.add("sns", fact.id, f"SMS to {path.consumer} at the US rate (other countries "
                 "differ)", (average * scale, peak * scale))

    def _ses(self) -> None:
        # An email per recipient: one per message where each message names its recipient,
        # one per instance where every recipient gets each message.
        emails = sum(self.copies(p.consumer) for p in self.design.paths
                     if p.hops[-1:] == ("ses",))
        self.add("ses", "price-ses-outbound", f"outbound emails ({emails:,} per message)",
                 self.messages(emails, chunked=False))

    def _sns_fifo(self) -> None:
        paths = [p for p in self.design.paths for h in p.hops if h == "sns-fifo"]
        subscriptions = sum(p.count * p.queues for p in paths)
        # A subscription per instance queue: a broadcast reaches each; a message for one
        # instance is delivered (after its filter policy) to that one alone.
        deliveries = sum(p.count * (1 if self._per_message(p.consumer) else p.queues)
                         for p in paths)
        self.add("sns-fifo", "price-sns-fifo-publish", "publishes", self.messages(chunked=False))
        self.add("sns-fifo", "price-sns-fifo-publish-payload", "published GB", self.gigabytes())
        shown = (f"{subscriptions} subscriptions" if deliveries == subscriptions else
                 f"{subscriptions:,} subscriptions, {deliveries:,} per message")
        self.add("sns-fifo", "price-sns-fifo-delivery", f"deliveries to {shown}",
                 self.messages(deliveries, chunked=False))
        self.add("sns-fifo", "price-sns-fifo-delivery-payload", "delivered GB",
                 self.gigabytes(deliveries))

    def _queue(self, service: str, fact: str) -> None:
        queues = self.count(service)
        shared = self.design.model == "poll" and queues > 1 and all(
            p.hops[:1] == (service,) for p in self.design.paths)
        queues = 1 if shared else queues
        batch = self._fetched()
        split = [p for p in self.design.paths if service in p.hops and p.queues > 1]
        self.assumptions.append(f"Queue sends are one request per message (per "
                                f"{_kb(self.chunk)} chunk); "
                                "receives and deletes carry no payload of their own and are "
                                "batched; empty receives are not counted"
                                + (", except the long polls of instance queues."
                                   if split and not shared else "."))
        start = len(self.lines)
        self._queue_lines(service, fact, queues, shared, split, batch)
        if batch > 1:
            self._one_per_receive(service, fact, queues, shared, split, start)

    def _queue_lines(self, service: str, fact: str, queues: int, shared: bool,
                     split: list[ConsumerPath], batch: float) -> None:
        if shared or not split:
            self._whole_queues(service, fact, queues, batch)
            return
        rest = queues - sum(p.count for p in split)
        if rest:
            self._whole_queues(service, fact, rest, batch)
        for path in split:
            self._instance_queues(service, fact, path, batch)

    def _one_per_receive(self, service: str, fact: str, queues: int, shared: bool,
                         split: list[ConsumerPath], start: int) -> None:
        """The bound on full batches: long polling answers as soon as one message is there
        (sqs-long-polling), so at a low rate a receive may fetch one message and a delete
        remove one. Priced by the same lines with a batch of one."""
        counted = self.lines[start:]
        kept, self.lines = self.lines, []
        self._queue_lines(service, fact, queues, shared, split, 1.0)
        bound, self.lines = self.lines, kept
        average = sum(line.usd_average for line in bound)
        peak = sum(line.usd_peak for line in bound)
        self.assumptions.append(
            f"{service} receives and deletes are counted as full batches of "
            f"{self._fetched():g} (${sum(line.usd_average for line in counted):,.2f} a month at "
            "the average rate); long polling returns as soon as one message is there "
            f"(sqs-long-polling), so at a low rate a receive may return one: at most "
            f"${average:,.2f} a month at the average rate (${peak:,.2f} at the peak) if each "
            "receive returned one message.")

    def _whole_queues(self, service: str, fact: str, queues: int, batch: float) -> None:
        """Queues that each get every message: a send per message (per billing chunk), and a
        receive and a delete per `batch` messages, one request each whatever the payload."""
        sends = self.messages(queues)
        fetches = self.messages(queues * 2 / batch, chunked=False)
        self.add(service, fact, f"requests for {queues} queue(s): 1 send + receive and "
                 f"delete per batch of {batch:g} (ReceiveMessage returns at most "
                 f"{self.cat.number('sqs-receive-max'):g}, DeleteMessageBatch takes at most "
                 f"{self.cat.number('sqs-batch-size'):g})", (
                     sends[0] + fetches[0], sends[1] + fetches[1]))

    def _fetched(self) -> float:
        """Messages one receive fetches and one delete removes: the event source mapping's
        batch, but never more than ReceiveMessage returns (sqs-receive-max) or
        DeleteMessageBatch takes (sqs-batch-size); a Lambda poller fills a larger batch with
        several receives."""
        return min(self._batch(), self.cat.number("sqs-receive-max"),
                   self.cat.number("sqs-batch-size"))

    def _instance_queues(self, service: str, fact: str, path: ConsumerPath,
                         batch: float) -> None:
        """A queue per addressed instance. A message for one instance is sent to its queue
        alone; a broadcast is sent to every one. Each queue is long-polled on its own, so a
        poll that finds nothing still costs a request once per wait."""
        n = path.count * path.queues
        wait = self.cat.number("sqs-long-poll-max")
        polls = n / wait * SECONDS_PER_MONTH / 1e6  # millions of receives, empty or not
        if self._per_message(path.consumer):
            # An instance queue gets 1/n of the messages: a receive rarely finds two.
            sends = self.messages(path.count)
            # A receive and a delete per message: one request each, whatever the payload.
            busy = self.messages(path.count * 2, chunked=False)
            what = (f"requests for {n:,} queue(s) of {path.consumer} (one per instance; each "
                    f"message goes to one): 1 send, 1 receive and 1 delete per message, and at "
                    f"least one long poll per {wait:g} s on each queue, empty or not")
        else:
            sends = self.messages(n)
            busy = self.messages(n * 2 / batch, chunked=False)
            what = (f"requests for {n:,} queue(s) of {path.consumer} (one per instance; each "
                    f"message goes to all {n:,}): {n:,} sends + receive and delete per batch "
                    f"of {batch:g} in each queue, and at least one long poll per {wait:g} s "
                    "on each queue")
        # Receives are those that fetch messages, but never fewer than the long polls;
        # deletes are one per fetched batch (busy/2 each).
        average, peak = (s + b / 2 + max(b / 2, polls) for s, b in zip(sends, busy,
                                                                          strict=True))
        self.add(service, fact, what, (average, peak))

    def _per_message(self, consumer: str) -> bool:
        c = self.by_name.get(consumer)
        return c is not None and c.recipients == "per-message"

    def _batch(self) -> float:
        sizes = [f.value for f in self.sizing.figures if f.key.startswith("esm_batch_size.")]
        return float(min(sizes)) if sizes else 10.0

    def _sqs(self) -> None:
        self._queue("sqs", "price-sqs-standard")

    def _sqs_fifo(self) -> None:
        self._queue("sqs-fifo", "price-sqs-fifo")

    def _eventbridge(self) -> None:
        self.add("eventbridge", "price-eventbridge-custom-events", "custom events",
                 self.messages())
        # Every eventbridge -> webhook hop is an API destination, whoever listens behind it
        # (an HTTPS endpoint, or workers that take HTTP calls).
        endpoints = sum(p.count for p in self.design.paths if p.follows("eventbridge", "webhook"))
        if endpoints:
            self.add("eventbridge", "price-eventbridge-api-destinations",
                     f"API destination calls to {endpoints} endpoint(s)",
                     self.messages(endpoints, chunked=False))
        if "accounts" in self.w.crosses:
            # A flow that crosses accounts routes each event to the consumers' bus in their
            # account (see services.py); the sender pays that send as a custom event.
            self.add("eventbridge", "price-eventbridge-cross-account-bus",
                     "events sent on to a bus in another account (one per event)",
                     self.messages())

    def _webhook(self) -> None:
        """An HTTP call is priced by the service that makes it: EventBridge's API destinations,
        SNS's HTTPS deliveries. From anything else it is named as unpriced."""
        for path in self.design.paths:
            for before, hop in zip(path.hops, path.hops[1:], strict=False):
                if hop == "webhook" and before not in ("eventbridge", "sns"):
                    self.skip("webhook", f"HTTP calls from {before} to {path.consumer}: "
                              f"{self.per_second(1)}")

    def _eventbridge_scheduler(self) -> None:
        # A one-time schedule per message, invoked once when its delay has passed.
        self.add("eventbridge-scheduler", "price-eventbridge-scheduler",
                 "invocations of one-time schedules (one per message)",
                 self.messages(chunked=False))

    def _eventbridge_pipes(self) -> None:
        self.add("eventbridge-pipes", "price-eventbridge-pipes",
                 f"requests through {self.count('eventbridge-pipes')} pipe(s)",
                 self.messages(self.count("eventbridge-pipes")))

    def _kinesis(self) -> None:
        """Kinesis in the mode an architect would pick: on-demand bills the volume that flows,
        provisioned bills the shards advised for the peak every hour whatever flows; each
        with the retention the longest replay needs. The cheaper at the expected (average)
        volume is priced, the other is kept as an alternative."""
        modes = {"provisioned": self._kinesis_provisioned(),
                 "on-demand": self._kinesis_on_demand()}
        totals = {m: self._kinesis_totals(lines) for m, lines in modes.items()}
        mode = min(modes, key=lambda m: totals[m][0])  # ties keep provisioned: no ramp
        for fact, what, quantity in modes[mode]:
            if self.cat.fact(fact).value is None:
                self.skip("kinesis", f"Kinesis {self.cat.fact(fact).title}: no price "
                          f"({what})")
            else:
                self.add("kinesis", fact, f"{mode}: {what}", quantity)
        self.kinesis_modes = {mode: totals[mode],
                              **{m: t for m, t in totals.items() if m != mode}}
        self.assumptions.extend(self._kinesis_why(mode, totals))

    def _kinesis_window(self) -> float:
        """Seconds the stream must keep: the longest replay any consumer needs, at least the
        default retention, at most the maximum."""
        longest = max((c.replay for c in self.w.consumers), default=0.0)
        return min(max(longest, self.cat.number("kinesis-retention-default")),
                   self.cat.number("kinesis-retention-max"))

    @property
    def _extended_retention_up_to(self) -> float:
        """Extended retention is priced up to this age, long-term retention beyond it."""
        return self.cat.number("kinesis-extended-retention-max")

    def _kinesis_stored(self, seconds: float) -> tuple[float, float]:
        """GB-months held: what `seconds` of records weigh, kept all month."""
        return self.gigabytes(seconds / SECONDS_PER_MONTH)

    def _kinesis_long_term(self) -> list[tuple[str, str, tuple[float, float]]]:
        window, week = self._kinesis_window(), self._extended_retention_up_to
        if window <= week:
            return []
        return [("price-kinesis-long-term-retention",
                 f"GB-months held beyond {units.format_duration(week)} "
                 f"({units.format_duration(window)} retention for replay)",
                 self._kinesis_stored(window - week))]

    def _kinesis_provisioned(self) -> list[tuple[str, str, tuple[float, float]]]:
        needed = self.sizing.value("kinesis_shards") or 1
        shards = self.sizing.value("kinesis_shards_with_headroom") or needed
        readers = max(1, stream_readers(self.design, self.w))
        hours = shards * HOURS_PER_MONTH
        put_units = math.ceil(self.payload / self.cat.number("kinesis-put-payload-unit"))
        lines = [
            ("price-kinesis-shard-hour", f"{shards:g} shard(s) (the peak's {needed:g} with "
             f"head-room) x {HOURS_PER_MONTH} h, billed whatever flows", (hours, hours)),
            ("price-kinesis-put-units", f"PUT payload units ({put_units} per record)",
             self.messages(put_units, chunked=False)),
        ]
        if self.sizing.value("kinesis_enhanced_fan_out"):
            lines.append(("price-kinesis-efo-consumer-shard-hour",
                          f"{readers} enhanced fan-out readers x {shards:g} shards x "
                          f"{HOURS_PER_MONTH} h", (readers * hours, readers * hours)))
            lines.append(("price-kinesis-efo-data", f"GB read by {readers} enhanced fan-out "
                          "readers", self.gigabytes(readers)))
        window = self._kinesis_window()
        if window > self.cat.number("kinesis-retention-default"):
            lines.append(("price-kinesis-extended-retention",
                          f"extended retention ({units.format_duration(window)} for replay): "
                          f"{shards:g} shard(s) x {HOURS_PER_MONTH} h", (hours, hours)))
        return lines + self._kinesis_long_term()

    def _kinesis_on_demand(self) -> list[tuple[str, str, tuple[float, float]]]:
        readers = max(1, stream_readers(self.design, self.w))
        rounding = self.cat.number("kinesis-on-demand-billing-rounding")
        hours = (HOURS_PER_MONTH, HOURS_PER_MONTH)
        lines = [
            ("price-kinesis-on-demand-stream-hour", f"stream x {HOURS_PER_MONTH} h", hours),
            ("price-kinesis-on-demand-in", f"GB written ({_kb(rounding)} rounding)",
             self.gigabytes(rounding=rounding)),
            (("price-kinesis-on-demand-efo", f"GB read by {readers} enhanced fan-out readers")
             if self.sizing.value("kinesis_enhanced_fan_out") else
             ("price-kinesis-on-demand-out", f"GB read by {readers} reader(s)"))
            + (self.gigabytes(readers),),
        ]
        window = self._kinesis_window()
        default = self.cat.number("kinesis-retention-default")
        if window > default:
            extended = min(window, self._extended_retention_up_to)
            lines.append(("price-kinesis-on-demand-retention",
                          f"GB-months held beyond {units.format_duration(default)}, up to "
                          f"{units.format_duration(extended)} "
                          f"({units.format_duration(window)} retention for replay)",
                          self._kinesis_stored(extended - default)))
        return lines + self._kinesis_long_term()

    def _kinesis_totals(self, lines: list[tuple[str, str, tuple[float, float]]]
                        ) -> tuple[float, float]:
        prices = [(self.cat.fact(f).value or 0.0, q) for f, _, q in lines]
        return sum(p * q[0] for p, q in prices), sum(p * q[1] for p, q in prices)

    def _kinesis_why(self, mode: str, totals: dict[str, tuple[float, float]]) -> list[str]:
        """Why the mode: both modes' figures, on-demand's ramp, and On-demand Advantage."""
        needed = self.sizing.value("kinesis_shards") or 1
        shards = self.sizing.value("kinesis_shards_with_headroom") or needed
        window = self._kinesis_window()
        kept = (f"; both keep {units.format_duration(window)} for replay"
                if window > self.cat.number("kinesis-retention-default") else "")
        other = "on-demand" if mode == "provisioned" else "provisioned"
        reason = ("the shards it bills every hour cost less than on-demand's per-GB charges "
                  "for that volume" if mode == "provisioned" else
                  "the shards the peak needs would be billed every hour for a volume well "
                  "below the peak")
        ramp = self.cat.fact("kinesis-on-demand-capacity")
        peak_write = (self.w.rate_peak or 0.0) * self.payload / 1024**2
        advantage = [f for f in self.cat.facts.values()
                     if f.id.startswith("price-kinesis-advantage-")]
        priced = ", ".join(f"{f.title.lower()} ({f.status})" for f in advantage) or "nothing"
        return [
            f"Kinesis is priced in {mode} mode, the cheaper at the expected (average) volume: "
            f"{reason} ({mode} ${totals[mode][0]:,.2f} vs {other} ${totals[other][0]:,.2f} a "
            f"month at the average rate; ${totals[mode][1]:,.2f} vs ${totals[other][1]:,.2f} "
            f"at a sustained peak). On-demand bills the volume that flows; provisioned bills "
            f"{shards:g} shard(s), the peak's {needed:g} with head-room, every hour{kept}.",
            f"On-demand's ramp ({ramp.id}): {ramp.text} {self._kinesis_ramp(peak_write)}",
            *([f"Replaying records older than "
               f"{units.format_duration(self._extended_retention_up_to)} is billed per GB read "
               "(price-kinesis-long-term-retrieval), not counted here."]
              if window > self._extended_retention_up_to else []),
            "On-demand Advantage is left out: it is set for the whole account and Region, and "
            "commits every on-demand stream there to a minimum throughput (kinesis-advantage), "
            f"which one workload cannot settle; the catalogue prices only {priced}.",
        ]

    def _kinesis_ramp(self, peak_mib: float) -> str:
        """How a stream new to this peak meets it: its start capacity in MiB/s and records/s
        against the peak's, and, above it, the doublings it takes to get there."""
        start = self.cat.number("kinesis-on-demand-initial-write")
        start_records = (start / self.cat.number("kinesis-shard-write-bytes")
                         * self.cat.number("kinesis-shard-write-records"))
        peak_records = self.w.rate_peak or 0.0
        ratio = max(peak_mib * 1024**2 / start, peak_records / start_records)
        head = (f"A new stream takes {start / 1024**2:g} MiB/s and {start_records:,.0f} "
                f"records/s (kinesis-on-demand-initial-write); this stream's peak writes "
                f"{peak_mib:,.1f} MiB/s and {peak_records:,.0f} records/s")
        if ratio <= 1:
            return head + ", within a new stream's capacity."
        burst = self.cat.number("kinesis-on-demand-burst")
        step = self.cat.number("kinesis-on-demand-scale-time")
        steps = math.ceil(math.log(ratio, burst))
        return (head + f", {ratio:,.1f} times that. On-demand takes up to {burst:g} times its "
                f"previous peak at once and scales beyond it within about "
                f"{units.format_duration(step)} (kinesis-on-demand-burst, "
                f"kinesis-on-demand-scale-time, unverified): a stream new to this peak would "
                f"be throttled for up to about {steps} x {units.format_duration(step)} = "
                f"{units.format_duration(steps * step)} while it scales, unless it has "
                "carried the peak in the last 30 days or is switched to provisioned first.")

    def _kinesis_firehose(self) -> None:
        rounding = self.cat.number("kinesis-firehose-billing-rounding")
        self.add("kinesis-firehose", "price-kinesis-firehose-ingest", f"GB ingested "
                 f"({_kb(rounding)} rounding)", self.gigabytes(rounding=rounding))

    def _lambda_cost(self, service: str, invocations_per_message: float, functions: int,
                     who: str) -> None:
        """Each of `functions` functions handles every message: each pays the GB-seconds."""
        if not functions:
            return  # the service is in the design, but no path runs a function in it
        time = self.w.processing_time
        if time is None:
            time = ASSUMED_PROCESSING
            self.assumptions.append(f"processing_time not stated: "
                                    f"{units.format_duration(ASSUMED_PROCESSING)} per message "
                                    "assumed for Lambda duration.")
        self.add(service, "price-lambda-requests", f"invocations of {who}",
                 self.messages(invocations_per_message, chunked=False))
        gb_seconds = self.messages(functions * time * LAMBDA_MEMORY_GB, chunked=False)
        self.add(service, "price-lambda-duration-x86", f"GB-seconds of {who} "
                 f"({functions} x {units.format_duration(time)} x {LAMBDA_MEMORY_GB:g} GB "
                 "per message)",
                 (gb_seconds[0] * 1e6, gb_seconds[1] * 1e6))
        self.assumptions.append(f"Lambda functions have {LAMBDA_MEMORY_GB * 1024:.0f} MB of "
                                "memory on x86.")

    def _lambda(self) -> None:
        functions = self.count("lambda")
        self._lambda_cost("lambda", functions, functions,
                          f"{functions} function(s), one per message")

    def _lambda_esm(self) -> None:
        pollers = self.count("lambda-esm")
        # Each function is invoked once per batch of its own mapping.
        fallback = self._batch()
        batches = [(p.count, self.sizing.value(f"esm_batch_size.{p.consumer}") or fallback)
                   for p in self.design.paths for h in p.hops if h == "lambda-esm"]
        sizes = sorted({b for _, b in batches})
        shown = "/".join(f"{b:g}" for b in sizes) if sizes else f"{fallback:g}"
        self._lambda_cost("lambda-esm", sum(n / b for n, b in batches), pollers,
                          f"{pollers} function(s) in batches of {shown}")

    def _step_functions(self) -> None:
        """A workflow execution per message per workflow. Standard workflows bill each state
        transition, and the workload does not say how many an execution makes: the cost is
        left unpriced, with the executions and the figure per transition so a reader can
        multiply."""
        workflows = self.count("step-functions") or 1
        average, peak = self.messages(workflows, chunked=False)  # millions of executions
        fact = self.cat.fact("price-step-functions-standard")
        price = fact.value
        per = (f": ${average * price:,.0f} a month per state transition per execution at the "
               f"average rate (${peak * price:,.0f} at the peak), at ${price:g} "
               f"{_per(fact.unit)} transitions ({fact.id}, {fact.status})"
               if price is not None and fact.unit == "usd-per-million" else "")
        self.skip("step-functions", f"Step Functions: {_count(average * 1e6)} executions a "
                  f"month at the average rate ({_count(peak * 1e6)} at the peak), state "
                  f"transitions per execution not stated{per}")

    def _api_gateway_websocket(self) -> None:
        clients = [p for p in self.design.paths if "api-gateway-websocket" in p.hops]
        posts = sum(self.copies(p.consumer) for p in clients) or 1
        stated = any(c.instances > 1 for c in self.w.consumers
                     if c.name in {p.consumer for p in clients})
        self.add("api-gateway-websocket", "price-api-gateway-websocket-messages",
                 f"messages posted (one per message per connection; {posts:,} connection(s)"
                 f"{'' if stated else ' assumed'})", self.messages(posts, chunked=False))
        self.assumptions.append("Connection minutes are not counted." if stated else
                                "WebSocket cost grows with the number of open connections, "
                                "which the workload does not state (`instances`); connection "
                                "minutes are not counted.")


def _kb(size: float) -> str:
    """A catalogue size as the texts write it: "64 KB"."""
    return f"{size / 1024:,g} KB"


def _per(unit: str | None) -> str:
    return {"usd-per-million": "per million", "usd-per-gb": "per GB",
            "usd-per-hour": "per hour", "usd-per-gb-second": "per GB-second",
            "usd-per-gb-month": "per GB-month", "usd-per-message": "per message"}.get(
                unit or "", unit or "")


def _count(value: float) -> str:
    """A count as a reader takes it in: "950", "12,500", "3M", "54.8M", "2.37 billion"."""
    if value >= 1e6:
        return f"{value / 1e6:,.3g}M" if value < 1e9 else f"{value / 1e9:,.3g} billion"
    return f"{value:,.0f}" if value >= 10 else f"{value:,.2g}"
