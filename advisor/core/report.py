"""Assemble one recommendation: the decision, the designs, and the reasons, worded.

This is where the engine's values become sentences and lists that every renderer
shares (ADR, JSON, terminal); renderers only lay them out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping

from msgspec import Struct

from advisor.core.designs import QUEUES, STREAMS, ConsumerPath, Design
from advisor.core.engine import MODELS, Decision, Firing, evaluate
from advisor.core.facts import Facts, derive
from advisor.core.flips import Flip, find_flips
from advisor.core.quotaflips import QuotaFlip, quota_flips
from advisor.core.rules import PLACEHOLDER, Rule, RuleSet
from advisor.errors import InputError
from advisor.format import units
from advisor.format.workload import Waiver, Workload
from advisor.providers.aws.catalogue import Catalogue, Fact
from advisor.providers.aws.cost import Cost, estimate
from advisor.providers.aws.designs import buildable, design
from advisor.providers.aws.kinds import AWS_FACTS
from advisor.providers.aws.latency import PathDelay, path_delays, warnings_for
from advisor.providers.aws.sizing import Sizing, size

MODEL_TITLES = {
    "push": "Push: the broker delivers each message as it happens",
    "poll": "Poll: consumers pull at their own pace",
    "hybrid": "Hybrid: fan out by push into a buffer per consumer that pulls",
}

class Driver(Struct, frozen=True):
    """One input that drove the decision, as the ADR lists it."""

    label: str
    value: str
    rules: tuple[str, ...] = ()  # the rules behind it, strongest first: what `because` cites


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
    inputs: tuple[Driver, ...] = ()  # the workload as stated, for the context

    @property
    def title(self) -> str:
        """The decision in one line: the model, then the services and the consumers."""
        return decision_title(self.chosen.design, self.catalogue)

    @property
    def model(self) -> str:
        return self.decision.model

    @property
    def chosen(self) -> Option:
        return next(o for o in self.options if o.model == self.decision.model)

    @property
    def because(self) -> str:
        """The top reasons for the chosen model, as one clause: the first decision drivers,
        so that the outcome and the drivers rank the rules the same way."""
        titles = {f.rule.id: f.rule.title for f in self.decision.all_firings}
        # Quoted: some titles are advice ("Keep the existing router ..."), not a clause.
        reasons = [f'{_names(list(d.rules))} ("{titles[d.rules[0]]}")'
                   for d in self.drivers if d.rules and d.rules[0] in titles][:3]
        if not reasons:
            return "no rule preferred another option, and it has the fewest moving parts"
        listed = reasons[0] if len(reasons) == 1 else (
            "; ".join(reasons[:-1]) + "; and " + reasons[-1])
        return f"it follows {listed}"

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
            from advisor.format.schema import suggest

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
    facts = derive(workload, AWS_FACTS)
    decision = evaluate(facts, rules, waived=waived)
    designs = {m: design(m, workload, decision, catalogue) for m in MODELS}
    scored = decision.model
    decision = buildable(decision, designs)
    options = _compared(tuple(_option(m, designs[m], decision, workload, catalogue)
                              for m in MODELS), decision, catalogue)
    chosen = designs[decision.model]
    urls = tuple(dict.fromkeys(s for f in decision.all_firings for s in f.rule.sources
                               if s.startswith("https://")))
    warnings = list(chosen.warnings)
    if not chosen.feasible:
        # Said first: every other section describes a design that cannot be built as it is.
        warnings.insert(0, f"No option can be built as a whole for this workload: the "
                        f"{decision.model} design below is the nearest, and it cannot be built "
                        "as it stands (the reasons follow). Relax a requirement they name, or "
                        "build the part they allow.")
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
        drivers=decisive(decision, chosen, catalogue), inputs=drivers(workload), sources=sources,
        urls=urls, warnings=tuple(warnings),
        fingerprint=fingerprint(workload), rules_version=rules.version, catalogue=catalogue,
        flips=(find_flips(workload, rules, decision.model, AWS_FACTS, waived, catalogue)
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
    facts = derive(workload, AWS_FACTS)
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


# How a fact reads next to the user's value in a driver or a reason; any other fact reads
# as its documentation followed by the value.
_PHRASES = {
    "consumer.capacity": "absorbs at most {}", "consumer.max_rate": "absorbs at most {}",
    "consumer.max_concurrency": "works on at most {} at once",
    "rate_peak": "against a {} peak", "rate_average": "{} average",
    "consumer.runs_on": "runs on {}", "consumer.replay": "re-reads {}",
    "consumer.batching": "needs batches ({})", "consumer.batch_size": "{} per batch",
    "consumer.batch_window": "a {} batch window", "consumer.expires_after": "is worthless after {}",
    "processing_time": "{} per message", "burstiness": "peak {}x the average",
    "consumer_count": "{} consumers", "latency": "latency target {}", "ordering": "{} ordering",
    "existing": "{} already in place", "source": "source {}", "replay_shared": "every "
    "consumer re-reads {}", "lambda_concurrency_peak": "{} concurrent executions at peak",
    "payload_max": "messages up to {}", "payload_average": "{} average message",
    "delay": "held back {}", "kind": "the message is a {}",
}
_UNSAID = ("consumer.name", "consumer.replay_by")  # the name leads; who replays is the title's
_NAMES_SHOWN = 3  # consumers named in one reason; the rest are counted


def _names(names: list[str], limit: int = _NAMES_SHOWN) -> str:
    """Names as a person lists them, bounded: "a, b and 12 more"."""
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit:,} more"
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(
        names)


def _values(firing: Firing) -> str:
    """The workload's values that made a rule fire, in words ("loyalty-points absorbs at
    most 50/s against a 900/s peak"). Yes/no facts are what the title says; zero counts and
    unstated facts carry nothing."""
    from advisor.core.facts import ALL_FACTS, describe
    from advisor.core.rules import condition_facts

    read = [*condition_facts(firing.rule.when),
            *(m.group(1) for m in PLACEHOLDER.finditer(firing.rule.rationale))]
    parts = []
    for name in dict.fromkeys(read):
        value = firing.facts.get(name)
        spec = ALL_FACTS.get(name)
        if (spec is None or name in _UNSAID or value is None or value == ()
                or isinstance(value, bool) or (spec.type == "count" and value == 0)):
            continue
        shown = describe(name, value)
        if name == "consumer_count" and value == 1:
            parts.append("1 consumer")
            continue
        parts.append(_PHRASES[name].format(shown) if name in _PHRASES
                     else f"{spec.doc}: {shown}")
    said = "".join((" " if part.startswith("against ") else ", ") + part
                   for part in parts)[2 if parts and not parts[0].startswith("against ")
                                      else 1:]
    if firing.consumer:
        return f"{firing.consumer} {said}".strip() if said else firing.consumer
    return said


def _reason(firing: Firing, values: str | None = None, titled: bool = True,
            stance: str = "follows") -> str:
    """A fired rule as a reason: the option's stance to the rule, named by id and quoted
    title (some titles are advice, "Keep the existing router ...", which cannot follow
    "because" as a clause), then the user's values ('it follows PP103, "A consumer slower
    than the peak needs a buffer ...": loyalty-points absorbs at most 50/s against a 900/s
    peak'); untitled, the values and the id only."""
    values = _values(firing) if values is None else values
    if not titled:
        title = firing.rule.title[0].lower() + firing.rule.title[1:]
        return f"{values} ({firing.rule.id})" if values else f"{title} ({firing.rule.id})"
    named = f'it {stance} {firing.rule.id}, "{firing.rule.title}"'
    return f"{named}: {values}" if values else named


