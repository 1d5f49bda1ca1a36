from __future__ import annotations

from collections.abc import Callable

import pytest

from advisor.core.recommendation import Recommendation

Rec = Callable[[str], Recommendation]
HEAD = "version: 1\nname: a\n"


def services(rec: Recommendation, model: str | None = None) -> list[str]:
    option = next(o for o in rec.options if o.model == (model or rec.model))
    return [s.id for s in option.design.services]


def test_per_key_order_for_one_owner_uses_a_fifo_queue(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\nordering: per-key\nordering_key: accountId\n"
                         "consumers: [{name: owner, runs_on: lambda}]\n")
    assert rec.model == "poll"
    assert services(rec) == ["sqs-fifo", "lambda-esm"]
    assert "accountId as MessageGroupId" in rec.chosen.design.services[0].why


def test_ordered_fan_out_uses_sns_fifo_into_fifo_queues(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nordering: per-key\nconsumers:\n"
                         "  - {name: a, runs_on: lambda, max_rate: 5/s}\n"
                         "  - {name: b, runs_on: container}\n")
    assert services(rec, "hybrid")[:2] == ["sns-fifo", "sqs-fifo"]


def test_replay_for_everyone_uses_a_stream(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nreplay: 7d\nconsumers: 2\n")
    assert rec.model == "poll"
    assert services(rec)[0] == "kinesis"


def test_payload_over_every_broker_limit_adds_a_claim_check(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\npayload: {average: 100KB, max: 5MB}\n"
                         "consumers: [{name: x, runs_on: container}]\n")
    assert "s3" in services(rec)
    s3 = next(s for s in rec.chosen.design.services if s.id == "s3")
    assert "5MB" in s3.why and "s3-claim-check" in s3.facts


def test_https_partners_get_eventbridge_api_destinations(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers:\n  - {name: p1, runs_on: https}\n"
                         "  - {name: p2, runs_on: https}\n")
    assert rec.model == "push"
    assert services(rec) == ["eventbridge", "webhook"]


def test_browsers_get_a_websocket_api(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nlatency: 1s\nconsumers: [{name: c, "
                         "runs_on: client}]\n")
    assert services(rec) == ["lambda", "api-gateway-websocket"]


def test_existing_appsync_is_reused_for_clients(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nexisting: [appsync]\nconsumers: [{name: c, "
                         "runs_on: client}]\n")
    assert services(rec) == ["appsync"]


def test_a_table_stream_to_a_workflow_goes_through_a_pipe(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: event\nsource: dynamodb\nconsumers:\n"
                         "  - {name: flow, runs_on: workflow}\n  - {name: fn, runs_on: lambda}\n")
    assert rec.model == "hybrid"
    routes = {p.consumer: p.hops for p in rec.chosen.design.paths}
    assert routes == {"flow": ("dynamodb-streams", "eventbridge-pipes", "step-functions"),
                      "fn": ("dynamodb-streams", "lambda-esm")}


def test_unreachable_consumers_make_the_push_design_infeasible(recommend_text: Rec) -> None:
    rec = recommend_text(HEAD + "kind: command\nconsumers: [{name: s, runs_on: on-premises}]\n")
    push = next(o for o in rec.options if o.model == "push")
    assert not push.design.feasible
    assert rec.chosen.design.feasible


@pytest.mark.parametrize("model", ["push", "poll", "hybrid"])
def test_every_design_has_error_handling(recommend_text: Rec, model: str) -> None:
    rec = recommend_text(HEAD + "kind: event\nconsumers:\n  - {name: a, runs_on: lambda}\n"
                         "  - {name: b, runs_on: container, max_rate: 1/s}\n")
    option = next(o for o in rec.options if o.model == model)
    assert option.design.operations


def test_every_service_reason_cites_catalogue_facts(recommend_text: Rec, catalogue) -> None:  # type: ignore[no-untyped-def]
    rec = recommend_text(HEAD + "kind: event\nconsumers: 3\nthroughput: {peak: 5K/s}\n")
    for option in rec.options:
        for use in option.design.services:
            assert use.facts and all(f in catalogue.facts for f in use.facts), use
