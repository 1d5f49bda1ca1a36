"""Monthly cost of a design at the average rate and at a sustained peak.

Prices come from the catalogue (us-east-1, with source and date). Each line of a
cost shows its quantity and unit price; the assumptions are listed with it. The coster
(coster.py) holds the quantities; the pricers (pricers.py, one per service id) add lines.
"""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.designs import Design
from advisor.core.numbers import Cost, ModeCost, Sizing
from advisor.format.workload import Workload
from advisor.providers.aws.cost.coster import (
    HOURS_PER_MONTH,
    PRICED_REGION,
    SECONDS_PER_MONTH,
    Coster,
)
from advisor.providers.aws.cost.kinesis import MODED_SERVICE, MODED_SERVICE_NAME
from advisor.providers.aws.cost.pricers import PRICERS

__all__ = ["HOURS_PER_MONTH", "PRICED_REGION", "SECONDS_PER_MONTH", "estimate"]


def estimate(design: Design, w: Workload, sizing: Sizing, catalogue: Catalogue) -> Cost | None:
    """The design's monthly cost, or None where no rate is stated."""
    if w.rate_average is None or w.rate_peak is None:
        return None
    c = Coster(design, w, catalogue, sizing)
    for service in design.service_ids:
        PRICERS[service](c, service)
    c.name_left_out()
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
                c.region_note, MODED_SERVICE if modes else "",
                MODED_SERVICE_NAME if modes else "")
