"""Format revision 1.1: the new fields are read, refused and offered like the rest, the JSON
output carries revision 1.1 of its spec, and slow consumers get their numbers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from advisor.core.catalogue import Catalogue
from advisor.core.designs import ConsumerPath, Design, ServiceUse
from advisor.core.recommend import advise
from advisor.core.rules import RuleSet
from advisor.format.jsonschema import json_schema
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.sizing import size
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import EXAMPLES, ROOT, run_cli, workload_from

SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*.yaml"))
VALIDATOR = jsonschema.Draft202012Validator(json_schema(VOCABULARY))

BASE = """version: 1
name: a
kind: event
throughput: {average: 10/s, peak: 100/s}
"""

# Each new key of revision 1.1, written where the format allows it.
VALID = {
    "cloud": "cloud: aws\nconsumers: [{name: x, runs_on: lambda}]\n",
    "expires_after": "expires_after: 30s\nconsumers: [{name: x, runs_on: lambda}]\n",
    "consumer expires_after": "consumers: [{name: x, runs_on: lambda, expires_after: 5m}]\n",
    "delay": "delay: 30d\nconsumers: [{name: x, runs_on: lambda}]\n",
    "replay by operator": "replay: {window: 7d, by: operator}\n"
                          "consumers: [{name: x, runs_on: container}]\n",
    "consumer replay by consumer": "consumers: [{name: x, runs_on: container, "
                                   "replay: {window: 2d, by: consumer}}]\n",
    "recipients": "consumers: [{name: x, runs_on: email, recipients: per-message}]\n",
    "instances": "consumers: [{name: x, runs_on: device, instances: 40000}]\n",
    "max_concurrency": "consumers: [{name: x, runs_on: function, max_concurrency: 50}]\n",
    "runs_on function": "consumers: [{name: x, runs_on: function}]\n",
    "runs_on device": "consumers: [{name: x, runs_on: device}]\n",
    "runs_on store": "consumers: [{name: x, runs_on: store}]\n",
    "producer cloud-service": "producer: cloud-service\nsource: s3\n"
                              "consumers: [{name: x, runs_on: lambda}]\n",
}


def _write(folder: Path, text: str, name: str = "t.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _json(path: Path) -> dict[str, Any]:
    result = run_cli(["recommend", str(path), "--format", "json", "--dry-run"])
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@pytest.mark.parametrize("extra", VALID.values(), ids=list(VALID))
def test_each_new_key_is_accepted(extra: str, tmp_path: Path) -> None:
    text = BASE + extra
    _json(_write(tmp_path, text))
    VALIDATOR.validate(yaml.safe_load(text))


# (the mistake, the line:column it is reported at, the suggestion)
TYPOS = [
    ("consumers: [{name: x, runs_on: email, recipient: per-message}]", "5:39", "recipients"),
    ("expires-after: 30s", "5:1", "expires_after"),
    ("dely: 5m", "5:1", "delay"),
    ("consumers: [{name: x, max_concurency: 5}]", "5:23", "max_concurrency"),
    ("consumers: [{name: x, instance: 5}]", "5:23", "instances"),
    ("consumers: [{name: x, expires_afer: 3s}]", "5:23", "expires_after"),
    ("consumers: [{name: x, runs_on: devise}]", "5:32", "device"),
    ("consumers: [{name: x, runs_on: functon}]", "5:32", "function"),
    ("consumers: [{name: x, recipients: per-mesage}]", "5:35", "per-message"),
    ("replay: {window: 7d, by: operater}", "5:26", "operator"),
    ("producer: cloud-servce", "5:11", "cloud-service"),
    ("cloud: aws2", "5:8", "aws"),
]


@pytest.mark.parametrize(("extra", "where", "meant"), TYPOS, ids=[t[2] for t in TYPOS])
def test_a_typo_of_each_new_key_is_located_with_a_suggestion(
        extra: str, where: str, meant: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = BASE + extra + "\n"
    _write(tmp_path, text)
    result = run_cli(["recommend", "t.yaml"])
    assert result.exit_code == 2
    assert f"t.yaml:{where}:" in result.output
    assert f'did you mean "{meant}"?' in result.output
    assert "Traceback" not in result.output and not (tmp_path / "docs").exists()
    assert not VALIDATOR.is_valid(yaml.safe_load(text))


@pytest.mark.parametrize(("extra", "where", "said"), [
    ("cloud: gcp", "5:8", "cloud: gcp is not supported yet"),
    ("implemented_by: x.yaml", "5:17", "implemented_by is not supported yet"),
])
def test_what_is_not_supported_yet_is_a_located_refusal(
        extra: str, where: str, said: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, BASE + extra + "\nconsumers: [{name: x, runs_on: lambda}]\n")
    result = run_cli(["recommend", "t.yaml"])
    assert result.exit_code == 2
    assert f"t.yaml:{where}: {said}" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.yaml"]  # nothing written


def _cases() -> list[Path]:
    def says(path: Path) -> bool:
        text = yaml.safe_dump(yaml.safe_load(path.read_text()))
        return "runs_on: lambda\n" in text or "producer: aws-service\n" in text
    return [p for p in EXAMPLES + SCENARIOS if says(p)]


def _echo_free(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The workload entries without what only echoes the file: its path and fingerprint, and
    the words of flips that paste a consumer entry back as it was written."""
    entries = []
    for entry in document["workloads"]:
        kept = {k: v for k, v in entry.items() if k not in ("source", "fingerprint")}
        kept["flips"] = [{**flip, "value": flip["value"].replace("runs_on: function",
                                                                 "runs_on: lambda")}
                         for flip in entry["flips"]]
        entries.append(kept)
    return entries


