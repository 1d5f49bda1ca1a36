"""Costs worked by hand, one case per design family (issue 13).

Each expected figure is computed here from the catalogue's prices, read by id, with the
arithmetic in the comments. M is the messages in a month at a rate: rate x 730 h x 3,600 s.
Free tiers are ignored, as the advisor says it does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from msgspec.structs import replace

from advisor.core.catalogue import Catalogue
from advisor.core.numbers import Cost, CostLine
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.providers.aws.cost import estimate
from advisor.providers.aws.provider import AWS
from advisor.render.markdown import AdrMeta, render_adr
from tests.conftest import workload_from

Rec = Callable[[str], Recommendation]
SECONDS = 730 * 3600  # a month, as AWS prices it


def months(rate: float) -> float:
    """Millions of messages in a month at `rate` per second."""
    return rate * SECONDS / 1e6


def cost_of(rec: Recommendation, model: str) -> Cost:
    cost = next(o for o in rec.options if o.model == model).cost
    assert cost is not None
    return cost


def lines(cost: Cost, service: str, fact: str) -> list[CostLine]:
    return [line for line in cost.lines if line.service == service and line.fact == fact]


def one(cost: Cost, service: str, fact: str) -> CostLine:
    found = lines(cost, service, fact)
    assert len(found) == 1, [line.what for line in cost.lines]
    return found[0]


def price(catalogue: Catalogue, fact: str) -> float:
    value = catalogue.fact(fact).value
    assert value is not None
    return value


WORKERS = ("version: 1\nname: w\nkind: event\nthroughput: {average: 10/s, peak: 40/s}\n"
           "payload: {average: 100KB}\n"
           "consumers: [{name: a, runs_on: container}, {name: b, runs_on: container},"
           " {name: c, runs_on: container}]\n")


def test_sns_to_three_queues_to_container_workers(recommend_text: Rec,
                                                  catalogue: Catalogue) -> None:
    # 10/s: M = 10 x 2,628,000 s = 26.28 M messages; 100 KB is 2 chunks of 64 KB.
    # SNS: 26.28 M x 2 chunks = 52.56 M publish requests x price-sns-publish ($0.50) = $26.28;
    #   the deliveries to SQS are free.
    # SQS, per queue: 2 sends (the payload's chunks) + a receive and a delete per 10 messages
    #   (ReceiveMessage returns at most 10, DeleteMessageBatch takes at most 10), which carry
    #   no payload: 2 + 2/10 = 2.2 requests per message; 3 queues x 26.28 M x 2.2
    #   = 173.448 M x price-sqs-standard ($0.40) = $69.38.
    #   (Before the fix the 0.2 was chunked too: 3 x 26.28 M x 2 x 1.2 x $0.40 = $75.69.)
    cost = cost_of(recommend_text(WORKERS), "hybrid")
    m, chunks = months(10), 2
    sns = one(cost, "sns", "price-sns-publish")
    assert sns.usd_average == pytest.approx(m * chunks * price(catalogue, "price-sns-publish"))
    per_batch = min(catalogue.number("sqs-receive-max"), catalogue.number("sqs-batch-size"))
    sqs = one(cost, "sqs", "price-sqs-standard")
    assert sqs.usd_average == pytest.approx(
        3 * m * (chunks + 2 / per_batch) * price(catalogue, "price-sqs-standard"))
    assert round(sqs.usd_average, 2) == 69.38
    # At peak, 40/s: four times the same.
    assert sqs.usd_peak == pytest.approx(4 * sqs.usd_average)
    assert cost.unpriced == ()
    assert cost.monthly_usd_average == pytest.approx(sns.usd_average + sqs.usd_average,
                                                     abs=0.01)


ESM = ("version: 1\nname: e\nkind: event\nthroughput: {average: 20/s, peak: 80/s}\n"
       "processing_time: 50ms\n"
       "consumers: [{name: a, runs_on: lambda, batching: {size: 100, window: 10s}},"
       " {name: b, runs_on: lambda, batching: {size: 100, window: 10s}}]\n")


def test_sns_to_two_queues_to_lambda_through_an_event_source_mapping(
        recommend_text: Rec, catalogue: Catalogue) -> None:
    # 20/s: M = 52.56 M messages of 1 KB (1 chunk). Each function's mapping takes batches
    # of 100, but its pollers fetch them 10 at a time and delete them 10 at a time.
    # SNS: 52.56 M x price-sns-publish ($0.50) = $26.28.
    # SQS: 2 queues x 52.56 M x (1 send + 2/10) = 126.144 M x $0.40 = $50.46.
    #   (Before the fix: 2 x 52.56 M x (1 + 2/100) x $0.40 = $42.89.)
    # Lambda invocations: 2 functions x 52.56 M / 100 = 1.0512 M x price-lambda-requests
    #   ($0.20) = $0.21.
    # Lambda duration: 2 functions x 52.56 M x 0.05 s x 0.5 GB = 2,628,000 GB-s
    #   x price-lambda-duration-x86 ($0.0000166667) = $43.80.
    #   (Before the fix one function was counted: $21.90.)
    cost = cost_of(recommend_text(ESM), "hybrid")
    m = months(20)
    assert one(cost, "sns", "price-sns-publish").usd_average == pytest.approx(
        m * price(catalogue, "price-sns-publish"))
    sqs = one(cost, "sqs", "price-sqs-standard")
    assert "batch of 10" in sqs.what
    assert sqs.usd_average == pytest.approx(
        2 * m * (1 + 2 / catalogue.number("sqs-receive-max"))
        * price(catalogue, "price-sqs-standard"))
    assert round(sqs.usd_average, 2) == 50.46
    invocations = one(cost, "lambda-esm", "price-lambda-requests")
    assert invocations.usd_average == pytest.approx(
        2 * m / 100 * price(catalogue, "price-lambda-requests"))
    duration = one(cost, "lambda-esm", "price-lambda-duration-x86")
    assert duration.usd_average == pytest.approx(
        2 * m * 1e6 * 0.05 * 0.5 * price(catalogue, "price-lambda-duration-x86"))
    assert round(duration.usd_average, 2) == 43.80
    assert "2 x 50ms x 0.5 GB" in duration.what
    assert any("512 MB of memory on x86" in a for a in cost.assumptions)


LAMBDAS = ("version: 1\nname: l\nkind: event\nthroughput: {average: 10/s}\n"
           "processing_time: 100ms\n"
           "consumers: [{name: a, runs_on: lambda}, {name: b, runs_on: lambda},"
           " {name: c, runs_on: lambda}]\n")


def test_eventbridge_to_three_lambda_functions(recommend_text: Rec,
                                               catalogue: Catalogue) -> None:
    # 10/s: M = 26.28 M events of 1 KB.
    # EventBridge: 26.28 M x price-eventbridge-custom-events ($1.00) = $26.28.
    # Lambda invocations: 3 functions x 26.28 M = 78.84 M x $0.20 = $15.77.
    # Lambda duration: 3 x 26.28 M x 0.1 s x 0.5 GB = 3,942,000 GB-s x $0.0000166667
    #   = $65.70 (before the fix: one function, $21.90).
    # Total: 26.28 + 15.77 + 65.70 = $107.75 (before: $63.95).
    rec = recommend_text(LAMBDAS)
    cost = cost_of(rec, "push")
    m = months(10)
    events = one(cost, "eventbridge", "price-eventbridge-custom-events")
    assert events.usd_average == pytest.approx(m * price(catalogue,
                                                         "price-eventbridge-custom-events"))
    invocations = one(cost, "lambda", "price-lambda-requests")
    assert invocations.usd_average == pytest.approx(
        3 * m * price(catalogue, "price-lambda-requests"))
    duration = one(cost, "lambda", "price-lambda-duration-x86")
    assert duration.usd_average == pytest.approx(
        3 * m * 1e6 * 0.1 * 0.5 * price(catalogue, "price-lambda-duration-x86"))
    assert cost.monthly_usd_average == pytest.approx(
        events.usd_average + invocations.usd_average + duration.usd_average, abs=0.01)
    assert cost.monthly_usd_average == pytest.approx(107.75, abs=0.01)


def test_lambda_duration_grows_with_the_number_of_functions(recommend_text: Rec) -> None:
    # The same flow with one function and with three: the GB-seconds triple.
    single = ("version: 1\nname: l\nkind: event\nthroughput: {average: 10/s}\n"
              "processing_time: 100ms\nconsumers: [{name: a, runs_on: lambda}]\n")
    one_fn = one(cost_of(recommend_text(single), "push"), "lambda",
                 "price-lambda-duration-x86")
    three = one(cost_of(recommend_text(LAMBDAS), "push"), "lambda",
                "price-lambda-duration-x86")
    assert three.usd_average == pytest.approx(3 * one_fn.usd_average)


API = ("version: 1\nname: d\nkind: event\nthroughput: {average: 10/s}\n"
       "consumers: [{name: partner, runs_on: https}, {name: billing, runs_on: https}]\n")


def test_eventbridge_to_api_destinations(recommend_text: Rec, catalogue: Catalogue) -> None:
    # 10/s: M = 26.28 M events.
    # EventBridge: 26.28 M x $1.00 = $26.28.
    # API destinations: 2 endpoints x 26.28 M = 52.56 M calls
    #   x price-eventbridge-api-destinations ($0.20) = $10.51.
    cost = cost_of(recommend_text(API), "push")
    m = months(10)
    calls = one(cost, "eventbridge", "price-eventbridge-api-destinations")
    assert calls.usd_average == pytest.approx(
        2 * m * price(catalogue, "price-eventbridge-api-destinations"))
    assert round(calls.usd_average, 2) == 10.51
    assert cost.unpriced == ()


def test_workers_reached_through_an_api_destination_are_priced(
        recommend_text: Rec, catalogue: Catalogue) -> None:
    # Push to container workers goes eventbridge -> webhook: an API destination each.
    # 3 workers x 26.28 M = 78.84 M calls x $0.20 = $15.77; before the fix this was
    # left out and "webhook" was listed as unpriced.
    cost = cost_of(recommend_text(WORKERS), "push")
    calls = one(cost, "eventbridge", "price-eventbridge-api-destinations")
    assert calls.usd_average == pytest.approx(
        3 * months(10) * price(catalogue, "price-eventbridge-api-destinations"))
    assert "webhook" not in " ".join(cost.unpriced)


EMAIL = ("version: 1\nname: r\nkind: event\nthroughput: {average: 2/s, peak: 10/s}\n"
         "processing_time: 100ms\n"
         "consumers: [{name: reset, runs_on: email, recipients: per-message,"
         " instances: 40000}, {name: digest, runs_on: email, instances: 5},"
         " {name: text, runs_on: sms, recipients: per-message}]\n")


def test_per_recipient_email_through_ses(recommend_text: Rec, catalogue: Catalogue) -> None:
    # 2/s: M = 5.256 M messages.
    # reset: each message names its one recipient (of 40,000): one SES email per message,
    #   5.256 M x price-ses-outbound ($100 per million) = $525.60, not 40,000 times that.
    # digest: every message goes to all 5 subscribers by SNS email:
    #   5 x 5.256 M = 26.28 M x price-sns-email-delivery ($20 per million) = $525.60.
    # The two Lambda senders (reset's and text's): 2 x 5.256 M x 0.1 s x 0.5 GB
    #   = 525,600 GB-s x $0.0000166667 = $8.76.
    cost = cost_of(recommend_text(EMAIL), "push")
    m = months(2)
    ses = one(cost, "ses", "price-ses-outbound")
    assert ses.usd_average == pytest.approx(m * price(catalogue, "price-ses-outbound"))
    assert "1 per message" in ses.what
    digest = one(cost, "sns", "price-sns-email-delivery")
    assert digest.usd_average == pytest.approx(
        5 * m * price(catalogue, "price-sns-email-delivery"))
    duration = one(cost, "lambda", "price-lambda-duration-x86")
    assert duration.usd_average == pytest.approx(
        2 * m * 1e6 * 0.1 * 0.5 * price(catalogue, "price-lambda-duration-x86"))
    sms = catalogue.fact("price-sns-sms")
    if sms.value is None:  # priced per country, no single rate: named, not guessed
        assert "sns" in cost.unpriced
        assert any("priced per destination country" in p for p in cost.unpriced_parts)
    else:
        assert "US rate" in one(cost, "sns", "price-sns-sms").what


def test_sms_is_priced_at_the_us_rate_when_the_catalogue_has_one(
        rules: RuleSet, catalogue: Catalogue) -> None:
    # With a US SMS price of $0.00645 a message (an illustrative figure given here, not a
    # catalogue one): 5.256 M texts x $0.00645 = $33,901.20, and SMS is no longer unpriced.
    fact = replace(catalogue.fact("price-sns-sms"), value=0.00645, unit="usd-per-message")
    priced = replace(catalogue, facts={**catalogue.facts, "price-sns-sms": fact})
    cost = cost_of(advise(workload_from(EMAIL), rules, priced, provider=AWS), "push")
    sms = one(cost, "sns", "price-sns-sms")
    assert sms.usd_average == pytest.approx(months(2) * 1e6 * 0.00645)
    assert "US rate" in sms.what and "per message" in sms.what
    assert not any("SMS" in u for u in cost.unpriced)


def test_the_adr_names_what_the_chosen_option_leaves_unpriced(
        rules: RuleSet, catalogue: Catalogue) -> None:
    rec = advise(workload_from(EMAIL), rules, catalogue, provider=AWS)
    assert rec.chosen.cost is not None and rec.chosen.cost.unpriced
    text = render_adr(rec, AdrMeta(1, dt.date(2026, 11, 28), "w.yaml"))
    assert ("Not priced in the chosen option: " + "; ".join(rec.chosen.cost.unpriced_parts)
            in text)


TILLS = ("version: 1\nname: t\nkind: command\nthroughput: {average: 5/s, peak: 20/s}\n"
         "payload: {average: 100KB}\n"
         "consumers: [{name: tills, runs_on: container, recipients: per-message,"
         " instances: 50}]\n")


def test_instance_queues_chunk_only_the_sends(rules: RuleSet, catalogue: Catalogue) -> None:
    # A queue per till (50), each message sent to its till's queue alone.
    # 5/s: M = 13.14 M messages of 100 KB (2 chunks).
    # Sends: 13.14 M x 2 chunks = 26.28 M. Receives and deletes: one each per message (a
    # queue holds 1/50 of the messages, so a receive rarely finds two) = 13.14 M each,
    # unchunked. Long polls: 50 queues / 20 s wait x 2,628,000 s = 6.57 M, fewer than the
    # receives, so the receives stand. 26.28 + 13.14 + 13.14 = 52.56 M x $0.40 = $21.02.
    # (Before the fix receives and deletes were chunked too: 78.84 M x $0.40 = $31.54.)
    rec = advise(workload_from(TILLS), rules, catalogue, provider=AWS)
    option = next(o for o in rec.options if o.model == "poll")
    paths = tuple(replace(p, queues=50) if p.consumer == "tills" else p
                  for p in option.design.paths)
    assert any("sqs" in p.hops for p in paths)
    cost = estimate(replace(option.design, paths=paths), rec.workload, option.sizing,
                    catalogue)
    assert cost is not None
    m = months(5)
    polls = 50 / catalogue.number("sqs-long-poll-max") * SECONDS / 1e6
    assert polls < m
    sqs = one(cost, "sqs", "price-sqs-standard")
    assert sqs.usd_average == pytest.approx((2 * m + m + m)
                                            * price(catalogue, "price-sqs-standard"))
    assert round(sqs.usd_average, 2) == 21.02


def test_each_mapping_is_invoked_per_its_own_batch(recommend_text: Rec,
                                                   catalogue: Catalogue) -> None:
    # Two functions behind queues, one with batches of 100 and one with batches of 20:
    # 20/s: M = 52.56 M; invocations 52.56 M / 100 + 52.56 M / 20 = 3.1536 M x $0.20
    # = $0.63 (counting both at the smaller batch would give $1.05).
    text = ESM.replace("{name: b, runs_on: lambda, batching: {size: 100, window: 10s}}",
                       "{name: b, runs_on: lambda, batching: {size: 20, window: 10s}}")
    cost = cost_of(recommend_text(text), "hybrid")
    invocations = one(cost, "lambda-esm", "price-lambda-requests")
    m = months(20)
    assert invocations.usd_average == pytest.approx(
        (m / 100 + m / 20) * price(catalogue, "price-lambda-requests"))


def test_a_one_time_schedule_per_message_is_priced(recommend_text: Rec,
                                                   catalogue: Catalogue) -> None:
    # A 30-day delay is a one-time EventBridge Scheduler schedule per message:
    # 1/s: M = 2.628 M invocations x price-eventbridge-scheduler ($1.00) = $2.63.
    rec = recommend_text("version: 1\nname: s\nkind: command\ndelay: 30d\n"
                         "throughput: {average: 1/s}\n"
                         "consumers: [{name: reminders, runs_on: lambda}]\n")
    cost = rec.chosen.cost
    assert cost is not None
    line = one(cost, "eventbridge-scheduler", "price-eventbridge-scheduler")
    assert line.usd_average == pytest.approx(
        months(1) * price(catalogue, "price-eventbridge-scheduler"))
    assert "eventbridge-scheduler" not in cost.unpriced
