"""The services the team's code calls or clients connect to, and the stores around the
fabric: the claim-check bucket, SES, AppSync, WebSocket APIs, Scheduler, Firehose and the
MQTT topic of IoT Core."""

from __future__ import annotations

from advisor.deploy.cloudformation import parameters, safety
from advisor.deploy.cloudformation.build import Node, Workbench, arn_of, ref, sub
from advisor.deploy.cloudformation.naming import physical


def service_node(b: Workbench, service: str) -> Node | None:
    what = f"{b.w.name}: {service}"
    if service == "s3":
        name = b.resource(("ClaimCheck", "Bucket"), "AWS::S3::Bucket", {
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True}}, "other", None, "claim-check payloads")
        return Node(service, arn_of(name), name, name=ref(name))
    if service == "ses":
        name = b.resource(("Email", "ConfigurationSet"), "AWS::SES::ConfigurationSet", {},
                          "other", None, what)
        return Node(service, sub("arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}"
                                 ":configuration-set/${" + name + "}"), name, name=ref(name))
    if service == "appsync":
        return _appsync(b)
    if service == "api-gateway-websocket":
        name = b.resource(("WebSocket", "Api"), "AWS::ApiGatewayV2::Api", {
            "Name": physical(b.w.name, "websocket"), "ProtocolType": "WEBSOCKET",
            "RouteSelectionExpression": "$request.body.action"}, "api",
            _sole_consumer(b, service),
            "the clients' live connections")
        return Node(service, sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:"
                                 "${AWS::AccountId}:${" + name + "}/*"), name, name=ref(name))
    if service == "eventbridge-scheduler":
        name = b.resource(("Schedules",), "AWS::Scheduler::ScheduleGroup", {
            "Name": physical(b.w.name)}, "schedule", None, what)
        safety.dead_letter_queue(b, None, ("Schedules",), False, "the schedules")
        return Node(service, arn_of(name), name, name=ref(name))
    if service == "kinesis-firehose":
        name = b.resource(("Delivery", "Stream"), "AWS::KinesisFirehose::DeliveryStream", {
            "DeliveryStreamType": "DirectPut",
            "S3DestinationConfiguration": {
                "BucketARN": parameters.shared_arn(b, ("FirehoseBucketArn",),
                                                   "the bucket Firehose delivers to"),
                "RoleARN": parameters.shared_arn(b, ("FirehoseRoleArn",),
                                                 "the role Firehose writes with")}},
            "firehose", None, what)
        return Node(service, arn_of(name), name, name=ref(name))
    return None


def iot(b: Workbench) -> Node:
    """The MQTT topic the messages travel on; where IoT Core delivers to clients or devices
    (not as a rules engine reading the source's messages), the policy that lets them
    subscribe to it and receive from it."""
    topic = parameters.shared_name(b, ("IotTopic",), "The MQTT topic (prefix) the messages "
                                   "are published on", b.w.name)
    arn = "arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}"
    name = None
    if b.w.source != "iot-core":
        topic_id = b.id("IotTopic")
        name = b.resource(("Iot", "Policy"), "AWS::IoT::Policy", {"PolicyDocument": {
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "iot:Subscribe",
                 "Resource": sub(arn + ":topicfilter/${" + topic_id + "}/*")},
                {"Effect": "Allow", "Action": "iot:Receive",
                 "Resource": sub(arn + ":topic/${" + topic_id + "}/*")}]}},
            "policy", None, "clients and devices subscribe to the topic")
    return Node("iot-core", sub(arn + ":topic/${" + b.id("IotTopic") + "}"), name,
                name=topic)


def _sole_consumer(b: Workbench, service: str) -> str | None:
    """The consumer an API delivers to where it serves only one (the clients connected to
    it are that consumer), so that the Metadata says whom it serves; None where it is
    shared."""
    served = {p.consumer for p in b.subject.design.paths if service in p.hops}
    return served.pop() if len(served) == 1 else None


def _appsync(b: Workbench) -> Node:
    role = next((s.role for s in b.subject.design.services if s.id == "appsync"), "")
    if "GraphQL" in role:
        name = b.resource(("GraphQL", "Api"), "AWS::AppSync::GraphQLApi", {
            "Name": physical(b.w.name), "AuthenticationType": "AWS_IAM"}, "api",
            _sole_consumer(b, "appsync"), "GraphQL subscriptions")
        return Node("appsync", ref(name), name)
    iam = [{"AuthType": "AWS_IAM"}]
    name = b.resource(("Events", "Api"), "AWS::AppSync::Api", {
        "Name": physical(b.w.name), "EventConfig": {
            "AuthProviders": iam, "ConnectionAuthModes": iam,
            "DefaultPublishAuthModes": iam, "DefaultSubscribeAuthModes": iam}},
        "api", _sole_consumer(b, "appsync"), "AppSync Events channels")
    return Node("appsync", {"Fn::GetAtt": [name, "ApiArn"]}, name)
