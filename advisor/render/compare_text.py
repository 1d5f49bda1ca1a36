"""`advisor compare` for a person: each aspect (model, services and routes, cost, limits,
error handling, what made the difference) with every cloud's answer under it, side by side.
rich writes it for a terminal in colour; plain text for a pipe or a file, as the summary."""

from __future__ import annotations

import io
from typing import Any, cast

from advisor.render.compareview import LEFT_BEHIND, agreement
from advisor.render.costwords import usd
from advisor.render.plaintext import exact
from advisor.render.terminal import ColourSystem
from advisor.visible import visible

Line = tuple[str, str]  # text, rich style

_STYLE = {"push": "bold green", "poll": "bold blue", "hybrid": "bold magenta"}


def render_compare_text(document: dict[str, Any], columns: int, colours: str | None) -> str:
    """The comparison (compareview.document) wrapped to `columns` (0: not wrapped), in the
    colour system rich names (None: no colour)."""
    from advisor.render.wrap import hang

    lines = [(part, style) for text, style in _lines(document)
             for part in hang(visible(text, one_line=True), columns)]
    plain = "".join(f"{text}\n" for text, _ in lines)
    if colours is None and exact(plain):
        return plain
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, highlight=False, soft_wrap=True, emoji=False,
                      color_system=cast("ColourSystem | None", colours))
    for text, style in lines:
        console.print(Text(text, style=style))
    return out.getvalue()


def _lines(document: dict[str, Any]) -> list[Line]:
    out: list[Line] = []
    for number, w in enumerate(document["workloads"]):
        if number:
            out.append(("", ""))
        names = ", ".join(c["name"] for c in w["clouds"])
        out.append((f"{w['name']} ({w['source']}) on {names}", "bold"))
        out += _section("Model", w, _model)
        out += _section("Services and routes", w, _services)
        out += _section("Monthly cost (average rate; a peak sustained all month)", w, _cost)
        out += _section("Limits the peak comes closest to", w, _limits)
        out += _errors(w)
        out += _differences(w)
    return out


def _section(title: str, w: dict[str, Any], each: Any) -> list[Line]:
    out: list[Line] = [("", ""), (title, "bold underline")]
    for cloud in w["clouds"]:
        if cloud.get("model") is None and title != "Model":
            continue  # the model section says why it cannot be built
        out.append((f"  {cloud['name']}:", "bold"))
        out += [(f"    {text}", style) for text, style in each(cloud)]
    return out


def _model(cloud: dict[str, Any]) -> list[Line]:
    out: list[Line] = []
    if cloud.get("model"):
        out.append((cloud["title"], _STYLE.get(cloud["model"], "")))
        out.append((f"because {cloud['because']}", ""))
    if cloud["left_behind"]:
        out.append((f"{LEFT_BEHIND}: {'; '.join(cloud['left_behind'])}", ""))
    if cloud["reasons"]:
        out.append(("cannot be built here:", "bold red"))
        out += [(f"- {reason}", "") for reason in cloud["reasons"]]
    return out


def _services(cloud: dict[str, Any]) -> list[Line]:
    out: list[Line] = [(f"- {s['name']}: {s['role']}", "") for s in cloud["services"]]
    out += [(f"route {r['consumer']} ({r['delivery']}): {' -> '.join(r['hops']) or 'direct'}",
             "") for r in cloud["routes"]]
    return out


def _cost(cloud: dict[str, Any]) -> list[Line]:
    cost = cloud["cost"]
    if cost is None:
        return [("no rate stated, so no cost", "")]
    # With a part unpriced, the figure is a floor, never the design's cost to rank by.
    priced = " for the priced parts" if cost["unpriced"] else ""
    out: list[Line] = [(f"{usd(cost['monthly_usd_average'])}{priced} at the average rate, "
                        f"{usd(cost['monthly_usd_peak'])} at a sustained peak "
                        f"({cost['region']} prices"
                        f"{', some unverified' if cost['unverified_prices'] else ''})", "")]
    out += [(f"- not priced: {part}", "") for part in cost["unpriced"]]
    return out


def _limits(cloud: dict[str, Any]) -> list[Line]:
    if not cloud["closest_limits"]:
        return [("no quota the sizing compares the peak with", "")]
    return [(f"- {_share(limit)}{limit['text']}"
             + (f" ({limit['formula']})" if limit["formula"] else ""), "")
            for limit in cloud["closest_limits"]]


def _share(limit: dict[str, Any]) -> str:
    return "" if limit["use_pct"] is None else f"{limit['use_pct']:,.1f}%: "


def _errors(w: dict[str, Any]) -> list[Line]:
    shared = w["error_handling_shared"]
    out: list[Line] = [("", ""), ("Error handling", "bold underline")]
    if shared:
        out.append(("  every cloud:", "bold"))
        out += [(f"    - {text}", "") for text in shared]
    for cloud in w["clouds"]:
        own = [t for t in cloud.get("error_handling", ()) if t not in shared]
        if own:
            out.append((f"  {cloud['name']}{' only' if shared else ''}:", "bold"))
            out += [(f"    - {text}", "") for text in own]
    return out


def _differences(w: dict[str, Any]) -> list[Line]:
    names = {c["cloud"]: c["name"] for c in w["clouds"]}
    out: list[Line] = [("", ""), ("What made the difference", "bold underline")]
    if not w["differences"]:
        return [*out, (f"  {agreement(w['clouds'])}", "")]
    for d in w["differences"]:
        a, b = d["clouds"]
        out.append((f"  {names[a]} {d['models'][a]}, {names[b]} {d['models'][b]}:", "bold"))
        for cloud in (a, b):
            for f in d["rules"][cloud]:
                who = f" for {f['consumer']}" if f["consumer"] else ""
                out.append((f"    - on {names[cloud]} only, {f['rule']}{who} "
                            f"(\"{f['title']}\"): {f['rationale']}", ""))
                out += [(f"      {_cited(fact)}", "") for fact in f["facts"]]
            out += [(f"    - on {names[cloud]}, the best-scored design cannot be built: "
                     f"{reason}", "") for reason in d["design"][cloud]]
    return out


def _cited(fact: dict[str, Any]) -> str:
    value = "" if fact["value"] is None else f" = {fact['value']}"
    return (f"{fact['id']}{value}: {fact['text']} ({fact['status']}, as of {fact['as_of']}; "
            f"{fact['source']})")
