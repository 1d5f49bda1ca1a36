"""recommend(): a workload, the rules and a provider in; the Recommendation out."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from advisor.core.buildable import buildable
from advisor.core.catalogue import Catalogue, Fact
from advisor.core.decision import MODELS, Flip, QuotaFlip
from advisor.core.drivers import decisive, drivers
from advisor.core.engine import evaluate
from advisor.core.facts import derive
from advisor.core.flips import find_flips
from advisor.core.numbers import PathDelay
from advisor.core.options import build_option, compared
from advisor.core.provider import Provider
from advisor.core.quotaflips import quota_flips
from advisor.core.recommendation import Option, Recommendation
from advisor.core.rules import RuleSet
from advisor.errors import InputError
from advisor.format.workload import Waiver, Workload


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


# What the searches for changes found: the flips, and the quotas whose raising would flip.
Searched = tuple[tuple[Flip, ...], tuple[QuotaFlip, ...]]


def advise(workload: Workload, rules: RuleSet, catalogue: Catalogue,
           today: dt.date | None = None, max_knowledge_age: int = 365,
           use_waivers: bool = True, *, provider: Provider,
           searched: Searched | None = None) -> Recommendation:
    """The whole recommendation: `provider` builds, sizes and prices each option from
    `catalogue`; `today` (the ADR's date) enables the staleness warning and decides which
    waivers have expired. `searched`: what the searches for changes found for this very
    workload, rules, catalogue and day on an earlier run (most of the cost), not run again."""
    applied, expired = waivers_of(workload, rules, today, use_waivers)
    waived = frozenset(w.rule for w in applied)
    facts = derive(workload, provider.facts)
    decision = evaluate(facts, rules, waived=waived)
    designs = {m: provider.design(m, workload, decision, catalogue) for m in MODELS}
    scored = decision.model
    decision = buildable(decision, designs)
    options = compared(tuple(build_option(m, designs[m], decision, workload, catalogue, provider)
                             for m in MODELS), decision, catalogue)
    chosen = designs[decision.model]
    urls = tuple(dict.fromkeys(s for f in decision.all_firings for s in f.rule.sources
                               if s.startswith("https://")))
    warnings = list(chosen.warnings)
    if workload.left_behind:
        warnings.append(f"Read for {catalogue.cloud_name}, which has none of them, without "
                        f"{'; '.join(workload.left_behind)}: the design starts from nothing "
                        "in place, in the cloud's default region.")
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
    sources, delays = cited(chosen_option, workload, catalogue, provider)
    if workload.latency is not None:
        warnings += provider.latency_warnings(delays, workload, catalogue)
    if today is not None and (today - catalogue.as_of).days > max_knowledge_age:
        warnings.append(f"advisor's {catalogue.cloud_name} knowledge dates from "
                        f"{catalogue.as_of.isoformat()}, "
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
        flips=searched[0] if searched is not None else (
            find_flips(workload, rules, decision.model, provider.facts, waived, catalogue,
                       provider) if decision.model == scored else ()),
        waivers=applied, delays=delays,
        quota_flips=searched[1] if searched is not None else quota_flips(
            facts, decision, rules, catalogue, workload.region, waived),
    )


def cited(option: Option, workload: Workload, catalogue: Catalogue, provider: Provider
          ) -> tuple[tuple[Fact, ...], tuple[PathDelay, ...]]:
    """The facts behind the chosen design (each fired rule lists its own sources), and its
    delays per path."""
    chosen = option.design
    cited = [fact for use in chosen.services for fact in use.facts]
    cited += [fact for _, ids in chosen.operations for fact in ids]
    fact_ids = list(dict.fromkeys(s for s in cited if s in catalogue.facts))
    sources = tuple(catalogue.fact(i) for i in fact_ids)
    delays = provider.path_delays(chosen, workload, option.sizing, catalogue)
    if workload.latency is not None:  # the ADR then cites each hop's delay: list its sources
        timed = [h.fact for p in delays for h in p.hops if h.fact and h.fact not in fact_ids]
        sources += tuple(catalogue.fact(i) for i in dict.fromkeys(timed))
    return sources, delays


def quick_recommendation(workload: Workload, rules: RuleSet, catalogue: Catalogue,
                         today: dt.date | None = None, use_waivers: bool = True, *,
                         provider: Provider) -> Recommendation:
    """The decision and the chosen design only: what `check` compares, without the flips
    and the considered options that an ADR needs. The chosen design is sized and priced,
    and its facts cited, because the ADR's knowledge date depends on them."""
    applied, _ = waivers_of(workload, rules, today, use_waivers)
    facts = derive(workload, provider.facts)
    decision = evaluate(facts, rules, waived=frozenset(w.rule for w in applied))
    chosen = provider.design(decision.model, workload, decision, catalogue)
    if chosen.unbuildable:  # as `advise` decides, so that check compares like with like
        decision = buildable(decision, {m: provider.design(m, workload, decision, catalogue)
                                        for m in MODELS})
        chosen = provider.design(decision.model, workload, decision, catalogue)
    option = build_option(decision.model, chosen, decision, workload, catalogue, provider,
                          reasons=False)
    sources, _ = cited(option, workload, catalogue, provider)
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
