"""The context an ADR template receives (documented in the README): every field worded
and ordered in Python, user text made inert, so that a template only lays it out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from msgspec import Struct

from advisor import __version__
from advisor.core.decision import MODELS
from advisor.core.designs import WORKER
from advisor.core.phrasing import scores_text
from advisor.core.recommendation import Recommendation
from advisor.core.titles import service_name
from advisor.format import units
from advisor.render.costwords import cost_rows, cost_summary, negligible, usd
from advisor.render.diagram import mermaid
from advisor.render.escape import cash, clause, code_safe, inert, one_line, url_safe
from advisor.render.latency import missed, summary


class AdrMeta(Struct, frozen=True):
    """What an ADR needs beyond the recommendation: its number, date and source."""

    number: int
    date: dt.date
    source: str  # the workload file as the user named it
    supersedes: tuple[str, str] | None = None  # (ADR-NNNN, its file name)


def context(rec: Recommendation, meta: AdrMeta) -> dict[str, Any]:
    """Everything a template receives (documented in the README)."""
    w = rec.workload
    catalogue = rec.catalogue
    options = [
        {
            "model": option.model,
            "title": option.title,
            "chosen": option.model == rec.model,
            "score": f"{option.score:g}",
            "ruled_out_by": list(option.ruled_out_by),
            "feasible": option.design.feasible,
            "figures": "; ".join(f"{f.text}: {f.shown}" for f in option.sizing.figures
                                 if "." not in f.key and not negligible(f)),
            "summary": option.design.summary,
            # A role or reason may quote the workload (its ordering key): inert, like all
            # user text.
            "services": [{"id": s.id, "name": catalogue.service(s.id).name,
                          "role": one_line(s.role), "why": one_line(s.why)}
                         for s in option.design.services],
            "good": [clause(one_line(g)) for g in option.good],
            "bad": [clause(one_line(b)) for b in option.bad],
            "cost": one_line(cost_summary(option.cost, rec.catalogue)),
        }
        for option in rec.options
    ]
    chosen = rec.chosen
    # By name, the first verdict of a name winning: one lookup per row, not a scan.
    leans = {v.name: v.lean for v in reversed(rec.decision.consumers)}
    return {
        "cloud_name": rec.catalogue.cloud_name,
        "number": f"{meta.number:04d}",
        "supersedes": ({"id": meta.supersedes[0], "file": url_safe(meta.supersedes[1], file=True)}
                       if meta.supersedes else None),
        "waivers": [{"rule": w.rule, "reason": one_line(w.reason),
                     "expires": w.expires.isoformat() if w.expires else None}
                    for w in rec.waivers],
        "date": meta.date.isoformat(),
        # The decision names the choice; the workload's own title heads its context.
        "title": one_line(rec.title),
        "workload_title": one_line(w.title),
        "name": w.name,
        "source": code_safe(meta.source),
        "description": inert(w.description) if w.description else "",
        "problem": _problem(rec),
        "drivers": [{"label": one_line(d.label), "value": one_line(d.value)}
                    for d in rec.drivers],
        "inputs": [{"label": d.label, "value": one_line(d.value)} for d in rec.inputs],
        "options": options,
        "chosen": next(o for o in options if o["chosen"]),
        "because": one_line(rec.because),
        "scores": scores_text(rec.decision.scores),
        "margin": f"{rec.decision.margin:g}",
        "decided_by": _decided_by(rec),
        "consumers": [_consumer_row(rec, p, leans) for p in chosen.design.paths],
        "diagram": mermaid(chosen.design, w, catalogue),
        "good": [clause(one_line(g)) for g in chosen.good],
        "bad": [clause(one_line(b)) for b in chosen.bad],
        "error_handling": [cash(text) for text, _ in chosen.design.operations],
        "warnings": [cash(w) for w in rec.warnings],
        "confirmation": _confirmation(rec, meta),
        # Rule packs are committed like workloads: their words are user text too.
        "rules": [{"id": f.rule.id, "title": one_line(f.rule.title),
                   "who": f.consumer or "flow",
                   "effect": _effect(f.rule.effect, f.rule.rules_out),
                   "sources": _sources(f.rule.sources, catalogue),
                   "rationale": one_line(f.rationale)} for f in rec.decision.all_firings],
        "facts": [{"id": f.id, "title": cash(f.title), "service": f.service,
                   "text": cash(f.text),
                   "source": url_safe(f.source), "as_of": f.as_of.isoformat(),
                   "status": f.status}
                  for f in rec.sources],
        "urls": [url_safe(url) for url in rec.urls],
        "sizing": [{"key": f.key, "value": f.shown, "text": f.text,
                    "formula": f.formula} for f in chosen.sizing.figures if not negligible(f)],
        # Named, not printed: a share below 1% of a quota tells a reader nothing.
        "sizing_negligible": [f.text for f in chosen.sizing.figures if negligible(f)],
        "sizing_notes": [*chosen.sizing.notes, *filter(None, [summary(
            rec.delays, w, lambda s: service_name(s, catalogue), catalogue.cloud_name)])],
        # One line every template can show: what the chosen design costs, and what that
        # figure leaves out.
        "cost_summary": one_line(cost_summary(chosen.cost, catalogue)),
        "quotas": [q.text for q in chosen.sizing.quotas],
        "costs": [{k: cash(v) for k, v in row.items()} for row in cost_rows(rec)],
        "cost_lines": [{"service": line.service, "what": cash(line.what),
                        "average": cash(usd(line.usd_average)),
                        "peak": cash(usd(line.usd_peak))}
                       for line in (chosen.cost.lines if chosen.cost else ())],
        "cost_assumptions": [cash(a) for a in (chosen.cost.assumptions if chosen.cost
                                                  else ())],
        "cost_unpriced": [cash(u) for u in (chosen.cost.unpriced_parts if chosen.cost
                                               else ())],
        # beside the table, not folded: what no figure covers, and whose prices they are
        "cost_left_out": cash("Not priced: " + "; ".join(chosen.cost.left_out) + "."
                               if chosen.cost and chosen.cost.left_out else ""),
        "cost_region_note": cash(chosen.cost.region_note if chosen.cost else ""),
        "prices": [{"id": f.id, "title": cash(f.title), "service": f.service,
                    "text": cash(f.text), "source": url_safe(f.source),
                    "as_of": f.as_of.isoformat(), "status": f.status} for f in rec.prices],
        "flips": [{"model": f.model, "text": f.text, "driver": f.driver, "value": f.value}
                  for f in rec.flips],
        "quota_flips": [{"model": q.model, "text": q.text} for q in rec.quota_flips],
        "knowledge_as_of": rec.knowledge_as_of.isoformat(),
        "catalogue_reviewed": catalogue.reviewed.isoformat(),
        "advisor_version": __version__,
        "rules_version": rec.rules_version,
        "fingerprint": rec.fingerprint,
    }


def _problem(rec: Recommendation) -> str:
    w = rec.workload
    noun = "event" if w.kind == "event" else "command"
    count = w.consumer_total
    rate = f" at up to {units.format_rate(w.rate_peak)}" if w.rate_peak else ""
    return (f"How should the {count:,} consumer{'s' if count != 1 else ''} of the `{w.name}` "
            f"{noun}{rate} receive its messages: pushed by a broker as they happen, polled at "
            f"their own pace, or a hybrid of both? And which {rec.catalogue.cloud_name} services "
            "should carry them?")


def _decided_by(rec: Recommendation) -> str:
    d = rec.decision
    if d.decided_by == "constraint":
        out = [m for m in MODELS if d.ruled_out.get(m)]
        return (f"the only option not ruled out ({', '.join(out)} ruled out by "
                + ", ".join(sorted({r for m in out for r in d.ruled_out[m]})) + ")")
    if d.decided_by == "design":
        return "being the best-scored option whose design can be built"
    if d.decided_by == "tie-break":
        return f"a tie with {', '.join(d.tied_with)}, broken {d.tie_broken}"
    return f"a margin of {d.margin:g} over the runner-up"


def _sources(sources: tuple[str, ...], catalogue: Any) -> str:
    """A rule's sources as Markdown links: catalogue facts by id, URLs as "doc"."""
    links = []
    for source in sources:
        if source in catalogue.facts:
            links.append(f"[{source}]({url_safe(catalogue.fact(source).source)})")
        else:
            links.append(f"[doc]({url_safe(source)})")
    return ", ".join(links)


