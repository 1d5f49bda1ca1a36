"""The `recommend --format json` document (spec: recommendation-json-v1)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from advisor import __version__
from advisor.core.catalogue import Catalogue
from advisor.core.recommendation import Recommendation
from advisor.format.schema import ADDRESSED
from advisor.format.workload import Consumer

FORMAT_VERSION = 1


def workload_entry(rec: Recommendation, source: str, adr: str | None) -> dict[str, Any]:
    d = rec.decision
    leans = {v.name: v.lean for v in d.consumers}  # consumer names are unique in a workload
    recipients = {c.name: _recipients(c) for c in rec.workload.consumers}
    return {
        "name": rec.workload.name,
        "source": source,
        "cloud": rec.workload.cloud,
        "model": d.model,
        "scores": {m: d.scores[m] for m in ("push", "poll", "hybrid")},
        "margin": d.margin,
        "decided_by": d.decided_by,
        "ruled_out": {m: list(ids) for m, ids in d.ruled_out.items() if ids},
        "services": [{"id": s.id, "role": s.role, "why": s.why}
                     for s in rec.chosen.design.services],
        "consumers": [{"name": p.consumer, "runs_on": p.runs_on,
                       "needs": leans.get(p.consumer),
                       "delivery": p.delivery, "route": list(p.hops),
                       **({"recipients": recipients[p.consumer]}
                          if recipients.get(p.consumer) else {}),
                       # spec rev 1.1: a `consumers: N` count is one entry with `count: N`
                       **({} if rec.workload.consumers_listed else {"count": p.count})}
                      for p in rec.chosen.design.paths],
        "error_handling": [text for text, _ in rec.chosen.design.operations],
        "rules": [{"id": f.rule.id, "title": f.rule.title, "effect": dict(f.rule.effect),
                   **({"rules_out": list(f.rule.rules_out)} if f.rule.rules_out else {}),
                   **({"consumer": f.consumer} if f.consumer else {}),
                   "rationale": f.rationale} for f in d.all_firings],
        "options": [{"model": o.model, "score": o.score, "ruled_out_by": list(o.ruled_out_by),
                     "services": [s.id for s in o.design.services]} for o in rec.options],
        "sizing": _sizing(rec),
        "sizing_details": [{"key": f.key, "value": f.value, "text": f.text,
                            "formula": f.formula, "facts": list(f.facts)}
                           for f in rec.chosen.sizing.figures],
        "quotas": [{"text": q.text, "fact": q.fact, "status": q.status}
                   for q in rec.chosen.sizing.quotas],
        # spec rev 1.1: one entry per model, ruled-out ones included; a Kinesis option
        # prices its recommended mode and carries the others as alternatives
        "cost": [{"model": o.cost.model, "ruled_out": bool(o.ruled_out_by),
                  "services": list(o.cost.services),
                  "region": o.cost.region, "monthly_usd_average": o.cost.monthly_usd_average,
                  "monthly_usd_peak": o.cost.monthly_usd_peak,
                  **({"mode": o.cost.mode, "alternatives": [
                      {"mode": a.mode, "monthly_usd_average": a.monthly_usd_average,
                       "monthly_usd_peak": a.monthly_usd_peak} for a in o.cost.alternatives]}
                     if o.cost.mode else {}),
                  "unpriced": list(o.cost.unpriced),
                  # each unpriced part with the quantity that would be billed
                  "unpriced_parts": list(o.cost.unpriced_parts),
                  "assumptions": list(o.cost.assumptions),
                  "lines": [{"service": line.service, "what": line.what,
                             "usd_average": round(line.usd_average, 2),
                             "usd_peak": round(line.usd_peak, 2), "price": line.fact}
                            for line in o.cost.lines]}
                 for o in rec.options if o.cost is not None],
        "flips": [{"driver": f.driver, "value": f.value, "model": f.model, "text": f.text}
                  for f in rec.flips],
        "quota_flips": [{"rule": q.rule, "quota": q.quota, "region": q.region,
                         "current": q.current, "needed": q.needed, "model": q.model,
                         "text": q.text} for q in rec.quota_flips],
        "latency_budget": [p.as_json() for p in rec.delays],  # rev 1.1 addition
        "warnings": list(rec.warnings),
        "knowledge_as_of": _knowledge_as_of(rec),
        "fingerprint": rec.fingerprint,
        "adr": adr,
    }


def _sizing(rec: Recommendation) -> dict[str, float]:
    """Named figures of the chosen design, and each figure the provider marks as compared
    (a stream's shards) whenever any option has it: the first option's value."""
    figures = {f.key: f.value for f in rec.chosen.sizing.figures}
    for option in rec.options:
        for figure in option.sizing.figures:
            if figure.compared and figure.key not in figures:
                figures[figure.key] = figure.value
    return figures


def _recipients(c: Consumer) -> str | None:
    """As written; where a delivery to people, devices or clients leaves it out, the
    format's default (fixed), which the design assumes."""
    if c.recipients:
        return c.recipients
    return "fixed" if c.runs_on in ADDRESSED else None


def _knowledge_as_of(rec: Recommendation) -> str:
    """The oldest as-of date among the catalogue facts the chosen design cites and the
    prices its cost uses."""
    return rec.knowledge_as_of.isoformat()


def render_json(entries: Sequence[dict[str, Any]], catalogue: Catalogue) -> str:
    # spec rev 1.1: the top-level value is the oldest of the workloads' own
    dates = [e["knowledge_as_of"] for e in entries if e.get("knowledge_as_of")]
    document = {
        "format_version": FORMAT_VERSION,
        "advisor_version": __version__,
        "knowledge_as_of": min(dates) if dates else catalogue.as_of.isoformat(),
        "workloads": list(entries),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