@pytest.mark.parametrize("path", _cases(), ids=lambda p: p.stem)
def test_neutral_words_mean_the_aws_ones(path: Path, tmp_path: Path) -> None:
    """runs_on: function is lambda, producer: cloud-service is aws-service."""
    data = yaml.safe_load(path.read_text())
    data.pop("expected", None)
    text = yaml.safe_dump(data, sort_keys=False)
    neutral = text.replace("runs_on: lambda\n", "runs_on: function\n").replace(
        "producer: aws-service\n", "producer: cloud-service\n")
    assert neutral != text
    aws = _json(_write(tmp_path, text, "aws.yaml"))
    assert _echo_free(_json(_write(tmp_path, neutral, "neutral.yaml"))) == _echo_free(aws)


def _with_defaults_written(data: dict[str, Any]) -> dict[str, Any]:
    """A workload with revision 1.1's defaults written out where it leaves them out."""
    data = _replay_mapping({"cloud": "aws", **data})
    consumers = data.get("consumers")
    if isinstance(consumers, list):
        data["consumers"] = [_replay_mapping({"instances": 1, **c}) for c in consumers]
    return data


def _replay_mapping(data: dict[str, Any]) -> dict[str, Any]:
    """`replay: 30d` written as its 1.1 mapping, {window: 30d, by: consumer}."""
    replay = data.get("replay")
    if isinstance(replay, str) and replay != "none":
        return {**data, "replay": {"window": replay, "by": "consumer"}}
    return data


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_1_0_example_means_the_same_with_the_1_1_defaults_written(
        path: Path, rules: RuleSet, catalogue: Catalogue) -> None:
    """A 1.0 file keeps its meaning: writing out what revision 1.1 takes by default changes
    neither the model nor the services (each example's ADR is pinned by test_snapshot)."""
    data = yaml.safe_load(path.read_text())
    spelled = ({**data, "workloads": [_with_defaults_written(w) for w in data["workloads"]]}
               if "workloads" in data else _with_defaults_written(data))
    for before, after in zip(_recs(data, rules, catalogue),
                             _recs(spelled, rules, catalogue), strict=True):
        assert after.model == before.model
        assert after.chosen.design.service_ids == before.chosen.design.service_ids


def _recs(data: dict[str, Any], rules: RuleSet, catalogue: Catalogue) -> list[Any]:
    from advisor.format.workload import parse_workloads
    from advisor.format.yamlnodes import parse_yaml

    text = yaml.safe_dump(data, sort_keys=False)
    return [advise(w, rules, catalogue, provider=AWS)
            for w in parse_workloads(parse_yaml(text, "w"), "w", vocabularies=VOCABULARY)]


# --- the JSON Schema ------------------------------------------------------------------


