from __future__ import annotations

from pathlib import Path

import pytest

from advisor.errors import InputError, InputErrors
from advisor.format.workload import load_workloads
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import EXAMPLES, workload_from


def errors_of(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "w.yaml"
    path.write_bytes(text.encode())
    with pytest.raises((InputError, InputErrors)) as caught:
        load_workloads(path, "w.yaml", vocabularies=VOCABULARY)
    exc = caught.value
    found = exc.errors if isinstance(exc, InputErrors) else [exc]
    return [str(e) for e in found]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_shipped_example_is_valid(example: Path) -> None:
    assert load_workloads(example, vocabularies=VOCABULARY)


def test_three_mistakes_give_three_precise_messages(tmp_path: Path) -> None:
    text = (
        "version: 1\n"
        "name: order-placed\n"
        "kind: evnt\n"
        "throughput:\n"
        "  average: 50/s\n"
        "  peek: 2000/s\n"
        "latency: fast\n"
    )
    assert errors_of(text, tmp_path) == [
        "w.yaml:3:7: kind 'evnt' is not one of the accepted values\n"
        '  hint: did you mean "event"? expected event | command',
        "w.yaml:6:3: unknown key 'throughput.peek'\n"
        '  hint: did you mean "peak"? accepted keys here: average, peak',
        "w.yaml:7:10: latency: 'fast' is not a duration\n"
        '  hint: write "200ms", "5s", "15m", "24h", "7d" or a number (seconds)',
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("", "w.yaml:1:1: the file is empty"),
    ("- a\n- b\n", "w.yaml:1:1: a workload file must be a mapping, not a list"),
    ("hello\n", "w.yaml:1:1: a workload file must be a mapping, not the text 'hello'"),
    ("version: 1\nname: a\nkind: event\nname: b\n",
     "w.yaml:4:1: duplicate key 'name' (first written at line 2)"),
    ("version: 2\nname: a\nkind: event\n", "w.yaml:1:10: version must be 1, not the number 2"),
    ("name: a\nkind: event\n", "w.yaml:1:1: missing required key 'version'"),
    ("version: 1\nkind: event\n", "w.yaml:1:1: missing required key 'name'"),
    ("version: 1\nname: Orders\nkind: event\n", "w.yaml:2:7: name 'Orders' is not"),
    ("version: 1\nname: a\nkind: event\nthroughput: {average: 10/s, peak: 5/s}\n",
     "w.yaml:4:35: throughput.peak is below throughput.average"),
    ("version: 1\nname: a\nkind: event\nordering_key: id\n",
     "w.yaml:4:15: ordering_key is given but ordering is not per-key"),
    ("version: 1\nname: a\nkind: event\nconsumers: [{name: x}, {name: x}]\n",
     "w.yaml:4:31: two consumers are named 'x'"),
    ("version: 1\nname: a\nkind: event\nconsumers: 0\n", "w.yaml:4:12: consumers is 0"),
    ("version: 1\nname: a\nkind: event\nlatency: -5s\n", "w.yaml:4:10: latency: '-5s' is not"),
    ("version: 1\nname: a\nkind: event\nlatency: .inf\n",
     "w.yaml:4:10: latency: a duration must be a finite number"),
    ("version: 1\nname: a\nkind: event\nexisting: [sqs, kinesys]\n",
     "w.yaml:4:17: existing[1] 'kinesys' is not one of the accepted values"),
    ("version: 1\nname: a\nkind: event\nregion: mars\n", "w.yaml:4:9: region 'mars' is not"),
    ("version: 1\nname: a\nkind: !!python/object:os.system event\n",
     "w.yaml:3:7: the YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"),
    ("version: 1\nname: a\nkind: event\n\tlatency: 5s\n", "w.yaml:4:1: YAML syntax error"),
    ("version: 1\nname: 'a\n", "w.yaml:3:1: YAML syntax error"),
    ("version: 1\n---\nname: a\n", "w.yaml:3:1: the file holds more than one YAML document"),
])
def test_each_mistake_is_located(text: str, expected: str, tmp_path: Path) -> None:
    messages = errors_of(text, tmp_path)
    assert any(m.startswith(expected) for m in messages), messages


