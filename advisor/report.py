"""Assemble one recommendation: the decision, the designs, and the reasons, worded.

This is where the engine's values become sentences and lists that every renderer
shares (ADR, JSON, terminal); renderers only lay them out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping

from msgspec import Struct

from advisor import units
from advisor.catalogue import Catalogue, Fact
from advisor.cost import Cost, estimate
from advisor.engine import MODELS, Decision, Firing, evaluate
from advisor.errors import InputError
from advisor.facts import Facts, derive
from advisor.flips import Flip, find_flips
from advisor.latency import PathDelay, path_delays, warnings_for
from advisor.quotaflips import QuotaFlip, quota_flips
from advisor.rules import RuleSet
from advisor.services import buildable, design
from advisor.sizing import Sizing, size
from advisor.topology import Design
from advisor.workload import Waiver, Workload

MODEL_TITLES = {
    "push": "Push: the broker delivers each message as it happens",
    "poll": "Poll: consumers pull at their own pace",
    "hybrid": "Hybrid: fan out by push into a buffer per consumer that pulls",
}

# What each model costs or gives whatever the workload; the rules add the specifics.
TRADEOFFS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "push": (
        ("Messages arrive with the least delay: there is no polling interval or batching "
         "window.", "It has the fewest parts to run: the service that delivers also retries."),
        ("Consumers cannot slow the sender: throughput and backpressure are the delivering "
         "service's.", "Retries are bounded: a message whose retries run out is lost unless a "
         "dead-letter queue catches it."),
    ),
    "poll": (
        ("Consumers control batch size, concurrency, checkpoints and retries.",
         "The buffer absorbs bursts and outages: messages wait until retention ends."),
        ("Polling adds latency (batching windows, long polls).",
         "There is more to run and tune: queues or shards, pollers, dead-letter queues."),
    ),
    "hybrid": (
        ("Each consumer gets the delivery it needs: push where it keeps up, a buffer where it "
         "cannot.", "Consumers fail and retry independently of each other."),
        ("It has the most parts: a router plus a buffer and poller for each consumer that "
         "pulls.", "Two kinds of error handling must be configured and watched."),
    ),
}


class Driver(Struct, frozen=True):
    """One input that drove the decision, as the ADR lists it."""

    label: str
    value: str


class Option(Struct, frozen=True):
    """One considered option (push, poll or hybrid): its design, score, trade-offs, sizing
    and cost."""

    model: str
    title: str
    design: Design
    score: float
    good: tuple[str, ...]
    bad: tuple[str, ...]
    ruled_out_by: tuple[str, ...]
    sizing: Sizing
    cost: Cost | None


class Recommendation(Struct, frozen=True):
    """Everything one workload's ADR says: the decision, the options and the numbers."""

    workload: Workload
    facts: Facts
    decision: Decision
    options: tuple[Option, ...]  # push, poll, hybrid
    drivers: tuple[Driver, ...]
    sources: tuple[Fact, ...]  # catalogue facts cited by the fired rules and the design
    urls: tuple[str, ...]  # sources cited by URL only
    warnings: tuple[str, ...]
    fingerprint: str
    rules_version: str
    catalogue: Catalogue
    flips: tuple[Flip, ...]
    waivers: tuple[Waiver, ...] = ()  # applied: the rules they name were not evaluated
    quota_flips: tuple[QuotaFlip, ...] = ()  # quotas whose raising would change the model
    delays: tuple[PathDelay, ...] = ()  # the chosen design's added delay per path

    @property
    def model(self) -> str:
        return self.decision.model

    @property
    def chosen(self) -> Option:
        return next(o for o in self.options if o.model == self.decision.model)

    @property
    def because(self) -> str:
        """The top reasons for the chosen model, as one clause."""
        reasons = [f.rule.title[0].lower() + f.rule.title[1:] for f in _ranked(
            self.decision.firings, self.model)][:3]
        if not reasons:
            return "no rule preferred another option, and it has the fewest moving parts"
        return "; ".join(reasons)

    @property
    def prices(self) -> tuple[Fact, ...]:
        """The catalogue prices behind the costs shown, each once: the chosen option's
        first, then those only the other options use."""
        ordered = sorted(self.options, key=lambda o: o.model != self.model)
        ids = dict.fromkeys(line.fact for o in ordered if o.cost for line in o.cost.lines)
        return tuple(self.catalogue.fact(i) for i in ids)

    @property
    def knowledge_as_of(self) -> dt.date:
        """The oldest as-of date among the facts the chosen design depends on: those it
        cites and the prices of its cost. The newest fact would overstate how current the
        answer is."""
        cost = self.chosen.cost
        priced = [self.catalogue.fact(line.fact) for line in (cost.lines if cost else ())]
        dates = [f.as_of for f in (*self.sources, *priced)]
        return min(dates) if dates else self.catalogue.as_of