def test_the_schema_names_every_new_field() -> None:
    single = json_schema(VOCABULARY)["else"]  # type: ignore[index]  # a file without `workloads`
    props = single["properties"]
    for key in ("cloud", "expires_after", "delay", "implemented_by"):
        assert key in props
    assert props["cloud"]["enum"] == ["aws", "azure", "gcp"]
    assert "cloud-service" in props["producer"]["enum"]
    consumer = props["consumers"]["then"]["items"]["properties"]
    for key in ("recipients", "instances", "max_concurrency", "expires_after"):
        assert key in consumer
    assert {"function", "device", "store"} <= set(consumer["runs_on"]["enum"])
    assert consumer["recipients"]["enum"] == ["fixed", "per-message"]
    assert json.dumps(props["replay"]).count('"operator"') == 1


@pytest.mark.parametrize("path", EXAMPLES + SCENARIOS, ids=lambda p: p.stem)
def test_the_schema_and_the_reader_agree_on_every_file(path: Path) -> None:
    data = yaml.safe_load(path.read_text())
    data.pop("expected", None)
    VALIDATOR.validate(data)
    text = yaml.safe_dump(data)
    assert workload_from(text, path.name).name  # the reader takes it too


# --- slow consumers -------------------------------------------------------------------


SLOW = """version: 1
name: slow
kind: event
producer: application
throughput: {average: 1.8M/day, peak: 900/s}
processing_time: 200ms
consumers:
  - name: points
    runs_on: container
    max_rate: 50/s
"""


def test_a_consumer_below_the_peak_gets_backlog_and_drain(tmp_path: Path) -> None:
    entry = _json(_write(tmp_path, SLOW))["workloads"][0]
    assert entry["sizing"]["backlog_per_peak_minute.points"] == 51_000  # (900 - 50) x 60
    # 51,000 / (50 - 20.8333) = 1,748.57
    assert entry["sizing"]["drain_s_per_peak_minute.points"] == 1748.6
    details = {d["key"]: d for d in entry["sizing_details"]}
    assert "(peak 900/s - capacity 50/s) x 60 s = 51,000" in (
        details["backlog_per_peak_minute.points"]["formula"])
    assert not any("grows without bound" in w for w in entry["warnings"])


def test_max_concurrency_over_processing_time_is_a_capacity(tmp_path: Path) -> None:
    text = SLOW.replace("runs_on: container\n    max_rate: 50/s",
                        "runs_on: container\n    max_concurrency: 20")
    sizing = _json(_write(tmp_path, text))["workloads"][0]["sizing"]
    assert sizing["backlog_per_peak_minute.points"] == 48_000  # 20 / 0.2 s = 100/s
    both = SLOW.replace("max_rate: 50/s", "max_rate: 50/s\n    max_concurrency: 20")
    sizing = _json(_write(tmp_path, both))["workloads"][0]["sizing"]
    assert sizing["backlog_per_peak_minute.points"] == 51_000  # the lower of 50/s and 100/s


def test_a_capacity_at_or_above_the_peak_has_no_backlog(tmp_path: Path) -> None:
    sizing = _json(_write(tmp_path, SLOW.replace("50/s", "900/s")))["workloads"][0]["sizing"]
    assert not any(k.startswith(("backlog_", "drain_")) for k in sizing)


def test_a_consumer_below_the_average_is_told_its_queue_never_drains(tmp_path: Path) -> None:
    text = SLOW.replace("1.8M/day", "100/s")
    entry = _json(_write(tmp_path, text))["workloads"][0]
    assert entry["sizing"]["backlog_per_peak_minute.points"] == 51_000
    assert "drain_s_per_peak_minute.points" not in entry["sizing"]
    warning = next(w for w in entry["warnings"] if "grows without bound" in w)
    assert warning.startswith("points absorbs at most 50/s against an average of 100/s: "
                              "its queue grows without bound;")


def test_an_unstated_average_is_said_to_be_taken_as_the_peak(tmp_path: Path) -> None:
    text = SLOW.replace("{average: 1.8M/day, peak: 900/s}", "{peak: 900/s}")
    entry = _json(_write(tmp_path, text))["workloads"][0]
    assert any(w.startswith("points absorbs at most 50/s against an average of 900/s (no "
                            "average is stated, so the peak is taken as the average): its "
                            "queue grows without bound;") for w in entry["warnings"])