def _effect(effect: dict[str, float] | Any, rules_out: tuple[str, ...]) -> str:
    parts = [f"{m} {w:+g}" for m, w in effect.items()]
    parts += [f"rules out {m}" for m in rules_out]
    return ", ".join(parts)


def _consumer_row(rec: Recommendation, path: Any, leans: Mapping[str, str]) -> dict[str, str]:
    names = {WORKER: "its own pollers"}
    hops = " → ".join(names[h] if h in names else rec.catalogue.service(h).name
                      for h in path.hops)
    return {
        "name": path.consumer,
        "runs_on": path.runs_on,
        "needs": leans.get(path.consumer, ""),
        "delivery": path.delivery,
        "route": hops or "direct",
    }


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _confirmation(rec: Recommendation, meta: AdrMeta) -> list[str]:
    lines = [f"`advisor check` runs in CI against `{code_safe(meta.source)}` and fails when this "
             "recommendation no longer follows from the workload or advisor's rules."]
    if rec.workload.rate_peak:
        # A consumer the warnings say the target cannot hold for is named, not promised.
        out = missed(rec.delays, rec.workload)
        holds = "" if rec.workload.latency is None else " and the latency target holds" + (
            f" for every consumer but {_listed(out)}, for whom the warnings above say it "
            "cannot" if out else "")
        lines.append(f"A load test at the stated peak ({units.format_rate(rec.workload.rate_peak)}"
                     f") shows no throttling{holds}.")
    if rec.chosen.design.operations:
        lines.append("Review of the deployed resources finds each item of the error handling "
                     "above configured.")
    return lines
