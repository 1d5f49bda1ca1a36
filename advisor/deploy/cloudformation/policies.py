"""Who may send to what: queue and topic policies for the AWS services that deliver, and the
permissions that let them invoke the team's functions. Each grant is narrowed to the one
sender (its ARN) or, where the sender is the source's service, to this account."""

from __future__ import annotations

from advisor.deploy.cloudformation.build import Json, Workbench, ref, sub

# The service principals of the AWS sources that publish to a topic or queue themselves.
SOURCE_PRINCIPALS = {"s3": "s3.amazonaws.com", "cloudwatch-alarms": "cloudwatch.amazonaws.com",
                     "ses": "ses.amazonaws.com", "iot-core": "iot.amazonaws.com"}
SERVICE_PRINCIPALS = {"eventbridge": "events.amazonaws.com", "sns": "sns.amazonaws.com",
                      "sns-fifo": "sns.amazonaws.com", "iot-core": "iot.amazonaws.com"}


def _statement(principal: str, action: str, resource: Json, sender: Json | None) -> Json:
    condition: Json = ({"ArnEquals": {"aws:SourceArn": sender}} if sender is not None
                       else {"StringEquals": {"aws:SourceAccount": ref("AWS::AccountId")}})
    return {"Effect": "Allow", "Principal": {"Service": principal}, "Action": action,
            "Resource": resource, "Condition": condition}


def queue_policy(b: Workbench, consumer: str | None, queue: str, sender: str,
                 sender_arn: Json | None) -> str:
    """Let `sender` (a service id) send to the queue: one policy per queue, and each queue of
    the fabric has one sender."""
    return b.resource((queue.removeprefix(b.prefix), "Policy"), "AWS::SQS::QueuePolicy", {
        "Queues": [ref(queue)],
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [_statement(
            SERVICE_PRINCIPALS[sender], "sqs:SendMessage", {"Fn::GetAtt": [queue, "Arn"]},
            sender_arn)]}}, "policy", consumer, f"who may send to {queue}")


def topic_policy(b: Workbench, topic: str, principals: list[str]) -> str:
    """Let the AWS services that publish to the topic (a bus, the source) do so, from this
    account only."""
    return b.resource((topic.removeprefix(b.prefix), "Policy"), "AWS::SNS::TopicPolicy", {
        "Topics": [ref(topic)],
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [
            _statement(p, "sns:Publish", ref(topic), None) for p in principals]}},
        "policy", None, "who may publish to the topic")


def invoke_permission(b: Workbench, consumer: str, words: tuple[str, ...], function: Json,
                      sender: str, sender_arn: Json | None) -> str:
    props: Json = {"Action": "lambda:InvokeFunction", "FunctionName": function,
                   "Principal": SERVICE_PRINCIPALS.get(sender) or SOURCE_PRINCIPALS[sender]}
    if sender_arn is not None:
        props["SourceArn"] = sender_arn
    else:
        props["SourceAccount"] = ref("AWS::AccountId")
    return b.resource((*words, "Permission"), "AWS::Lambda::Permission", props, "policy",
                      consumer, f"lets {sender} invoke {consumer}'s function")


def account_arn(service: str, rest: str) -> Json:
    return sub(f"arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{rest}")
