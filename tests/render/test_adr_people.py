"""ADRs that read like an architect wrote them (issue 14, items 1-4 and 6): the title names
the choice, the drivers are the facts that decided, the consequences are this design's, the
reader meets the decision first, and other Markdown and ADR tools can read the file."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from advisor.adr import folder as adr
from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.format.workload import load_workloads
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY
from advisor.render.markdown import AdrMeta, clause, one_line, render_adr
from tests.conftest import ROOT, workload_from

TEMPLATES = ("madr", "madr-minimal", "nygard")
EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))


def _recs(name: str, rules: RuleSet, catalogue: Catalogue) -> list[Recommendation]:
    path = ROOT / "examples" / f"{name}.yaml"
    return [advise(w, rules, catalogue, provider=AWS)
            for w in load_workloads(path, f"examples/{name}.yaml", vocabularies=VOCABULARY)]


def _render(rec: Recommendation, template: str = "madr") -> str:
    return render_adr(rec, AdrMeta(1, dt.date(2026, 11, 28), "w.yaml"), template)


def _body(text: str) -> list[str]:
    assert text.startswith("---\n")
    return text.split("\n---\n", 1)[1].split("\n")


def _section(text: str, start: str, end: str = "\n## ") -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def _options(text: str) -> dict[str, str]:
    """Each option's section of Pros and Cons, by model."""
    pros = _section(text, "## Pros and Cons of the Options\n")
    parts = re.split(r"^### (Push|Poll|Hybrid):[^\n]*\n", pros, flags=re.MULTILINE)
    return {parts[i].lower(): parts[i + 1] for i in range(1, len(parts), 2)}


# --- 1. the title names the model, the services and the consumers ------------------------


@pytest.mark.parametrize(("name", "title"), [
    ("order-placed", "Hybrid: EventBridge fan-out with an SQS queue for loyalty-points, a "
     "Kinesis stream for analytics-loader, push to fulfilment, fraud-review and "
     "order-confirmation-email"),
    ("payment-commands", "Poll: SQS FIFO queue read by payment-service"),
    ("password-reset", "Push: SNS fan-out to reset-email and reset-sms"),
    ("partner-webhooks", "Push: EventBridge fan-out to marketplace-north-webhook, "
     "homewares-partner-webhook and electronics-partner-webhook"),
    ("clickstream", "Poll: Kinesis stream fan-out read by sessioniser and data-lake-archiver"),
])
def test_the_title_starts_with_the_model_and_names_services_and_consumers(
        name: str, title: str, rules: RuleSet, catalogue: Catalogue) -> None:
    rec = _recs(name, rules, catalogue)[0]
    lines = _body(_render(rec))
    assert lines[0] == f"# {title}"
    # The workload's own title is kept, as the heading of its context.
    assert f"**{one_line(rec.workload.title)}**" in lines
    assert rec.title.startswith(f"{rec.model.capitalize()}: ")


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_title_names_the_model_and_each_consumer_of_a_small_flow(
        name: str, rules: RuleSet, catalogue: Catalogue) -> None:
    for rec in _recs(name, rules, catalogue):
        first = _body(_render(rec))[0]
        assert first.startswith(f"# {rec.model.capitalize()}: ")
        for path in rec.chosen.design.paths:
            assert path.consumer in first


def _many(n: int) -> str:
    kinds = ["lambda", "container", "https", "email"]
    consumers = ", ".join(
        f"{{name: consumer-{i:03d}, runs_on: {kinds[i % 4]}"
        + (", max_rate: 5/s" if i % 4 == 1 else "") + "}" for i in range(n))
    return (f"version: 1\nname: many\nkind: event\nthroughput: {{average: 50/s, peak: 900/s}}"
            f"\nconsumers: [{consumers}]\n")


def test_a_title_stays_one_bounded_line_for_many_consumers(rules: RuleSet,
                                                           catalogue: Catalogue) -> None:
    rec = advise(workload_from(_many(60)), rules, catalogue, provider=AWS)
    text = _render(rec)
    first = _body(text)[0]
    assert first.startswith(f"# {rec.model.capitalize()}: ")
    assert "more" in first and "consumer-059" not in first
    assert len(first) < 250
    # Deterministic: the same input gives the same bytes.
    assert _render(advise(workload_from(_many(60)), rules, catalogue, provider=AWS)) == text


