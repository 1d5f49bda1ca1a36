"""The sizer: one design's figures, quotas, notes and warnings, and what they share."""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.designs import Design
from advisor.core.numbers import Figure, QuotaWarning, Sizing, capacity
from advisor.format.workload import Workload
from advisor.providers.aws.sizing.readers import stream_readers

ASSUMED_PAYLOAD = 1024.0  # bytes, where the workload states none
# Backlogs are reckoned per minute of peak: a span a reviewer can scale to the peaks they see.
PEAK_MINUTE = 60.0
# Figures that are settings turned on (1) or off (0), shown as yes or no.
FLAGS = ("kinesis_enhanced_fan_out", "sqs_fifo_high_throughput")
COMPARED = ("kinesis_shards",)  # in the JSON whichever option has it (Figure.compared)


def payload_of(w: Workload) -> tuple[float, bool]:
    """The average payload, and whether it was stated."""
    if w.payload_average:
        return w.payload_average, True
    return ASSUMED_PAYLOAD, False


def assumed_payload() -> str:
    """ASSUMED_PAYLOAD as the notes write it: "1KB"."""
    return f"{ASSUMED_PAYLOAD / 1024:g}KB"


class Sizer:
    def __init__(self, design: Design, w: Workload, catalogue: Catalogue) -> None:
        self.design, self.w, self.cat = design, w, catalogue
        self.figures: list[Figure] = []
        self.quotas: list[QuotaWarning] = []
        self.notes: list[str] = []
        self.warnings: list[str] = []
        self.peak = w.rate_peak or 0.0
        # Looked up by name, never scanned: a workload may list a thousand consumers.
        self.consumers = {c.name: c for c in w.consumers}
        self.paths = {p.consumer: p for p in reversed(design.paths)}  # the first path wins

    def done(self) -> Sizing:
        return Sizing(tuple(self.figures), tuple(self.quotas), tuple(dict.fromkeys(self.notes)),
                      tuple(self.warnings))

    def add(self, key: str, value: float, text: str, formula: str, *facts: str) -> None:
        self.figures.append(Figure(key, value, text, formula, facts, key in FLAGS,
                                   key in COMPARED))

    def quota(self, fact_id: str, text: str) -> None:
        fact = self.cat.fact(fact_id)
        caveat = "" if fact.certain else f" (this quota is {fact.status} in advisor's catalogue)"
        self.quotas.append(QuotaWarning(text + caveat, fact_id, fact.status))

    def rate_reaching(self, consumer_name: str) -> float:
        """A pushed consumer gets the peak; a buffered one is drained at most at its cap."""
        consumer = self.consumers[consumer_name]
        path = self.paths[consumer_name]
        cap = capacity(consumer, self.w.processing_time)
        if path.delivery == "poll" and cap is not None:
            return min(self.peak, cap[0])
        return self.peak

    def kinesis_readers(self) -> int:
        return stream_readers(self.design, self.w)

    def kinesis_shards(self) -> int | None:
        value = next((f.value for f in self.figures if f.key == "kinesis_shards"), None)
        return int(value) if value is not None else None