def test_every_error_has_a_hint(tmp_path: Path) -> None:
    text = "version: 1\nname: a\nkind: evnt\nordering: random\nbatching: sometimes\n"
    messages = errors_of(text, tmp_path)
    assert len(messages) == 3
    assert all("\n  hint: " in m for m in messages)


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join(f"*{prev}" for _ in range(10)) + "]")
    messages = errors_of("\n".join(lines) + "\n", tmp_path)
    assert messages[0].startswith("w.yaml:1:1: aliases expand to more than 100,000 values")


def test_a_file_over_one_mebibyte_is_refused(tmp_path: Path) -> None:
    text = "version: 1\nname: a\nkind: event\ndescription: " + "x" * (1024 * 1024) + "\n"
    assert "may be at most 1,048,576" in errors_of(text, tmp_path)[0]


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_bytes(b"version: 1\nname: a\xff\n")
    with pytest.raises(InputError, match="not valid UTF-8") as caught:
        load_workloads(path, vocabularies=VOCABULARY)
    assert (caught.value.line, caught.value.column) == (2, 8)


def test_a_bom_and_crlf_line_ends_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_bytes(b"\xef\xbb\xbfversion: 1\r\nname: a\r\nkind: event\r\n")
    assert load_workloads(path, vocabularies=VOCABULARY)[0].name == "a"


def test_defaults_merge_under_each_workload() -> None:
    text = (
        "version: 1\nsystem: checkout\n"
        "defaults:\n  region: eu-west-1\n  payload: {average: 2KB}\n  consumers: 3\n"
        "workloads:\n"
        "  - {name: a, kind: event, payload: {max: 10KB}}\n"
        "  - {name: b, kind: command, region: us-west-2, consumers: [{name: owner}]}\n"
    )
    from advisor.format.workload import parse_workloads
    from advisor.format.yamlnodes import parse_yaml

    a, b = parse_workloads(parse_yaml(text, "m.yaml"), "m.yaml", vocabularies=VOCABULARY)
    assert (a.region, a.payload_average, a.payload_max, a.consumer_total) == (
        "eu-west-1", 2048, 10240, 3)
    assert (b.region, [c.name for c in b.consumers], b.system) == (
        "us-west-2", ["owner"], "checkout")


def test_a_mistake_in_defaults_is_reported_once_at_its_place(tmp_path: Path) -> None:
    text = ("version: 1\ndefaults:\n  regoin: eu-west-1\nworkloads:\n"
            "  - {name: a, kind: event}\n  - {name: b, kind: event}\n")
    messages = errors_of(text, tmp_path)
    assert messages == ["w.yaml:3:3: unknown key 'defaults.regoin'\n  hint: did you mean "
                        '"region"? accepted keys here: ' + messages[0].split("here: ")[1]]


def test_consumers_inherit_workload_batching_and_replay_unless_they_override() -> None:
    w = workload_from(
        "version: 1\nname: a\nkind: event\nbatching: preferred\nreplay: 7d\n"
        "consumers:\n  - name: x\n  - name: y\n    batching: {size: 100}\n    replay: none\n")
    x, y = w.consumers
    assert (x.batching.mode, x.replay) == ("preferred", 7 * 86400)
    assert (y.batching.mode, y.batching.size, y.replay) == ("required", 100, 0)


def test_peak_defaults_to_average_and_payload_max_to_average() -> None:
    w = workload_from("version: 1\nname: a\nkind: event\nthroughput: {average: 2M/day}\n"
                      "payload: {average: 1KB}\n")
    assert w.rate_peak == w.rate_average == pytest.approx(2e6 / 86400)
    assert w.payload_max == 1024


def test_anchors_and_merge_keys_are_allowed() -> None:
    w = workload_from("version: 1\nname: a\nkind: event\n"
                      "consumers:\n  - &c {name: one, runs_on: lambda}\n"
                      "  - {<<: *c, name: two}\n")
    assert [(c.name, c.runs_on) for c in w.consumers] == [("one", "lambda"), ("two", "lambda")]
