"""Each option (push, poll, hybrid) with its design, trade-offs, sizing and cost, compared."""

from __future__ import annotations

import re

from advisor.core.catalogue import Catalogue
from advisor.core.decision import Decision, Firing
from advisor.core.designs import Design
from advisor.core.phrasing import NAMES_SHOWN, gist, listed
from advisor.core.provider import Provider
from advisor.core.recommendation import Option
from advisor.core.routes import about_functions, buffer_of, deliveries, has_functions
from advisor.core.titles import service_names, short_name
from advisor.core.wording import aggregated, grouped, ranked, reason, values_of
from advisor.format import units
from advisor.format.workload import Workload

MODEL_TITLES = {
    "push": "Push: the broker delivers each message as it happens",
    "poll": "Poll: consumers pull at their own pace",
    "hybrid": "Hybrid: fan out by push into a buffer per consumer that pulls",
}


def tradeoffs(built: Design, workload: Workload, catalogue: Catalogue
               ) -> tuple[list[str], list[str]]:
    """What this design gives and costs, said with its own consumers and services."""
    pushed = [p.consumer for p in built.paths if p.delivery == "push"]
    polled = [p.consumer for p in built.paths if p.delivery == "poll"]
    named = service_names(built, catalogue)
    services = listed(named, 6)
    count = len(named)
    peak = f" at the {units.format_rate(workload.rate_peak)} peak" if workload.rate_peak \
        else ""
    buffers = listed(list(dict.fromkeys(short_name(b, catalogue) for p in built.paths
                                        if (b := buffer_of(p, catalogue)))))
    # Each line is said only where its trigger holds for the services on the route: the
    # delivering service's retries and dead-letter queue where the catalogue states them,
    # checkpoints for streams, long polls for queues, a batching window where one is asked.
    on_push = {h for p in built.paths if p.delivery == "push" for h in p.hops}
    # A substring test first: every option of every workload asks, over the whole catalogue.
    retrying = {f.service for fid, f in catalogue.facts.items()
                if "-retr" in fid and re.search(r"-retr(y|ies)(-|$)", fid)} & on_push
    dead_letter = {f.service for fid, f in catalogue.facts.items()
                   if "-dlq" in fid and re.search(r"-dlq(-|$)", fid)} & on_push
    kinds = {b for p in built.paths if (b := buffer_of(p, catalogue))}
    queued = {b for b in kinds if catalogue.kind(b) == "queue"}
    streamed = {b for b in kinds if catalogue.kind(b) == "stream"}
    consumers = {c.name: c for c in workload.consumers}
    capped = [n for n in pushed if (c := consumers.get(n)) and c.max_rate
              and workload.rate_peak and c.max_rate < workload.rate_peak]
    windowed = [n for n in polled if (c := consumers.get(n)) and c.batching.window]
    good: list[str] = []
    bad: list[str] = []
    if built.model == "push" and pushed:
        good.append(f"{listed(pushed)} receive{'s' if len(pushed) == 1 else ''} each message "
                    "as it happens: no polling interval or batching window")
        # No superlatives: counts differ by workload, and another option may have as few.
        good.append(f"there is nothing to run but the delivering services ({count}: {services})"
                    + ("; the service that delivers also retries" if retrying else ""))
        if capped:
            bad.append(f"{listed(capped)} cannot slow the sender{peak}: throughput and "
                       "backpressure are the delivering service's")
        if retrying:
            # Bounded by attempts, age or retention, as each cloud's broker bounds them.
            bad.append("retries are bounded: a message whose retries run out is lost"
                       + (" unless a dead-letter destination catches it" if dead_letter
                          else ""))
    elif built.model == "poll" and polled:
        chosen_by = ["batch size", "concurrency", *(["checkpoints"] if streamed else []),
                     "retries"]
        good.append(f"{listed(polled)} pull{'s' if len(polled) == 1 else ''} from the "
                    f"{buffers or 'buffer'} at {'its' if len(polled) == 1 else 'their'} "
                    f"own pace, choosing {listed(chosen_by, 4)}")
        good.append(f"the {buffers or 'buffer'} holds messages through bursts and outages "
                    "until its retention ends")
        # A long poll returns as soon as a message waits (sqs-long-polling), so a queue
        # adds no delay of its own; a stream reader's polling interval and an asked batching
        # window do.
        delays = [*(["the stream readers' polling interval"] if streamed else []),
                  *([f"the batching window {listed(windowed)} asked for"] if windowed else [])]
        if delays:
            bad.append(f"polling adds delay for {listed(polled)}: {listed(delays)}")
        upkeep = [*(["a dead-letter destination for each queue"] if queued else []),
                  *(["checkpoints for each stream reader"] if streamed else [])]
        bad.append(f"there is more to run and tune ({count}: {services}): pollers"
                   + (f", and {' or '.join(upkeep)}" if upkeep else ""))
    elif built.model == "hybrid" and pushed and polled:
        # A queue is each consumer's own; a stream is one log its readers share.
        queues = catalogue.of_kind("queue")
        by_buffer: dict[str, list[str]] = {}
        for p in built.paths:
            if (b := buffer_of(p, catalogue)) is not None:
                by_buffer.setdefault(b, []).append(p.consumer)
        reads = [f"{listed(names)} reading "
                 + ((("each its own " if len(names) > 1 else "its own ") if b in queues
                     else "the ") + short_name(b, catalogue))
                 + (" they share" if b not in queues and len(names) > 1 else "")
                 for b, names in by_buffer.items()]
        good.append(f"each consumer gets the delivery it needs: {listed(pushed)} pushed, "
                    + ("; ".join(reads) if reads else f"{listed(polled)} pulling"))
        good.append("a consumer that fails retries from its own buffer or target without "
                    "holding up the others")
        bad.append(f"it has a router, buffers and pollers to run ({count}: {services}), a "
                   f"buffer and pollers for each of {listed(polled)}")
        pushed_care = " and ".join([*(["retries"] if retrying else []),
                                    *(["dead-letter destinations"] if dead_letter else [])])
        polled_care = " or ".join([*(["redriving dead letters"] if queued else []),
                                   *(["checkpoints"] if streamed else [])])
        if pushed_care and polled_care:
            bad.append("two kinds of error handling must be configured and watched: "
                       f"{pushed_care} for {listed(pushed)}, {polled_care} for "
                       f"{listed(polled)}")
    return good, bad


