"""Monthly cost of a Google Cloud design at the average rate and at a sustained peak.

Prices come from the catalogue, each line with its quantity and unit price. Pub/Sub bills
throughput (a publish, and each subscription's delivery) per TiB with a 1 kB floor per
request; export subscriptions at their own rate; Cloud Tasks per operation in 32 KB chunks;
Cloud Scheduler per job. Services whose prices no one found are named with what would be
billed, never given a figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from advisor.core.catalogue import Catalogue
from advisor.core.designs import Design
from advisor.core.numbers import Cost, CostLine, Sizing
from advisor.format import units
from advisor.format.workload import Workload
from advisor.providers.gcp.fcm import targeting
from advisor.providers.gcp.sizing import payload_of
from advisor.providers.gcp.words import count

HOURS_PER_MONTH = 365 * 24 // 12  # an average month: a year's hours over twelve
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
TIB = 1024.0**4
GIB = 1024.0**3
TASK_CHUNK = 32 * 1024  # "a task of 96KB ... produces 3 billable operations" (cloud-tasks-price)
PRICED_REGION = "all regions"  # Pub/Sub, Cloud Tasks and Scheduler price alike everywhere
UNITS = {"usd-per-tib": "per TiB", "usd-per-million": "per million",
         "usd-per-job-month": "per job a month", "usd-per-gib-month": "per GiB-month"}


class Coster:
    def __init__(self, design: Design, w: Workload, catalogue: Catalogue) -> None:
        self.design, self.w, self.cat = design, w, catalogue
        self.lines: list[CostLine] = []
        self.unpriced: list[str] = []
        self.unpriced_parts: list[str] = []
        self.payload, stated = payload_of(w)
        self.assumptions = [
            f"A month is {HOURS_PER_MONTH} hours; 'sustained peak' runs the peak rate all "
            "month.", "Free tiers are subtracted where the pricing page states them."]
        if not stated:
            self.assumptions.append(f"Payload not stated: {units.format_size(self.payload)} "
                                    "per message assumed.")

    def per_month(self, per_message: float) -> tuple[float, float]:
        return ((self.w.rate_average or 0.0) * SECONDS_PER_MONTH * per_message,
                (self.w.rate_peak or 0.0) * SECONDS_PER_MONTH * per_message)

    def add(self, service: str, fact_id: str, what: str, quantity: tuple[float, float],
            free: float = 0.0) -> None:
        fact = self.cat.fact(fact_id)
        price = fact.value or 0.0
        caveat = "" if fact.certain else f" ({fact.status} price)"
        less = f", less {free:,.4g} free" if free else ""
        amounts = f": {quantity[0]:,.4g} at the average rate, {quantity[1]:,.4g} at the peak"
        billed = tuple(max(0.0, q - free) for q in quantity)
        per = UNITS.get(fact.unit or "", fact.unit or "")
        self.lines.append(CostLine(service, f"{what}{amounts}{less} at ${price:g} {per}{caveat}",
                                   billed[0] * price, billed[1] * price, fact_id))

    def unpriced_service(self, service: str) -> None:
        name = self.cat.service(service).name
        consumers = {c.name: c for c in self.w.consumers}
        # FCM bills what it sends: a message to N tokens is N messages (fcm.targeting)
        n = sum(p.count * (targeting(self.w, consumers[p.consumer]).sends
                           if service == "firebase-cloud-messaging" else 1)
                for p in self.design.paths if service in p.hops) or 1
        average, peak = (self.w.rate_average or 0.0) * n, (self.w.rate_peak or 0.0) * n
        self.unpriced.append(service)
        self.unpriced_parts.append(f"{name}: {average:,g} messages/s at the average rate "
                                   f"({peak:,g}/s at the peak); no sourced price")

    def subscriptions(self, service: str) -> int:
        return sum(p.count for p in self.design.paths if service in p.hops)


def _tib(c: Coster, copies: float) -> tuple[float, float]:
    each = max(c.payload, c.cat.number("pubsub-quota-unit")) * copies / TIB
    return c.per_month(each)


def _pubsub(c: Coster, service: str) -> None:
    free = c.cat.number("pubsub-price-free-tier") * GIB / TIB
    c.add(service, "pubsub-price-throughput", f"Publish throughput (rate x max(payload "
          f"{units.format_size(c.payload)}, 1 kB) x {HOURS_PER_MONTH} h, in TiB a month)",
          _tib(c, 1), free)
    _retained(c, service)


def _retained(c: Coster, service: str) -> None:
    """A topic kept for replays stores every message for the longest replay: at a steady
    rate, rate x payload x retention bytes are held all month."""
    on_topic = {p.consumer for p in c.design.paths if "pubsub" in p.hops
                and "managed-kafka" not in p.hops}
    longest = max((x.replay for x in c.w.consumers if x.name in on_topic), default=0.0)
    if not longest:
        return
    held = tuple(rate * c.payload * longest / GIB
                 for rate in (c.w.rate_average or 0.0, c.w.rate_peak or 0.0))
    c.add(service, "pubsub-price-storage", f"Topic retention for replays (rate x payload "
          f"{units.format_size(c.payload)} x {units.format_duration(longest)} held, in GiB)",
          (held[0], held[1]))


def _delivery(c: Coster, service: str) -> None:
    n = c.subscriptions(service)
    c.add(service, "pubsub-price-throughput", f"Delivery to {count(n, 'subscription')} (the "
          f"publish throughput x {n}, in TiB a month)", _tib(c, n))


# What the sink bills for what an export subscription writes into it: Pub/Sub's export
# price covers the delivery only, and no sourced price for the sink is in the catalogue.
SINK_BILLS = {
    "pubsub-bigquery": "BigQuery: the rows the subscription writes (its write and storage "
                       "charges); no sourced price",
    "pubsub-cloud-storage": "Cloud Storage: the files the subscription writes (storage and "
                            "write operations); no sourced price",
}


def _export(c: Coster, service: str) -> None:
    n = c.subscriptions(service)
    c.add(service, "pubsub-price-export", f"Export to {count(n, 'subscription')} (the publish "
          f"throughput x {n}, in TiB a month; no free tier)", _tib(c, n))
    c.unpriced_parts.append(SINK_BILLS[service])


def _tasks(c: Coster, service: str) -> None:
    n = c.subscriptions(service)
    chunks = math.ceil(c.payload / TASK_CHUNK)
    operations = c.per_month(n * 2 * chunks / 1e6)  # a create call and a dispatch each
    free = c.cat.number("cloud-tasks-price-free") / 1e6
    c.add(service, "cloud-tasks-price", f"{count(n, 'queue')} x (create + dispatch) x "
          f"{count(chunks, 'chunk')} of 32 KB (millions of operations a month)", operations,
          free)


def _scheduler(c: Coster, service: str) -> None:
    jobs = float(sum(p.count for p in c.design.paths if p.delivery == "poll"
                     and p.hops[-1] in ("cloud-run-functions", "workflows")))
    c.add(service, "scheduler-price", "Jobs a month", (jobs, jobs), min(3.0, jobs))


def _unpriced(c: Coster, service: str) -> None:
    c.unpriced_service(service)


PRICERS: dict[str, Callable[[Coster, str], None]] = {
    "pubsub": _pubsub, "pubsub-push": _delivery, "pubsub-pull": _delivery,
    "pubsub-bigquery": _export, "pubsub-cloud-storage": _export, "cloud-tasks": _tasks,
    "cloud-scheduler": _scheduler, "eventarc": _unpriced, "cloud-run": _unpriced,
    "cloud-run-functions": _unpriced, "workflows": _unpriced, "dataflow": _unpriced,
    "managed-kafka": _unpriced, "firebase-cloud-messaging": _unpriced, "webhook": _unpriced,
}
UNPRICED = frozenset(s for s, pricer in PRICERS.items() if pricer is _unpriced)


def estimate(design: Design, w: Workload, sizing: Sizing, catalogue: Catalogue) -> Cost | None:
    """The design's monthly cost, or None where no rate is stated."""
    if w.rate_average is None or w.rate_peak is None:
        return None
    c = Coster(design, w, catalogue)
    for service in design.service_ids:
        PRICERS[service](c, service)
    return Cost(design.model, design.service_ids, PRICED_REGION,
                round(sum(line.usd_average for line in c.lines), 2),
                round(sum(line.usd_peak for line in c.lines), 2), tuple(c.lines),
                tuple(dict.fromkeys(c.unpriced)), tuple(dict.fromkeys(c.assumptions)),
                unpriced_parts=tuple(dict.fromkeys(c.unpriced_parts)),
                left_out=("data transfer between regions and to the internet",))
