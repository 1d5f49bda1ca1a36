"""Where the source and the producer hand messages over: the first hops a design may use."""

from __future__ import annotations

from advisor.core.designs import PEOPLE, PUSH_ONLY
from advisor.format import units
from advisor.format.workload import Consumer
from advisor.providers.aws.building import Builder
from advisor.providers.aws.kinds import SELF_POLLING_RUNTIMES
from advisor.providers.aws.vocabulary import ServiceId

# The service ids this module places in a design: the provider's `designed` set is the
# union over the design modules (designs.BRANCHES).
PLACES: frozenset[ServiceId] = frozenset({"eventbridge", "sns"})

SELF_POLLING = SELF_POLLING_RUNTIMES


def source_targets(b: Builder) -> tuple[str, ...]:
    """Where the workload's `source` can publish (catalogue `sources:`): the only possible
    first hops. Empty when the producer is the team's own code, which can call any service."""
    w = b.workload
    return b.catalogue.source(w.source).targets if w.source else ()


def can_reach(b: Builder, service: str) -> bool:
    return not b.workload.source or service in source_targets(b)


# What each router delivers to, so that a service the source cannot reach is reached through
# one it can (SNS subscriptions; EventBridge targets).
RELAYS = {
    "sns": ("sqs", "lambda", "kinesis-firehose", "webhook"),
    "eventbridge": ("sqs", "sqs-fifo", "kinesis", "kinesis-firehose", "lambda",
                    "step-functions", "sns", "webhook"),
}


def lead_to(b: Builder, service: str) -> tuple[str, ...] | None:
    """The routers between the source and `service`: none where it publishes there itself,
    one router it can publish to that delivers there, or None where nothing reaches it."""
    if can_reach(b, service):
        return ()
    for router in ("sns", "eventbridge"):
        if can_reach(b, router) and service in RELAYS[router]:
            return (router,)
    return None


def reach_via(b: Builder, service: str) -> list[str] | None:
    """`lead_to`, with the relaying router added to the design."""
    lead = lead_to(b, service)
    if lead is None:
        return None
    return [relay(b, router, service) for router in lead]


def relay(b: Builder, router: str, service: str) -> str:
    source = b.catalogue.source(b.workload.source or "")
    if router == "sns":
        return b.use("sns", "topic the source publishes to, which delivers to the consumers' "
                     "services", f"{source.name} publishes only to "
                     f"{names_of(b, source.targets)}; an SNS topic delivers on to "
                     f"{b.catalogue.service(service).name}.", "sns-subscriptions-per-topic")
    return b.use("eventbridge", "event bus the source publishes to, routing to the consumers' "
                 "services", f"{source.name} publishes only to {names_of(b, source.targets)}; "
                 f"an EventBridge rule delivers on to {b.catalogue.service(service).name}.",
                 "eventbridge-retry", "eventbridge-targets-per-rule")


def names_of(b: Builder, services: tuple[str, ...] | list[str]) -> str:
    names = [b.catalogue.service(s).name for s in services]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def per_message(consumer: Consumer) -> bool:
    return consumer.runs_on in PEOPLE and consumer.recipients == "per-message"


def push_only(consumer: Consumer) -> bool:
    """Consumers that only a push reaches; per-message people are reached by a function the
    team writes, which can drain a buffer like any other."""
    return consumer.runs_on in PUSH_ONLY and not per_message(consumer)


def span(seconds: float) -> str:
    """A catalogue duration as the texts write it: "365 days", "24 hours", "5 minutes"."""
    return units.format_span(seconds)
