"""The cost and sizing wording of an ADR: one line of what the chosen design costs and
leaves out, a row per option, and the quota shares too small to print."""

from __future__ import annotations

from typing import Any

from advisor.core.numbers import Cost
from advisor.core.recommendation import Recommendation

_NEGLIGIBLE_PCT = 1.0


def negligible(figure: Any) -> bool:
    """A share of a quota too small to matter ("0.0% of a quota")."""
    return bool(figure.key.endswith("_pct") and figure.value < _NEGLIGIBLE_PCT)


def unverified(cost: Cost | None, catalogue: Any) -> bool:
    """Whether any price behind a cost is not verified on an official page."""
    return any(catalogue.fact(line.fact).status != "verified" for line in
               (cost.lines if cost else ()))


def cost_summary(cost: Cost | None, catalogue: Any) -> str:
    """"$5,769.00 a month expected at the average rate ($247,972.00 if the peak lasted all
    month); not priced: ..." with every unpriced part and what no figure covers, and whose
    prices these are: the one cost line of the shorter templates says all of it."""
    if cost is None:
        return ""
    flagged = " (unverified prices)" if unverified(cost, catalogue) else ""
    if cost.lines:
        # Where a service has no price, the figure is a floor, never the design's cost.
        priced = " for the priced parts" if cost.unpriced else ""
        head = (f"{usd(cost.monthly_usd_average)} a month expected{priced} at the average "
                f"rate ({usd(cost.monthly_usd_peak)} if the peak lasted all month){flagged}")
    else:
        head = priced_figure(cost, 0.0, "", catalogue.cloud_name)
    left = [*cost.unpriced_parts, *cost.left_out]
    return (head + (f"; not priced: {'; '.join(left)}" if left else "")
            + (f". {cost.region_note}" if cost.region_note else ""))


def usd(value: float) -> str:
    return f"${value:,.2f}"


def cost_rows(rec: Recommendation) -> list[dict[str, str]]:
    """One row per option, the chosen first; a ruled-out option says so by its price, and
    a figure resting on an unverified price says so next to it."""
    rows = []
    cloud = rec.catalogue.cloud_name
    for option in sorted(rec.options, key=lambda o: o.model != rec.model):
        if option.cost is None:
            continue
        flagged = " (unverified prices)" if unverified(option.cost, rec.catalogue) else ""
        status = ("chosen" if option.model == rec.model else
                  f"ruled out by {', '.join(option.ruled_out_by)}" if option.ruled_out_by else
                  "cannot be built" if not option.design.feasible else "")
        rows.append({"model": option.model, "chosen": "yes" if option.model == rec.model
                     else "", "status": status,
                     "services": ", ".join(_priced_column(option.cost)) or "-",
                     "average": priced_figure(option.cost, option.cost.monthly_usd_average,
                                              flagged, cloud),
                     "peak": priced_figure(option.cost, option.cost.monthly_usd_peak, flagged,
                                           cloud),
                     "unpriced": "; ".join(option.cost.unpriced_parts)})
    return rows


def priced_figure(cost: Cost, value: float, unverified: str, cloud: str) -> str:
    """Never a bare $0.00 for an option with nothing priced; where some of it is, the
    unpriced parts are named in the row's last column."""
    if not cost.lines:
        return "not priced" if cost.unpriced else f"$0.00 (no {cloud} service billed)"
    return usd(value) + unverified


def _priced_column(cost: Cost) -> list[str]:
    """Each service in one column: an unpriced one only under "Not priced", a partly priced
    one here as such (its unpriced part is named there)."""
    lined = {line.service for line in cost.lines}
    return [(f"{s} (partly)" if s in cost.unpriced else _priced_as(s, cost)) if s in lined
            else f"{s} (no line of its own)"  # a webhook is billed in its caller's line
            for s in cost.services if s not in cost.unpriced or s in lined]


def _priced_as(service: str, cost: Cost) -> str:
    """A service priced in one of its capacity modes, with what the whole option would cost
    in the others (the figures are option totals, not that service's alone)."""
    if service != cost.mode_service or not cost.mode:
        return service
    name = cost.mode_service_name
    others = "; ".join(f"option total with {a.mode} {name} {usd(a.monthly_usd_average)} "
                       f"average, {usd(a.monthly_usd_peak)} peak" for a in cost.alternatives)
    return f"{service} ({cost.mode}" + (f"; {others}" if others else "") + ")"
