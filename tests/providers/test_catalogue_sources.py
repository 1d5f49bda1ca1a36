"""Where each workload `source` can publish: the catalogue's `sources:` section and its checks."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.core.catalogue import Catalogue
from advisor.errors import InternalError
from advisor.providers.aws.catalogue import _build, catalogue_path
from advisor.providers.aws.vocabulary import SERVICE_IDS

AWS_DOCS = ("https://docs.aws.amazon.com/", "https://aws.amazon.com/")


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data = yaml.safe_load(catalogue_path().read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _rebuilt(raw: dict[str, Any], source_id: str, **changes: object) -> Catalogue:
    """The catalogue built from its YAML with one `sources:` entry changed."""
    data = copy.deepcopy(raw)
    entry = next(e for e in data["sources"] if e["id"] == source_id)
    entry.update(changes)
    return _build(data, Path("catalogue.yaml"))


def test_the_facts_a_source_cites_are_aws_pages(catalogue: Catalogue) -> None:
    # That each source is listed once, with known targets and facts, the loader checks (the
    # tests of refusals below); that its facts cite AWS and say where it publishes, it does not.
    for source in catalogue.sources.values():
        for fact_id in source.facts:
            fact = catalogue.fact(fact_id)
            assert fact.source.startswith(AWS_DOCS), fact_id
        # Each source has its own behaviour fact saying where it publishes.
        assert any(catalogue.fact(f).kind == "behaviour" for f in source.facts), source.id


def test_sources_that_publish_to_one_service_only(catalogue: Catalogue) -> None:
    assert catalogue.source("textract").targets == ("sns",)
    assert catalogue.source("guardduty").targets == ("eventbridge",)
    assert catalogue.source("aws-health").targets == ("eventbridge",)
    assert catalogue.source("cognito").targets == ("lambda",)


def test_the_issue_s_first_hops(catalogue: Catalogue) -> None:
    expected = {
        "s3": {"sns", "sqs", "lambda", "eventbridge"},
        "cloudwatch-logs": {"kinesis", "kinesis-firehose", "lambda"},
        "cloudwatch-alarms": {"sns", "lambda", "eventbridge"},
        "dynamodb": {"dynamodb-streams", "kinesis"},
        "ses": {"sns", "eventbridge", "kinesis-firehose", "lambda", "s3"},
        "api-gateway": {"sqs", "sns", "eventbridge", "kinesis", "step-functions", "lambda"},
    }
    for source_id, targets in expected.items():
        assert set(catalogue.source(source_id).targets) == targets, source_id
    assert "eventbridge" not in catalogue.source("iot-core").targets


def test_new_services_are_described_with_their_facts(catalogue: Catalogue) -> None:
    assert SERVICE_IDS[-2:] == ("ses", "eventbridge-scheduler")
    for service_id in ("ses", "eventbridge-scheduler"):
        assert catalogue.service(service_id).docs.startswith("https://docs.aws.amazon.com/")
        assert any(f.service == service_id for f in catalogue.facts.values()), service_id
    assert catalogue.number("ses-sandbox-daily-quota") == 200
    assert catalogue.number("ses-sandbox-send-rate") == 1
    assert catalogue.number("sqs-delay-max") == 900


def test_unknown_source_is_an_internal_error(catalogue: Catalogue) -> None:
    with pytest.raises(InternalError, match="no source 'kafka'"):
        catalogue.source("kafka")


def test_an_unknown_target_is_rejected(raw: dict[str, Any]) -> None:
    with pytest.raises(InternalError, match=r"source 'textract' has targets that are not "
                                            r"catalogue services: azure-service-bus"):
        _rebuilt(raw, "textract", targets=["sns", "azure-service-bus"])


def test_an_unknown_fact_is_rejected(raw: dict[str, Any]) -> None:
    with pytest.raises(InternalError, match=r"source 's3' cites facts the catalogue does "
                                            r"not have: s3-no-such-fact"):
        _rebuilt(raw, "s3", facts=["s3-notification-destinations", "s3-no-such-fact"])


def test_empty_targets_or_facts_are_rejected(raw: dict[str, Any]) -> None:
    with pytest.raises(InternalError, match="source 'guardduty' needs a non-empty `targets:`"):
        _rebuilt(raw, "guardduty", targets=[])
    with pytest.raises(InternalError, match="source 'guardduty' needs a non-empty `facts:`"):
        _rebuilt(raw, "guardduty", facts=[])


def test_each_workload_source_exactly_once(raw: dict[str, Any]) -> None:
    missing = copy.deepcopy(raw)
    missing["sources"] = [e for e in missing["sources"] if e["id"] != "cognito"]
    with pytest.raises(InternalError, match="`sources:` has no entry for cognito"):
        _build(missing, Path("catalogue.yaml"))

    twice = copy.deepcopy(raw)
    twice["sources"].append(copy.deepcopy(twice["sources"][0]))
    with pytest.raises(InternalError, match="source 'dynamodb' is defined twice"):
        _build(twice, Path("catalogue.yaml"))

    with pytest.raises(InternalError, match="source 'kafka' is not a workload source"):
        _rebuilt(raw, "s3", id="kafka")

    absent = copy.deepcopy(raw)
    del absent["sources"]
    with pytest.raises(InternalError, match="needs a `sources:` list"):
        _build(absent, Path("catalogue.yaml"))
