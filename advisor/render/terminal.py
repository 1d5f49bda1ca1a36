"""The summary a person reads in the terminal after `advisor recommend`, as text: the CLI
prints it."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any, Literal, cast

from advisor.core.designs import WORKER
from advisor.core.phrasing import scores_text
from advisor.core.recommendation import Recommendation
from advisor.render.plaintext import Plain, exact
from advisor.visible import visible

_STYLE = {"push": "bold green", "poll": "bold blue", "hybrid": "bold magenta"}

ColourSystem = Literal["standard", "256", "truecolor", "windows"]


def render_summaries(summaries: Sequence[tuple[Recommendation, str | None, str]],
                     repaired: Sequence[str], index: str | None, columns: int,
                     colours: str | None) -> str:
    """Every workload's summary (recommendation, its ADR as shown or None, what happened to
    it), after the supersedes the run finished (`repaired`) and before the index it
    updated, as shown (None: not written). `columns`: the width to wrap to (0: none);
    `colours`: the terminal's colour system as rich names it (None: no colour)."""
    if colours is None:  # rich would print the characters alone: make them without it
        text = _plain(summaries, repaired, index, columns)
        if exact(text):
            return text
    return _rich(summaries, repaired, index, columns, colours)


def _rich(summaries: Sequence[tuple[Recommendation, str | None, str]],
          repaired: Sequence[str], index: str | None, columns: int,
          colours: str | None) -> str:
    from rich.console import Console
    from rich.text import Text

    from advisor.render.wrap import hang

    # rich writes the styles as the terminal's own console would; soft_wrap: the summary
    # wraps its own lines, with a hanging indent.
    out = io.StringIO()
    console = Console(file=out, highlight=False, soft_wrap=True, emoji=False,
                      color_system=cast("ColourSystem | None", colours))
    for line in repaired:
        for part in hang(visible(line, one_line=True), columns):
            console.print(part, markup=False)
    for number, (rec, adr, note) in enumerate(summaries):
        console.print(_summary(rec, adr, note, number == 0, columns, Text))
    if index is not None:
        for part in hang(visible(f"  index updated: {index}"), columns):
            console.print(part, markup=False)
    return out.getvalue()


def _plain(summaries: Sequence[tuple[Recommendation, str | None, str]],
           repaired: Sequence[str], index: str | None, columns: int) -> str:
    """The summaries as rich prints them without colour, each line as it is built."""
    from advisor.render.wrap import hang

    lines = [part for line in repaired for part in hang(visible(line, one_line=True), columns)]
    lines += [str(_summary(rec, adr, note, number == 0, columns, Plain))
              for number, (rec, adr, note) in enumerate(summaries)]
    if index is not None:
        lines += hang(visible(f"  index updated: {index}"), columns)
    return "".join(f"{line}\n" for line in lines)


def _summary(rec: Recommendation, adr: str | None, note: str, first: bool,
             columns: int, Text: Any) -> Any:
    """`first`: whether this is the run's first summary (later ones follow a blank line);
    `Text`: rich's Text, or Plain where the screen takes no colour."""
    lines: list[Any] = []  # printed at once: rich costs per call (2.3 ms -> 1.4 ms)
    if not first:
        lines.append(Text())
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
    lines.append(_hang(head, columns, 2, Text))
    top = [f for f in d.firings if f.rule.effect.get(d.model, 0) > 0 or f.rule.rules_out]
    for firing in sorted(top, key=lambda f: -f.rule.effect.get(d.model, 0))[:4]:
        line = Text("  • ")
        line.append(firing.rule.id, style="cyan")
        line.append(f" {visible(firing.rationale, one_line=True)}")
        lines.append(_hang(line, columns, 4, Text))
    names = {WORKER: "own pollers"}
    leans = {v.name: v.lean for v in d.consumers}  # consumer names are unique in a workload
    rows: list[tuple[str, ...]] = [
        (visible(path.consumer), path.runs_on, leans.get(path.consumer, ""), path.delivery,
         " → ".join(names.get(h, h) for h in path.hops) or "direct")
        for path in rec.chosen.design.paths]
    lines.extend(_columns(("consumer", "runs on", "needs", "gets", "route"), rows, columns,
                          Text))
    services = ", ".join(s.id for s in rec.chosen.design.services) or "none"
    lines.append(_labelled("services", services, columns, Text))
    chosen_cost = rec.chosen.cost
    if chosen_cost is not None:
        lines.append(_labelled("cost", _cost_text(rec), columns, Text))
    lines.extend(_hang(Text("  ") + Text(visible(line, True)), columns, 4, Text)
                 for line in _backlogs(rec))
    if rec.flips or rec.quota_flips:
        flips = "; ".join([f"{f.model} if {f.text}" for f in rec.flips[:3]]
                          + [f"{q.model} if {q.text}" for q in rec.quota_flips[:1]])
        lines.append(_labelled("would change", visible(flips, True), columns, Text))
    lines.extend(_hang(Text.assemble(("  ! ", "yellow"), visible(warning, True)),
                       columns, 4, Text) for warning in rec.warnings)
    if adr:
        lines.append(_labelled(f"ADR {visible(note, True)}", visible(adr, True),
                               columns, Text))
    return Text("\n").join(lines)


