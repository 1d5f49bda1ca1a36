"""The summary a person reads in the terminal after `advisor recommend`."""

from __future__ import annotations

import math
from typing import Any

from advisor.report import Recommendation, scores_text
from advisor.topology import WORKER
from advisor.visible import visible

_STYLE = {"push": "bold green", "poll": "bold blue", "hybrid": "bold magenta"}


def print_summary(console: Any, rec: Recommendation, adr: str | None, note: str) -> None:
    from rich.text import Text

    lines: list[Any] = []  # printed at once: rich costs per call (2.3 ms -> 1.4 ms)
    d = rec.decision
    head = Text()
    head.append(rec.workload.name, style="bold")
    head.append("  →  ")
    head.append(d.model.upper(), style=_STYLE[d.model])
    how = {"score": f"margin {d.margin:g}", "constraint": "the only option not ruled out",
           "tie-break": "tie broken towards fewer moving parts",
           "design": "the best option whose design can be built"}[d.decided_by]
    ruled = "".join(f"; {m} ruled out by {', '.join(ids)}" for m, ids in d.ruled_out.items()
                    if ids)
    head.append(f"   ({how}; {scores_text(d.scores)}{ruled})", style="dim")
    lines.append(head)
    top = [f for f in d.firings if f.rule.effect.get(d.model, 0) > 0 or f.rule.rules_out]
    for firing in sorted(top, key=lambda f: -f.rule.effect.get(d.model, 0))[:4]:
        line = Text("  • ")
        line.append(firing.rule.id, style="cyan")
        line.append(f" {visible(firing.rationale, one_line=True)}")
        lines.append(line)
    names = {WORKER: "own pollers"}
    leans = {v.name: v.lean for v in d.consumers}  # consumer names are unique in a workload
    rows: list[tuple[str, ...]] = [
        (visible(path.consumer), path.runs_on, leans.get(path.consumer, ""), path.delivery,
         " → ".join(names.get(h, h) for h in path.hops) or "direct")
        for path in rec.chosen.design.paths]
    lines.extend(_columns(("consumer", "runs on", "needs", "gets", "route"), rows))
    services = ", ".join(s.id for s in rec.chosen.design.services) or "none"
    lines.append(Text("  services: ", style="bold") + Text(services))
    chosen_cost = rec.chosen.cost
    if chosen_cost is not None:
        others = ", ".join(f"{o.model} {_usd(o.cost.monthly_usd_average)}"
                           for o in rec.options if o.cost and o.model != d.model)
        lines.append(Text("  cost: ", style="bold") + Text(
            f"{_usd(chosen_cost.monthly_usd_average)}/month at the average rate, "
            f"{_usd(chosen_cost.monthly_usd_peak)} at a sustained peak ({others}; "
            f"{chosen_cost.region} prices"
            + (f"; not priced: {', '.join(chosen_cost.unpriced)}" if chosen_cost.unpriced
               else "") + ")"))
    lines.extend(Text("  ") + Text(visible(line, True)) for line in _backlogs(rec))
    if rec.flips or rec.quota_flips:
        flips = "; ".join([f"{f.model} if {f.text}" for f in rec.flips[:3]]
                          + [f"{q.model} if {q.text}" for q in rec.quota_flips[:1]])
        lines.append(Text("  would change: ", style="bold") + Text(visible(flips, True)))
    lines.extend(Text("  ! ", style="yellow") + Text(visible(warning, True))
                 for warning in rec.warnings)
    if adr:
        lines.append(Text(f"  ADR {note}: ", style="bold") + Text(visible(adr, True)))
    lines.append(Text())
    console.print(Text("\n").join(lines))


BACKLOG = "backlog_per_peak_minute."


def _backlogs(rec: Recommendation) -> list[str]:
    """One short line per consumer slower than the peak: what a peak minute leaves queued
    and how long it takes to drain (the JSON and the ADR give the formulas)."""
    from advisor.sizing import capacity

    sizing, w = rec.chosen.sizing, rec.workload
    consumers = {c.name: c for c in w.consumers}
    average = w.rate_average or w.rate_peak or 0.0
    found = []
    for figure in sizing.figures:
        if not figure.key.startswith(BACKLOG):
            continue
        name = figure.key[len(BACKLOG):]
        drain = sizing.value(f"drain_s_per_peak_minute.{name}")
        if drain is not None:
            fate = f"drains in {_duration(drain)}"
        else:  # no drain figure: at the average it never drains, below it grows as well
            cap = capacity(consumers[name], w.processing_time) if name in consumers else None
            below = cap is not None and cap[0] < average and not math.isclose(
                cap[0], average, rel_tol=1e-9)
            fate = "grows without bound" if below else "never drains"
        found.append(f"{name}: backlog {figure.value:,.0f} per peak minute, {fate}")
    return found


def _duration(seconds: float) -> str:
    """Rounded to a unit a person reads at a glance: "40 s", "29 min", "3.3 h", "2.1 d"."""
    def nearest(value: float) -> float:  # half up, not Python's half to even
        return math.floor(value + 0.5)
    if seconds < 120:
        return f"{nearest(seconds):g} s"
    if seconds < 2 * 3600:
        return f"{nearest(seconds / 60):g} min"
    if seconds < 2 * 86400:
        return f"{nearest(seconds / 360) / 10:g} h"
    return f"{nearest(seconds / 8640) / 10:g} d"


def _columns(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[Any]:
    """Left-aligned columns two spaces apart, the header in bold. (rich's Table does this
    too, but importing it and laying it out cost 8 ms a run.)"""
    from rich.cells import cell_len
    from rich.text import Text

    widths = [max(cell_len(row[i]) for row in (header, *rows)) for i in range(len(header))]

    def line(cells: tuple[str, ...], style: str = "") -> Any:
        text = "  ".join(cell + " " * (width - cell_len(cell))
                         for cell, width in zip(cells, widths, strict=True))
        return Text(text.rstrip(), style=style)

    return [line(header, "bold"), *(line(row) for row in rows)]


def _usd(value: float) -> str:
    return f"${value:,.2f}" if value < 10 else f"${value:,.0f}"