def _sized(text: str, hops: tuple[str, ...], catalogue: Catalogue) -> Any:
    """Sizing of a hand-made design, so the numbers do not depend on which design wins."""
    w = workload_from(text)
    paths = tuple(ConsumerPath(c.name, "poll", hops, c.runs_on or "container")
                  for c in w.consumers)
    design = Design("poll", tuple(ServiceUse(h, "", "") for h in hops), paths, (), (), True, "")
    return size(design, w, catalogue)


def test_a_drain_longer_than_the_retention_is_a_warning(catalogue: Catalogue) -> None:
    base = SLOW.replace("1.8M/day", "6000/min")  # an average of 100/s
    fits = _sized(base.replace("50/s", "6600/min"), ("sqs", "workers"), catalogue)
    # 110/s: (900 - 110) x 60 = 47,400 queued, drained at 10/s in 4,740 s; 4 d / 4,800 s
    assert fits.value("peak_minutes_within_retention.points") == 72
    assert not fits.quotas
    # 100.1/s drains 53,994 messages at 0.1/s: 6.2 days, above SQS's default 4, below 14
    default = _sized(base.replace("50/s", "6006/min"), ("sqs", "workers"), catalogue)
    assert [q.fact for q in default.quotas] == ["sqs-retention-default"]
    assert "set the retention to at least" in default.quotas[0].text
    # 100.0167/s: about 37 days, past SQS's 14-day maximum
    lost = _sized(base.replace("50/s", "6001/min"), ("sqs", "workers"), catalogue)
    assert [q.fact for q in lost.quotas] == ["sqs-retention-max"]
    assert "messages are lost after a peak" in lost.quotas[0].text
    stream = _sized(base.replace("50/s", "6600/min"), ("kinesis", "lambda-esm"), catalogue)
    assert stream.value("peak_minutes_within_retention.points") == 18  # 24 h / 4,800 s
    assert not [q for q in stream.quotas if "retention" in q.fact]
    stream = _sized(base.replace("50/s", "6006/min"), ("kinesis", "lambda-esm"), catalogue)
    assert [q.fact for q in stream.quotas if "retention" in q.fact] == [
        "kinesis-retention-default"]  # 6.2 d > 24 h


def test_max_concurrency_is_the_mappings_maximum_concurrency(catalogue: Catalogue) -> None:
    text = SLOW.replace("runs_on: container\n    max_rate: 50/s",
                        "runs_on: function\n    max_concurrency: 40")
    sized = _sized(text, ("sqs", "lambda-esm"), catalogue)
    assert sized.value("esm_maximum_concurrency.points") == 40
    assert sized.value("lambda_concurrency_peak") == 40
    over = _sized(text.replace(": 40", ": 5000"), ("sqs", "lambda-esm"), catalogue)
    assert over.value("esm_maximum_concurrency.points") == 1000
    assert [q.fact for q in over.quotas] == ["lambda-esm-max-concurrency"]
    assert "reserved concurrency to 5,000" in over.quotas[0].text


BROADCAST = """version: 1
name: alerts
kind: event
throughput: {average: 1/s, peak: 5/s}
consumers:
  - name: on-call
    runs_on: sms
    instances: 8
"""


def test_a_broadcast_to_n_instances_is_n_deliveries(catalogue: Catalogue) -> None:
    sized = _sized(BROADCAST, ("sns",), catalogue)
    assert sized.value("deliveries_per_s_peak.on-call") == 40  # 5/s x 8
    assert [q.fact for q in sized.quotas] == ["sns-sms-rate"]  # 40/s > 20/s
    one_each = _sized(BROADCAST + "    recipients: per-message\n", ("sns",), catalogue)
    assert one_each.value("deliveries_per_s_peak.on-call") is None
    assert not one_each.quotas


# --- JSON revision 1.1 ----------------------------------------------------------------


def test_json_carries_cloud_recipients_and_knowledge_as_of(
        tmp_path: Path, catalogue: Catalogue) -> None:
    text = BASE + ("consumers:\n  - {name: reset, runs_on: email, recipients: per-message}\n"
                   "  - {name: ops, runs_on: sms}\n  - {name: audit, runs_on: lambda}\n")
    document = _json(_write(tmp_path, text))
    entry = document["workloads"][0]
    assert entry["cloud"] == "aws"
    recipients = {c["name"]: c.get("recipients") for c in entry["consumers"]}
    assert recipients == {"reset": "per-message", "ops": "fixed", "audit": None}
    assert all(isinstance(c["route"], list) for c in entry["consumers"])
    assert all(isinstance(e, str) for e in entry["error_handling"])
    assert entry["knowledge_as_of"] <= catalogue.as_of.isoformat()
    assert document["knowledge_as_of"] == entry["knowledge_as_of"]


