"""Routes to people: email, SMS and mobile push, to fixed or per-message recipients."""

from __future__ import annotations

from advisor.format import units
from advisor.format.workload import Consumer
from advisor.providers.aws.building import Builder
from advisor.providers.aws.vocabulary import ServiceId

# The service ids this module places in a design: the provider's `designed` set is the
# union over the design modules (designs.BRANCHES).
PLACES: frozenset[ServiceId] = frozenset({"lambda", "ses", "sns"})


def per_message_hops(b: Builder, consumer: Consumer) -> list[str]:
    """Each message names its own recipient: a function sends to that person, no topic."""
    fn = b.use("lambda", "function that sends each message to the recipient it names",
               "A topic subscription is one fixed, confirmed address; a message for its own "
               "recipient is sent by a function (or a pipe) that names the recipient.",
               "lambda-async-retries", "lambda-async-destinations")
    if consumer.runs_on == "email":
        daily = b.catalogue.number("ses-sandbox-daily-quota")
        rate = b.catalogue.number("ses-sandbox-send-rate")
        ses = b.use("ses", "email sending service called once per message "
                    "(SendEmail to the message's recipient)",
                    "Amazon SES sends each email to the address in the message, under the "
                    "account's sending quota and rate, set per account and Region; new accounts "
                    f"start in the sandbox (verified addresses only, {daily:,.0f} per 24 hours, "
                    f"{rate:g} per second) until production access is granted.", "ses-sandbox",
                    "ses-sandbox-daily-quota", "ses-sandbox-send-rate", "ses-production-quota",
                    "ses-max-message-size", "price-ses-outbound")
        _ses_limits(b, consumer)
        return [fn, ses]
    if consumer.runs_on == "sms":
        spend = b.catalogue.fact("sns-sms-spend-limit")
        b.warn(f"SMS to {consumer.name} goes by publishing to each phone number (SNS Publish "
               "with PhoneNumber, no subscription) or through AWS End User Messaging SMS. New "
               f"accounts are in the SMS sandbox (verified numbers only) with a spending "
               f"quota of ${spend.value or 0:,.2f} a month: request production access and a "
               "higher limit before launch.")
        return [fn, b.use("sns", "SMS sent by publishing to each recipient's phone number",
                          "SNS Publish with a PhoneNumber sends one SMS to that number with no "
                          "topic or subscription (AWS End User Messaging SMS does the same with "
                          "more sender controls).", "sns-sms-sandbox", "sns-sms-spend-limit",
                          "sns-sms-rate", "end-user-messaging-sms")]
    return [fn, b.use("sns", "mobile push to each device's platform endpoint",
                      "Each app install registers its device token as a platform endpoint "
                      "(CreatePlatformEndpoint); publishing to that endpoint's ARN pushes to "
                      "that device alone, with no topic subscription.",
                      "sns-mobile-push-endpoints")]


def assumed_fixed(b: Builder, consumer: Consumer) -> None:
    how = {"email": "send through Amazon SES (SendEmail) from a function",
           "sms": "publish to each phone number (SNS Publish) or use AWS End User Messaging",
           "mobile-push": "publish to each device's platform endpoint"}[consumer.runs_on or ""]
    held = ("recipients of the emails it sends" if email_rate(b, consumer) else
            "subscribers of the topic")
    b.warn(f"{consumer.name} does not state its recipients, so this design takes them as fixed "
           f"{held} (operators, on-call). If each message goes to its own "
           f"recipient (`recipients: per-message`), a subscription cannot do it: {how}.")


def _ses_limits(b: Builder, consumer: Consumer) -> None:
    peak = b.workload.rate_peak
    sandbox = b.catalogue.fact("ses-sandbox-send-rate")
    daily = b.catalogue.fact("ses-sandbox-daily-quota")
    if peak and sandbox.value and peak * consumer.count > sandbox.value:
        b.warn(f"{consumer.name} sends up to {units.format_rate(peak * consumer.count)} through "
               f"SES; the sandbox allows {sandbox.value:g} email/s and {daily.value or 0:,.0f} "
               "per 24 hours, and the production sending rate and quota are set per account "
               "and Region: request production access with a quota above this peak.")
        b.use("ses", "", "", sandbox.id, daily.id)


def email_rate(b: Builder, consumer: Consumer) -> bool:
    """Whether the peak is above what an SNS email subscription takes."""
    peak = b.workload.rate_peak
    limit = b.catalogue.fact("sns-email-rate")
    return bool(consumer.runs_on == "email" and peak and limit.value and peak > limit.value)


def fixed_email_hops(b: Builder, consumer: Consumer) -> list[str]:
    """Fixed recipients at a rate an SNS email subscription cannot take: a function sends
    through SES instead."""
    limit = b.catalogue.fact("sns-email-rate")
    peak = b.workload.rate_peak or 0.0
    fn = b.use("lambda", "function that sends each message by email through SES",
               f"{consumer.name} would receive up to {units.format_rate(peak)} by email; an "
               f"SNS email subscription takes {limit.value or 0:g} messages/s and is disabled "
               f"above it, so a function sends each message to the fixed recipients through "
               "Amazon SES (or sends a digest).", limit.id, "lambda-async-retries",
               "lambda-async-destinations")
    ses = b.use("ses", "email sending service called once per message (SendEmail to the "
                "fixed recipients)", "Amazon SES sends each email under the account's sending "
                "quota and rate, set per account and Region; new accounts start in the sandbox "
                "until production access is granted.", "ses-sandbox",
                "ses-sandbox-daily-quota", "ses-sandbox-send-rate", "ses-production-quota",
                "price-ses-outbound")
    b.warn(f"{consumer.name} would receive up to {units.format_rate(peak)} by email, above an "
           f"SNS email subscription's {limit.value or 0:g} messages/s ({limit.status}): this "
           "design sends it through Amazon SES from a function instead (a digest would also "
           "do).")
    _ses_limits(b, consumer)
    return [fn, ses]
