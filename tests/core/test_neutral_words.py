"""The cloud's words come from its provider (issue 15): the sentences that name the cloud
take its name from the catalogue, the flips' per-message routes from the provider's
CloudFacts, and no module outside providers/ names one of AWS's service ids."""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from msgspec.structs import replace

from advisor.core.catalogue import Catalogue
from advisor.core.flips import find_flips
from advisor.core.flips.consumers import UNNAMED_ROUTE
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.gate.check import check
from advisor.providers.aws.kinds import AWS_FACTS
from advisor.providers.aws.provider import AWS
from advisor.render.jsondoc import workload_entry
from advisor.render.markdown import AdrMeta, render_adr
from advisor.render.terminal import render_summaries
from tests.conftest import workload_from

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "advisor"
OTHER = "Example Cloud"
META = AdrMeta(1, dt.date(2026, 11, 30), "w.yaml")

# `lambda` is also a value of the workload format's `runs_on` (format version 1, a contract
# of the file people write), which these modules read as the format's word, not as the
# catalogue's service id.
RUNS_ON_LAMBDA = {("advisor/format/words.py", "lambda"),
                  ("advisor/core/facts/derivation.py", "lambda"),
                  ("advisor/render/diagram.py", "lambda")}
# Strings outside providers/ and cli/ that still say "AWS" or "Amazon", each for a reason:
# the facts' descriptions are printed by `advisor explain`, `rules explain` and in ADRs, so
# rewording them would change advisor's output; the format lists the clouds by name.
SAYS_AWS = {("advisor/core/facts/registry.py", "the AWS service that emits the messages"),
            ("advisor/core/facts/registry.py",
             "the source AWS service pushes each message to its targets itself"),
            ("advisor/core/facts/registry.py", "AWS Region for quotas and prices"),
            ("advisor/core/facts/registry.py",
             "a queue or stream (SQS, Kinesis, MSK, Amazon MQ) is already in place"),
            ("advisor/core/facts/registry.py",
             "people, browsers, devices, an HTTPS endpoint or a data store: it cannot poll an "
             "AWS queue"),
            ("advisor/format/vocabulary.py", "AWS")}


def _strings(path: Path) -> list[str]:
    """The string constants of a module but its docstrings (which say why, in any words)."""
    tree = ast.parse(path.read_text())
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                                | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in docstrings]


def _modules_outside(*skipped: str) -> list[Path]:
    """Not data/ either: its modules are the templates' compiled twins, the templates'
    words (templates/ is not read here), as Jinja compiles them. Nor a cloud's template
    emitter (deploy/cloudformation): it writes that cloud's own language, as its provider
    speaks its words."""
    left_out = (*skipped, "data", "deploy/cloudformation")
    return [p for p in sorted(PACKAGE.rglob("*.py"))
            if not any(p.relative_to(PACKAGE).as_posix().startswith(f"{folder}/")
                       for folder in left_out)]