# --- 2. the drivers are the facts that decided, strongest first, with the user's values ---


def test_drivers_carry_the_users_values_and_the_other_inputs_move_to_the_context(
        rules: RuleSet, catalogue: Catalogue) -> None:
    rec = _recs("order-placed", rules, catalogue)[0]
    text = _render(rec)
    drivers = _section(text, "## Decision Drivers\n")
    assert "loyalty-points absorbs at most 50/s against a 900/s peak" in drivers
    assert "order-confirmation-email runs on email" in drivers
    # Inputs that decided nothing (payload, region) are not drivers; the context keeps them.
    assert "Payload" not in drivers and "us-east-1" not in drivers
    context = _section(text, "## Context and Problem Statement\n")
    assert "* Payload: 3KB average, 220KB max" in context
    assert "* Region: us-east-1 (default)" in context


@pytest.mark.parametrize("name", EXAMPLES)
def test_drivers_are_ranked_constraints_first_then_by_weight(
        name: str, rules: RuleSet, catalogue: Catalogue) -> None:
    for rec in _recs(name, rules, catalogue):
        fired = {f.rule.id: f.rule for f in rec.decision.all_firings}
        ids = [re.findall(r"PP\d+", d.value)[-1] for d in rec.drivers]
        assert ids and all(i in fired for i in ids)
        constraint = [any(m != rec.model for m in fired[i].rules_out) for i in ids]
        # Every rule that ruled an option out comes before every rule that only scored.
        assert constraint == sorted(constraint, reverse=True)
        flow = [i for i, c in zip(ids, constraint, strict=True)
                if not c and fired[i].scope == "flow"]
        allowed = [m for m in ("push", "poll", "hybrid")
                   if m != rec.model and rec.decision.allowed(m)]
        weights = [fired[i].effect.get(rec.model, 0)
                   - max((fired[i].effect.get(m, 0) for m in allowed), default=0)
                   for i in flow]
        assert weights == sorted(weights, reverse=True), (name, flow, weights)


def test_payment_commands_drivers_lead_with_what_ruled_push_out(
        rules: RuleSet, catalogue: Catalogue) -> None:
    text = _render(_recs("payment-commands", rules, catalogue)[0])
    items = [x for x in _section(text, "## Decision Drivers\n").splitlines()
             if x.startswith("* ")]
    assert "per-key ordering" in items[0] and "PP303" in items[0]
    assert "PP305" in items[1]
    assert not any("Payload" in x or "Region" in x for x in items)


# --- 3. consequences written for this design ----------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_rule_rationale_is_pasted_after_good_because(
        name: str, rules: RuleSet, catalogue: Catalogue) -> None:
    for rec in _recs(name, rules, catalogue):
        text = _render(rec)
        good = [x for x in text.splitlines() if x.startswith("* Good, because ")]
        assert good
        for firing in rec.decision.all_firings:
            pasted = clause(one_line(firing.rationale))
            # The start of any rule's rationale, filled in or not, never follows it.
            opening = " ".join(firing.rule.rationale.split()[:6])
            for line in good:
                assert pasted not in line, (firing.rule.id, line)
                assert one_line(opening)[1:] not in line, (firing.rule.id, line)


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_limit_is_never_listed_as_a_strength(name: str, rules: RuleSet,
                                               catalogue: Catalogue) -> None:
    for rec in _recs(name, rules, catalogue):
        for option in rec.options:
            limits = {f.rule.id for f in rec.decision.all_firings
                      if f.rule.limit or f.rule.rules_out}
            for good in option.good:
                cited = re.findall(r"\((PP\d+)\)", good)
                if good.startswith("it satisfies what rules out"):
                    continue  # meeting a constraint is the strength, not the constraint
                assert not set(cited) & limits, (option.model, good)


