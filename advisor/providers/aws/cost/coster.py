"""The coster: one design's cost lines and assumptions, and the quantities pricers bill.

A pricer (pricers.py) adds lines through it; every quantity is a pair, (at the average rate,
at a sustained peak), in the unit of the price it is multiplied by.
"""

from __future__ import annotations

import math
from typing import Literal

from advisor.core.catalogue import Catalogue
from advisor.core.designs import WORKER, Design
from advisor.core.numbers import CostLine, Sizing
from advisor.errors import InternalError
from advisor.format.workload import Workload
from advisor.providers.aws.sizing.sizer import assumed_payload, payload_of

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
# The two capacity modes a Kinesis stream is priced in.
KinesisMode = Literal["provisioned", "on-demand"]


class Coster:
    def __init__(self, design: Design, w: Workload, catalogue: Catalogue,
                 sizing: Sizing) -> None:
        self.design, self.w, self.cat, self.sizing = design, w, catalogue, sizing
        self.by_name = {c.name: c for c in w.consumers}  # looked up per path, never scanned
        self.lines: list[CostLine] = []
        self.unpriced: list[str] = []  # service ids
        self.unpriced_parts: list[str] = []
        self.left_out: list[str] = []
        self.region_note = ""
        # mode -> (average, peak), the priced mode first
        self.kinesis_modes: dict[KinesisMode, tuple[float, float]] = {}
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
            f"Requests that carry the payload are billed per {kb(self.chunk)} chunk (SNS, "
            "SQS, EventBridge, Pipes).",
        ]
        if not stated:
            self.assumptions.append(f"Payload not stated: {assumed_payload()} per message "
                                    "assumed.")
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
        self.lines.append(CostLine(service, what + f" at ${shown} {per_unit(fact.unit)}{caveat}",
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
        return (f"{readable((self.w.rate_average or 0.0) * copies)}/s at the average rate "
                f"({readable((self.w.rate_peak or 0.0) * copies)}/s at the peak)")

    def name(self, service: str) -> str:
        """A service's short name: "AWS AppSync" for "AWS AppSync (GraphQL ...)"."""
        try:
            return self.cat.service(service).name.split(" (")[0]
        except KeyError:
            return service

    def name_left_out(self) -> None:
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

    def per_message(self, consumer: str) -> bool:
        c = self.by_name.get(consumer)
        return c is not None and c.recipients == "per-message"

    def batch(self) -> float:
        """The smallest event source mapping batch; without a mapping, workers receive as
        many as one ReceiveMessage returns (sqs-receive-max)."""
        sizes = [f.value for f in self.sizing.figures if f.key.startswith("esm_batch_size.")]
        return float(min(sizes)) if sizes else self.cat.number("sqs-receive-max")


def kb(size: float) -> str:
    """A catalogue size as the texts write it: "64 KB"."""
    return f"{size / 1024:,g} KB"


def per_unit(unit: str | None) -> str:
    return {"usd-per-million": "per million", "usd-per-gb": "per GB",
            "usd-per-hour": "per hour", "usd-per-gb-second": "per GB-second",
            "usd-per-gb-month": "per GB-month", "usd-per-message": "per message"}.get(
                unit or "", unit or "")


def readable(value: float) -> str:
    """A count as a reader takes it in: "950", "12,500", "3M", "54.8M", "2.37 billion"."""
    if value >= 1e6:
        return f"{value / 1e6:,.3g}M" if value < 1e9 else f"{value / 1e9:,.3g} billion"
    return f"{value:,.0f}" if value >= 10 else f"{value:,.2g}"
