"""The rule engine: per-consumer reasoning first, then the flow's model.

Pure and deterministic: no I/O, rules evaluated in file order, ties broken by a
fixed preference for the option with fewer moving parts. What it remembers between
calls lives in an `EvaluationCache` that the caller owns and passes in.
"""

from __future__ import annotations

from collections.abc import Mapping

from advisor.core.decision import (
    CONSUMER_MODELS,
    MODELS,
    ConsumerVerdict,
    DecidedBy,
    Decision,
    Firing,
    Lean,
    Model,
)
from advisor.core.facts.registry import Facts, FactValue
from advisor.core.rules import RuleSet
from advisor.core.rules.rule import Rule
from advisor.errors import InternalError


class EvaluationCache:
    """Verdicts and models remembered for one rule set, so that a search which runs the
    engine hundreds of times (the flips) re-judges only what a step changed. Its owner, the
    caller that runs the search, creates it and passes it in; nothing else holds it, so it
    lives as long as that search. Bounded: a long-lived owner must not grow without limit."""

    LIMIT = 4096

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.flow_reads = rules.reads("flow")
        self.consumer_reads = rules.reads("consumer")
        self.flow_rules = rules.scoped("flow")
        self.consumer_rules = rules.scoped("consumer")
        self.verdicts: dict[object, ConsumerVerdict] = {}
        self.models: dict[object, Model] = {}

    def of(self, rules: RuleSet) -> EvaluationCache:
        """This cache, after checking that it remembers answers of these very rules."""
        if rules is not self.rules:
            raise InternalError("an evaluation cache was passed rules other than its own")
        return self


def evaluate(facts: Facts, rules: RuleSet, waived: frozenset[str] = frozenset(),
             cache: EvaluationCache | None = None) -> Decision:
    """The decision for these facts; rules whose ids are `waived` are not applied. With a
    `cache` (made for these rules), consumer verdicts are remembered across calls."""
    cache = cache.of(rules) if cache is not None else None
    verdicts, flow = _judge_consumers(facts, rules, waived, cache)
    return _decide(flow, verdicts, rules, waived, cache.flow_rules if cache else None)


def model_of(facts: Facts, rules: RuleSet, waived: frozenset[str] = frozenset(),
             cache: EvaluationCache | None = None) -> Model:
    """Only the model `evaluate` would choose, for searches (the flips) that run the engine
    dozens of times. With a `cache`, remembered by the values of the facts the flow rules
    read, so a step that changes nothing the rules can see costs a lookup instead of a run."""
    if cache is None:
        return evaluate(facts, rules, waived).model
    cache = cache.of(rules)
    verdicts, flow = _judge_consumers(facts, rules, waived, cache)
    key = (tuple(map(flow.get, cache.flow_reads)), waived)
    model = cache.models.get(key)
    if model is None:
        if len(cache.models) > cache.LIMIT:
            cache.models.clear()
        model = _decide(flow, verdicts, rules, waived, cache.flow_rules).model
        cache.models[key] = model
    return model


def _judge_consumers(facts: Facts, rules: RuleSet, waived: frozenset[str],
                     cache: EvaluationCache | None
                     ) -> tuple[tuple[ConsumerVerdict, ...], dict[str, FactValue]]:
    """Each consumer's verdict, and the flow facts completed with how the consumers lean."""
    if cache is None:
        own = tuple(r for r in rules.scoped("consumer") if r.id not in waived)
        verdicts = tuple(_consumer(consumer_facts, facts.flow, own)
                         for consumer_facts in facts.consumers)
    else:
        verdicts = tuple(_cached_consumer(consumer_facts, facts.flow, cache, waived)
                         for consumer_facts in facts.consumers)
    flow = dict(facts.flow)
    counts = facts.counts or (1,) * len(verdicts)
    flow["consumers_leaning_push"] = sum(
        n for v, n in zip(verdicts, counts, strict=True) if v.lean == "push")
    flow["consumers_leaning_poll"] = sum(
        n for v, n in zip(verdicts, counts, strict=True) if v.lean == "poll")
    return verdicts, flow


