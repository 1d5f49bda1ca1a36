"""The template reader of the conformance gate: intrinsics kept as data, JSON and SAM read
with their lines, and every report format carrying the template's location."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.errors import InputError
from advisor.format.yamlnodes import plain
from advisor.gate.conformance.cfnread import read_template
from tests.conftest import run_cli
from tests.gate.test_conformance import LEDGER, LEDGER_QUEUE, conform, here

__all__ = ["here"]  # the fixture, shared

INTRINSICS = """AWSTemplateFormatVersion: 2010-09-09
Conditions:
  Prod: !Equals [!Ref Stage, prod]
  Both: !And [!Condition Prod, !Not [!Equals [!Ref Stage, dev]]]
  Either: !Or [!Condition Prod, !Condition Both]
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${AWS::StackName}-${Stage}"
      Tags:
        - {Key: a, Value: !Join ["-", [!Ref Stage, !Select [0, !GetAZs ""]]]}
        - {Key: b, Value: !Select [1, !Split [",", !ImportValue Shared]]}
        - {Key: c, Value: !FindInMap [M, !Ref "AWS::Region", k]}
        - {Key: d, Value: !Base64 x}
        - {Key: e, Value: !If [Prod, !GetAtt Other.Arn, !Ref "AWS::NoValue"]}
        - {Key: f, Value: !Select [0, !Cidr [10.0.0.0/16, 2, 8]]}
      Extra: !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}
