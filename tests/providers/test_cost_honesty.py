"""What a cost leaves out, said where the cost is shown (issue 13, items 2-4, reviewers' list).

Each expected figure is worked here from the catalogue's prices, read by id, with the
arithmetic in the comments. M is the messages in a month at a rate: rate x 730 h x 3,600 s.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.core.catalogue import Catalogue
from advisor.core.numbers import Cost
from advisor.core.recommendation import Recommendation
from advisor.render.markdown import AdrMeta, render_adr
from tests.conftest import run_cli

Rec = Callable[[str], Recommendation]
ROOT = Path(__file__).resolve().parents[2]
SECONDS = 730 * 3600


def example(recommend_text: Rec, name: str) -> Recommendation:
    return recommend_text((ROOT / "examples" / f"{name}.yaml").read_text())


def cost_of(rec: Recommendation, model: str) -> Cost:
    cost = next(o for o in rec.options if o.model == model).cost
    assert cost is not None
    return cost


def adr(rec: Recommendation) -> str:
    return render_adr(rec, AdrMeta(1, dt.date(2026, 11, 30), "w.yaml"))


def cost_section(text: str) -> tuple[str, str]:
    """The Monthly Cost section up to its first fold, and the folded rest."""
    section = text.split("## Monthly Cost", 1)[1].split("## More Information", 1)[0]
    shown, folded = section.split("<details>", 1)
    return shown, folded


def row(text: str, model: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"| {model} "))


def json_cost(name: str, model: str) -> dict[str, object]:
    result = run_cli(["recommend", str(ROOT / "examples" / f"{name}.yaml"), "--dry-run",
                      "--format", "json"])
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)["workloads"][0]
    return next(c for c in entry["cost"] if c["model"] == model)


def terminal_cost(name: str) -> str:
    result = run_cli(["recommend", str(ROOT / "examples" / f"{name}.yaml"), "--dry-run"],
                     env={"COLUMNS": "2000"})
    assert result.exit_code == 0, result.output
    return next(line for line in result.output.splitlines() if line.strip().startswith("cost:"))


def test_an_option_with_nothing_priced_never_reads_as_zero(recommend_text: Rec) -> None:
    # live-scores, push: the provider's HTTPS call into AppSync, which posts to 20,000
    # browsers. The catalogue has no AppSync price: 150/s x 20,000 instances = 3,000,000
    # deliveries/s at the average rate, 1,200/s x 20,000 = 24,000,000 at the peak.
    rec = example(recommend_text, "live-scores")
    cost = cost_of(rec, "push")
    assert cost.lines == () and cost.unpriced == ("appsync",)
    assert cost.unpriced_parts == (
        "AWS AppSync: 3M deliveries/s at the average rate (24M/s at the peak)",)
    shown, _ = cost_section(adr(rec))
    push = row(shown, "push")
    assert "$0.00" not in push
    assert "| not priced | not priced |" in push
    assert "AWS AppSync: 3M deliveries/s" in push
    # An option with some lines priced gives its figure, its unpriced part beside it.
    assert row(shown, "hybrid").startswith("| hybrid (cannot be built) | \\$604.44")
    assert row(shown, "hybrid").endswith("| AWS AppSync: 3M deliveries/s at the average rate "
                                         "(24M/s at the peak) |")
    line = terminal_cost("live-scores")
    assert "$0.00" not in line
    assert line.strip().startswith("cost: not priced;")
    assert "not priced: AWS AppSync: 3M deliveries/s" in line
    # The JSON keeps the numbers; `unpriced` lists the ids, the parts carry the words.
    entry = json_cost("live-scores", "push")
    assert entry["monthly_usd_average"] == 0 and entry["unpriced"] == ["appsync"]
    assert entry["unpriced_parts"] == list(cost.unpriced_parts)


def test_each_service_sits_in_one_column_and_step_functions_gets_its_known_figure(
        recommend_text: Rec, catalogue: Catalogue) -> None:
    # order-placed: 1.8M/day = 20.83/s; M = 1,800,000 / 86,400 x 2,628,000 = 54.75 M
    # executions of the one workflow (fraud-review). Standard workflows bill
    # price-step-functions-standard ($25 per million transitions): 54.75 x $25 = $1,368.75
    # a month per state transition per execution, shown as $1,369. At the peak, 900/s:
    # 2,365.2 M executions x $25 = $59,130.
    rec = example(recommend_text, "order-placed")
    per_million = catalogue.fact("price-step-functions-standard").value
    assert per_million == 25.0
    executions = 1_800_000 / 86_400 * SECONDS / 1e6
    assert round(executions * per_million) == 1369
    for option in rec.options:
        assert option.cost is not None
        assert option.cost.unpriced == ("step-functions",)
        (part,) = option.cost.unpriced_parts
        assert part.startswith("Step Functions: 54.8M executions a month at the average rate")
        assert "$1,369 a month per state transition per execution at the average rate" in part
        assert f"${900 * SECONDS / 1e6 * per_million:,.0f} at the peak" in part
    shown, _ = cost_section(adr(rec))
    for model in ("hybrid", "push", "poll"):
        cells = row(shown, model).split(" | ")
        priced, unpriced = cells[3], cells[4]
        assert "step-functions" not in priced
        assert "Step Functions" in unpriced


def test_sms_names_its_quantity_and_says_it_is_priced_per_country(recommend_text: Rec,
                                                                  catalogue: Catalogue) -> None:
    # password-reset: 300/h = 0.0833/s, each to the customer who asked (per-message):
    # 300 / 3,600 x 2,628,000 = 219,000 SMS a month; at 40/min: 1,752,000 (1.75M).
    # The catalogue has no US rate (price-sns-sms has no value): none is invented.
    assert catalogue.fact("price-sns-sms").value is None
    cost = cost_of(example(recommend_text, "password-reset"), "push")
    assert cost.unpriced == ("sns",)
    assert cost.unpriced_parts == (
        "SNS SMS to reset-sms: 219,000 SMS a month at the average rate (1.75M at the peak), "
        "priced per destination country",)
    shown, _ = cost_section(adr(example(recommend_text, "password-reset")))
    push = row(shown, "push")
    assert "sns (partly)" in push and "219,000 SMS a month" in push


def test_a_flow_that_crosses_accounts_pays_the_send_to_the_other_bus(
        recommend_text: Rec, catalogue: Catalogue) -> None:
    # partner-webhooks crosses accounts: 40/s, M = 105.12 M events of 1 chunk, each sent on
    # to the partner account's bus: 105.12 x price-eventbridge-cross-account-bus ($1.00)
    # = $105.12; at 300/s: 788.4 x $1 = $788.40.
    rec = example(recommend_text, "partner-webhooks")
    cost = cost_of(rec, "push")
    (line,) = [x for x in cost.lines if x.fact == "price-eventbridge-cross-account-bus"]
    m = 40 * SECONDS / 1e6
    price = catalogue.fact("price-eventbridge-cross-account-bus").value
    assert line.usd_average == pytest.approx(m * price)
    assert round(line.usd_average, 2) == 105.12
    assert line.usd_peak == pytest.approx(300 * SECONDS / 1e6 * price)
    # A flow in one account sends nothing across.
    single = cost_of(example(recommend_text, "order-placed"), "push")
    assert not [x for x in single.lines if x.fact == "price-eventbridge-cross-account-bus"]


def test_what_no_figure_covers_is_one_sentence_shown_everywhere(recommend_text: Rec) -> None:
    rec = example(recommend_text, "partner-webhooks")
    cost = cost_of(rec, "push")
    sentence = ("Not priced: data transfer out of AWS to HTTPS endpoints, servers and clients "
                "outside it (marketplace-north-webhook, homewares-partner-webhook, "
                "electronics-partner-webhook).")
    assert sentence in cost.assumptions
    assert sentence in json_cost("partner-webhooks", "push")["assumptions"]  # type: ignore[operator]
    shown, _ = cost_section(adr(rec))
    assert sentence in shown  # beside the table, not folded
    # The terminal's words come from the cost, not from a fixed list.
    line = terminal_cost("partner-webhooks")
    assert line.endswith("not priced: " + "; ".join(cost.left_out))
    # Consumers on their own servers, and a KCL reader's lease table, are named too; a
    # workflow run as Step Functions (fraud-review) is that service's line, not this one.
    order = cost_of(example(recommend_text, "order-placed"), "hybrid")
    assert any(x.startswith("the compute of consumers on their own containers, servers or "
                            "workflows (loyalty-points, analytics-loader)")
               for x in order.left_out)
    assert "the DynamoDB lease table of each KCL reader (analytics-loader)" in order.left_out
    # A design of Lambda functions in one account and Region leaves nothing of the kind out.
    lambdas = recommend_text("version: 1\nname: l\nkind: event\n"
                             "throughput: {average: 5/s, peak: 10/s}\n"
                             "consumers: [{name: a, runs_on: lambda}]\n")
    assert lambdas.chosen.cost is not None and lambdas.chosen.cost.left_out == ()
    assert not any(a.startswith("Not priced") for a in lambdas.chosen.cost.assumptions)


def test_the_region_note_stands_beside_the_table(recommend_text: Rec) -> None:
    # partner-webhooks runs in eu-west-1; the catalogue's prices are us-east-1's.
    shown, _ = cost_section(adr(example(recommend_text, "partner-webhooks")))
    assert "Prices are us-east-1's: advisor has no sourced prices for eu-west-1." in shown


def test_the_kinesis_alternative_is_labelled_as_the_option_total(recommend_text: Rec) -> None:
    rec = example(recommend_text, "password-reset")
    cost = cost_of(rec, "poll")
    assert cost.mode == "provisioned"
    (alternative,) = cost.alternatives
    shown, _ = cost_section(adr(rec))
    assert (f"kinesis (provisioned; option total with on-demand Kinesis "
            f"\\${alternative.monthly_usd_average:,.2f} average") in row(shown, "poll")


WORKERS = ("version: 1\nname: w\nkind: event\nthroughput: {average: 10/s, peak: 40/s}\n"
           "payload: {average: 100KB}\n"
           "consumers: [{name: a, runs_on: container}, {name: b, runs_on: container},"
           " {name: c, runs_on: container}]\n")


def test_sqs_states_what_receives_of_one_message_would_cost(recommend_text: Rec,
                                                           catalogue: Catalogue) -> None:
    # 10/s: M = 26.28 M messages of 100 KB (2 chunks of 64 KB), to 3 queues.
    # Counted: 3 x 26.28 M x (2 sends + 2/10 for a receive and a delete per full batch)
    #   = 173.448 M x price-sqs-standard ($0.40) = $69.38.
    # Bound, a receive and a delete per message: 3 x 26.28 M x (2 + 2) = 315.36 M x $0.40
    #   = $126.14; at 40/s four times that, $504.58.
    cost = cost_of(recommend_text(WORKERS), "hybrid")
    price = catalogue.fact("price-sqs-standard").value
    assert price is not None
    m = 10 * SECONDS / 1e6
    bound = 3 * m * (2 + 2) * price
    assert round(bound, 2) == 126.14
    (said,) = [a for a in cost.assumptions if "if each receive returned one message" in a]
    assert "(sqs-long-polling)" in said
    assert "counted as full batches of 10 ($69.38 a month" in said
    assert f"at most ${bound:,.2f} a month at the average rate (${4 * bound:,.2f} at the peak)" \
        in said


def test_the_kinesis_ramp_compares_records_too_and_says_how_long_it_throttles(
        recommend_text: Rec, catalogue: Catalogue) -> None:
    # clickstream peaks at 45,000 records/s of 1 KB: 43.9 MiB/s. A new on-demand stream
    # takes 4 MiB/s (kinesis-on-demand-initial-write) and, at 1,000 records/s per shard's
    # MiB/s, 4,000 records/s: the records are the tighter, 45,000 / 4,000 = 11.25 times.
    # Doubling (kinesis-on-demand-burst = 2) every ~15 min (kinesis-on-demand-scale-time):
    # ceil(log2 11.25) = 4 steps, 4 x 15 min = 1 h of possible throttling.
    assert catalogue.number("kinesis-on-demand-initial-write") == 4 * 1024**2
    for fact in ("kinesis-on-demand-burst", "kinesis-on-demand-scale-time"):
        assert catalogue.fact(fact).status == "unverified"  # not read on an AWS page
    ratio = 45_000 / (4 * 1024**2 / catalogue.number("kinesis-shard-write-bytes")
                      * catalogue.number("kinesis-shard-write-records"))
    assert math.ceil(math.log2(ratio)) == 4
    rec = example(recommend_text, "clickstream")
    cost = next(o.cost for o in rec.options if o.cost and o.cost.mode)
    (ramp,) = [a for a in cost.assumptions if a.startswith("On-demand's ramp")]
    assert "4 MiB/s and 4,000 records/s" in ramp
    assert "45,000 records/s, 11.2 times that" in ramp
    assert "throttled for up to about 4 x 15m = 1h" in ramp
    text = adr(rec)
    assert "throttled for up to about 4 x 15m = 1h" in text


INVOICES = ("version: 1\nname: invoice-generate\nkind: command\n"
            "throughput: {average: 20000/day, peak: 100/s}\npayload: {average: 2KB}\n"
            "processing_time: 4s\nduplicates: must-deduplicate\n"
            "consumers: [{name: invoice-renderer, runs_on: container, max_rate: 25/s}]\n")


def test_an_option_with_no_service_to_bill_says_so(recommend_text: Rec) -> None:
    # push calls the renderer directly over HTTPS: no AWS service is in the way, so nothing
    # is billed by one (and the renderer's own compute is named as not priced).
    rec = recommend_text(INVOICES)
    push = cost_of(rec, "push")
    assert push.lines == () and push.unpriced == ()
    assert push.left_out == ("the compute of consumers on their own containers, servers or "
                             "workflows (invoice-renderer)",)
    shown, _ = cost_section(adr(rec))
    assert "| \\$0.00 (no AWS service billed) | \\$0.00 (no AWS service billed) |" in row(shown,
                                                                                      "push")


def test_a_service_that_carries_the_flow_counts_messages_not_deliveries(
        recommend_text: Rec) -> None:
    # IoT Core as the devices' entry (not the last hop) is billed per message that comes
    # in, once: 40/s here, not per consumer.
    rec = recommend_text("version: 1\nname: t\nkind: event\nsource: iot-core\n"
                         "throughput: {average: 40/s, peak: 100/s}\n"
                         "consumers: [{name: a, runs_on: lambda}, {name: b, runs_on: lambda}]\n")
    parts = [p for o in rec.options if o.cost for p in o.cost.unpriced_parts
             if p.startswith("AWS IoT Core")]
    assert parts and all(p == "AWS IoT Core: 40 messages/s at the average rate (100/s at the "
                         "peak)" for p in parts), parts
