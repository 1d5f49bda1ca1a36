"""Azure's monthly cost of a design, at the average rate and at a sustained peak, with the
arithmetic in words. Each service id has a pricer, or is named in UNPRICED with why: a price
nobody found on an official page or in the Retail Prices extract is never guessed."""

from __future__ import annotations

from collections.abc import Callable

from advisor.core.catalogue import Catalogue
from advisor.core.designs import Design
from advisor.core.numbers import Cost, CostLine, Sizing
from advisor.format.workload import Workload

# An average month: a year's hours over twelve (730), the month Azure's monthly prices use.
HOURS_PER_MONTH = 365 * 24 // 12
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
FUNCTION_MEMORY_GB = 0.5  # assumed per execution
ASSUMED_PROCESSING = 0.1  # seconds per message, where the workload states none
PRICED_REGION = "eastus"  # the infracost rows are West Europe, East US or West US: see notes
Pair = tuple[float, float]
UNIT_WORDS = {"usd-per-million": "per million", "usd-per-month": "a month",
              "usd-per-hour": "an hour", "usd-per-gb-second": "per GB-second"}


class _Coster:
    def __init__(self, design: Design, w: Workload, cat: Catalogue, sizing: Sizing) -> None:
        self.design, self.w, self.cat, self.sizing = design, w, cat, sizing
        self.lines: list[CostLine] = []
        self.unpriced_parts: list[str] = []
        peak = w.rate_peak or 0.0
        average = w.rate_average or peak
        self.millions: Pair = (average * SECONDS_PER_MONTH / 1e6, peak * SECONDS_PER_MONTH / 1e6)

    def add(self, service: str, fact_id: str, what: str, quantity: Pair) -> None:
        """quantity: (at average, at peak) in the price's unit (millions, months, hours)."""
        fact = self.cat.fact(fact_id)
        price = fact.value or 0.0
        caveat = "" if fact.certain else f" ({fact.status} price)"
        unit = UNIT_WORDS.get(fact.unit or "", fact.unit or "")
        self.lines.append(CostLine(service, f"{what} at ${price:g} {unit}{caveat}",
                                   quantity[0] * price, quantity[1] * price, fact_id))

    def per_message(self, copies: float) -> Pair:
        return (self.millions[0] * copies, self.millions[1] * copies)

    def paths_through(self, service: str) -> int:
        return sum(p.count for p in self.design.paths if service in p.hops)

    def figure(self, key: str, default: float = 1.0) -> float:
        return self.sizing.value(key) or default


def _event_grid(c: _Coster) -> None:
    deliveries = max(1, c.paths_through("event-grid"))
    free = c.cat.number("event-grid-free-operations") / 1e6
    ops = c.per_message(1 + deliveries)
    c.add("event-grid", "event-grid-price-operations", f"operations (1 publish + {deliveries} "
          f"delivery(ies) per event, less {free:g}M free a month)",
          (max(0.0, ops[0] - free), max(0.0, ops[1] - free)))


def _service_bus(c: _Coster) -> None:
    if c.figure("service_bus_premium", 0.0):
        mus = c.figure("service_bus_messaging_units")
        c.add("service-bus-queue", "service-bus-price-premium-mu",
              f"{mus:g} Premium messaging unit(s) x 1 month", (mus, mus))
        return
    c.add("service-bus-queue", "service-bus-price-standard-base", "Standard namespace x 1 "
          "month", (1.0, 1.0))
    receivers = max(1, sum(p.count for p in c.design.paths if p.delivery == "poll"))
    included = c.cat.number("service-bus-standard-included-ops")
    ops = c.per_message(1 + 2 * receivers)
    what = f"operations (1 send + receive and complete for {receivers} consumer(s))"
    start = included
    for fact_id, end in BANDS:  # Standard bills operations in bands, each at its own rate
        upto = c.cat.number(end) if end else None
        band = tuple(max(0.0, min(o, upto) - start) if upto else max(0.0, o - start)
                     for o in ops)
        if band[1] > 0:
            c.add("service-bus-queue", fact_id, f"{what} from {start:g}M to "
                  + (f"{upto:g}M" if upto else "beyond"), (band[0], band[1]))
        start = upto or start


# Standard's operation bands: the price of each, and the fact where it ends (millions a month).
BANDS = (("service-bus-price-standard-ops", "service-bus-standard-band-2"),
         ("service-bus-price-standard-ops-2", "service-bus-standard-band-3"),
         ("service-bus-price-standard-ops-3", ""))


def _event_hubs(c: _Coster) -> None:
    tus = c.figure("event_hubs_throughput_units")
    if c.figure("event_hubs_premium", 0.0):
        # Beyond Standard's 40 TUs or 7 days: no Premium or Dedicated price was found.
        c.unpriced_parts.append("Event Hubs Premium or Dedicated (beyond Standard's 40 "
                                "throughput units or 7 days' retention): no price was found")
        return
    c.add("event-hubs", "event-hubs-price-standard-tu", f"{tus:g} Standard throughput unit(s) "
          "x 1 month", (tus, tus))
    c.add("event-hubs", "event-hubs-price-ingress", "ingress events", c.per_message(1))
    hub = next(u for u in c.design.services if u.id == "event-hubs")
    if "event-hubs-capture" in hub.facts:  # Capture writes the stream to storage per TU
        c.add("event-hubs", "event-hubs-price-capture", f"Capture for {tus:g} throughput "
              "unit(s) x 1 month", (tus, tus))


def _storage_queue(c: _Coster) -> None:
    readers = c.paths_through("storage-queue")
    if not readers:  # a dead-letter queue only: it sees the failures, which nobody states
        c.add("storage-queue", "storage-queue-price-ops", "queue operations of the dead-letter "
              "queue (failed events only; no failure rate is stated, so none counted)",
              (0.0, 0.0))
        return
    c.add("storage-queue", "storage-queue-price-ops", f"queue operations (put, get, delete for "
          f"{readers} queue(s); empty polls not counted)", c.per_message(3 * readers))


