"""Provider conformance: every service a provider's vocabulary names has a catalogue entry
(label, kind, drawing), a design branch that places it and a pricer (or an explicit unpriced
entry). The checks are functions, so that the tests which break a provider on purpose show
they can fail."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import msgspec
import pytest

from advisor.core.catalogue import Catalogue
from advisor.core.provider import Provider
from advisor.core.recommend import advise
from advisor.core.rules import RuleSet
from advisor.providers import PROVIDERS
from advisor.providers.aws import designs
from advisor.providers.aws.cost.compute import unpriced
from advisor.providers.aws.cost.pricers import PRICERS, UNPRICED
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.sizing import backlog, lambdas, sizer
from advisor.providers.aws.vocabulary import SERVICE_IDS
from tests.conftest import workload_from


def conformance_gaps(provider: Provider) -> list[str]:
    """What the provider lacks for each service id of its vocabulary, one line per gap."""
    catalogue = provider.catalogue()
    designed, priced = provider.designed, provider.priced
    gaps: list[str] = []
    for service in provider.vocabulary.service_ids:
        entry = catalogue.services.get(service)
        if entry is None:
            gaps.append(f"{service}: no catalogue entry")
        else:
            gaps.extend(f"{service}: no {what} in the catalogue" for what, missing in (
                ("label", not entry.label), ("kind", not entry.kind),
                ("drawing", entry.drawing is None or not entry.drawing.label)) if missing)
        if service not in designed:
            gaps.append(f"{service}: no design branch places it")
        if service not in priced:
            gaps.append(f"{service}: no pricer (nor an unpriced entry)")
    return gaps


def placed_literally(source: str) -> set[str]:
    """The service ids a module's code places by name: the first argument of each `.use(...)`
    call that is a string."""
    return {call.args[0].value for call in ast.walk(ast.parse(source))
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == "use" and call.args
            and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)}


def places_gaps(source: str, places: frozenset[str]) -> list[str]:
    """Where a design module's PLACES and its code disagree: a service it places that it does
    not declare, or one it declares and never places by name."""
    placed = placed_literally(source)
    return ([f"{s}: placed but not in PLACES" for s in sorted(placed - places)]
            + [f"{s}: in PLACES but never placed" for s in sorted(places - placed)])


@pytest.mark.parametrize("cloud", sorted(PROVIDERS))
def test_every_service_of_every_provider_has_an_entry_a_branch_and_a_pricer(cloud: str) -> None:
    assert conformance_gaps(PROVIDERS[cloud]()) == []


def test_the_check_names_a_service_removed_from_the_pricer_table(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(PRICERS, "msk")
    assert conformance_gaps(AWS) == ["msk: no pricer (nor an unpriced entry)"]


def test_the_check_names_a_service_no_branch_places(monkeypatch: pytest.MonkeyPatch) -> None:
    # The claim check (operations/payloads.py) is the only place S3 enters a design.
    monkeypatch.setitem(designs.BRANCHES, "operations.payloads", frozenset())
    assert conformance_gaps(AWS) == ["s3: no design branch places it"]


def test_the_check_names_a_service_without_a_label_or_a_drawing() -> None:
    real = AWS.catalogue()
    appsync = msgspec.structs.replace(real.services["appsync"], label="", drawing=None)
    broken = msgspec.structs.replace(real, services={**real.services, "appsync": appsync})
    assert conformance_gaps(msgspec.structs.replace(AWS, load=lambda: broken)) == [
        "appsync: no label in the catalogue", "appsync: no drawing in the catalogue"]


def test_the_check_names_a_service_missing_from_the_catalogue() -> None:
    real = AWS.catalogue()
    broken = msgspec.structs.replace(
        real, services={k: v for k, v in real.services.items() if k != "mq"})
    assert conformance_gaps(msgspec.structs.replace(AWS, load=lambda: broken)) == [
        "mq: no catalogue entry"]


def test_designed_and_priced_are_derived_from_the_tables() -> None:
    assert AWS.designed == {s for places in designs.BRANCHES.values() for s in places}
    assert AWS.priced == set(PRICERS)
    # No table names a service the vocabulary does not have.
    assert AWS.designed <= set(SERVICE_IDS)
    assert set(PRICERS) <= set(SERVICE_IDS)


@pytest.mark.parametrize("name", sorted(designs.BRANCHES))
def test_each_design_module_declares_exactly_what_its_code_places(name: str) -> None:
    module = importlib.import_module(f"advisor.providers.aws.{name}")
    places = designs.BRANCHES[name]
    assert places == module.PLACES  # type: ignore[attr-defined]
    assert places_gaps(inspect.getsource(module), places) == []  # type: ignore[arg-type]


def test_the_places_check_names_an_undeclared_and_an_unplaced_service() -> None:
    source = 'def route(b):\n    b.use("sns", "topic", "why")\n    b.use(queue, "", "")\n'
    assert places_gaps(source, frozenset({"sqs"})) == [
        "sns: placed but not in PLACES", "sqs: in PLACES but never placed"]


def test_every_module_that_places_a_service_is_in_the_registry() -> None:
    """Every module of designs/ and operations/ that calls `use` with a service id is a key
    of the registry, so a branch added without declaring its PLACES fails here."""
    root = Path(designs.__file__).parent.parent
    placing = {f"{p.parent.name}.{p.stem}" for folder in ("designs", "operations")
               for p in (root / folder).glob("*.py")
               if placed_literally(p.read_text(encoding="utf-8"))}
    assert placing == set(designs.BRANCHES)


def test_unpriced_entries_are_explicit_and_named_in_the_cost(recommend_text) -> None:  # type: ignore[no-untyped-def]
    assert {s for s, pricer in PRICERS.items() if pricer is unpriced} == UNPRICED
    assert {"dynamodb-streams", "msk", "mq", "appsync", "iot-core", "s3"} == UNPRICED
    rec = recommend_text(MSK_EXISTING)
    cost = next(o.cost for o in rec.options
                if "msk" in o.design.service_ids and o.cost is not None)
    assert "msk" in cost.unpriced
    # named with what would be billed: the messages through it at each rate
    assert cost.unpriced_parts == ("Amazon MSK / MSK Serverless: 50 messages/s at the average "
                                   "rate (200/s at the peak)",)


MSK_EXISTING = """\
version: 1
name: orders-kafka
kind: event
consumers:
  - name: analytics
    runs_on: container
