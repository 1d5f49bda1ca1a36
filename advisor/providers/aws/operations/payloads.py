"""What a design gains from its payloads and order: a claim check, and order warnings."""

from __future__ import annotations

from advisor.core.designs import PEOPLE
from advisor.format import units
from advisor.providers.aws.building import Builder
from advisor.providers.aws.vocabulary import ServiceId

# The service ids this module places in a design: the provider's `designed` set is the
# union over the design modules (designs.BRANCHES).
PLACES: frozenset[ServiceId] = frozenset({"s3"})


def order_warnings(b: Builder) -> None:
    w = b.workload
    if w.ordering == "none":
        return
    for consumer in w.consumers:
        if consumer.runs_on in PEOPLE:
            b.warn(f"{consumer.name} is reached by {consumer.runs_on}, which keeps no order "
                   "(SNS FIFO delivers only to SQS queues); people may see messages out of "
                   "order.")


def claim_check(b: Builder) -> None:
    """Payloads over a broker's limit travel through S3, with a pointer in the message."""
    w = b.workload
    largest = w.payload_max
    if not largest:
        return
    limits = {
        "sns": "sns-max-message-size-opt-in", "sns-fifo": "sns-max-message-size",
        "sqs": "sqs-max-message-size", "sqs-fifo": "sqs-max-message-size",
        "eventbridge": "eventbridge-max-event-size", "lambda": "lambda-async-payload",
        "kinesis": "kinesis-max-record-size-configurable",
        "api-gateway-websocket": "api-gateway-websocket-message-size",
        "appsync": "appsync-events", "iot-core": "iot-core-message-size",
    }
    over = [(s, b.catalogue.fact(limits[s])) for s in b.uses if s in limits]
    over = [(s, f) for s, f in over if f.value is not None and largest > f.value]
    if over:
        names = ", ".join(f"{b.catalogue.service(s).name} ({units.format_size(f.value or 0)})"
                          for s, f in over)
        stored = b.catalogue.number("s3-claim-check-max-payload")
        b.use("s3", "claim-check store for payloads over the brokers' limits",
              f"Messages up to {units.format_size(largest)} exceed {names}; store the body in "
              "S3 and send a pointer (the Extended Client Libraries do this, up to "
              f"{stored / 1024**3:g} GB).",
              "s3-claim-check", *(f.id for _, f in over))
    sns = b.catalogue.number("sns-max-message-size")
    if "sns" in b.uses and largest > sns:
        most = b.catalogue.number("sns-max-message-size-opt-in")
        cap = b.catalogue.number("sns-large-message-subscription-cap")
        b.warn(f"Messages up to {units.format_size(largest)} exceed SNS's default "
               f"{units.format_size(sns)}; raise the topic's MaximumMessageSize (up to "
               f"{most / 1024**2:g} MiB, SQS, Lambda and Firehose subscribers only, at most "
               f"{cap:,.0f} subscriptions).")