def waivers_of(workload: Workload, rules: RuleSet, today: dt.date | None,
               enabled: bool = True) -> tuple[tuple[Waiver, ...], tuple[Waiver, ...]]:
    """(the waivers that apply, those past their expiry date). A waiver of a rule that does
    not exist is a mistake in the workload."""
    waivers = workload.decision.waivers if workload.decision else ()
    known = {r.id for r in rules.rules}
    for waiver in waivers:
        if waiver.rule not in known:
            from advisor.schema import suggest

            raise InputError(workload.path, waiver.pos.line, waiver.pos.column,
                             f"decision.waivers names {waiver.rule}, which is not a rule",
                             f"{suggest(waiver.rule, sorted(known))}list the rules with "
                             "`advisor rules list`")
    if not enabled:
        return (), ()
    expired = tuple(w for w in waivers if today is not None and w.expired(today))
    return tuple(w for w in waivers if w not in expired), expired


def advise(workload: Workload, rules: RuleSet, catalogue: Catalogue,
           today: dt.date | None = None, max_knowledge_age: int = 365,
           use_waivers: bool = True) -> Recommendation:
    """The whole recommendation; `today` (the ADR's date) enables the staleness warning and
    decides which waivers have expired."""
    applied, expired = waivers_of(workload, rules, today, use_waivers)
    waived = frozenset(w.rule for w in applied)
    facts = derive(workload)
    decision = evaluate(facts, rules, waived=waived)
    designs = {m: design(m, workload, decision, catalogue) for m in MODELS}
    scored = decision.model
    decision = buildable(decision, designs)
    options = tuple(_option(m, designs[m], decision, workload, catalogue) for m in MODELS)
    chosen = designs[decision.model]
    urls = tuple(dict.fromkeys(s for f in decision.all_firings for s in f.rule.sources
                               if s.startswith("https://")))
    warnings = list(chosen.warnings)
    warnings += [f"The waiver of {w.rule} expired on {w.expires}; the rule applies again."
                 for w in expired if w.expires]
    chosen_option = next(o for o in options if o.model == decision.model)
    warnings += list(chosen_option.sizing.warnings)
    warnings += [q.text for q in chosen_option.sizing.quotas]
    sources, delays = _cited(chosen_option, workload, catalogue)
    if workload.latency is not None:
        warnings += warnings_for(delays, workload, catalogue)
    if today is not None and (today - catalogue.as_of).days > max_knowledge_age:
        warnings.append(f"advisor's AWS knowledge dates from {catalogue.as_of.isoformat()}, "
                        f"{(today - catalogue.as_of).days} days before {today.isoformat()} "
                        f"(more than {max_knowledge_age}); quotas and prices may have changed: "
                        "upgrade advisor or check the sources.")
    if decision.model != scored:
        cannot = " ".join(designs[scored].unbuildable)
        warnings.append(f"{scored} scored highest, but its design cannot be built for this "
                        f"workload: {cannot} {decision.model} is the best-scored "
                        "option whose design can. The changes that would alter the answer are "
                        "not searched in this case.")
    if decision.decided_by == "tie-break":
        warnings.append(f"{decision.model} tied with {', '.join(decision.tied_with)} at "
                        f"{decision.scores[decision.model]:g}; the tie was broken "
                        f"{decision.tie_broken}.")
    uncertain = [f for f in sources if not f.certain]
    if uncertain:
        warnings.append("Some facts behind this answer are not verified: "
                        + ", ".join(f"{f.title} ({f.service}, {f.status})" for f in uncertain)
                        + ".")
    return Recommendation(
        workload=workload, facts=facts, decision=decision, options=options,
        drivers=drivers(workload), sources=sources, urls=urls, warnings=tuple(warnings),
        fingerprint=fingerprint(workload), rules_version=rules.version, catalogue=catalogue,
        flips=(find_flips(workload, rules, decision.model, waived, catalogue)
               if decision.model == scored else ()),
        waivers=applied, delays=delays,
        quota_flips=quota_flips(facts, decision, rules, catalogue, workload.region, waived),
    )