throughput:
  average: 50/s
  peak: 200/s
existing: [msk]
"""


# --- the numbers in the texts are the numbers computed with (issue 15, item 3) -------------


def _with(catalogue: Catalogue, **values: float) -> Catalogue:
    """The catalogue with some facts' values changed (fact ids with `_` for `-`)."""
    facts = dict(catalogue.facts)
    for key, value in values.items():
        fact_id = key.replace("_", "-")
        facts[fact_id] = msgspec.structs.replace(facts[fact_id], value=float(value))
    return msgspec.structs.replace(catalogue, facts=facts)


def _texts(text: str, rules: RuleSet, catalogue: Catalogue) -> str:
    """Every text of every option: operations, figures' formulas, notes, cost lines."""
    rec = advise(workload_from(text), rules, catalogue, provider=AWS)
    parts: list[str] = []
    for option in rec.options:
        parts += [advice for advice, _ in option.design.operations]
        parts += [f.formula for f in option.sizing.figures] + list(option.sizing.notes)
        if option.cost is not None:
            parts += [line.what for line in option.cost.lines] + list(option.cost.assumptions)
    return "\n".join(parts)


QUEUE = ("version: 1\nname: q\nkind: event\nthroughput: {average: 5/s, peak: 20/s}\n"
         "consumers: [{name: w, runs_on: container}, {name: f, runs_on: lambda}]\n")
WORKERS = ("version: 1\nname: q\nkind: command\nthroughput: {average: 5/s, peak: 20/s}\n"
           "consumers: [{name: w, runs_on: container}]\n")
SLOW = ("version: 1\nname: s\nkind: event\nthroughput: {average: 10/s, peak: 900/s}\n"
        "processing_time: 20ms\nconsumers: [{name: a, runs_on: lambda, max_rate: 50/s}]\n")
STREAM = ("version: 1\nname: s\nkind: event\nthroughput: {average: 2000/s, peak: 12000/s}\n"
          "payload: {average: 1KB}\nreplay: 10d\nordering: per-key\nordering_key: k\n"
          "consumers: [{name: a, runs_on: container}, {name: b, runs_on: container}]\n")


def test_operations_advice_states_the_catalogue_values(rules: RuleSet,
                                                       catalogue: Catalogue) -> None:
    before = _texts(QUEUE, rules, catalogue)
    assert "SNS retries AWS endpoints for up to 23 days and email/SMS for about 6 hours" \
        in before
    assert "Workers long-poll (WaitTimeSeconds 20)" in before
    assert "from the 24-hour default" in _texts(STREAM, rules, catalogue)
    changed = _with(catalogue, sns_retry_aws_endpoints=10 * 86400,
                    sns_retry_customer_endpoints=3 * 3600, sqs_long_poll_max=15,
                    kinesis_retention_default=48 * 3600)
    after = _texts(QUEUE, rules, changed)
    assert "SNS retries AWS endpoints for up to 10 days and email/SMS for about 3 hours" \
        in after
    assert "Workers long-poll (WaitTimeSeconds 15)" in after
    assert "from the 48-hour default" in _texts(STREAM, rules, changed)


def test_the_kinesis_ramp_states_how_long_a_peak_is_remembered(rules: RuleSet,
                                                               catalogue: Catalogue) -> None:
    assert "carried the peak in the last 30 days" in _texts(STREAM, rules, catalogue)
    changed = _with(catalogue, kinesis_on_demand_peak_window=14 * 86400)
    assert "carried the peak in the last 14 days" in _texts(STREAM, rules, changed)