def _grouped(firings: list[Firing], titled: bool = True, stance: str = "follows"
             ) -> list[str]:
    """Fired rules as reasons, one per rule however many consumers it fired for."""
    by_rule: dict[str, list[Firing]] = {}
    for firing in firings:
        by_rule.setdefault(firing.rule.id, []).append(firing)
    reasons = []
    for same in by_rule.values():
        values = [v for v in map(_values, same) if v]
        shown = "; ".join(values[:_NAMES_SHOWN]) + (
            f"; and {len(values) - _NAMES_SHOWN:,} more" if len(values) > _NAMES_SHOWN else "")
        reasons.append(_reason(same[0], shown, titled, stance))
    return reasons


def _about_functions(rule: Rule, catalogue: Catalogue) -> bool:
    """A rule whose every source is a fact about Lambda functions speaks for functions only."""
    services = [catalogue.fact(s).service for s in rule.sources if s in catalogue.facts]
    return bool(services) and all(s == "lambda" for s in services)


def _has_functions(built: Design) -> bool:
    return any(s in ("lambda", "lambda-esm") for s in built.service_ids)


def service_name(service: str, catalogue: Catalogue) -> str:
    """A service's short name ("EventBridge"), for the renderers."""
    return _short(service, catalogue)


def _short(service: str, catalogue: Catalogue) -> str:
    """A service's name as a title uses it: "SQS queue", "EventBridge", "Kinesis stream"."""
    if service in _SHORT:
        return _SHORT[service]
    name = catalogue.service(service).name if service in catalogue.services else service
    name = re.sub(r"\s*\(.*\)$", "", name)
    return re.sub(r"^(Amazon|AWS) ", "", name)


