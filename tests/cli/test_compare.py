"""`advisor compare`: one workload on every registered cloud, side by side, through the CLI.

Written to hold whichever clouds are registered: the tests iterate the registry, and those
that compare two clouds pick AWS and Google Cloud by name from the document."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

import advisor.providers as registry
from tests.conftest import ROOT, run_cli

ORDER_PLACED = "examples/order-placed.yaml"  # run from the root: as a user types it
SCENARIOS = ROOT / "tests" / "scenarios"
SNAPSHOTS = ROOT / "tests" / "snapshots"
DATE = "2026-11-30"


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


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
    assert set(aws) == {"cloud", "name", "buildable", "reasons", "left_behind", "model", "title",
                        "because", "knowledge_as_of", "services", "routes", "cost",
                        "closest_limits", "error_handling"}
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


# A function at about 2,400 concurrent executions at the peak (1,200/s for 2 s each), far
# beyond AWS's default account concurrency: AWS buffers it, Google Cloud invokes it per event.
BURST = ("version: 1\nname: resize\nkind: event\nthroughput: {peak: 1200/s}\n"
         "processing_time: 2s\nconsumers: [{name: resize, runs_on: function}]\n")
# An S3 bucket is AWS's own source: no other cloud can read it.
THUMBS = ("version: 1\nname: thumbs\nkind: event\nsource: s3\n"
          "consumers: [{name: resize, runs_on: function}]\n")


def on(workload: dict[str, Any], cloud: str) -> dict[str, Any]:
    return next(c for c in workload["clouds"] if c["cloud"] == cloud)


def others(workload: dict[str, Any]) -> list[dict[str, Any]]:
    """Every registered cloud but AWS: Google Cloud at least."""
    found = [c for c in workload["clouds"] if c["cloud"] != "aws"]
    assert "gcp" in [c["cloud"] for c in found]
    return found


@pytest.mark.parametrize(("snapshot", "given"), [
    ("compare-order-placed.md", None),
    ("compare-difference.md", BURST),
])
def test_the_markdown_matches_its_snapshot(snapshot: str, given: str | None,
                                           monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    """On AWS and Google Cloud, set for the test so that registering another cloud does not
    change it: the snapshot shows the layout. Regenerate with UPDATE_SNAPSHOTS=1 and read the
    diff."""
    monkeypatch.setattr(registry, "PROVIDERS",
                        {cloud: registry.PROVIDERS[cloud] for cloud in ("aws", "gcp")})
    workload = ORDER_PLACED
    if given is not None:
        monkeypatch.chdir(tmp_path)
        Path("w.yaml").write_text(given)
        workload = "w.yaml"
    result = run_cli(["compare", workload, "--format", "markdown", "--date", DATE])
    assert result.exit_code == 0, result.output
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        (SNAPSHOTS / snapshot).write_text(result.stdout, encoding="utf-8")
    assert result.stdout == (SNAPSHOTS / snapshot).read_text(encoding="utf-8")


def test_a_cloud_the_workload_cannot_be_built_on_shows_the_located_reason(
        tmp_path: Path) -> None:
    path = tmp_path / "thumbs.yaml"
    path.write_text(THUMBS)
    (workload,) = compared(str(path))["workloads"]
    assert on(workload, "aws")["buildable"]
    for other in others(workload):
        assert (other["buildable"], "model" in other) == (False, False), other
        (reason,) = other["reasons"]
        assert reason.startswith(f"{path}:4:9: source 's3' is not one of the accepted values "
                                 "(hint: expected "), reason
        assert "\n" not in reason
    assert "cloud-storage" in on(workload, "gcp")["reasons"][0]  # the hint is the cloud's own
    text = run_cli(["compare", str(path), "--date", DATE])
    assert text.exit_code == 0
    markdown = run_cli(["compare", str(path), "--format", "markdown", "--date", DATE])
    for other in others(workload):
        assert f"{other['name']}:\n    cannot be built here:\n    - {path}:4:9: " in text.stdout
        assert f"| {other['name']} | cannot be built | | | |" in markdown.stdout


def test_the_fact_that_made_the_difference_is_named(tmp_path: Path) -> None:
    """Where a function's peak concurrency is above AWS's default account quota, AWS buffers
    it (PP403, citing the quota) where Google Cloud invokes its function per event (GC101):
    the rules and the facts they cite on their own cloud are shown."""
    path = tmp_path / "w.yaml"
    path.write_text(BURST)
    (workload,) = compared(str(path))["workloads"]
    difference = next(d for d in workload["differences"] if set(d["clouds"]) == {"aws", "gcp"})
    assert difference["models"] == {"aws": "poll", "gcp": "push"}
    aws = {f["rule"]: f for f in difference["rules"]["aws"]}
    gcp = {f["rule"]: f for f in difference["rules"]["gcp"]}
    assert aws["PP403"]["consumer"] == "resize"
    assert "about 2,400 concurrent executions" in aws["PP403"]["rationale"]
    quota = next(x for x in aws["PP403"]["facts"] if x["id"] == "lambda-concurrency-default")
    assert (quota["value"], quota["status"]) == ("1,000", "verified")
    assert quota["source"].startswith("https://docs.aws.amazon.com/lambda/")
    assert "PP403" not in gcp and gcp["GC101"]["consumer"] == "resize"
    assert "functions-max-instances" in [x["id"] for x in gcp["GC101"]["facts"]]
    text = run_cli(["compare", str(path), "--date", DATE]).stdout
    assert "AWS poll, Google Cloud push:" in text
    assert "on AWS only, PP403 for resize" in text
    assert "on Google Cloud only, GC101 for resize" in text
    assert "lambda-concurrency-default = 1,000: " in text


def test_what_names_its_own_cloud_is_left_behind_on_another() -> None:
    """order-placed builds on AWS's EventBridge (`existing:`): kept on AWS, left behind on
    every other cloud, where the document, the text and the Markdown say so, in the words the
    recommendation's warning uses."""
    (workload,) = compared(ORDER_PLACED)["workloads"]
    assert on(workload, "aws")["left_behind"] == []
    assert "eventbridge" in [s["id"] for s in on(workload, "aws")["services"]]
    left = "existing: [eventbridge] (of aws)"
    for other in others(workload):
        assert other["left_behind"] == [left], other["cloud"]
    warnings = json.loads(run_cli(["recommend", ORDER_PLACED, "--cloud", "gcp", "--dry-run",
                                   "--format", "json", "--date", DATE]).stdout)
    assert any(f"without {left}:" in w for w in warnings["workloads"][0]["warnings"])
    text = run_cli(["compare", ORDER_PLACED, "--date", DATE]).stdout
    assert text.count(f"services or region: {left}\n") == len(others(workload))
    markdown = run_cli(["compare", ORDER_PLACED, "--format", "markdown", "--date", DATE]).stdout
    assert "- Google Cloud: existing: \\[eventbridge\\] (of aws)\n" in markdown
    assert "- AWS: " not in markdown


