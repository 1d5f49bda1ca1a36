"""Every AWS service id of the catalogue becomes a resource or a parameter: a design that
uses them all gives a template cfn-lint accepts, with each one in it."""

from __future__ import annotations

import pytest

from advisor.core.designs import ConsumerPath, Design, ServiceUse
from advisor.core.numbers import Figure, Sizing
from advisor.deploy.cloudformation.template import CloudFormation
from advisor.deploy.emitter import Subject
from advisor.deploy.yamlout import to_yaml
from advisor.providers.aws.catalogue import load_catalogue
from advisor.providers.aws.vocabulary import SERVICE_IDS
from tests.conftest import workload_from
from tests.deploy.test_template_lint import lint

# What shows each service in the template: a resource type, or a parameter's name ending.
EVIDENCE = {
    "sns": "AWS::SNS::Topic", "sns-fifo": "AWS::SNS::Topic", "sqs": "AWS::SQS::Queue",
    "sqs-fifo": "AWS::SQS::Queue", "eventbridge": "AWS::Events::EventBus",
    "eventbridge-pipes": "AWS::Pipes::Pipe", "kinesis": "AWS::Kinesis::Stream",
    "kinesis-firehose": "AWS::KinesisFirehose::DeliveryStream",
    "dynamodb-streams": "TableStreamArn", "msk": "KafkaClusterArn", "mq": "MqBrokerArn",
    "lambda": "AWS::Lambda::EventInvokeConfig", "lambda-esm": "AWS::Lambda::EventSourceMapping",
    "step-functions": "StateMachineArn", "api-gateway-websocket": "AWS::ApiGatewayV2::Api",
    "appsync": "AWS::AppSync::Api", "iot-core": "AWS::IoT::Policy",
    "webhook": "AWS::Events::ApiDestination", "s3": "AWS::S3::Bucket",
    "ses": "AWS::SES::ConfigurationSet", "eventbridge-scheduler": "AWS::Scheduler::ScheduleGroup",
}
PATHS = [
    ("lambda", ("sns", "sqs", "lambda-esm")),
    ("https", ("eventbridge", "webhook")),
    ("workflow", ("dynamodb-streams", "eventbridge-pipes", "step-functions")),
    ("lambda", ("mq", "lambda-esm")),
    ("lambda", ("msk", "lambda-esm")),
    ("lambda", ("kinesis", "lambda-esm")),
    ("email", ("eventbridge", "lambda", "ses")),
    ("container", ("eventbridge", "sqs-fifo", "workers")),
    ("client", ("lambda", "api-gateway-websocket")),
    ("client", ("appsync",)),
    ("device", ("eventbridge", "lambda", "iot-core")),
    ("store", ("eventbridge", "kinesis-firehose")),
    ("lambda", ("eventbridge", "lambda", "eventbridge-scheduler")),
    ("lambda", ("sns-fifo", "sqs-fifo", "lambda-esm")),
]


def _template(paths: list[tuple[str, tuple[str, ...]]], figures: tuple[Figure, ...] = (),
              extra: tuple[str, ...] = (), existing: str = "[]", source: str = "") -> str:
    consumers = "\n".join(f"  - {{name: c{i}}}" for i in range(len(paths)))
    workload = workload_from(f"version: 1\nname: everything\nkind: event\nconsumers:\n"
                             f"{consumers}\nexisting: {existing}\n"
                             + (f"source: {source}\nproducer: device\n" if source else ""))
    services = tuple(ServiceUse(s, "", "") for s in dict.fromkeys(
        [*(h for _, hops in paths for h in hops if h in SERVICE_IDS), *extra]))
    routes = tuple(ConsumerPath(f"c{i}", "push", hops, runs_on)
                   for i, (runs_on, hops) in enumerate(paths))
    design = Design("hybrid", services, routes, (), (), True, "")
    subject = Subject(workload, design, Sizing(figures, (), ()), None, load_catalogue(), None)
    return to_yaml(CloudFormation().emit([subject]))


def test_sized_enhanced_fan_out_and_fifo_high_throughput() -> None:
    import yaml

    flags = (Figure("kinesis_enhanced_fan_out", 1, "", "", flag=True),
             Figure("sqs_fifo_high_throughput", 1, "", "", flag=True))
    text = _template([("lambda", ("kinesis", "lambda-esm")),
                      ("lambda", ("sqs-fifo", "lambda-esm"))], flags)
    resources = yaml.safe_load(text)["Resources"]
    mapping = resources["EverythingC0Mapping"]["Properties"]
    assert mapping["EventSourceArn"] == {"Fn::GetAtt": ["EverythingC0StreamConsumer",
                                                        "ConsumerARN"]}
    queue = resources["EverythingC1Queue"]["Properties"]
    assert queue["DeduplicationScope"] == "messageGroup"
    assert queue["FifoThroughputLimit"] == "perMessageGroupId"
    assert not [m.rule.id for m in lint(text)]


def test_an_iot_rule_reaches_every_target_it_can() -> None:
    import yaml

    targets = ("sns", "sqs", "lambda", "kinesis", "kinesis-firehose", "step-functions")
    text = _template([("lambda", ("iot-core", t)) for t in targets], existing="[]",
                     source="iot-core")
    rules = [r for r in yaml.safe_load(text)["Resources"].values()
             if r["Type"] == "AWS::IoT::TopicRule"]
    assert len(rules) == len(targets)
    assert all("ErrorAction" in r["Properties"]["TopicRulePayload"] for r in rules)
    assert not [m.rule.id for m in lint(text)]


def _everything() -> str:
    return _template(PATHS, extra=("s3",))  # the claim-check bucket is on no path


def test_every_service_id_is_a_resource_or_a_parameter() -> None:
    import yaml

    assert set(EVIDENCE) == set(SERVICE_IDS)  # a new service id needs its evidence here
    template = yaml.safe_load(_everything())
    types = {r["Type"] for r in template["Resources"].values()}
    parameters = set(template["Parameters"])
    for service, evidence in EVIDENCE.items():
        assert evidence in types or any(p.endswith(evidence) for p in parameters), service


def test_the_template_of_every_service_passes_cfn_lint() -> None:
    errors = [f"{m.rule.id} line {m.linenumber}: {m.message}" for m in lint(_everything())]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("existing", ["[]", "[eventbridge]"])
def test_a_pipe_into_a_shared_bus_is_made_once(existing: str) -> None:
    import yaml

    text = _template([("lambda", ("dynamodb-streams", "eventbridge-pipes", "eventbridge",
                                  "lambda")),
                      ("lambda", ("dynamodb-streams", "eventbridge-pipes", "eventbridge",
                                  "lambda"))], existing=existing)
    resources = yaml.safe_load(text)["Resources"]
    pipes = [r for r in resources.values() if r["Type"] == "AWS::Pipes::Pipe"]
    rules = [r for r in resources.values() if r["Type"] == "AWS::Events::Rule"]
    assert len(pipes) == 1 and "consumer" not in pipes[0]["Metadata"]["advisor"]
    assert len(rules) == 2