def _decide(flow: dict[str, FactValue], verdicts: tuple[ConsumerVerdict, ...],
            rules: RuleSet, waived: frozenset[str], scoped: tuple[Rule, ...] | None = None
            ) -> Decision:
    firings = []
    scores: dict[str, float] = dict.fromkeys(MODELS, 0.0)
    ruled_out: dict[str, list[str]] = {m: [] for m in MODELS}
    for rule in scoped if scoped is not None else rules.scoped("flow"):
        if rule.id not in waived and rule.when.holds(flow):
            firings.append(Firing(rule, flow))
            for model, weight in rule.effect.items():
                scores[model] += weight
            for model in rule.rules_out:
                ruled_out[model].append(rule.id)
    against = _argued_against(firings, verdicts)
    model, margin, decided_by, tied = _choose(scores, ruled_out, frozenset(against))
    limits = tuple(sorted({i for m in tied if m in against for i in against[m]}))
    return Decision(
        model=model,
        scores=scores,
        ruled_out={m: tuple(ids) for m, ids in ruled_out.items()},
        margin=margin,
        decided_by=decided_by,
        tied_with=tied,
        firings=tuple(firings),
        consumers=verdicts,
        facts=flow,
        tie_limits=limits if decided_by == "tie-break" else (),
    )


def _cached_consumer(own: Mapping[str, FactValue], flow: Mapping[str, FactValue],
                     cache: EvaluationCache, waived: frozenset[str]) -> ConsumerVerdict:
    """A consumer's verdict depends only on the facts its rules read: searches that vary one
    input (the flips) re-judge only the consumers that input touches."""
    reads = cache.consumer_reads
    key = (own.get("consumer.name"), tuple(map(own.get, reads)), tuple(map(flow.get, reads)),
           waived)
    verdict = cache.verdicts.get(key)
    if verdict is None:
        if len(cache.verdicts) > cache.LIMIT:
            cache.verdicts.clear()
        verdict = _consumer(own, flow, tuple(r for r in cache.consumer_rules
                                             if r.id not in waived))
        cache.verdicts[key] = verdict
    return verdict


def _consumer(own: Mapping[str, FactValue], flow: Mapping[str, FactValue],
              rules: tuple[Rule, ...]) -> ConsumerVerdict:
    facts = {**flow, **own}
    name = str(own["consumer.name"])
    scores: dict[str, float] = dict.fromkeys(CONSUMER_MODELS, 0.0)
    ruled_out: set[str] = set()
    firings = []
    for rule in rules:
        if rule.when.holds(facts):
            firings.append(Firing(rule, facts, name))
            for model, weight in rule.effect.items():
                if model in scores:
                    scores[model] += weight
            ruled_out.update(m for m in rule.rules_out if m in scores)
    allowed = [m for m in CONSUMER_MODELS if m not in ruled_out]
    lean: Lean
    if len(allowed) == 1:
        lean = allowed[0]
    elif scores["push"] == scores["poll"]:
        lean = "either"
    else:
        lean = max(CONSUMER_MODELS, key=lambda m: scores[m])
    return ConsumerVerdict(name, scores, tuple(sorted(ruled_out)), lean, tuple(firings))


def _argued_against(firings: list[Firing], verdicts: tuple[ConsumerVerdict, ...]
                    ) -> dict[str, list[str]]:
    """The models a fired limit gives nothing to while favouring another, with the limits'
    ids. A consumer's limit speaks for its own delivery (push or poll); pulling is served by
    poll and hybrid alike."""
    against: dict[str, list[str]] = {}
    for firing in firings:
        effect = firing.rule.effect
        if firing.rule.limit and any(w > 0 for w in effect.values()):
            for model in MODELS:
                if effect.get(model, 0) <= 0:
                    against.setdefault(model, []).append(firing.rule.id)
    for verdict in verdicts:
        for firing in verdict.firings:
            effect = firing.rule.effect
            if firing.rule.limit and effect.get("poll", 0) != effect.get("push", 0):
                model = "push" if effect.get("poll", 0) > effect.get("push", 0) else "poll"
                against.setdefault(model, []).append(firing.rule.id)
    return against


def _choose(scores: Mapping[str, float], ruled_out: Mapping[str, list[str]],
            argued_against: frozenset[str] = frozenset()
            ) -> tuple[Model, float, DecidedBy, tuple[str, ...]]:
    """The winner, its margin, how it was decided, and what it tied with."""
    allowed = [m for m in MODELS if not ruled_out[m]] or list(MODELS)
    best = max(scores[m] for m in allowed)
    tied = [m for m in allowed if scores[m] == best]
    # A tie never goes to an option that a fired limit argues against.
    leaders = [m for m in tied if m not in argued_against] or tied
    winner = leaders[0]  # MODELS order: push, poll, hybrid
    others = [m for m in allowed if m != winner]
    if others:
        margin = best - max(scores[m] for m in others)
        decided_by: DecidedBy = "tie-break" if len(tied) > 1 else "score"
    else:
        rivals = [scores[m] for m in MODELS if m != winner]
        margin = best - max(rivals)
        decided_by = "constraint"
    return winner, margin, decided_by, tuple(m for m in tied if m != winner)
