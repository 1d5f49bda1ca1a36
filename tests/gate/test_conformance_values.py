"""What the gate reads of a value the template states as data (values.literal), and the two
places where the gate and the emitter disagreed: a consumer the producer calls directly, and
partial batch responses where Lambda offers none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.format.yamlnodes import YMap
from advisor.gate.conformance.cfnread import read_template
from advisor.gate.conformance.values import literal
from advisor.gate.conformance.wiring import get
from tests.conftest import run_cli
from tests.gate.test_conformance import LEDGER, LEDGER_QUEUE, RULES, SIGNUPS, codes, conform

MAPPINGS = """Parameters:
  Timeout: {Type: Number, Default: 3}
  NoDefault: {Type: Number}
  Word: {Type: String, Default: two}
Mappings:
  Visibility:
    Seconds:
      Times6: ['0', '6', '12', '18']
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
"""
CASES = [
    ("5", 5),
    ("{Ref: Timeout}", 3),
    ("{'Fn::Select': [{Ref: Timeout}, {'Fn::FindInMap': [Visibility, Seconds, Times6]}]}",
     "18"),
    ("!Select [1, !FindInMap [Visibility, Seconds, Times6]]", "6"),
    ("!Select ['2', [a, b, c]]", "c"),
    ("!FindInMap [Visibility, Seconds, Times6]", None),  # a list, no scalar
    # Anything computed, or data that is not there, cannot be told.
    ("!Select [{Ref: NoDefault}, !FindInMap [Visibility, Seconds, Times6]]", None),
    ("!Select [{Ref: Word}, !FindInMap [Visibility, Seconds, Times6]]", None),
    ("!Select [{Ref: Timeout}, !FindInMap [Visibility, Seconds, Times9]]", None),
    ("!Select [9, !FindInMap [Visibility, Seconds, Times6]]", None),
    ("!Select [{Ref: Timeout}, !FindInMap [Visibility, {Ref: AWS::Region}, Times6]]", None),
    ("!Select [{Ref: Timeout}, !Split [',', '1,2,3,4']]", None),
    ("!If [Cond, 1, 2]", None),
    ("!GetAtt Other.Timeout", None),
    ("!Sub '${Timeout}'", None),
    ("{Ref: AWS::AccountId}", None),
]


@pytest.mark.parametrize(("written", "value"), CASES)
def test_literal_data_is_read_and_nothing_is_evaluated(tmp_path: Path, written: str,
                                                       value: object) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(MAPPINGS + f"      VisibilityTimeout: {written}\n")
    template = read_template(path, tmp_path, "t.yaml")
    props = template.resources["Q"].properties
    assert isinstance(props, YMap)
    assert literal(template, get(props, "VisibilityTimeout")) == value


# The emitter's spelling: six times the timeout parameter, looked up in a list it indexes.
SELECTED = """Parameters:
  LedgerWriterFunctionTimeout: {{Type: Number, Default: 7}}
Mappings:
  VisibilityByFunctionTimeout:
    Seconds:
      Times6: {seconds}
""" + LEDGER_QUEUE.format(visibility="!Select [!Ref LedgerWriterFunctionTimeout, "
                          "!FindInMap [VisibilityByFunctionTimeout, Seconds, Times6]]")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_visibility_looked_up_from_the_timeout_is_read(here: Path) -> None:
    right = [str(6 * s) for s in range(10)]
    assert conform(here, LEDGER, SELECTED.format(seconds=right)) == []
    short = [str(s) for s in range(10)]  # the timeout itself: the mistake the gate made
    found = conform(here, LEDGER, SELECTED.format(seconds=short))
    assert codes(found) == ["ADV205"]
    assert "visibility timeout of 7 s" in str(found[0]["message"])
    assert "= 42 s" in str(found[0]["message"])


def test_a_visibility_the_template_computes_is_not_guessed(here: Path) -> None:
    computed = LEDGER_QUEUE.format(visibility="!If [Long, 60, 1]")
    assert conform(here, LEDGER, computed) == []


KAFKA = """version: 1
name: clickstream-backup
kind: event
throughput: {average: 200/s}
processing_time: 50ms
consumers:
  - name: s3-backup
    runs_on: lambda
"""
KAFKA_MAPPING = """Resources:
  S3BackupMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref S3BackupFunctionArn
      EventSourceArn: !Ref KafkaClusterArn
      Topics: [clicks]
      BatchSize: 100
      StartingPosition: LATEST
"""


def test_no_partial_batch_responses_are_asked_where_lambda_offers_none(here: Path) -> None:
    # Kafka takes them only in provisioned mode; Amazon MQ never; SQS always.
    assert "ADV206" not in codes(conform(here, KAFKA, KAFKA_MAPPING))
    provisioned = KAFKA_MAPPING + "      ProvisionedPollerConfig: {MinimumPollers: 1}\n"
    assert "ADV206" in codes(conform(here, KAFKA, provisioned))
    broker = KAFKA_MAPPING.replace("Topics: [clicks]", "Queues: [clicks]")
    assert "ADV206" not in codes(conform(here, KAFKA, broker))
    sqs = LEDGER_QUEUE.format(visibility=42).replace(
        "      FunctionResponseTypes: [ReportBatchItemFailures]\n", "")
    assert codes(conform(here, LEDGER, sqs)) == ["ADV206"]


WORKFLOW = """version: 1
name: new-order
kind: event
producer: application
source: api-gateway
consumers:
  - name: new-order-workflow
    runs_on: workflow
"""
NOTHING_BETWEEN = """Parameters:
  NewOrderWorkflowStateMachineArn: {Type: String}
Resources: {}
"""


def test_a_consumer_the_producer_calls_directly_owes_the_template_nothing(here: Path) -> None:
    (here / "w.yaml").write_text(WORKFLOW)
    route = json.loads(run_cli(["recommend", "w.yaml", "--dry-run", "--format", "json"]
                               ).stdout)["workloads"][0]["consumers"][0]["route"]
    assert route == ["step-functions"]
    assert conform(here, WORKFLOW, NOTHING_BETWEEN) == []
    # Through a bus, a state machine is reached by a rule the template must hold.
    found = conform(here, SIGNUPS, RULES.split("  WelcomeRule:")[0])
    assert codes(found) == ["ADV202"]
    assert "consumer welcome through eventbridge -> step-functions" in str(found[0]["message"])


CLIENTS = """version: 1
name: scores
kind: event
latency: 1s
producer: application
consumers:
  - {name: web, runs_on: client, recipients: per-message}
  - {name: mobile, runs_on: client, recipients: per-message}
existing: [appsync]
"""
API = """Resources:
  ScoresApi:
    Type: {kind}
    Properties: {{Name: scores}}
"""


def test_one_api_serves_every_consumer_connected_to_it(here: Path) -> None:
    (here / "w.yaml").write_text(CLIENTS)
    routes = [c["route"] for c in json.loads(run_cli(
        ["recommend", "w.yaml", "--dry-run", "--format", "json"]).stdout)["workloads"][0][
        "consumers"]]
    assert routes == [["appsync"], ["appsync"]]
    assert conform(here, CLIENTS, API.format(kind="AWS::AppSync::GraphQLApi")) == []
    # Another service's API serves no consumer the ADR routes through AppSync.
    found = conform(here, CLIENTS, API.format(kind="AWS::ApiGatewayV2::Api"))
    assert codes(found) == ["ADV202", "ADV202"]