def test_a_rule_about_functions_is_no_reason_for_a_flow_without_functions(
        rules: RuleSet, catalogue: Catalogue) -> None:
    # Three HTTPS endpoints behind EventBridge: no function anywhere in the chosen design,
    # while PP404 ("invoking a function per message scales") fires on its 400ms processing.
    rec = _recs("partner-webhooks", rules, catalogue)[0]
    assert "PP404" in {f.rule.id for f in rec.decision.firings}
    assert not {"lambda", "lambda-esm"} & set(rec.chosen.design.service_ids)
    text = _render(rec)
    push = _options(text)["push"]
    reasons = [x for x in push.splitlines() if x.startswith("* Good, because")]
    drivers = _section(text, "## Decision Drivers\n")
    consequences = _section(text, "### Consequences\n", "\n### ")
    for said in (*reasons, drivers, consequences):
        assert "PP404" not in said and "function" not in said.lower()


def test_a_rule_about_functions_still_speaks_for_a_flow_with_them(
        rules: RuleSet, catalogue: Catalogue) -> None:
    rec = _recs("payment-commands", rules, catalogue)[0]
    assert "PP404" in _options(_render(rec))["push"]


def test_the_options_that_lost_say_why_in_the_workloads_numbers(
        rules: RuleSet, catalogue: Catalogue) -> None:
    order = _options(_render(_recs("order-placed", rules, catalogue)[0]))
    ruled = next(x for x in order["poll"].splitlines()
                 if x.startswith("* Bad, because it is ruled out by PP205"))
    assert "order-confirmation-email runs on email (PP102)" in ruled
    assert ": 1;" in ruled  # one consumer can only be pushed to
    click = _options(_render(_recs("clickstream", rules, catalogue)[0]))
    hybrid = click["hybrid"]
    # The hybrid's SNS FIFO topic reached no consumer: without it the hybrid is the poll
    # design, and says so (test_design_fixes.py).
    assert "this hybrid is the poll design" in hybrid
    # An option nobody can choose has no price to weigh against the chosen one.
    assert "expected cost" not in hybrid and "x the cost" not in hybrid
    assert 'ruled out by PP303, "Ordered delivery needs an ordered log or FIFO queue": per-key' \
        " ordering" in click["push"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_option_that_lost_names_a_number(name: str, rules: RuleSet,
                                               catalogue: Catalogue) -> None:
    for rec in _recs(name, rules, catalogue):
        sections = _options(_render(rec))
        for option in rec.options:
            if option.model == rec.model or option.cost is None:
                continue
            said = " ".join(x for x in sections[option.model].splitlines()
                            if x.startswith("* "))
            if not option.design.feasible:  # it lost because it cannot be built: it says why
                assert all(u.lower()[:40] in said.lower() for u in option.design.unbuildable)
                continue
            assert re.search(r"\d", re.sub(r"PP\d+", "", said)), (name, option.model)
            if option.ruled_out_by:
                assert "ruled out by " + option.ruled_out_by[0] in said


def test_a_warning_every_option_shares_is_said_once(rules: RuleSet,
                                                    catalogue: Catalogue) -> None:
    rec = _recs("order-placed", rules, catalogue)[0]
    shared = set.intersection(*(set(o.design.warnings) for o in rec.options))
    assert shared  # the SES sandbox applies to every design that sends the email
    text = _render(rec)
    sections = _options(text)
    for warning in shared:
        for model, section in sections.items():
            assert clause(one_line(warning)) not in section or model == rec.model
        assert one_line(warning) in _section(text, "Warnings:\n", "\n### ")


# --- 4. the decision first; long lists folded; the cost its own section -------------------


def test_long_lists_are_folded_and_the_cost_has_its_own_section(
        rules: RuleSet, catalogue: Catalogue) -> None:
    text = _render(_recs("order-placed", rules, catalogue)[0])
    lines = text.split("\n")
    summaries = [x for x in lines if x.startswith("<summary>")]
    for start in ("<summary>Sizing at the peak", "<summary>The chosen option's cost lines",
                  "<summary>Prices used, with their sources", "<summary>Rules that fired",
                  "<summary>AWS facts behind the chosen design"):
        assert any(s.startswith(start) for s in summaries), start
    assert text.count("<details>") == text.count("</details>") == len(summaries)
    for i, line in enumerate(lines):
        if line.startswith("<summary>"):
            assert lines[i - 1] == "<details>" and lines[i + 1] == ""  # Markdown inside
            assert line.endswith("</summary>")
        if line == "</details>":
            assert lines[i - 1] == ""
    assert "## Monthly Cost" in lines and "### Monthly cost" not in text
    table = _section(text, "## Monthly Cost\n", "<details>")
    header = next(x for x in table.splitlines() if x.startswith("| Option"))
    assert header.index("Expected (average rate)") < header.index("Worst case (peak all")
    assert "| hybrid (chosen) | \\$5,768.62 (unverified prices) |" in table
    assert "| poll (ruled out by PP205) | \\$5,722.17 (unverified prices) |" in table
    assert "Not priced in the chosen option: Step Functions: 54.8M executions a month" in table
    # Every figure the ADR held is still there, folded.
    for kept in ("\\$247,971.99", "1,748.6 s", "| PP103 | loyalty-points |",
                 "* Retry policy (classic bus) (eventbridge):", "\\$136.88"):
        assert kept in text, kept


def test_a_negligible_share_of_a_quota_is_named_not_sized(rules: RuleSet,
                                                         catalogue: Catalogue) -> None:
    rec = _recs("password-reset", rules, catalogue)[0]
    shares = [f for o in rec.options for f in o.sizing.figures
              if f.key.endswith("_pct") and f.value < 1]
    assert shares  # 40 a minute against SNS's 30,000 messages a second
    text = _render(rec)
    assert not re.search(r"\b0\.\d%", text)
    assert "Below 1% at the peak, so not listed: share of the SNS publish quota" in text


# --- 6. other ADR tools can read the file --------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_first_line_after_the_front_matter_is_the_h1(
        template: str, rules: RuleSet, catalogue: Catalogue) -> None:
    text = _render(_recs("order-placed", rules, catalogue)[0], template)
    lines = _body(text)
    assert lines[0].startswith("# ")
    assert lines[1] == adr.GENERATED_MARK
    assert adr.generated("\n".join(lines))


