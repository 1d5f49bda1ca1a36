"""What the team owns enters the template as parameters: its functions, endpoints, state
machines, roles and tables. The template then deploys as it is, around existing code."""

from __future__ import annotations

import math

from advisor.deploy.cloudformation.build import Json, Workbench, ref

ARN_PATTERN = r"^arn:aws[a-zA-Z-]*:[a-z0-9-]+:.*$"


def _arn(description: str) -> Json:
    return {"Type": "String", "AllowedPattern": ARN_PATTERN, "Description": description}


def function_arn(b: Workbench, consumer: str) -> Json:
    name = b.parameter((consumer, "FunctionArn"), _arn(
        f"ARN of the Lambda function of {consumer} (the team's code)"))
    return ref(name)


def state_machine_arn(b: Workbench, consumer: str) -> Json:
    name = b.parameter((consumer, "StateMachineArn"), _arn(
        f"ARN of the Step Functions state machine of {consumer}"))
    return ref(name)


def role_arn(b: Workbench, consumer: str, who: str) -> Json:
    """A role the team grants: AWS's services assume it to reach the team's resources
    (`who`: what assumes it, such as `Pipe` or `TargetRole`)."""
    name = b.parameter((consumer, who, "Arn"), _arn(
        f"ARN of the IAM role {who} assumes for {consumer or b.w.name}"))
    return ref(name)


def endpoint_url(b: Workbench, consumer: str) -> Json:
    name = b.parameter((consumer, "EndpointUrl"), {
        "Type": "String", "AllowedPattern": "^https://.+$",
        "Description": f"HTTPS endpoint of {consumer}"})
    return ref(name)


def secret(b: Workbench, consumer: str, what: str) -> Json:
    name = b.parameter((consumer, what), {
        "Type": "String", "NoEcho": True, "MinLength": 1,
        "Description": f"{what} for {consumer}'s endpoint (never shown by CloudFormation)"})
    return ref(name)


def address(b: Workbench, consumer: str, protocol: str) -> Json:
    """Where a topic delivers to people: an email address, a phone number, an endpoint."""
    name = b.parameter((consumer, "Endpoint"), {
        "Type": "String", "MinLength": 1,
        "Description": f"The {protocol} endpoint {consumer} is reached at"})
    return ref(name)


def shared_arn(b: Workbench, words: tuple[str, ...], what: str) -> Json:
    """The ARN of something the workload reads or writes that exists outside the template
    (a table's stream, a Kafka cluster, a bucket)."""
    return ref(b.parameter(words, _arn(f"ARN of {what}")))


def shared_name(b: Workbench, words: tuple[str, ...], what: str, default: str) -> Json:
    return ref(b.parameter(words, {"Type": "String", "MinLength": 1, "Default": default,
                                   "Description": what}))


def function_timeout(b: Workbench, consumer: str) -> str:
    """The function's timeout in seconds: the sized figure (one batch's processing with
    head-room) where the processing time is stated; else the timeout whose multiple is the
    queue's default visibility timeout, so the queue behaves as if left at its default."""
    least, most = b.number("lambda-timeout-min"), b.number("lambda-timeout-max")
    sized = b.figure(f"lambda_timeout_s.{consumer}")
    if sized is None:
        times = b.number("lambda-esm-sqs-visibility-timeout")
        sized = max(least, math.floor(b.number("sqs-visibility-timeout-default") / times))
        why = "no processing time is stated: the queue's default visibility / "
        why += f"{times:g}"
    else:
        why = "one batch's processing with head-room, as the ADR sizes it"
    return b.parameter((consumer, "FunctionTimeout"), {
        "Type": "Number", "MinValue": int(least), "MaxValue": int(most),
        "Default": int(sized),
        "Description": f"Timeout in seconds of {consumer}'s function ({why}); the queue's "
                       "visibility timeout follows from it"})