def _functions(c: _Coster) -> None:
    runs = max(1, c.paths_through("functions"))
    # A function on a stream is invoked once per batch, not once per event.
    batched = sum(p.count for p in c.design.paths
                  if p.follows(("event-hubs", "iot-hub"), "functions"))
    batch = c.cat.number("functions-event-hubs-batch")
    invocations = runs - batched + batched / batch
    seconds = c.w.processing_time or ASSUMED_PROCESSING
    what = f"executions of {runs} function(s), one per message" + (
        f" ({batched} reading a stream, one per batch of {batch:g})" if batched else "")
    c.add("functions", "functions-price-executions", what, c.per_message(invocations))
    gb_s = seconds * FUNCTION_MEMORY_GB * 1e6
    c.add("functions", "functions-price-gb-s", f"GB-seconds ({runs} x {seconds:g} s x "
          f"{FUNCTION_MEMORY_GB:g} GB per message)", c.per_message(runs * gb_s))


def _communication(c: _Coster) -> None:
    for channel, fact in (("email", "communication-services-price-email"),
                          ("sms", "communication-services-price-sms")):
        sent = sum(p.count for p in c.design.paths
                   if "communication-services" in p.hops and p.runs_on == channel)
        if sent:
            c.add("communication-services", fact, f"{channel} messages sent ({sent} per "
                  "message)", c.per_message(sent))
    if numbers := c.figure("communication_services_toll_free_numbers", 0.0):
        c.add("communication-services", "communication-services-price-toll-free",
              f"{numbers:g} toll-free number(s) x 1 month", (numbers, numbers))


def _notification_hubs(c: _Coster) -> None:
    devices = c.figure("notification_hubs_devices", 0.0)
    if devices > c.cat.number("notification-hubs-basic-devices"):
        c.add("notification-hubs", "notification-hubs-price-standard", "Standard namespace "
              f"for {devices:,.0f} devices x 1 month", (1.0, 1.0))
        return
    c.add("notification-hubs", "notification-hubs-price-basic", "Basic namespace x 1 month",
          (1.0, 1.0))


def _monthly(service: str, fact_id: str, what: str, key: str = "") -> Callable[[_Coster], None]:
    def price(c: _Coster) -> None:
        count = c.figure(key) if key else 1.0
        c.add(service, fact_id, f"{count:g} {what} x 1 month", (count, count))
    return price


def _stream_analytics(c: _Coster) -> None:
    c.add("stream-analytics", "stream-analytics-price", f"1 streaming unit x {HOURS_PER_MONTH} "
          "hours", (HOURS_PER_MONTH, HOURS_PER_MONTH))


PRICERS: dict[str, Callable[[_Coster], None]] = {
    "event-grid": _event_grid, "service-bus-queue": _service_bus,
    "service-bus-topic": _service_bus, "event-hubs": _event_hubs,
    "storage-queue": _storage_queue, "functions": _functions,
    "communication-services": _communication,
    "signalr": _monthly("signalr", "signalr-price-unit", "Standard unit(s)", "signalr_units"),
    "notification-hubs": _notification_hubs,
    "iot-hub": _monthly("iot-hub", "iot-hub-price-s1", "S1 unit(s)", "iot_hub_units"),
    "stream-analytics": _stream_analytics,
}
# Named, never guessed: the fact sheet found no price for these (or nothing is billed).
UNPRICED: dict[str, str] = {
    "event-grid-namespace": "Event Grid namespace throughput units and operations: no price "
                            "was found",
    "durable-functions": "Durable Functions: its storage transactions were not priced",
    "logic-apps": "Logic Apps Consumption actions and connector calls: no price was found "
                  "(only Standard's)",
    "container-apps": "Container Apps replicas: no price was read",
    "web-pubsub": "Web PubSub units and messages: no price was found",
    "webhook": "the HTTPS endpoint is the team's or the partner's: nothing billed by Azure",
}


def estimate(design: Design, w: Workload, sizing: Sizing, cat: Catalogue) -> Cost | None:
    """The design's monthly cost, or None where the workload states no rate."""
    if not w.rate_peak:
        return None
    c = _Coster(design, w, cat, sizing)
    done: set[Callable[[_Coster], None]] = set()
    unpriced: list[str] = []
    for service in design.service_ids:
        pricer = PRICERS.get(service)
        if pricer is None:
            unpriced.append(service)
            c.unpriced_parts.append(UNPRICED[service])
        elif pricer not in done:  # a queue and a topic share one namespace's bill
            done.add(pricer)
            pricer(c)
    assumptions = (
        f"A month is {HOURS_PER_MONTH} hours; 'sustained peak' runs the peak rate all month.",
        "Prices are list prices in USD from infracost's extract of the Azure Retail Prices "
        "API (2024-07-01, West Europe, East US or West US as each line's fact says) unless a "
        "line says verified; Azure's pricing pages show no figures to check them against.",
        f"Functions: Consumption plan, {FUNCTION_MEMORY_GB:g} GB per execution, free grant "
        "not deducted.",
    )
    average = sum(line.usd_average for line in c.lines)
    peak = sum(line.usd_peak for line in c.lines)
    note = "" if w.region == PRICED_REGION else (
        f"Prices are for the regions their facts name, not {w.region}.")
    return Cost(design.model, design.service_ids, PRICED_REGION, round(average, 2),
                round(peak, 2), tuple(c.lines), tuple(unpriced), assumptions,
                unpriced_parts=tuple(c.unpriced_parts), region_note=note)