def build_option(model: str, built: Design, decision: Decision, workload: Workload,
                 catalogue: Catalogue, provider: Provider, reasons: bool = True) -> Option:
    """One option, its strengths and weaknesses in this workload's terms: what its design
    gives, the rules that favour it (never a limit: a limit is a constraint it meets, not a
    strength), and what rules it out or argues against it, with the user's values.
    `reasons=False`: the design, sizing and cost only, for `check`, which reads no prose."""
    if not reasons:
        sizing = provider.size(built, workload, catalogue)
        return Option(model, MODEL_TITLES[model], built, decision.scores[model], (), (),
                      decision.ruled_out.get(model, ()), sizing,
                      provider.estimate(built, workload, sizing, catalogue))
    functions = has_functions(built, catalogue)
    delivery = deliveries(built)
    good, bad = tradeoffs(built, workload, catalogue)

    def speaks(f: Firing) -> bool:
        return functions or not about_functions(f.rule, catalogue)

    from advisor.core.rules import condition_facts

    out = []
    # The consumers' own rulings, once: each flow rule cites those it gathers.
    ruling = [f for v in decision.consumers if model in v.ruled_out for f in v.firings
              if model in f.rule.rules_out]
    for rule in decision.ruled_out.get(model, ()):
        firing = next((f for f in decision.firings if f.rule.id == rule), None)
        if firing is None:
            continue
        if firing.consumer is not None:  # a consumer rule: every consumer it fired for
            evidence = [values_of(f) for f in ruling if f.rule.id == rule]
        else:  # a flow rule: the consumer rulings behind the facts it gathers
            gathered = {g for fact in condition_facts(firing.rule.when)
                        if (g := aggregated(fact))}
            evidence = [values_of(firing)] + [
                values_of(f) + f" ({f.rule.id})" for f in ruling
                if gathered & set(condition_facts(f.rule.when))]
        evidence = [e for e in dict.fromkeys(evidence) if e]
        said = "; ".join(evidence[:NAMES_SHOWN]) + (
            f"; and {len(evidence) - NAMES_SHOWN:,} more" if len(evidence) > NAMES_SHOWN
            else "")
        out.append(f'it is ruled out by {rule}, "{firing.rule.title}"'
                   + (f": {said}" if said else ""))
    # A limit, or a rule that rules options out, is a constraint this option meets, not a
    # strength of it: said once, as what it meets that the others do not.
    met = [f for f in decision.all_firings if not decision.ruled_out.get(model)
           and model not in f.rule.rules_out and any(m != model for m in f.rule.rules_out)
           and (f.consumer is None or delivery.get(f.consumer) not in f.rule.rules_out)]
    beaten = sorted({m for f in met for m in f.rule.rules_out if m != model})
    # A design that cannot be built satisfies nothing: its reasons say what it fails.
    meets = [f"it satisfies what rules out {listed(beaten)}: " + "; ".join(grouped(met, False))
             ] if met and built.feasible else []
    good = meets + [reason(f) for f in ranked(decision.firings, model)
                    if not f.rule.limit and not f.rule.rules_out and speaks(f)] + good
    # A constraint this option meets is not also against it: a rule cannot be both.
    kept = {f.rule.id for f in met}
    against = [f for f in decision.firings if speaks(f) and model not in f.rule.rules_out
               and f.rule.id not in kept
               and (f.rule.effect.get(model, 0) < 0 or (f.rule.limit and f.rule.effect.get(
                   model, 0) <= 0 and any(w > 0 for w in f.rule.effect.values())))]
    for verdict in decision.consumers:
        got = delivery.get(verdict.name)
        for f in verdict.firings:
            favoured = max(("push", "poll"), key=lambda m: f.rule.effect.get(m, 0))
            if (f.rule.limit and got in ("push", "poll") and favoured != got
                    and f.rule.effect.get(favoured, 0) > f.rule.effect.get(got, 0)
                    and got not in f.rule.rules_out):
                against.append(f)
    bad = [*out, *built.unbuildable, *grouped(against, stance="goes against"), *built.warnings,
           *bad]
    sizing = provider.size(built, workload, catalogue)
    return Option(model, MODEL_TITLES[model], built, decision.scores[model],
                  tuple(dict.fromkeys(good)), tuple(dict.fromkeys(bad)),
                  decision.ruled_out.get(model, ()), sizing,
                  provider.estimate(built, workload, sizing, catalogue))


