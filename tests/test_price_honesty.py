"""Prices and facts are honest about how sure they are (issue 13, items 3 and 6).

`verified` means read on an official AWS page; the catalogue's header says which sources
count. The ADR lists the prices it used, its knowledge date is the oldest fact the chosen
design depends on, and `advisor check` warns when that knowledge is too old."""

from __future__ import annotations

from urllib.parse import urlparse

from advisor.catalogue import Catalogue

# Notes that say the value itself was not read on an AWS page.
NOT_READ_ON_AWS = (
    "not re-read on the aws page", "not read on an aws page", "aws page rate not read",
    "third-party only", "single third-party source", "figure from infracost",
    "infracost golden", "pricing page could not be read", "figures were not visible",
    "rate not visible",
)
AWS_HOSTS = ("docs.aws.amazon.com", "aws.amazon.com", "docs.amazonaws.cn")
# AWS's own API models, published in boto/botocore ([API] in the fact sheet).
AWS_API_MODELS = "https://github.com/boto/botocore/"
# Written by AWS Support, unlike the rest of re:Post.
AWS_KNOWLEDGE_CENTER = "https://repost.aws/knowledge-center/"


def _official(url: str) -> bool:
    host = urlparse(url).netloc
    return (urlparse(url).scheme == "https" and host in AWS_HOSTS) or url.startswith(
        (AWS_API_MODELS, AWS_KNOWLEDGE_CENTER))


def test_no_verified_fact_says_it_was_not_read_on_an_aws_page(catalogue: Catalogue) -> None:
    wrong = [(f.id, phrase) for f in catalogue.facts.values() if f.status == "verified"
             for phrase in NOT_READ_ON_AWS if phrase in f.note.lower()]
    assert wrong == []


def test_every_verified_fact_cites_an_official_aws_source(catalogue: Catalogue) -> None:
    wrong = [(f.id, f.source) for f in catalogue.facts.values()
             if f.status == "verified" and not _official(f.source)]
    assert wrong == []


def test_the_checks_tell_official_from_other_sources() -> None:
    assert _official("https://aws.amazon.com/sns/pricing/")
    assert _official("https://github.com/boto/botocore/blob/develop/botocore/data/sqs/x.json")
    assert not _official("https://github.com/aws/agent-toolkit-for-aws/blob/x/SKILL.md")
    assert not _official("https://repost.aws/questions/QU5JzyVY7uRa")
    assert not _official("https://aws.amazon.com.example.org/pricing/")


def test_prices_from_price_list_extracts_are_unverified(catalogue: Catalogue) -> None:
    # Read only through infracost's Price List golden files and third-party guides.
    for fact_id in ("price-sqs-standard", "price-kinesis-shard-hour",
                    "price-lambda-duration-x86", "price-sns-publish", "price-mq-broker"):
        assert catalogue.fact(fact_id).status == "unverified", fact_id
    # Read on AWS pages: the SNS delivery wording, the EventBridge guide, the AWS blog.
    for fact_id in ("price-sns-delivery-sqs-lambda",
                    "price-eventbridge-schema-discovery-free-tier", "price-lambda-init"):
        assert catalogue.fact(fact_id).status == "verified", fact_id
