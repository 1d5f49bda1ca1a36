"""What AWS tells the core's facts: which services are logs, queues and push routers, which
runtimes poll for themselves, and where each source can publish (from the catalogue)."""

from __future__ import annotations

from advisor.core.facts import CloudFacts

LOGS = ("dynamodb-streams", "kinesis", "msk")  # retained, read by pollers
SOURCE_BUFFERS = (*LOGS, "sqs", "sqs-fifo")
BUFFERS = ("sqs", "sqs-fifo", "kinesis", "msk", "mq")
PUSH_ROUTERS = ("sns", "sns-fifo", "eventbridge")
PUSH_ONLY_RUNTIMES = ("client", "email", "sms", "mobile-push", "https", "device", "store")
SELF_POLLING_RUNTIMES = ("lambda", "container", "on-premises")
# How a message that names its recipient reaches them, per people's channel.
PER_MESSAGE_ROUTES = (("email", "sent through Amazon SES"),
                      ("sms", "published to each phone number"),
                      ("mobile-push", "published to each device's platform endpoint"))


def source_targets(source: str) -> tuple[str, ...]:
    """The services a source can publish to, from the catalogue (its first hops)."""
    from advisor.providers.aws.catalogue import load_catalogue  # cached; only sources pay

    return tuple(load_catalogue().source(source).targets)


AWS_FACTS = CloudFacts(LOGS, SOURCE_BUFFERS, BUFFERS, PUSH_ROUTERS, PUSH_ONLY_RUNTIMES,
                       SELF_POLLING_RUNTIMES, source_targets, PER_MESSAGE_ROUTES)