def _cost_text(rec: Recommendation) -> str:
    """The expected monthly cost first, then the peak as the bound it is, the other options
    (saying which were ruled out or cannot be built) and what the figure leaves out, in the
    cost's own words."""
    cost = rec.chosen.cost
    assert cost is not None
    cloud = rec.catalogue.cloud_name
    others = ", ".join(f"{o.model} {_figure(o.cost, o.cost.monthly_usd_average, cloud)}"
                       + (" (ruled out)" if o.ruled_out_by else
                          " (cannot be built)" if o.design.unbuildable else "")
                       for o in rec.options if o.cost and o.model != rec.decision.model)
    left_out = (*cost.unpriced_parts, *cost.left_out)
    if cost.lines:
        # Where a service has no price, the figure is a floor, never the design's cost.
        priced = " for the priced parts" if cost.unpriced else ""
        head = (f"{_figure(cost, cost.monthly_usd_average, cloud)}/month expected{priced}, at "
                f"the average rate ({_figure(cost, cost.monthly_usd_peak, cloud)} if the peak "
                "lasted all month)")
    else:
        head = _figure(cost, 0.0, cloud)
    return (head + (f"; other options at the average rate: {others}" if others else "")
            + f"; {cost.region} prices"
            + (f"; not priced: {'; '.join(left_out)}" if left_out else ""))


def _figure(cost: Any, value: float, cloud: str) -> str:
    """Never a bare $0.00 for an option with nothing priced (what is left out is named)."""
    if not cost.lines:
        return "not priced" if cost.unpriced else f"$0, no {cloud} service billed"
    return _usd(value)


def _labelled(label: str, value: str, columns: int, Text: Any) -> Any:
    """"  label: value", the label alone in bold, wrapped under the value."""
    return _hang(Text.assemble((f"  {label}:", "bold"), " ", value), columns, 4, Text)


def _hang(text: Any, columns: int, indent: int, Text: Any) -> Any:
    """`text` wrapped at word boundaries to `columns`, continuation lines indented by
    `indent` (rich wraps to the margin, which loses the shape of a list)."""
    from advisor.render.wrap import segments

    if columns <= 0 or text.cell_len <= columns:  # 0: no terminal, no wrapping
        return text
    indent = min(indent, max(columns // 2, columns - 24))
    cuts = segments(text.plain, columns, indent)
    return Text("\n").join([(Text(" " * indent) if i else Text()) + text[a:b]
                            for i, (a, b) in enumerate(cuts)])


BACKLOG = "backlog_per_peak_minute."


def _backlogs(rec: Recommendation) -> list[str]:
    """One short line per consumer slower than the peak: what a peak minute leaves queued
    and how long it takes to drain (the JSON and the ADR give the formulas)."""
    from advisor.core.numbers import capacity
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


def _columns(header: tuple[str, ...], rows: list[tuple[str, ...]], columns: int,
             Text: Any) -> list[Any]:
    """Left-aligned columns two spaces apart, the header in bold, the last column wrapped
    within `columns` (0: no limit); where even that does not fit, one short paragraph per
    row. (rich's Table does this too, but importing it and laying it out cost 8 ms a run.)"""
    if Text is Plain:
        from advisor.render.plaintext import cell_len
    else:
        from rich.cells import cell_len
    from advisor.render.wrap import hang

    widths = [max(cell_len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    start = sum(widths[:-1]) + 2 * (len(widths) - 1)  # where the last column begins
    if columns and start + widths[-1] > columns and columns - start < 24:
        return [Text(part) for row in rows for part in hang(
            f"{row[0]}: " + ", ".join(f"{name} {cell}" for name, cell in zip(
                header[1:], row[1:], strict=True)), columns, 2)]

    def line(cells: tuple[str, ...], style: str = "") -> Any:
        text = "  ".join(cell + " " * (width - cell_len(cell))
                         for cell, width in zip(cells, widths, strict=True))
        if columns and cell_len(text.rstrip()) > columns:
            text = "\n".join(hang(text.rstrip(), columns, start))
        return Text(text.rstrip(), style=style)

    return [line(header, "bold"), *(line(row) for row in rows)]


def _usd(value: float) -> str:
    return f"${value:,.2f}" if value < 10 else f"${value:,.0f}"
