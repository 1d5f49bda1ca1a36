"""Fired rules in words: each reason with the rule's id, its title and the user's values."""

from __future__ import annotations

from advisor.core.decision import Firing
from advisor.core.phrasing import NAMES_SHOWN
from advisor.core.rules.rule import PLACEHOLDER


def ranked(firings: tuple[Firing, ...], model: str) -> list[Firing]:
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


def values_of(firing: Firing) -> str:
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


def reason(firing: Firing, values: str | None = None, titled: bool = True,
            stance: str = "follows") -> str:
    """A fired rule as a reason: the option's stance to the rule, named by id and quoted
    title (some titles are advice, "Keep the existing router ...", which cannot follow
    "because" as a clause), then the user's values ('it follows PP103, "A consumer slower
    than the peak needs a buffer ...": loyalty-points absorbs at most 50/s against a 900/s
    peak'); untitled, the values and the id only."""
    values = values_of(firing) if values is None else values
    if not titled:
        title = firing.rule.title[0].lower() + firing.rule.title[1:]
        return f"{values} ({firing.rule.id})" if values else f"{title} ({firing.rule.id})"
    named = f'it {stance} {firing.rule.id}, "{firing.rule.title}"'
    return f"{named}: {values}" if values else named


def grouped(firings: list[Firing], titled: bool = True, stance: str = "follows"
             ) -> list[str]:
    """Fired rules as reasons, one per rule however many consumers it fired for."""
    by_rule: dict[str, list[Firing]] = {}
    for firing in firings:
        by_rule.setdefault(firing.rule.id, []).append(firing)
    reasons = []
    for same in by_rule.values():
        values = [v for v in map(values_of, same) if v]
        shown = "; ".join(values[:NAMES_SHOWN]) + (
            f"; and {len(values) - NAMES_SHOWN:,} more" if len(values) > NAMES_SHOWN else "")
        reasons.append(reason(same[0], shown, titled, stance))
    return reasons


# The user's words for a yes/no fact a driver rests on, where no other value is read.
_STATED = {"must_deduplicate": "duplicates must-deduplicate",
           "crosses_accounts": "crosses accounts", "crosses_regions": "crosses regions"}


def stated(firing: Firing) -> str:
    """A driver's values: as in a reason, else what the user wrote behind its yes/no facts
    (a consumer's runtime, "duplicates: must-deduplicate"), so no driver is without one."""
    from advisor.core.facts import ALL_FACTS
    from advisor.core.rules import condition_facts

    said = values_of(firing)
    if firing.consumer is not None and said == firing.consumer:
        runs_on = firing.facts.get("consumer.runs_on")
        return f"{said} runs on {runs_on}" if runs_on else said
    if said:
        return said
    true = [n for n in dict.fromkeys(condition_facts(firing.rule.when))
            if firing.facts.get(n) is True and n in ALL_FACTS]
    return ", ".join(_STATED.get(n, ALL_FACTS[n].doc) for n in true)


def aggregated(fact: str) -> str | None:
    """The consumer fact a flow fact counts or gathers from the consumers, if any:
    consumers_push_only counts consumer.push_only; replay_shared is the consumers' replay."""
    from advisor.core.facts import ALL_FACTS

    if fact == "replay_shared":
        return "consumer.replay"
    if fact.startswith("consumers_") and f"consumer.{fact[10:]}" in ALL_FACTS:
        return f"consumer.{fact[10:]}"
    return None


def restated(ranked: list[str], grouped: dict[str, list[Firing]]) -> dict[str, str]:
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
        gathered = [aggregated(f) for f in read]
        if not read or None in gathered:
            continue
        into = next((r for r in ranked if grouped[r][0].consumer is not None
                     and set(gathered) <= set(condition_facts(grouped[r][0].rule.when))), None)
        if into is not None:
            merged[rule] = into
    return merged