def _named(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_module_outside_the_providers_names_an_aws_service_id(catalogue: Catalogue) -> None:
    ids = set(catalogue.services) | set(catalogue.sources)
    found = {(_named(p), s) for p in _modules_outside("providers") for s in _strings(p)
             if s in ids}
    assert found - RUNS_ON_LAMBDA == set(), "AWS service ids outside providers/"
    assert found >= RUNS_ON_LAMBDA, "the allow-list names a string that is gone: shorten it"


def test_no_string_outside_the_providers_says_aws_but_those_listed() -> None:
    found = {(_named(p), s) for p in _modules_outside("providers", "cli") for s in _strings(p)
             if re.search(r"\bAWS\b|Amazon", s)}
    assert found - SAYS_AWS == set(), "AWS named outside providers/: take it from the data"
    assert found >= SAYS_AWS, "the allow-list names a string that is gone: shorten it"


@pytest.fixture
def elsewhere(rules: RuleSet, catalogue: Catalogue) -> Callable[..., Recommendation]:
    """A recommendation made with the AWS catalogue renamed: every sentence that names the
    cloud must follow the catalogue's name."""
    renamed = replace(catalogue, cloud_name=OTHER)

    def run(text: str, today: dt.date | None = None, max_age: int = 365) -> Recommendation:
        return advise(workload_from(text), rules, renamed, today, max_age, provider=AWS)
    return run


def test_the_catalogue_names_the_cloud(catalogue: Catalogue) -> None:
    assert catalogue.cloud_name == "AWS"


def test_the_question_and_an_unbilled_option_name_the_catalogues_cloud(
        elsewhere: Callable[..., Recommendation]) -> None:
    rec = elsewhere((ROOT / "examples" / "store-inventory-sync.yaml").read_text())
    adr = render_adr(rec, META)
    assert f"And which {OTHER} services should carry them?" in adr
    assert f"$0.00 (no {OTHER} service billed)" in adr
    terminal = render_summaries([(rec, None, "")], [], None, 0, None)
    assert f"push $0, no {OTHER} service billed" in terminal
    assert "AWS service" not in adr + terminal


def test_the_unstated_delivery_latency_names_the_catalogues_cloud(
        elsewhere: Callable[..., Recommendation]) -> None:
    rec = elsewhere("version: 1\nname: prices\nkind: event\nlatency: 200ms\n"
                    "consumers: [{name: traders, runs_on: client}]\n")
    adr = render_adr(rec, META)
    assert f"{OTHER} states no delivery latency for API Gateway WebSocket" in adr
    assert "AWS states" not in adr


def test_the_knowledge_age_warning_names_the_catalogues_cloud(
        elsewhere: Callable[..., Recommendation], catalogue: Catalogue) -> None:
    today = catalogue.as_of + dt.timedelta(days=400)
    rec = elsewhere((ROOT / "examples" / "order-placed.yaml").read_text(), today)
    assert any(w.startswith(f"advisor's {OTHER} knowledge dates from") for w in rec.warnings)


def test_the_gate_names_the_catalogues_cloud(tmp_path: Path, rules: RuleSet,
                                             catalogue: Catalogue) -> None:
    """An ADR resting on older knowledge says whose knowledge it is (ADV115, and the
    finding that only advisor changed, which names both advisors)."""
    text = (ROOT / "examples" / "order-placed.yaml").read_text()
    workload = tmp_path / "order-placed.yaml"
    workload.write_text(text)
    folder = tmp_path / "decisions"
    folder.mkdir()
    rec = advise(workload_from(text), rules, catalogue, provider=AWS)
    written = render_adr(rec, AdrMeta(1, dt.date(2026, 11, 30), "order-placed.yaml"))
    recorded = f"knowledge: {rec.knowledge_as_of.isoformat()}\n"
    assert recorded in written
    (folder / "0001-order-placed.md").write_text(
        written.replace(recorded, "knowledge: 2023-01-02\n", 1))
    result = check([(workload, "order-placed.yaml")], folder, rules,
                   replace(catalogue, cloud_name=OTHER), {}, today=dt.date(2026, 11, 30),
                   vocabularies=AWS.vocabulary, provider=AWS)
    messages = " ".join(f.message for f in result.findings)
    assert f"ADR-0001 rests on {OTHER} knowledge from 2023-01-02" in messages, messages
    assert f"{OTHER} knowledge of 2023-01-02) wrote the ADR" in messages, messages
    assert "AWS" not in messages


PEOPLE = "version: 1\nname: reset\nkind: event\nconsumers: [{name: mailer, runs_on: email}]\n"


def test_the_per_message_flip_says_the_providers_route(rules: RuleSet,
                                                       catalogue: Catalogue) -> None:
    w = workload_from(PEOPLE)
    today = advise(w, rules, catalogue, provider=AWS).model

    def said(routes: tuple[tuple[str, str], ...]) -> str:
        flips = find_flips(w, rules, today, replace(AWS_FACTS, per_message_routes=routes))
        return next(f.text for f in flips if f.driver == "consumers.0")

    assert "(sent through Amazon SES instead of a topic subscription)" in said(
        AWS_FACTS.per_message_routes)
    assert "(posted by pigeon instead of" in said((("email", "posted by pigeon"),))
    assert f"({UNNAMED_ROUTE} instead of" in said(())


def test_the_json_reports_the_figures_the_provider_marks_compared(
        rules: RuleSet, catalogue: Catalogue) -> None:
    """password-reset is pushed, yet its JSON gives the shards a stream option would need; the
    key comes from the figure's own flag, so unmarking it drops the key."""
    rec = advise(workload_from((ROOT / "examples" / "password-reset.yaml").read_text()), rules,
                 catalogue, provider=AWS)
    compared = {f.key for o in rec.options for f in o.sizing.figures if f.compared}
    chosen = {f.key for f in rec.chosen.sizing.figures}
    assert compared - chosen, "password-reset no longer shows a compared figure it lacks"
    assert compared - chosen <= set(workload_entry(rec, "w.yaml", None)["sizing"])
    unmarked = replace(rec, options=tuple(
        replace(o, sizing=replace(o.sizing, figures=tuple(
            replace(f, compared=False) for f in o.sizing.figures))) for o in rec.options))
    assert not (compared - chosen) & set(workload_entry(unmarked, "w.yaml", None)["sizing"])


def test_the_mode_priced_is_worded_with_the_services_own_name(
        rules: RuleSet, catalogue: Catalogue) -> None:
    rec = advise(workload_from((ROOT / "examples" / "clickstream.yaml").read_text()), rules,
                 catalogue, provider=AWS)
    moded = [o for o in rec.options if o.cost is not None and o.cost.mode]
    assert moded, "clickstream no longer prices a service in a capacity mode"
    option = moded[0]
    assert option.cost is not None
    renamed = replace(option.cost, mode_service_name="Streamy")
    rec = replace(rec, options=tuple(replace(o, cost=renamed) if o is option else o
                                     for o in rec.options))
    adr = render_adr(rec, META)
    assert f"option total with {option.cost.alternatives[0].mode} Streamy" in adr
    assert f"{option.cost.mode_service} ({option.cost.mode}" in adr