"""


def read(tmp_path: Path, text: str, name: str = "t.yaml") -> object:
    (tmp_path / name).write_text(text)
    return read_template(tmp_path / name, tmp_path, name)


def test_intrinsics_are_kept_as_data_and_nothing_is_evaluated(tmp_path: Path) -> None:
    template = read(tmp_path, INTRINSICS)
    props = plain(template.resources["Queue"].properties)  # type: ignore[attr-defined]
    assert isinstance(props, dict)
    assert props["QueueName"] == {"Fn::Sub": "${AWS::StackName}-${Stage}"}
    tags = {t["Key"]: t["Value"] for t in props["Tags"]}
    assert tags["a"] == {"Fn::Join": ["-", [{"Ref": "Stage"}, {"Fn::Select": [
        0, {"Fn::GetAZs": ""}]}]]}
    assert tags["b"] == {"Fn::Select": [1, {"Fn::Split": [",", {"Fn::ImportValue": "Shared"}]}]}
    assert tags["c"] == {"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "k"]}
    assert tags["d"] == {"Fn::Base64": "x"}
    assert tags["e"] == {"Fn::If": ["Prod", {"Fn::GetAtt": ["Other", "Arn"]},
                                    {"Ref": "AWS::NoValue"}]}
    assert tags["f"] == {"Fn::Select": [0, {"Fn::Cidr": ["10.0.0.0/16", 2, 8]}]}
    assert props["Extra"] == {"Fn::Transform": {"Name": "AWS::Include",
                                                "Parameters": {"Location": "s3://b/k"}}}


def test_a_tag_that_is_no_intrinsic_is_refused_where_it_is(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read(tmp_path, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                       "      QueueName: !!python/object/apply:os.system [echo hi]\n")
    assert (caught.value.line, caught.value.column) == (5, 18)
    assert "the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in \
        caught.value.message
    with pytest.raises(InputError, match="'!Evil' is not allowed"):
        read(tmp_path, "Resources:\n  Q: {Type: AWS::SQS::Queue, Properties: {A: !Evil x}}\n")


def test_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    with pytest.raises(InputError, match="aliases expand to more than"):
        read(tmp_path, "\n".join(lines) + "\nResources: {}\n")


@pytest.mark.parametrize(("text", "said", "where"), [
    ("- a\n- b\n", "the template is not a mapping", (1, 1)),
    ("AWSTemplateFormatVersion: '2010-09-09'\n", "has no Resources mapping", (1, 1)),
    ("Resources:\n  Q:\n    Properties: {}\n", "resource Q has no Type", (2, 3)),
    ("Resources: [\n", "YAML syntax error", (2, 1)),
])
def test_what_is_no_template_is_refused_where_it_is(
        tmp_path: Path, text: str, said: str, where: tuple[int, int]) -> None:
    with pytest.raises(InputError) as caught:
        read(tmp_path, text)
    assert said in caught.value.message
    assert (caught.value.line, caught.value.column) == where


def test_a_json_template_is_read_with_its_lines(here: Path) -> None:
    template = {"Resources": {
        "LedgerWriterQueue": {"Type": "AWS::SQS::Queue", "Properties": {
            "FifoQueue": True, "VisibilityTimeout": 30,
            "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["LedgerWriterDlq", "Arn"]},
                              "maxReceiveCount": 5}}},
        "LedgerWriterDlq": {"Type": "AWS::SQS::Queue", "Properties": {"FifoQueue": True}},
        "LedgerWriterMapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
            "EventSourceArn": {"Fn::GetAtt": ["LedgerWriterQueue", "Arn"]},
            "FunctionName": {"Ref": "LedgerWriterFunctionArn"}, "BatchSize": 10,
            "FunctionResponseTypes": ["ReportBatchItemFailures"]}}}}
    found = conform(here, LEDGER, json.dumps(template, indent=2), name="infra/t.json")
    assert [(f["code"], f["path"], f["line"], f["column"]) for f in found] == [
        ("ADV205", "infra/t.json", 7, 9)]
    minified = conform(here, LEDGER, json.dumps(template, separators=(",", ":")),
                       name="infra/t.json")
    assert [(f["code"], f["line"]) for f in minified] == [("ADV205", 1)]


SAM = """Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: {timeout}
Resources:
  LedgerWriterQueue:
    Type: AWS::SQS::Queue
    Properties:
      FifoQueue: true
      VisibilityTimeout: 60
      RedrivePolicy: {{deadLetterTargetArn: !GetAtt LedgerWriterDlq.Arn, maxReceiveCount: 5}}
  LedgerWriterDlq:
    Type: AWS::SQS::Queue
    Properties: {{FifoQueue: true}}
  LedgerWriterFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Events:
        Orders:
          Type: SQS
          Properties:
            Queue: !GetAtt LedgerWriterQueue.Arn
            BatchSize: 10
{extra}"""


def test_a_sam_function_and_its_events(here: Path) -> None:
    reports = "            FunctionResponseTypes: [ReportBatchItemFailures]\n"
    assert conform(here, LEDGER, SAM.format(timeout=10, extra=reports)) == []
    found = conform(here, LEDGER, SAM.format(timeout=11, extra=reports))
    assert [(f["code"], f["line"]) for f in found] == [("ADV205", 10)]
    assert "(11 s, the Timeout in SAM's Globals) = 66 s" in str(found[0]["message"])
    found = conform(here, LEDGER, SAM.format(timeout=10, extra=""))
    assert [(f["code"], f["line"]) for f in found] == [("ADV206", 26)]
    assert "LedgerWriterFunction event Orders for consumer ledger-writer" in str(
        found[0]["message"])


def test_the_report_formats_locate_findings_in_the_template(here: Path) -> None:
    conform(here, LEDGER, LEDGER_QUEUE.format(visibility=30))
    sarif = json.loads(run_cli(["check", "w.yaml", "--format", "sarif", "--no-cache"]).stdout)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "ADV205")
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "infra/t.yaml"
    assert location["region"] == {"startLine": 6, "startColumn": 7}
    assert any(r["id"] == "ADV205" for r in sarif["runs"][0]["tool"]["driver"]["rules"])
    github = run_cli(["check", "w.yaml", "--format", "github", "--no-cache"]).stdout
    assert "file=infra/t.yaml,line=6,col=7" in github
    junit = run_cli(["check", "w.yaml", "--format", "junit", "--no-cache"]).stdout
    assert "ADV205" in junit and "infra/t.yaml:6:7" in junit
    text = run_cli(["check", "w.yaml", "--no-cache"]).stdout
    assert "infra/t.yaml:6:7: error ADV205 queue LedgerWriterQueue" in text
    explained = run_cli(["check", "--explain", "ADV205"])
    assert explained.exit_code == 0 and "six times" in explained.stdout


def test_a_repository_may_lower_a_code_s_severity(here: Path) -> None:
    (here / ".advisor.yaml").write_text("severity: {ADV205: info}\n")
    found = conform(here, LEDGER, LEDGER_QUEUE.format(visibility=30))
    assert [(f["code"], f["severity"]) for f in found] == [("ADV205", "info")]


def test_a_template_of_another_cloud_s_design_is_not_read(
        here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import msgspec

    from advisor.gate.conformance import run, vocab

    other = msgspec.structs.replace(vocab.vocab(), cloud="elsewhere")
    monkeypatch.setattr(run, "vocab", lambda: other)
    found = conform(here, LEDGER, LEDGER_QUEUE.format(visibility=30))
    assert [(f["code"], f["path"], f["line"]) for f in found] == [("ADV201", "w.yaml", 11)]
    assert "the gate reads the templates of elsewhere designs" in str(found[0]["message"])


SAM_PUSHED = """Transform: AWS::Serverless-2016-10-31
Resources:
  CrmFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Events:
        Signups:
          Type: EventBridgeRule
          Properties:
            Pattern: {{source: [signups]}}
{crm}
  WelcomeRule:
    Type: AWS::Events::Rule
    Properties:
      Targets:
        - Id: welcome
          Arn: !Ref WelcomeStateMachineArn
          DeadLetterConfig: {{Arn: !GetAtt WelcomeDlq.Arn}}
  WelcomeDlq:
    Type: AWS::SQS::Queue
"""


def test_a_sam_event_pushed_to_a_function_needs_its_dead_letter_queue(here: Path) -> None:
    from tests.gate.test_conformance import SIGNUPS

    fixed = "            DeadLetterConfig: {Arn: !GetAtt CrmDlq.Arn}\n  CrmDlq:\n" \
            "    Type: AWS::SQS::Queue"
    assert conform(here, SIGNUPS, SAM_PUSHED.format(crm=fixed)) == []
    found = conform(here, SIGNUPS, SAM_PUSHED.format(crm=""))
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("ADV204", 10, 9)]
    assert "CrmFunction event Signups for consumer crm (EventBridgeRule) has no dead-letter " \
        "queue (DeadLetterConfig)" in str(found[0]["message"])