_SHORT = {"eventbridge": "EventBridge", "sns": "SNS", "sns-fifo": "SNS FIFO",
          "sqs": "SQS queue", "sqs-fifo": "SQS FIFO queue", "kinesis": "Kinesis stream",
          "dynamodb-streams": "DynamoDB stream", "msk": "MSK topic", "mq": "Amazon MQ queue",
          "eventbridge-pipes": "EventBridge Pipes", "lambda": "Lambda", "lambda-esm": "Lambda",
          "webhook": "API destinations", "step-functions": "Step Functions",
          "api-gateway-websocket": "API Gateway WebSocket", "appsync": "AppSync",
          "iot-core": "IoT Core", "ses": "SES", "kinesis-firehose": "Firehose",
          "eventbridge-scheduler": "EventBridge Scheduler", "s3": "S3"}
_TITLE_GROUPS = 3  # groups of consumers a title names; the rest are counted


def _entry_name(service: str, catalogue: Catalogue) -> str:
    """A service where a route starts: a webhook there is our endpoint that a third party
    POSTs to, not an API destination that EventBridge calls out through."""
    return "webhook endpoint" if service == "webhook" else _short(service, catalogue)


def _service_names(built: Design, catalogue: Catalogue) -> list[str]:
    """The design's services as a title names them, each once."""
    entries = {p.hops[0] for p in built.paths if p.hops}
    inner = {h for p in built.paths for h in p.hops[1:]}
    return list(dict.fromkeys(
        _entry_name(s, catalogue) if s in entries and s not in inner else _short(s, catalogue)
        for s in built.service_ids))


def _buffer_of(path: ConsumerPath) -> str | None:
    """The queue or stream a polled consumer reads, if any."""
    if path.delivery != "poll":
        return None
    return next((h for h in reversed(path.hops) if h in (*QUEUES, *STREAMS)), None)


