"""One workload on several clouds, as the plain data every `advisor compare` format prints:
the JSON document is this data, and the text and Markdown lay it out. One view, so that the
three formats cannot say different things."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from advisor.core.catalogue import Catalogue
from advisor.core.decision import Firing
from advisor.core.recommendation import Recommendation
from advisor.core.rules.rule import figure_words
from advisor.render.costwords import cost_summary, unverified

FORMAT_VERSION = 1  # of the JSON document: a field removed or changed in meaning raises it
CLOSEST = 3  # limits shown per cloud: the ones the peak comes closest to
# Said before a cloud's `left_behind` in the text and the Markdown, in the same words.
LEFT_BEHIND = "left behind, as it names another cloud's services or region"


class OnCloud(NamedTuple):
    """One workload on one cloud: its recommendation, or None where the workload cannot be
    read for that cloud; `reasons`: why it cannot be built there, located where they can be.
    What the workload names of its own cloud (`existing:`, `region:`) is left behind on
    another, and the document says so per cloud: that design starts from nothing in place."""

    cloud: str
    name: str  # the cloud as people name it: "Google Cloud"
    rec: Recommendation | None
    reasons: tuple[str, ...] = ()


class Compared(NamedTuple):
    """One workload of the file, on every cloud compared."""

    workload: str
    shown: str  # the file, as messages show it
    clouds: tuple[OnCloud, ...]


def document(compared: Sequence[Compared], version: str, date: str) -> dict[str, Any]:
    """The whole comparison as JSON-ready data (docs: README, "Comparing clouds")."""
    return {"format_version": FORMAT_VERSION, "advisor_version": version, "date": date,
            "workloads": [{"name": c.workload, "source": c.shown,
                           "clouds": [_cloud(on) for on in c.clouds],
                           "error_handling_shared": _shared(c.clouds),
                           "differences": _differences(c.clouds)} for c in compared]}


def render_compare_json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def agreement(clouds: Sequence[dict[str, Any]]) -> str:
    """What the comparison says where no two clouds reach different models."""
    decided = [c for c in clouds if c.get("model")]
    if not decided:
        return "No cloud could decide it."
    if len(decided) == 1:
        return "Only one cloud could decide it: nothing to compare."
    if len(decided) < len(clouds):
        return "Every cloud that could decide it reaches the same model."
    return "Every cloud reaches the same model."


def _shared(clouds: Sequence[OnCloud]) -> list[str]:
    """The error handling every decided cloud gives word for word (none with one cloud):
    said once, so that what differs stands out."""
    lists = [[text for text, _ in on.rec.chosen.design.operations]
             for on in clouds if on.rec is not None]
    if len(lists) < 2:
        return []
    return [text for text in lists[0] if all(text in other for other in lists[1:])]


def _cloud(on: OnCloud) -> dict[str, Any]:
    rec = on.rec
    entry: dict[str, Any] = {"cloud": on.cloud, "name": on.name,
                             "buildable": rec is not None and not on.reasons,
                             "reasons": list(on.reasons),
                             "left_behind": [] if rec is None
                             else list(rec.workload.left_behind)}
    if rec is None:
        return entry
    chosen = rec.chosen
    cost = chosen.cost
    entry.update({
        "model": rec.model,
        "title": rec.title,
        "knowledge_as_of": rec.knowledge_as_of.isoformat(),
        "because": rec.because,
        "services": [{"id": s.id, "name": rec.catalogue.label(s.id), "role": s.role}
                     for s in chosen.design.services],
        "routes": [{"consumer": p.consumer, "delivery": p.delivery, "hops": list(p.hops)}
                   for p in chosen.design.paths],
        "cost": None if cost is None else {
            "region": cost.region,
            "monthly_usd_average": cost.monthly_usd_average,
            "monthly_usd_peak": cost.monthly_usd_peak,
            "unpriced": [*cost.unpriced_parts, *cost.left_out],
            "unverified_prices": unverified(cost, rec.catalogue),
            "summary": cost_summary(cost, rec.catalogue)},
        "closest_limits": _closest(rec),
        "error_handling": [text for text, _ in chosen.design.operations],
    })
    return entry


def _closest(rec: Recommendation) -> list[dict[str, Any]]:
    """The quotas the sizing warns the peak reaches or passes, then those it uses the largest
    share of (the `_pct` figures): a reviewer's first question on a new cloud."""
    sizing = rec.chosen.sizing
    shares = sorted((f for f in sizing.figures if f.key.endswith("_pct")),
                    key=lambda f: (-f.value, f.key))[:CLOSEST]
    return ([{"key": q.fact, "use_pct": None, "text": q.text, "formula": ""}
             for q in sizing.quotas]
            + [{"key": f.key, "use_pct": f.value, "text": f.text, "formula": f.formula}
               for f in shares])


def _differences(clouds: Sequence[OnCloud]) -> list[dict[str, Any]]:
    """For each two clouds that reach different models, what made the difference: the
    rules that fired on one and not the other, each with the catalogue facts it cites there.
    Only the rules that argue for the model their cloud reached, or against the other's,
    can have made the difference; the others are left out."""
    decided = [on for on in clouds if on.rec is not None]
    out: list[dict[str, Any]] = []
    for i, a in enumerate(decided):
        for b in decided[i + 1:]:
            assert a.rec is not None and b.rec is not None
            if a.rec.model == b.rec.model:
                continue
            out.append({"clouds": [a.cloud, b.cloud],
                        "models": {a.cloud: a.rec.model, b.cloud: b.rec.model},
                        "rules": {a.cloud: _only(a.rec, b.rec), b.cloud: _only(b.rec, a.rec)},
                        "design": {a.cloud: _moved(a.rec), b.cloud: _moved(b.rec)}})
    return out


def _only(mine: Recommendation, other: Recommendation) -> list[dict[str, Any]]:
    """The firings of `mine` whose rule did not fire for the same consumer in `other`."""
    theirs = {(f.rule.id, f.consumer) for f in other.decision.all_firings}
    return [_firing(f, mine.catalogue, mine.workload.region) for f in mine.decision.all_firings
            if (f.rule.id, f.consumer) not in theirs
            and _argues(f, mine.model, other.model)]


def _argues(firing: Firing, model: str, other: str) -> bool:
    rule = firing.rule
    return (rule.effect.get(model, 0.0) > 0 or rule.effect.get(other, 0.0) < 0
            or other in rule.rules_out)


def _firing(firing: Firing, catalogue: Catalogue, region: str) -> dict[str, Any]:
    rule = firing.rule
    cited = dict.fromkeys([*rule.sources, *(p.fact for p in rule.parameters if p.fact)])
    return {"rule": rule.id, "title": rule.title, "consumer": firing.consumer,
            "rationale": rule.explain(firing.facts),
            "facts": [_fact(catalogue, i, region) for i in cited if i in catalogue.facts]}


def _fact(catalogue: Catalogue, fact_id: str, region: str) -> dict[str, Any]:
    """A cited fact with its value in the workload's region, in the words a rule uses."""
    fact = catalogue.fact(fact_id)
    value = fact.in_region(region)
    return {"id": fact.id, "title": fact.title,
            "value": None if value is None else figure_words(value, fact.unit),
            "text": fact.text, "source": fact.source, "as_of": fact.as_of.isoformat(),
            "status": fact.status}


def _moved(rec: Recommendation) -> list[str]:
    """Why the cloud's best-scored option was set aside for one it can build, where it was:
    a difference no rule makes, but the cloud's own services."""
    if rec.decision.decided_by != "design":
        return []
    best = max(rec.options, key=lambda o: o.score)
    return list(best.design.unbuildable)