def test_the_function_timeout_floor_is_the_catalogue_minimum(rules: RuleSet,
                                                             catalogue: Catalogue) -> None:
    assert "at least 1 s, at most 900 s = 1 s" in _texts(SLOW, rules, catalogue)
    changed = _with(catalogue, lambda_timeout_min=3)
    assert "at least 3 s, at most 900 s = 3 s" in _texts(SLOW, rules, changed)


def test_workers_receive_as_many_as_receive_message_returns(rules: RuleSet,
                                                           catalogue: Catalogue) -> None:
    """Without an event source mapping, a worker's receive fetches what ReceiveMessage
    returns (and a delete removes what DeleteMessageBatch takes): both from the catalogue."""
    assert "per batch of 10 (ReceiveMessage returns at most 10" in _texts(
        WORKERS, rules, catalogue)
    changed = _with(catalogue, sqs_receive_max=20, sqs_batch_size=20)
    assert "per batch of 20 (ReceiveMessage returns at most 20" in _texts(
        WORKERS, rules, changed)


def test_the_peak_minute_is_one_number_in_figures_and_formulas(
        rules: RuleSet, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "(peak 900/s - capacity 50/s) x 60 s = 51,000" in _texts(SLOW, rules, catalogue)
    monkeypatch.setattr(backlog, "PEAK_MINUTE", 120.0)
    text = _texts(SLOW, rules, catalogue)
    assert "(peak 900/s - capacity 50/s) x 120 s = 102,000" in text
    assert " / (120 s + " in text


def test_the_assumed_payload_is_one_number_in_notes_and_arithmetic(
        rules: RuleSet, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _texts(QUEUE, rules, catalogue)
    assert "Payload not stated: 1KB per message assumed." in before
    monkeypatch.setattr(sizer, "ASSUMED_PAYLOAD", 2048.0)
    after = _texts(QUEUE, rules, catalogue)
    assert "Payload not stated: 2KB per message assumed." in after
    assert "x 2KB / 1 MiB/s" in after  # the shard formula multiplies by the same payload


def _whys(text: str, rules: RuleSet, catalogue: Catalogue) -> str:
    rec = advise(workload_from(text), rules, catalogue, provider=AWS)
    return "\n".join(use.why for option in rec.options for use in option.design.services)


LARGE = ("version: 1\nname: a\nkind: event\npayload: {average: 300KB, max: 3MB}\n"
         "consumers: [{name: a, runs_on: lambda}, {name: b, runs_on: sms}]\n")


def test_the_claim_check_and_async_retries_state_the_catalogue_values(
        rules: RuleSet, catalogue: Catalogue) -> None:
    before = _whys(LARGE, rules, catalogue)
    assert "the Extended Client Libraries do this, up to 2 GB)" in before
    assert "inside Lambda, retries twice on error" in before
    changed = _with(catalogue, s3_claim_check_max_payload=4 * 1024**3,
                    lambda_async_retries=1)
    after = _whys(LARGE, rules, changed)
    assert "the Extended Client Libraries do this, up to 4 GB)" in after
    assert "inside Lambda, retries once on error" in after


WINDOWED = ("version: 1\nname: w\nkind: event\nthroughput: {average: 10/s, peak: 50/s}\n"
            "latency: 10s\nprocessing_time: 20ms\nconsumers: [{name: a, runs_on: lambda}]\n")


def _window_figures(rules: RuleSet, catalogue: Catalogue) -> set[tuple[float, str]]:
    rec = advise(workload_from(WINDOWED), rules, catalogue, provider=AWS)
    return {(f.value, f.formula) for o in rec.options for f in o.sizing.figures
            if f.key == "esm_batching_window_s.a"}


def test_the_batching_window_share_is_one_number_in_figure_and_formula(
        rules: RuleSet, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    (value, formula), *_ = _window_figures(rules, catalogue)
    assert value == 4
    assert formula.startswith("half of (latency 10s - processing 20ms), rounded down")
    monkeypatch.setattr(lambdas, "WINDOW_SHARE", 0.25)
    (value, formula), *_ = _window_figures(rules, catalogue)
    assert value == 2
    assert formula.startswith("25% of (latency 10s - processing 20ms), rounded down")
    assert formula.endswith("= 2 s")


def aws_order_gaps(service_ids: tuple[str, ...], order: tuple[str, ...]) -> list[str]:
    """AWS lists a design's services in the order a message travels (building.ORDER); a
    service missing from it would stop every design that uses it."""
    return [f"{s}: not in building.ORDER" for s in service_ids if s not in order]


def test_every_aws_service_has_its_place_in_a_design_s_order() -> None:
    from advisor.providers.aws.building import ORDER
    from advisor.providers.aws.provider import AWS

    assert aws_order_gaps(AWS.vocabulary.service_ids, ORDER) == []
    assert aws_order_gaps(AWS.vocabulary.service_ids, ORDER[1:]) == [
        f"{ORDER[0]}: not in building.ORDER"]
