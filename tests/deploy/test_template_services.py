"""Every AWS service id of the catalogue becomes a resource or a parameter: a design that
uses them all gives a template cfn-lint accepts, with each one in it."""

from __future__ import annotations

from advisor.core.designs import ConsumerPath, Design, ServiceUse
from advisor.core.numbers import Sizing
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


def _everything() -> str:
    consumers = "\n".join(f"  - {{name: c{i}}}" for i in range(len(PATHS)))
    workload = workload_from(f"version: 1\nname: everything\nkind: event\nconsumers:\n"
                             f"{consumers}\n")
    services = tuple(ServiceUse(s, "", "") for s in SERVICE_IDS)
    paths = tuple(ConsumerPath(f"c{i}", "push", hops, runs_on)
                  for i, (runs_on, hops) in enumerate(PATHS))
    design = Design("hybrid", services, paths, (), (), True, "")
    subject = Subject(workload, design, Sizing((), (), ()), None, load_catalogue(), None)
    return to_yaml(CloudFormation().emit([subject]))


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