def test_a_region_is_kept_on_its_own_cloud_and_left_behind_on_another(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("version: 1\nname: w\nkind: event\nregion: eu-west-1\n"
                    "throughput: {average: 10/s}\nconsumers: [{name: c, runs_on: function}]\n")
    (workload,) = compared(str(path))["workloads"]
    aws = on(workload, "aws")
    assert aws["left_behind"] == []
    assert all(" in eu-west-1 " in x["text"] for x in aws["closest_limits"]), aws
    for other in others(workload):
        assert other["left_behind"] == ["region: eu-west-1 (of aws)"], other["cloud"]
        assert not any("eu-west-1" in x["text"] for x in other["closest_limits"]), other


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


def test_each_workload_of_a_file_gets_its_own_reasons(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text("version: 1\ndefaults: {kind: event}\nworkloads:\n"
                    "  - name: a\n    source: s3\n"
                    "  - name: b\n    consumers: 2\n")
    a, b = compared(str(path))["workloads"]
    for other in others(a):
        (own,) = on(a, other["cloud"])["reasons"]
        assert own.startswith(f"{path}:5:13: ") and "'s3'" in own
        assert on(b, other["cloud"])["reasons"] == [
            "not decided: the file is read whole, and other workloads of it cannot be read for "
            f"{other['name']}, the first at {path}:5:13"]
    assert all(on(w, "aws")["buildable"] for w in (a, b))
