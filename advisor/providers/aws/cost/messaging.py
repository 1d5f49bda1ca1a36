"""Pricers of the services that carry messages on: topics, buses, schedules, pipes, email."""

from __future__ import annotations

from advisor.core.designs import ConsumerPath
from advisor.providers.aws.building import QUEUES
from advisor.providers.aws.cost.coster import Coster, readable


def sns(c: Coster, service: str) -> None:
    c.add("sns", "price-sns-publish", "publishes", c.messages())
    for path in c.design.paths:
        if "sns" not in path.hops:
            continue
        nxt = path.hops[path.hops.index("sns") + 1] if path.hops[-1] != "sns" else None
        if path.runs_on in ("email", "mobile-push") and nxt is not None:
            continue  # the topic hands the message to a function that sends it (SES, ...)
        if path.runs_on == "email":
            c.add("sns", "price-sns-email-delivery", f"email deliveries to "
                  f"{path.consumer}", c.messages(c.copies(path.consumer),
                                                 chunked=False))
        elif path.runs_on == "mobile-push":
            c.add("sns", "price-sns-mobile-push", f"mobile push to {path.consumer}",
                  c.messages(c.copies(path.consumer), chunked=False))
        elif path.runs_on == "sms":
            _sms(c, path)
        elif nxt == "webhook":
            c.add("sns", "price-sns-http-delivery", f"HTTPS deliveries to "
                  f"{path.consumer}", c.messages(path.count, chunked=False))
    c.assumptions.append("SNS deliveries to SQS and Lambda are free.")
    for path in c.design.paths:
        if "sns" in path.hops and path.queues > 1 and path.follows("sns", QUEUES):
            n = path.count * path.queues
            c.assumptions.append(
                f"{path.consumer} has {n:,} instance queues, each an SNS subscription: "
                + ("a filter policy delivers each message to one of them"
                   if c.per_message(path.consumer) else
                   f"each published message is {n:,} free deliveries")
                + "; the publishes are counted once.")


def _sms(c: Coster, path: ConsumerPath) -> None:
    """SMS is priced per destination country: with a US price in the catalogue, US SMS is
    priced and said to be; without one, it is named as unpriced."""
    fact = c.cat.fact("price-sns-sms")
    scale = {"usd-per-million": 1.0, "usd-per-message": 1e6}.get(fact.unit or "")
    average, peak = c.messages(c.copies(path.consumer), chunked=False)
    if fact.value is None or scale is None:
        c.skip("sns", f"SNS SMS to {path.consumer}: {readable(average * 1e6)} SMS a month "
               f"at the average rate ({readable(peak * 1e6)} at the peak), priced per "
               "destination country")
        return
    c.add("sns", fact.id, f"SMS to {path.consumer} at the US rate (other countries "
          "differ)", (average * scale, peak * scale))


def ses(c: Coster, service: str) -> None:
    # An email per recipient: one per message where each message names its recipient,
    # one per instance where every recipient gets each message.
    emails = sum(c.copies(p.consumer) for p in c.design.paths
                 if p.hops[-1:] == ("ses",))
    c.add("ses", "price-ses-outbound", f"outbound emails ({emails:,} per message)",
          c.messages(emails, chunked=False))


def sns_fifo(c: Coster, service: str) -> None:
    paths = [p for p in c.design.paths for h in p.hops if h == "sns-fifo"]
    subscriptions = sum(p.count * p.queues for p in paths)
    # A subscription per instance queue: a broadcast reaches each; a message for one
    # instance is delivered (after its filter policy) to that one alone.
    deliveries = sum(p.count * (1 if c.per_message(p.consumer) else p.queues)
                     for p in paths)
    c.add("sns-fifo", "price-sns-fifo-publish", "publishes", c.messages(chunked=False))
    c.add("sns-fifo", "price-sns-fifo-publish-payload", "published GB", c.gigabytes())
    shown = (f"{subscriptions} subscriptions" if deliveries == subscriptions else
             f"{subscriptions:,} subscriptions, {deliveries:,} per message")
    c.add("sns-fifo", "price-sns-fifo-delivery", f"deliveries to {shown}",
          c.messages(deliveries, chunked=False))
    c.add("sns-fifo", "price-sns-fifo-delivery-payload", "delivered GB",
          c.gigabytes(deliveries))


def eventbridge(c: Coster, service: str) -> None:
    c.add("eventbridge", "price-eventbridge-custom-events", "custom events",
          c.messages())
    # Every eventbridge -> webhook hop is an API destination, whoever listens behind it
    # (an HTTPS endpoint, or workers that take HTTP calls).
    endpoints = sum(p.count for p in c.design.paths if p.follows("eventbridge", "webhook"))
    if endpoints:
        c.add("eventbridge", "price-eventbridge-api-destinations",
              f"API destination calls to {endpoints} endpoint(s)",
              c.messages(endpoints, chunked=False))
    if "accounts" in c.w.crosses:
        # A flow that crosses accounts routes each event to the consumers' bus in their
        # account (see designs/push.py); the sender pays that send as a custom event.
        c.add("eventbridge", "price-eventbridge-cross-account-bus",
              "events sent on to a bus in another account (one per event)",
              c.messages())


def webhook(c: Coster, service: str) -> None:
    """An HTTP call is priced by the service that makes it: EventBridge's API destinations,
    SNS's HTTPS deliveries. From anything else it is named as unpriced."""
    for path in c.design.paths:
        for before, hop in zip(path.hops, path.hops[1:], strict=False):
            if hop == "webhook" and before not in ("eventbridge", "sns"):
                c.skip("webhook", f"HTTP calls from {before} to {path.consumer}: "
                       f"{c.per_second(1)}")


def eventbridge_scheduler(c: Coster, service: str) -> None:
    # A one-time schedule per message, invoked once when its delay has passed.
    c.add("eventbridge-scheduler", "price-eventbridge-scheduler",
          "invocations of one-time schedules (one per message)",
          c.messages(chunked=False))


def eventbridge_pipes(c: Coster, service: str) -> None:
    c.add("eventbridge-pipes", "price-eventbridge-pipes",
          f"requests through {c.count('eventbridge-pipes')} pipe(s)",
          c.messages(c.count("eventbridge-pipes")))
