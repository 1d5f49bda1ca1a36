"""`advisor compare`: one workload on every registered cloud, side by side, through the CLI.

Written to hold whichever clouds are registered: the tests iterate the registry, and those
that need a second cloud register a made-up one (AWS's knowledge under another cloud's name,
with one fact or one service changed) for their run only."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml

import advisor.providers as registry
from advisor.core.catalogue import Catalogue
from advisor.providers.aws.provider import AwsProvider
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import ROOT, run_cli

ORDER_PLACED = "examples/order-placed.yaml"  # run from the root: as a user types it
SCENARIOS = ROOT / "tests" / "scenarios"
SNAPSHOTS = ROOT / "tests" / "snapshots"
DATE = "2026-11-30"


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


class _Other(AwsProvider):
    """AWS's knowledge as another cloud: `without` drops service ids from its words, and
    `concurrency` replaces the account's Lambda concurrency quota."""

    def __init__(self, without: tuple[str, ...] = (), concurrency: float | None = None) -> None:
        self.vocabulary = msgspec.structs.replace(  # type: ignore[misc]
            VOCABULARY, cloud="gcp",
            service_ids=tuple(s for s in VOCABULARY.service_ids if s not in without))
        self._concurrency = concurrency

    @property
    def cloud(self) -> Any:
        return "gcp"

    def catalogue(self) -> Catalogue:
        catalogue = super().catalogue()
        if self._concurrency is None:
            return catalogue
        fact = msgspec.structs.replace(catalogue.facts["lambda-concurrency-default"],
                                       value=self._concurrency, by_region=None)
        return msgspec.structs.replace(
            catalogue, facts={**catalogue.facts, "lambda-concurrency-default": fact})


def compared(*args: str) -> dict[str, Any]:
    result = run_cli(["compare", *args, "--format", "json", "--date", DATE])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def scenario(name: str, tmp_path: Path) -> str:
    """A calibration scenario as a workload file: without the `expected:` answer it carries."""
    data = yaml.safe_load((SCENARIOS / name).read_text(encoding="utf-8"))
    data.pop("expected", None)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


def test_every_registered_cloud_is_shown_in_the_registry_order() -> None:
    document = compared(ORDER_PLACED)
    assert document["format_version"] == 1
    assert document["date"] == DATE
    (workload,) = document["workloads"]
    assert workload["name"] == "order-placed"
    assert [c["cloud"] for c in workload["clouds"]] == list(registry.PROVIDERS)
    for cloud in workload["clouds"]:
        assert cloud["buildable"] == (not cloud["reasons"] and "model" in cloud), cloud
        assert cloud.get("model") or cloud["reasons"], cloud  # a model, or why there is none


def test_the_json_document_has_the_documented_shape() -> None:
    (workload,) = compared(ORDER_PLACED)["workloads"]
    aws = workload["clouds"][list(registry.PROVIDERS).index("aws")]
    assert set(aws) == {"cloud", "name", "buildable", "reasons", "model", "title", "because",
                        "knowledge_as_of", "services", "routes", "cost", "closest_limits",
                        "error_handling"}
    assert aws["knowledge_as_of"] <= DATE
    assert (aws["name"], aws["model"], aws["buildable"]) == ("AWS", "hybrid", True)
    assert {"id": "eventbridge", "name": "EventBridge",
            "role": "event bus that routes each event to a target per consumer"} in aws["services"]
    assert {"consumer": "loyalty-points", "delivery": "poll",
            "hops": ["eventbridge", "sqs", "workers"]} in aws["routes"]
    cost = aws["cost"]
    assert cost["monthly_usd_average"] < cost["monthly_usd_peak"]
    assert any("Step Functions" in part for part in cost["unpriced"])
    assert cost["unverified_prices"] is True  # a price behind it is not verified on AWS's pages
    assert "(unverified prices)" in cost["summary"]
    shares = [x["use_pct"] for x in aws["closest_limits"] if x["use_pct"] is not None]
    assert shares == sorted(shares, reverse=True) and shares[0] == 24.0
    assert any("dead-letter queue" in text for text in aws["error_handling"])
    assert set(workload) == {"name", "source", "clouds", "error_handling_shared",
                             "differences"}