def _cited(option: Option, workload: Workload, catalogue: Catalogue
           ) -> tuple[tuple[Fact, ...], tuple[PathDelay, ...]]:
    """The facts behind the chosen design (each fired rule lists its own sources), and its
    delays per path."""
    chosen = option.design
    cited = [fact for use in chosen.services for fact in use.facts]
    cited += [fact for _, ids in chosen.operations for fact in ids]
    fact_ids = list(dict.fromkeys(s for s in cited if s in catalogue.facts))
    sources = tuple(catalogue.fact(i) for i in fact_ids)
    delays = path_delays(chosen, workload, option.sizing, catalogue)
    if workload.latency is not None:  # the ADR then cites each hop's delay: list its sources
        timed = [h.fact for p in delays for h in p.hops if h.fact and h.fact not in fact_ids]
        sources += tuple(catalogue.fact(i) for i in dict.fromkeys(timed))
    return sources, delays


def quick_recommendation(workload: Workload, rules: RuleSet, catalogue: Catalogue,
                         today: dt.date | None = None, use_waivers: bool = True
                         ) -> Recommendation:
    """The decision and the chosen design only: what `check` compares, without the flips
    and the considered options that an ADR needs. The chosen design is sized and priced,
    and its facts cited, because the ADR's knowledge date depends on them."""
    applied, _ = waivers_of(workload, rules, today, use_waivers)
    facts = derive(workload)
    decision = evaluate(facts, rules, waived=frozenset(w.rule for w in applied))
    chosen = design(decision.model, workload, decision, catalogue)
    if chosen.unbuildable:  # as `advise` decides, so that check compares like with like
        decision = buildable(decision, {m: design(m, workload, decision, catalogue)
                                        for m in MODELS})
        chosen = design(decision.model, workload, decision, catalogue)
    option = _option(decision.model, chosen, decision, workload, catalogue)
    sources, _ = _cited(option, workload, catalogue)
    return Recommendation(
        workload=workload, facts=facts, decision=decision, options=(option,), drivers=(),
        sources=sources, urls=(), warnings=(), fingerprint=fingerprint(workload),
        rules_version=rules.version, catalogue=catalogue, flips=(), waivers=applied,
    )