def compared(options: tuple[Option, ...], decision: Decision, catalogue: Catalogue
              ) -> tuple[Option, ...]:
    """Each other option set against the chosen one: its quota problems and its expected
    cost as a multiple of the chosen design's; and a warning every option repeats is said
    once (in the warnings), not on each."""
    from msgspec.structs import replace

    chosen = next(o for o in options if o.model == decision.model)
    shared = set.intersection(*(set(o.design.warnings) for o in options)) if options else set()
    # The chosen design's warnings are said once, under Warnings: its consequences refer to
    # each in a few words, and another option that shares one does not repeat it.
    warned = {*chosen.design.warnings, *chosen.sizing.warnings}
    base = chosen.cost.monthly_usd_average if chosen.cost else 0.0
    result = []
    for option in options:
        good = list(option.good)
        if option is chosen:
            bad = [f"it carries the warning above: {gist(b)}" if b in warned else b
                   for b in option.bad]
        else:
            bad = [b for b in option.bad if b not in shared and b not in warned]
        if option is not chosen:
            bad += [f"it meets a quota, {catalogue.fact(q.fact).title} ({q.fact}): {q.text}"
                    if q.fact in catalogue.facts else q.text for q in option.sizing.quotas]
            bad += [w for w in option.sizing.warnings if w not in warned]
            # An option that is ruled out or cannot be built has no price to weigh: its
            # figure prices the nearest design, which nobody can choose.
            real = not option.ruled_out_by and option.design.feasible
            cost = option.cost.monthly_usd_average if option.cost and real else None
            if cost is not None and base > 0:
                ratio = cost / base
                said = (f"its expected cost is ${cost:,.2f} a month against the chosen "
                        f"design's ${base:,.2f}")
                if ratio >= 1.1:
                    bad.append(f"{said}: {ratio:,.1f}x the cost")
                elif ratio > 1:
                    bad.append(f"{said}: {(ratio - 1) * 100:,.0f}% more")
                elif ratio < 1:
                    good.append(f"{said}: {(1 - ratio) * 100:,.0f}% less")
                else:
                    bad.append(f"it scores {option.score:g} against the chosen option's "
                               f"{chosen.score:g}, at the same expected cost (${cost:,.2f} a "
                               "month)")
        result.append(replace(option, good=tuple(dict.fromkeys(good)),
                              bad=tuple(dict.fromkeys(bad))))
    return tuple(result)