def decision_title(built: Design, catalogue: Catalogue) -> str:
    """"Hybrid: EventBridge fan-out with an SQS queue for loyalty-points, ...": the model
    first, then the entry service and, per kind of buffer (or push), the consumers it
    serves. Bounded: a few names per group, a few groups, the rest counted."""
    paths = list(built.paths)
    model = built.model.capitalize()
    if not paths:
        return f"{model}: " + (", ".join(_short(s, catalogue) for s in built.service_ids)
                               or "no services")
    firsts = {p.hops[0] for p in paths if p.hops}
    entry = next(iter(firsts)) if len(firsts) == 1 and all(p.hops for p in paths) else None
    groups: dict[str, list[str]] = {}
    for p in paths:
        buffer = _buffer_of(p)
        key = "push" if buffer is None else "read" if buffer == entry else buffer
        groups.setdefault(key, []).append(p.consumer)
    # The buffers first (what sets the design apart), the pushed consumers last.
    keys = sorted(groups, key=lambda k: k == "push")
    parts = []
    for key in keys[:_TITLE_GROUPS]:
        names = groups[key]
        shown = _names(names)
        if key == "push":
            parts.append(f"{'push to ' if len(keys) > 1 else 'to '}{shown}")
        elif key == "read":
            parts.append(f"read by {shown}")
        else:
            kind = _short(key, catalogue)
            parts.append(f"{kind}s for {shown}" if len(names) > 1 else
                         f"{'an' if kind[0] in 'AEIOSU' else 'a'} {kind} for {shown}")
    if len(keys) > _TITLE_GROUPS:
        rest = sum(len(groups[k]) for k in keys[_TITLE_GROUPS:])
        parts.append(f"{rest:,} more consumers")
    joined = parts[0] if len(parts) == 1 else (
        ", ".join(parts[:-1]) + (", " if parts[-1].startswith("push") else " and ") + parts[-1])
    if entry is None:
        return f"{model}: {joined[0].upper()}{joined[1:]}"
    lead = _entry_name(entry, catalogue)
    if len(paths) > 1 or paths[0].count > 1:
        lead += " fan-out"
    if len(paths) == 1 and keys == ["push"]:
        via = [_short(h, catalogue) for h in paths[0].hops[1:]]
        via = [h for h in dict.fromkeys(via) if h != _short(entry, catalogue)]
        if via:
            lead += " through " + _names(via)
    if keys[0] in ("push", "read"):
        return f"{model}: {lead} {joined}"
    return f"{model}: {lead} with {joined}"


def _deliveries(built: Design) -> dict[str, str]:
    return {p.consumer: p.delivery for p in built.paths}


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
    delivery = _deliveries(built)
    functions = _has_functions(built)
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
                not functions and _about_functions(firing.rule, catalogue)):
            continue
        grouped.setdefault(rule, []).append(firing)
        weight[rule] = weight.get(rule, 0) + max(w, 0)
        constraint[rule] = constraint.get(rule, False) or bool(out)
    order = list(grouped)
    ranked = sorted(order, key=lambda r: (not constraint[r], -weight[r], order.index(r)))
    merged = _restated(ranked, grouped)
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
        values = [_stated(f) for f in firings]
        shown = "; ".join(values[:_NAMES_SHOWN]) + (
            f"; and {len(values) - _NAMES_SHOWN:,} more" if len(values) > _NAMES_SHOWN else "")
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


# The user's words for a yes/no fact a driver rests on, where no other value is read.
_STATED = {"must_deduplicate": "duplicates must-deduplicate",
           "crosses_accounts": "crosses accounts", "crosses_regions": "crosses regions"}


def _stated(firing: Firing) -> str:
    """A driver's values: as in a reason, else what the user wrote behind its yes/no facts
    (a consumer's runtime, "duplicates: must-deduplicate"), so no driver is without one."""
    from advisor.core.facts import ALL_FACTS
    from advisor.core.rules import condition_facts

    said = _values(firing)
    if firing.consumer is not None and said == firing.consumer:
        runs_on = firing.facts.get("consumer.runs_on")
        return f"{said} runs on {runs_on}" if runs_on else said
    if said:
        return said
    true = [n for n in dict.fromkeys(condition_facts(firing.rule.when))
            if firing.facts.get(n) is True and n in ALL_FACTS]
    return ", ".join(_STATED.get(n, ALL_FACTS[n].doc) for n in true)


def _aggregated(fact: str) -> str | None:
    """The consumer fact a flow fact counts or gathers from the consumers, if any:
    consumers_push_only counts consumer.push_only; replay_shared is the consumers' replay."""
    from advisor.core.facts import ALL_FACTS

    if fact == "replay_shared":
        return "consumer.replay"
    if fact.startswith("consumers_") and f"consumer.{fact[10:]}" in ALL_FACTS:
        return f"consumer.{fact[10:]}"
    return None