def test_the_marker_is_read_below_the_h1_and_on_the_first_line() -> None:
    assert adr.generated(f"# Title\n{adr.GENERATED_MARK}\n\n## Context\n")
    assert adr.generated(f"{adr.GENERATED_MARK}\n# Title\n")  # ADRs committed before
    assert not adr.generated("# Title\n\nWritten by hand.\n")
    assert not adr.generated(f"# Title\n\nQuoted later: {adr.GENERATED_MARK}\n")


_LIST = re.compile(r"(\* |- |\+ |\d+\. )")


def _blank_line_faults(text: str) -> list[tuple[int, str]]:
    """Lines that open a heading, list, table or HTML block without a blank line before,
    and paragraphs run on after a list or table (Python-Markdown joins them)."""
    lines = _body(text)
    faults = []
    fenced = False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced or i == 0:
            continue
        before = lines[i - 1]
        opens = ((re.match(r"#{1,6} ", line) and before != adr.GENERATED_MARK)
                 or (_LIST.match(line) and not _LIST.match(before))
                 or (line.startswith("|") and not before.startswith("|"))
                 or line.startswith("<details>"))
        runs_on = line.strip() and ((not _LIST.match(line) and _LIST.match(before))
                                    or (not line.startswith("|") and before.startswith("|")))
        if (opens and before.strip()) or runs_on:
            faults.append((i, line))
    return faults


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_list_heading_and_table_follows_a_blank_line(
        template: str, name: str, rules: RuleSet, catalogue: Catalogue) -> None:
    for rec in _recs(name, rules, catalogue):
        text = _render(rec, template)
        assert _blank_line_faults(text) == [], (template, rec.workload.name)


def test_nygard_status_does_not_run_into_the_context(rules: RuleSet,
                                                     catalogue: Catalogue) -> None:
    text = _render(_recs("order-placed", rules, catalogue)[0], "nygard")
    assert "Proposed\n\n## Context\n" in text


def test_the_blank_line_check_finds_what_mkdocs_would_print_literally() -> None:
    front = "---\nstatus: proposed\n---\n"
    assert _blank_line_faults(front + "# T\nProposed\n## Context\n") == [(2, "## Context")]
    assert _blank_line_faults(front + "# T\n\nText:\n* Good, because x\n") == [
        (3, "* Good, because x")]
    assert _blank_line_faults(front + "# T\n\n* a\nrun on\n") == [(3, "run on")]