def test_knowledge_as_of_is_the_oldest_fact_the_design_cites(
        rules: RuleSet, catalogue: Catalogue) -> None:
    from advisor.render.jsondoc import render_json, workload_entry

    recs = [advise(workload_from(p.read_text()), rules, catalogue, provider=AWS)
            for p in EXAMPLES if "workloads:" not in p.read_text()]
    entries = [workload_entry(r, "x", None) for r in recs]
    for rec, entry in zip(recs, entries, strict=True):
        assert rec.sources and rec.chosen.cost
        # The chosen design's cost depends on its prices as much as on its cited facts.
        priced = [catalogue.fact(line.fact) for line in rec.chosen.cost.lines]
        assert entry["knowledge_as_of"] == min(
            f.as_of for f in (*rec.sources, *priced)).isoformat()
    document = json.loads(render_json(entries, catalogue))
    assert document["knowledge_as_of"] == min(e["knowledge_as_of"] for e in entries)


# --- advisor init ---------------------------------------------------------------------


def test_init_flags_write_the_new_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         rules: RuleSet, catalogue: Catalogue) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(["init", "f.yaml", "--no-input", "--peak", "900/s",
                      "--expires-after", "30s", "--delay", "20m",
                      "--consumer", "resize:function::50",
                      "--consumer", "reset:email:::per-message",
                      "--consumer", "thermo:device:10/s:5:fixed"])
    assert result.exit_code == 0, result.output
    w = workload_from((tmp_path / "f.yaml").read_text())
    assert (w.expires_after, w.delay) == (30.0, 1200.0)
    got = [(c.name, c.runs_on, c.max_rate, c.max_concurrency, c.recipients)
           for c in w.consumers]
    assert got == [("resize", "lambda", None, 50, None),
                   ("reset", "email", None, None, "per-message"),
                   ("thermo", "device", 10.0, 5, "fixed")]


@pytest.mark.parametrize(("given", "said"), [
    ("a:email::0", "'0': a whole number from 1 to 1,000,000"),
    ("a:email:::per-msg", "'per-msg': answer one of: fixed, per-message"),
    ("a:b:c:d:e:f", "has 6 parts; at most 5"),
])
def test_init_refuses_a_wrong_consumer_flag(given: str, said: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(["init", "f.yaml", "--no-input", "--consumer", given])
    assert result.exit_code == 2 and said in result.output
    assert "MAX_CONCURRENCY[:RECIPIENTS]" in result.output
    assert not (tmp_path / "f.yaml").exists()


def test_init_asks_recipients_only_where_they_matter(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    flow = ["flow", "", "event", "10/s", "100/s", "", "", "none", "", "none",
            "1m", "", "none", "", "us-east-1", "2"]
    email = ["reset", "email", "", "", "per-message"]
    worker = ["resize", "function", "", "50"]  # no recipients question for a function
    result = run_cli(["init", "f.yaml"], input="\n".join(flow + email + worker) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("Who receives each message") == 1
    w = workload_from((tmp_path / "f.yaml").read_text())
    assert w.expires_after == 60.0 and w.delay is None
    assert [(c.runs_on, c.recipients, c.max_concurrency) for c in w.consumers] == [
        ("email", "per-message", None), ("lambda", None, 50)]


def test_max_concurrency_bounds_a_streams_parallelization(catalogue: Catalogue) -> None:
    text = SLOW.replace("runs_on: container\n    max_rate: 50/s",
                        "runs_on: lambda\n    max_concurrency: 10").replace(
        "peak: 900/s", "peak: 3000/s")  # 3 shards
    sized = _sized(text, ("kinesis", "lambda-esm"), catalogue)
    assert sized.value("kinesis_shards") == 3
    # 10 / 0.2 s = 50/s reaching it, 10 at once: ceil(10 / 3) = 4 would run 12; 10 // 3 = 3
    assert sized.value("kinesis_parallelization_factor.points") == 3
