"""What drove the decision: the user's stated requirements and the rules that decided."""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.decision import MODELS, Decision, Firing
from advisor.core.designs import Design
from advisor.core.phrasing import NAMES_SHOWN
from advisor.core.recommendation import Driver
from advisor.core.routes import about_functions, deliveries, has_functions
from advisor.core.wording import restated, stated
from advisor.format import units
from advisor.format.vocabulary import DEFAULT_CLOUD
from advisor.format.words import NEUTRAL_WORDS
from advisor.format.workload import Workload


def _weight(firing: Firing, model: str, decision: Decision, delivery: dict[str, str]) -> float:
    """How far a firing moved the decision towards `model`: its weight for the model less
    its weight for the strongest option still allowed; for a consumer rule, its weight
    for the delivery the consumer gets less that for the other."""
    effect = firing.rule.effect
    if firing.consumer is not None:
        got = delivery.get(firing.consumer)
        if got not in ("push", "poll"):
            return 0.0
        other = "poll" if got == "push" else "push"
        return effect.get(got, 0) - effect.get(other, 0)
    others = [m for m in MODELS if m != model and decision.allowed(m)]
    return effect.get(model, 0) - max((effect.get(m, 0) for m in others), default=0)


def decisive(decision: Decision, built: Design, catalogue: Catalogue) -> tuple[Driver, ...]:
    """The facts that decided, strongest first: the rules that ruled other options out,
    then those that moved the scores towards the chosen model, by how far. A rule that
    fired for several consumers is one driver naming each. Each driver carries the user's
    values (label) and what the rule says (value). A rule about functions is no reason for
    a design without any."""
    delivery = deliveries(built)
    functions = has_functions(built, catalogue)
    model = decision.model
    grouped: dict[str, list[Firing]] = {}
    weight: dict[str, float] = {}
    constraint: dict[str, bool] = {}
    for firing in decision.all_firings:
        out = [m for m in firing.rule.rules_out if m != model and (
            firing.consumer is None or m != delivery.get(firing.consumer))]
        w = _weight(firing, model, decision, delivery)
        rule = firing.rule.id
        limit = firing.rule.limit and firing.rule.id in decision.tie_limits
        if (not out and w <= 0 and not limit) or (
                not functions and about_functions(firing.rule, catalogue)):
            continue
        grouped.setdefault(rule, []).append(firing)
        weight[rule] = weight.get(rule, 0) + max(w, 0)
        constraint[rule] = constraint.get(rule, False) or bool(out)
    order = list(grouped)
    ranked = sorted(order, key=lambda r: (not constraint[r], -weight[r], order.index(r)))
    merged = restated(ranked, grouped)
    rows = []
    done: set[str] = set()
    for rule in ranked:
        rule = merged.get(rule, rule)  # a merged pair stands where its stronger half ranks
        if rule in done:
            continue
        done.add(rule)
        firings = grouped[rule]
        first = firings[0]
        also = [r for r, into in merged.items() if into == rule]
        values = [stated(f) for f in firings]
        shown = "; ".join(values[:NAMES_SHOWN]) + (
            f"; and {len(values) - NAMES_SHOWN:,} more" if len(values) > NAMES_SHOWN else "")
        effect = [f"{m} {w:+g}" for m, w in first.rule.effect.items()]
        effect += [f"rules out {m}" for m in first.rule.rules_out]
        for other in also:  # what the flow rule adds to the consumer rule's effect
            extra = grouped[other][0].rule
            effect += [f"{m} {w:+g}" for m, w in extra.effect.items()]
            effect += [f"rules out {m}" for m in extra.rules_out]
        ids = (rule, *also)
        title = f"{first.rule.title[0].lower()}{first.rule.title[1:]}"
        # One form for every driver: the user's values, what follows, the rules and effect.
        rows.append(Driver(shown or "the workload as stated",
                           f"{title} ({', '.join(ids)}: {', '.join(dict.fromkeys(effect))})",
                           ids))
    return tuple(rows)


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
        producer = (_NEUTRAL_PRODUCER.get(w.producer, w.producer)
                    if w.producer and w.cloud != DEFAULT_CLOUD else w.producer)
        rows.append(Driver("Producer", ", ".join(x for x in (
            producer, f"source {w.source}" if w.source else None) if x)))
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


_NEUTRAL_RUNTIME = {old: new for new, old in NEUTRAL_WORDS["runs_on"].items()}
_NEUTRAL_PRODUCER = {old: new for new, old in NEUTRAL_WORDS["producer"].items()}


def _consumers(w: Workload) -> str:
    if not w.consumers_listed:
        return f"{w.consumer_total:,} (not described further)"
    described = []
    for c in w.consumers:
        # The format reads 1.1's neutral words as 1.0's; off the default cloud they are said
        # as written in 1.1 (`function`).
        runtime = (_NEUTRAL_RUNTIME.get(c.runs_on, c.runs_on)
                   if c.runs_on and w.cloud != DEFAULT_CLOUD else c.runs_on)
        details: list[str] = [runtime or "runtime not stated"]
        if c.max_rate:
            details.append(f"absorbs at most {units.format_rate(c.max_rate)}")
        if c.batching.wanted and c.batching != w.batching:
            details.append("batches " + _batching(c.batching.mode, c.batching.size,
                                                  c.batching.window))
        if c.replay and c.replay != w.replay:
            details.append(f"replays {units.format_duration(c.replay)}")
        described.append(f"{c.name} ({'; '.join(details)})")
    return f"{len(w.consumers)}: " + ", ".join(described)