def _restated(ranked: list[str], grouped: dict[str, list[Firing]]) -> dict[str, str]:
    """Flow rules that restate a consumer rule (every fact the flow rule reads gathers a
    fact the consumer rule reads, as PP205 counts the consumers PP102 fired for), each
    mapped to the consumer rule it merges into: the same fact said once."""
    from advisor.core.rules import condition_facts

    merged: dict[str, str] = {}
    for rule in ranked:
        firing = grouped[rule][0]
        if firing.consumer is not None:
            continue
        read = list(condition_facts(firing.rule.when))
        gathered = [_aggregated(f) for f in read]
        if not read or None in gathered:
            continue
        into = next((r for r in ranked if grouped[r][0].consumer is not None
                     and set(gathered) <= set(condition_facts(grouped[r][0].rule.when))), None)
        if into is not None:
            merged[rule] = into
    return merged


def _tradeoffs(built: Design, workload: Workload, catalogue: Catalogue
               ) -> tuple[list[str], list[str]]:
    """What this design gives and costs, said with its own consumers and services."""
    pushed = [p.consumer for p in built.paths if p.delivery == "push"]
    polled = [p.consumer for p in built.paths if p.delivery == "poll"]
    named = _service_names(built, catalogue)
    services = _names(named, 6)
    count = len(named)
    peak = f" at the {units.format_rate(workload.rate_peak)} peak" if workload.rate_peak \
        else ""
    buffers = _names(list(dict.fromkeys(_short(b, catalogue) for p in built.paths
                                        if (b := _buffer_of(p)))))
    # Each line is said only where its trigger holds for the services on the route: the
    # delivering service's retries and dead-letter queue where the catalogue states them,
    # checkpoints for streams, long polls for queues, a batching window where one is asked.
    on_push = {h for p in built.paths if p.delivery == "push" for h in p.hops}
    # A substring test first: every option of every workload asks, over the whole catalogue.
    retrying = {f.service for fid, f in catalogue.facts.items()
                if "-retr" in fid and re.search(r"-retr(y|ies)(-|$)", fid)} & on_push
    dead_letter = {f.service for fid, f in catalogue.facts.items()
                   if "-dlq" in fid and re.search(r"-dlq(-|$)", fid)} & on_push
    kinds = {b for p in built.paths if (b := _buffer_of(p))}
    queued, streamed = kinds & set(QUEUES), kinds & set(STREAMS)
    consumers = {c.name: c for c in workload.consumers}
    capped = [n for n in pushed if (c := consumers.get(n)) and c.max_rate
              and workload.rate_peak and c.max_rate < workload.rate_peak]
    windowed = [n for n in polled if (c := consumers.get(n)) and c.batching.window]
    good: list[str] = []
    bad: list[str] = []
    if built.model == "push" and pushed:
        good.append(f"{_names(pushed)} receive{'s' if len(pushed) == 1 else ''} each message "
                    "as it happens: no polling interval or batching window")
        # No superlatives: counts differ by workload, and another option may have as few.
        good.append(f"there is nothing to run but the delivering services ({count}: {services})"
                    + ("; the service that delivers also retries" if retrying else ""))
        if capped:
            bad.append(f"{_names(capped)} cannot slow the sender{peak}: throughput and "
                       "backpressure are the delivering service's")
        if retrying:
            bad.append("retries are bounded: a message whose retries run out is lost"
                       + (" unless a dead-letter queue catches it" if dead_letter else ""))
    elif built.model == "poll" and polled:
        chosen_by = ["batch size", "concurrency", *(["checkpoints"] if streamed else []),
                     "retries"]
        good.append(f"{_names(polled)} pull{'s' if len(polled) == 1 else ''} from the "
                    f"{buffers or 'buffer'} at {'its' if len(polled) == 1 else 'their'} "
                    f"own pace, choosing {_names(chosen_by, 4)}")
        good.append(f"the {buffers or 'buffer'} holds messages through bursts and outages "
                    "until its retention ends")
        # A long poll returns as soon as a message waits (sqs-long-polling), so a queue
        # adds no delay of its own; a stream reader's polling interval and an asked batching
        # window do.
        delays = [*(["the stream readers' polling interval"] if streamed else []),
                  *([f"the batching window {_names(windowed)} asked for"] if windowed else [])]
        if delays:
            bad.append(f"polling adds delay for {_names(polled)}: {_names(delays)}")
        upkeep = [*(["a dead-letter queue for each queue"] if queued else []),
                  *(["checkpoints for each stream reader"] if streamed else [])]
        bad.append(f"there is more to run and tune ({count}: {services}): pollers"
                   + (f", and {' or '.join(upkeep)}" if upkeep else ""))
    elif built.model == "hybrid" and pushed and polled:
        # A queue is each consumer's own; a stream is one log its readers share.
        by_buffer: dict[str, list[str]] = {}
        for p in built.paths:
            if (b := _buffer_of(p)) is not None:
                by_buffer.setdefault(b, []).append(p.consumer)
        reads = [f"{_names(names)} reading "
                 + ((("each its own " if len(names) > 1 else "its own ") if b in QUEUES
                     else "the ") + _short(b, catalogue))
                 + (" they share" if b not in QUEUES and len(names) > 1 else "")
                 for b, names in by_buffer.items()]
        good.append(f"each consumer gets the delivery it needs: {_names(pushed)} pushed, "
                    + ("; ".join(reads) if reads else f"{_names(polled)} pulling"))
        good.append("a consumer that fails retries from its own buffer or target without "
                    "holding up the others")
        bad.append(f"it has a router, buffers and pollers to run ({count}: {services}), a "
                   f"buffer and pollers for each of {_names(polled)}")
        pushed_care = " and ".join([*(["retries"] if retrying else []),
                                    *(["dead-letter queues"] if dead_letter else [])])
        polled_care = " or ".join([*(["redrive"] if queued else []),
                                   *(["checkpoints"] if streamed else [])])
        if pushed_care and polled_care:
            bad.append("two kinds of error handling must be configured and watched: "
                       f"{pushed_care} for {_names(pushed)}, {polled_care} for "
                       f"{_names(polled)}")
    return good, bad