@pytest.mark.parametrize("name", ["08-s3-thumbnail-lambda.yaml", "19-throttle-third-party-api"
                                  ".yaml", "35-sns-fanout-orders.yaml",
                                  "25-centralised-logging-kinesis.yaml"])
def test_each_cloud_decides_as_recommend_does_on_it(name: str, tmp_path: Path) -> None:
    path = scenario(name, tmp_path)
    (workload,) = compared(path)["workloads"]
    result = run_cli(["recommend", path, "--dry-run", "--format", "json", "--date", DATE])
    (recommended,) = json.loads(result.stdout)["workloads"]
    aws = next(c for c in workload["clouds"] if c["cloud"] == "aws")
    assert (aws["model"], [s["id"] for s in aws["services"]]) == (
        recommended["model"], [s["id"] for s in recommended["services"]])
    assert aws["error_handling"] == recommended["error_handling"]


RESIZE = ("version: 1\nname: resize\nkind: event\nthroughput: {peak: 900/s}\n"
          "processing_time: 150ms\nconsumers: [{name: resize, runs_on: lambda}]\n")


@pytest.mark.parametrize(("snapshot", "others"), [
    ("compare-order-placed.md", {}),
    ("compare-difference.md", {"gcp": lambda: _Other(concurrency=50)}),
])
def test_the_markdown_matches_its_snapshot(snapshot: str, others: dict[str, Any],
                                           monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    """With the clouds set for the test, so that registering one does not change it: the
    snapshot shows the layout. Regenerate with UPDATE_SNAPSHOTS=1 and read the diff."""
    monkeypatch.setattr(registry, "PROVIDERS", {"aws": registry.PROVIDERS["aws"], **others})
    workload = ORDER_PLACED
    if others:
        monkeypatch.chdir(tmp_path)
        Path("w.yaml").write_text(RESIZE)
        workload = "w.yaml"
    result = run_cli(["compare", workload, "--format", "markdown", "--date", DATE])
    assert result.exit_code == 0, result.output
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        (SNAPSHOTS / snapshot).write_text(result.stdout, encoding="utf-8")
    assert result.stdout == (SNAPSHOTS / snapshot).read_text(encoding="utf-8")


def test_a_cloud_the_workload_cannot_be_built_on_shows_the_located_reason(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.PROVIDERS, "gcp", lambda: _Other(without=("eventbridge",)))
    (workload,) = compared(ORDER_PLACED)["workloads"]
    other = next(c for c in workload["clouds"] if c["cloud"] == "gcp")
    assert (other["buildable"], "model" in other) == (False, False)
    (reason,) = other["reasons"]
    assert reason.startswith(f"{ORDER_PLACED}:43:")
    assert "existing[0] 'eventbridge' is not one of the accepted values (hint: " in reason
    assert "\n" not in reason
    text = run_cli(["compare", ORDER_PLACED, "--date", DATE])
    assert text.exit_code == 0
    assert "Google Cloud:\n    cannot be built here:\n    - " in text.stdout
    markdown = run_cli(["compare", ORDER_PLACED, "--format", "markdown", "--date", DATE])
    assert "| Google Cloud | cannot be built | | | |" in markdown.stdout


def test_the_fact_that_made_the_difference_is_named(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    """Where a cloud's concurrency quota is below the function's peak concurrency, it buffers
    (PP403) where AWS pushes (PP108): the rules and the quota they cite are shown."""
    monkeypatch.setitem(registry.PROVIDERS, "gcp", lambda: _Other(concurrency=50))
    path = tmp_path / "w.yaml"
    path.write_text(RESIZE)
    (workload,) = compared(str(path))["workloads"]
    difference = next(d for d in workload["differences"] if d["clouds"] == ["aws", "gcp"])
    assert difference["models"] == {"aws": "push", "gcp": "poll"}
    other = {f["rule"]: f for f in difference["rules"]["gcp"]}
    assert "PP403" in other and "PP108" not in other
    assert {"id": "lambda-concurrency-default", "value": "50"}.items() <= next(
        x for x in other["PP403"]["facts"] if x["id"] == "lambda-concurrency-default").items()
    assert "PP108" in [f["rule"] for f in difference["rules"]["aws"]]
    text = run_cli(["compare", str(path), "--date", DATE]).stdout
    assert "AWS push, Google Cloud poll:" in text
    assert "on Google Cloud only, PP403 for resize" in text
    assert "lambda-concurrency-default = 50: " in text


def test_the_text_for_a_pipe_is_plain_and_the_same_each_run(tmp_path: Path) -> None:
    first = run_cli(["compare", ORDER_PLACED, "--date", DATE])
    assert first.exit_code == 0
    assert "\x1b[" not in first.stdout
    assert "What made the difference" in first.stdout
    out = tmp_path / "compare.txt"
    again = run_cli(["compare", ORDER_PLACED, "--date", DATE, "-o", str(out)])
    assert again.exit_code == 0
    assert out.read_text(encoding="utf-8") == first.stdout


def test_source_date_epoch_sets_the_date() -> None:
    result = run_cli(["compare", ORDER_PLACED, "--format", "json"],
                     env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert json.loads(result.stdout)["date"] == "2026-01-01"


def test_a_file_no_cloud_can_read_is_one_located_mistake(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("version: 1\nname: a\nkind: evnt\n")
    result = run_cli(["compare", str(path), "-o", str(tmp_path / "out.json"),
                      "--format", "json"])
    assert result.exit_code == 2
    assert f"{path}:3:7: " in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.json").exists()


def test_a_decision_no_design_can_build_whole_says_why(tmp_path: Path) -> None:
    """CloudWatch Logs reaches Kinesis, Firehose and Lambda only, none of which fans out to
    a device and two more consumers: AWS decides, and says why the design is not whole."""
    path = tmp_path / "logs.yaml"
    path.write_text("version: 1\nname: logs\nkind: event\nsource: cloudwatch-logs\n"
                    "crosses: [accounts]\nthroughput: {average: 1/s}\nconsumers:\n"
                    "  - {name: a}\n  - {name: b}\n  - {name: panel, runs_on: device}\n")
    (workload,) = compared(str(path))["workloads"]
    aws = next(c for c in workload["clouds"] if c["cloud"] == "aws")
    assert (aws["buildable"], aws["model"]) == (False, "push")
    assert any("publishes only to" in reason for reason in aws["reasons"])
    text = run_cli(["compare", str(path), "--date", DATE]).stdout
    assert "cannot be built here:" in text


def test_compare_help_stays_light() -> None:
    from tests.cli.test_startup import SLOW, imported

    loaded = imported("compare", "--help")
    assert "advisor.cli.app_compare" in loaded
    assert not loaded & set(SLOW), sorted(loaded & set(SLOW))


def test_each_workload_of_a_file_gets_its_own_reasons(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.setitem(registry.PROVIDERS, "gcp", lambda: _Other(without=("eventbridge",)))
    path = tmp_path / "two.yaml"
    path.write_text("version: 1\ndefaults: {kind: event}\nworkloads:\n"
                    "  - name: a\n    existing: [eventbridge]\n"
                    "  - name: b\n    consumers: 2\n")
    a, b = compared(str(path))["workloads"]
    on = {w["name"]: next(c for c in w["clouds"] if c["cloud"] == "gcp") for w in (a, b)}
    (own,) = on["a"]["reasons"]
    assert own.startswith(f"{path}:5:") and "'eventbridge'" in own
    assert on["b"]["reasons"] == [
        "not decided: the file is read whole, and other workloads of it cannot be read for "
        f"Google Cloud, the first at {path}:5:16"]
    assert all(next(c for c in w["clouds"] if c["cloud"] == "aws")["buildable"]
               for w in (a, b))
