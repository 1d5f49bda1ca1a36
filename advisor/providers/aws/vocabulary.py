"""AWS's words: the service ids a workload and a design may name, and the sources that emit."""

from __future__ import annotations

from typing import Literal, get_args

from advisor.format.vocabulary import Vocabulary

# In the catalogue's order, which is the order ADRs list them.
ServiceId = Literal[
    "sns", "sns-fifo", "sqs", "sqs-fifo", "eventbridge", "eventbridge-pipes", "kinesis",
    "kinesis-firehose", "dynamodb-streams", "msk", "mq", "lambda", "lambda-esm",
    "step-functions", "api-gateway-websocket", "appsync", "iot-core", "webhook", "s3",
    "ses", "eventbridge-scheduler",
]
SERVICE_IDS: tuple[ServiceId, ...] = get_args(ServiceId)
SOURCES = (
    "dynamodb", "s3", "cloudwatch-logs", "cloudwatch-alarms", "ses", "textract",
    "guardduty", "aws-health", "cognito", "iot-core", "api-gateway",
)
VOCABULARY = Vocabulary(
    "aws", SERVICE_IDS, SOURCES, service_name="AWS service", region_name="AWS Region",
    region_pattern=r"[a-z]{2}(-[a-z]+)+-\d{1,2}", region_example="eu-west-1",
    default_region="us-east-1")