def _option(model: str, built: Design, decision: Decision, workload: Workload,
            catalogue: Catalogue) -> Option:
    """One option, its strengths and weaknesses in this workload's terms: what its design
    gives, the rules that favour it (never a limit: a limit is a constraint it meets, not a
    strength), and what rules it out or argues against it, with the user's values."""
    functions = _has_functions(built)
    delivery = _deliveries(built)
    good, bad = _tradeoffs(built, workload, catalogue)

    def speaks(f: Firing) -> bool:
        return functions or not _about_functions(f.rule, catalogue)

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
            evidence = [_values(f) for f in ruling if f.rule.id == rule]
        else:  # a flow rule: the consumer rulings behind the facts it gathers
            gathered = {g for fact in condition_facts(firing.rule.when)
                        if (g := _aggregated(fact))}
            evidence = [_values(firing)] + [
                _values(f) + f" ({f.rule.id})" for f in ruling
                if gathered & set(condition_facts(f.rule.when))]
        evidence = [e for e in dict.fromkeys(evidence) if e]
        said = "; ".join(evidence[:_NAMES_SHOWN]) + (
            f"; and {len(evidence) - _NAMES_SHOWN:,} more" if len(evidence) > _NAMES_SHOWN
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
    meets = [f"it satisfies what rules out {_names(beaten)}: " + "; ".join(_grouped(met, False))
             ] if met and built.feasible else []
    good = meets + [_reason(f) for f in _ranked(decision.firings, model)
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
    bad = [*out, *built.unbuildable, *_grouped(against, stance="goes against"), *built.warnings,
           *bad]
    sizing = size(built, workload, catalogue)
    return Option(model, MODEL_TITLES[model], built, decision.scores[model],
                  tuple(dict.fromkeys(good)), tuple(dict.fromkeys(bad)),
                  decision.ruled_out.get(model, ()), sizing,
                  estimate(built, workload, sizing, catalogue))


def _compared(options: tuple[Option, ...], decision: Decision, catalogue: Catalogue
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
            bad = [f"it carries the warning above: {_gist(b)}" if b in warned else b
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


def _gist(warning: str) -> str:
    """A warning's first clause, for a line that refers to it ("order-confirmation-email
    sends up to 900/s through SES")."""
    return re.split(r"; |: |\. ", warning, maxsplit=1)[0].rstrip(".")


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