def fingerprint(workload: Workload) -> str:
    """A digest of the workload as written, stable across key order and formatting."""
    canonical = json.dumps(workload.written, sort_keys=True, default=str,
                           separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _ranked(firings: tuple[Firing, ...], model: str) -> list[Firing]:
    """Firings that favour `model`, strongest first (stable for equal weights)."""
    positive = [f for f in firings if f.rule.effect.get(model, 0) > 0]
    return sorted(positive, key=lambda f: -f.rule.effect.get(model, 0))


def _option(model: str, built: Design, decision: Decision, workload: Workload,
            catalogue: Catalogue) -> Option:
    good = [f.rationale for f in _ranked(decision.firings, model)]
    bad = [f.rationale for f in decision.firings
           if model in f.rule.rules_out or f.rule.effect.get(model, 0) < 0]
    good += list(TRADEOFFS[model][0])
    bad += list(built.warnings) + list(TRADEOFFS[model][1])
    sizing = size(built, workload, catalogue)
    return Option(model, MODEL_TITLES[model], built, decision.scores[model],
                  tuple(dict.fromkeys(good)), tuple(dict.fromkeys(bad)),
                  decision.ruled_out.get(model, ()), sizing,
                  estimate(built, workload, sizing, catalogue))


def drivers(w: Workload) -> tuple[Driver, ...]:
    """The requirements as the user stated them, in the user's numbers."""
    rows = [Driver("Kind", "event: a fact that happened, any number of consumers may react"
                   if w.kind == "event" else "command: work for one owner")]
    if w.rate_peak is not None and w.rate_average is not None:
        rows.append(Driver("Throughput", _throughput(w, w.rate_average, w.rate_peak)))
    if w.payload_average is not None and w.payload_max is not None:
        rows.append(Driver("Payload", f"{units.format_size(w.payload_average)} average, "
                           f"{units.format_size(w.payload_max)} max"))
    if w.latency is not None:
        rows.append(Driver("Latency target", units.format_duration(w.latency)))
    if w.processing_time is not None:
        rows.append(Driver("Processing time", f"{units.format_duration(w.processing_time)} "
                           "per message"))
    if w.ordering != "none":
        key = f" by {w.ordering_key}" if w.ordering_key else ""
        rows.append(Driver("Ordering", f"{w.ordering}{key}"))
    if w.duplicates == "must-deduplicate":
        rows.append(Driver("Duplicates", "must be removed"))
    if w.replay:
        rows.append(Driver("Replay", f"every consumer re-reads up to "
                           f"{units.format_duration(w.replay)}"))
    if w.batching.wanted:
        rows.append(Driver("Batching", _batching(w.batching.mode, w.batching.size,
                                                 w.batching.window)))
    rows.append(Driver("Consumers", _consumers(w)))
    if w.producer or w.source:
        rows.append(Driver("Producer", ", ".join(x for x in (
            w.producer, f"source {w.source}" if w.source else None) if x)))
    if w.existing:
        rows.append(Driver("Already in place", ", ".join(w.existing)))
    if w.crosses:
        rows.append(Driver("Crosses", ", ".join(w.crosses)))
    rows.append(Driver("Region", w.region + ("" if w.region_stated else " (default)")))
    return tuple(rows)


def _throughput(w: Workload, average: float, peak: float) -> str:
    written = w.written.get("throughput")
    stated = written if isinstance(written, dict) else {}
    if "average" not in stated:
        return f"{units.format_rate(peak)} peak (average not stated)"
    if "peak" not in stated:
        return f"{units.format_rate(average)} average (peak not stated, taken as the average)"
    burst = f" ({peak / average:,.1f}x bursts)" if peak > average else ""
    return f"{units.format_rate(average)} average, {units.format_rate(peak)} peak{burst}"


def _batching(mode: str, size: int | None, window: float | None) -> str:
    parts = [mode]
    if size:
        parts.append(f"{size:,} per batch")
    if window:
        parts.append(f"{units.format_duration(window)} window")
    return ", ".join(parts)


def _consumers(w: Workload) -> str:
    if not w.consumers_listed:
        return f"{w.consumer_total:,} (not described further)"
    described = []
    for c in w.consumers:
        details = [c.runs_on or "runtime not stated"]
        if c.max_rate:
            details.append(f"absorbs at most {units.format_rate(c.max_rate)}")
        if c.batching.wanted and c.batching != w.batching:
            details.append("batches " + _batching(c.batching.mode, c.batching.size,
                                                  c.batching.window))
        if c.replay and c.replay != w.replay:
            details.append(f"replays {units.format_duration(c.replay)}")
        described.append(f"{c.name} ({'; '.join(details)})")
    return f"{len(w.consumers)}: " + ", ".join(described)


def scores_text(scores: Mapping[str, float]) -> str:
    return ", ".join(f"{m} {scores[m]:g}" for m in MODELS)
