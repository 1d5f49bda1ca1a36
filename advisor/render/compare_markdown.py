"""`advisor compare` as Markdown, for a design review or a pull request: a table of the
clouds side by side, then each aspect with every cloud's answer. Every generated or user text
is written inert (escape.py)."""

from __future__ import annotations

from typing import Any

from advisor.render.compareview import LEFT_BEHIND, agreement
from advisor.render.costwords import usd
from advisor.render.escape import cash, code_safe, one_line, url_safe


def render_compare_markdown(document: dict[str, Any]) -> str:
    """The comparison (compareview.document) as one Markdown document."""
    out: list[str] = []
    for w in document["workloads"]:
        out += [f"# Comparing clouds: {one_line(w['name'])}", "",
                f"Workload file `{code_safe(w['source'])}`, decided on {document['date']} "
                f"by advisor {document['advisor_version']}.", ""]
        out += _table(w)
        for title, each in (("Services and routes", _services), ("Limits the peak comes "
                            "closest to", _limits), ("Monthly cost", _cost)):
            out += [f"## {title}", ""]
            for cloud in w["clouds"]:
                if cloud.get("model"):
                    out += [f"### {one_line(cloud['name'])}", "", *each(cloud), ""]
        out += _errors(w)
        out += _differences(w)
    return "\n".join(cash(line) for line in out).rstrip("\n") + "\n"


def _table(w: dict[str, Any]) -> list[str]:
    out = ["| Cloud | Model | Average rate | Sustained peak | Closest limit |",
           "| --- | --- | --- | --- | --- |"]
    notes: list[str] = []
    for cloud in w["clouds"]:
        name = one_line(cloud["name"])
        if not cloud.get("model"):
            out.append(f"| {name} | cannot be built | | | |")
            notes += [f"- {name}: {one_line(reason)}" for reason in cloud["reasons"]]
            continue
        cost = cloud["cost"]
        average = usd(cost["monthly_usd_average"]) if cost else "no rate stated"
        peak = usd(cost["monthly_usd_peak"]) if cost else ""
        closest = _closest(cloud["closest_limits"][0]) if cloud["closest_limits"] else ""
        out.append(f"| {name} | {one_line(cloud['title'])} | {average} "
                   f"| {peak} | {closest} |")
        notes += [f"- {name}, cannot be built as decided: {one_line(reason)}"
                  for reason in cloud["reasons"]]
    out.append("")
    if notes:
        out += ["Where the workload cannot be built:", "", *notes, ""]
    left = [f"- {one_line(c['name'])}: {one_line('; '.join(c['left_behind']))}"
            for c in w["clouds"] if c["left_behind"]]
    if left:
        out += [f"{LEFT_BEHIND.capitalize()}:", "", *left, ""]
    return out


def _services(cloud: dict[str, Any]) -> list[str]:
    out = [f"- **{one_line(s['name'])}** (`{code_safe(s['id'])}`): {one_line(s['role'])}"
           for s in cloud["services"]]
    out += ["", "| Consumer | Delivery | Route |", "| --- | --- | --- |"]
    out += [f"| {one_line(r['consumer'])} | {r['delivery']} | "
            f"{' → '.join(code_safe(h) for h in r['hops']) or 'direct'} |"
            for r in cloud["routes"]]
    return out


def _cost(cloud: dict[str, Any]) -> list[str]:
    cost = cloud["cost"]
    if cost is None:
        return ["No rate is stated, so there is no cost."]
    # With a part unpriced, the figure is a floor, never the design's cost to rank by.
    priced = " for the priced parts" if cost["unpriced"] else ""
    out = [f"{usd(cost['monthly_usd_average'])} a month{priced} at the average rate, "
           f"{usd(cost['monthly_usd_peak'])} if the peak lasted all month "
           f"({one_line(cost['region'])} prices"
           f"{', some unverified' if cost['unverified_prices'] else ''})."]
    if cost["unpriced"]:
        out += ["", "Not priced:", ""] + [f"- {one_line(p)}" for p in cost["unpriced"]]
    return out


def _limits(cloud: dict[str, Any]) -> list[str]:
    if not cloud["closest_limits"]:
        return ["No quota the sizing compares the peak with."]
    return [f"- {'' if x['use_pct'] is None else format(x['use_pct'], ',.1f') + '%: '}"
            f"{one_line(x['text'])}" + (f" ({one_line(x['formula'])})" if x["formula"] else "")
            for x in cloud["closest_limits"]]


def _errors(w: dict[str, Any]) -> list[str]:
    shared = w["error_handling_shared"]
    out = ["## Error handling", ""]
    if shared:
        out += ["Every cloud:", "", *[f"- {one_line(t)}" for t in shared], ""]
    for cloud in w["clouds"]:
        own = [t for t in cloud.get("error_handling", ()) if t not in shared]
        if own:
            label = f"{one_line(cloud['name'])}{' only' if shared else ''}"
            out += [f"### {label}", "", *[f"- {one_line(t)}" for t in own], ""]
    return out


def _differences(w: dict[str, Any]) -> list[str]:
    names = {c["cloud"]: one_line(c["name"]) for c in w["clouds"]}
    out = ["## What made the difference", ""]
    if not w["differences"]:
        return [*out, agreement(w["clouds"]), ""]
    for d in w["differences"]:
        a, b = d["clouds"]
        out += [f"### {names[a]} {d['models'][a]}, {names[b]} {d['models'][b]}", ""]
        for cloud in (a, b):
            for f in d["rules"][cloud]:
                who = f" for {one_line(f['consumer'])}" if f["consumer"] else ""
                out.append(f"- On {names[cloud]} only, **{f['rule']}**{who} "
                           f"({one_line(f['title'])}): {one_line(f['rationale'])}")
                out += [f"  - `{code_safe(x['id'])}`{_value(x)}: {one_line(x['text'])} "
                        f"({x['status']}, "
                        f"as of {x['as_of']}; <{url_safe(x['source'])}>)" for x in f["facts"]]
            out += [f"- On {names[cloud]}, the best-scored design cannot be built: "
                    f"{one_line(reason)}" for reason in d["design"][cloud]]
        out.append("")
    return out


def _value(fact: dict[str, Any]) -> str:
    return "" if fact["value"] is None else f" = {one_line(fact['value'])}"


def _closest(limit: dict[str, Any]) -> str:
    if limit["use_pct"] is None:
        return one_line(limit["text"])
    return f"{limit['use_pct']:,.1f}% ({one_line(limit['text'])})"
