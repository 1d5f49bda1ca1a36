"""`advisor init` asks which cloud (among the registered ones, default aws) and writes
`cloud:` only when it is another; the later questions use that cloud's words. Written to
hold whichever clouds are registered: they iterate the registry, and the interview with a
choice registers a made-up second cloud for its run only."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

import advisor.providers as registry
from advisor.format.answers import cloud_question
from advisor.format.workload import load_workloads
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import run_cli

# Another cloud's words: its own source and default region, so that the questions show
# whose words they use.
OTHER = msgspec.structs.replace(VOCABULARY, cloud="gcp", sources=("cloud-storage",),
                                region_pattern=r"[a-z]+-[a-z]+\d", region_example="europe-west1",
                                default_region="europe-west1", region_name="Google Cloud region")


_OTHER = msgspec.structs.replace(AWS, vocabulary=OTHER)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_the_choices_are_the_registered_clouds_by_name() -> None:
    field, question, explanation, check = cloud_question(("aws", "gcp"))
    assert (field, question) == ("cloud", "Which cloud")
    assert explanation.startswith("one of: aws (AWS), gcp (Google Cloud);")
    assert check(" GCP ") == "gcp"
    with pytest.raises(ValueError, match="answer one of: aws, gcp"):
        check("azure")


@pytest.mark.parametrize("cloud", list(registry.PROVIDERS))
def test_each_registered_cloud_writes_a_valid_file_in_its_own_words(cloud: str) -> None:
    result = run_cli(["init", "f.yaml", "--no-input", "--cloud", cloud, "--peak", "10/s"])
    assert result.exit_code == 0, result.output
    text = Path("f.yaml").read_text()
    vocabulary = registry.PROVIDERS[cloud]().vocabulary  # type: ignore[index]
    (w,) = load_workloads(Path("f.yaml"), vocabularies=vocabulary)
    assert (w.cloud, w.region) == (cloud, vocabulary.default_region)
    assert ("\ncloud: " in text) == (cloud != "aws")


def test_aws_writes_the_file_it_wrote_before_the_question() -> None:
    assert run_cli(["init", "a.yaml", "--no-input", "--name", "f"]).exit_code == 0
    assert run_cli(["init", "b.yaml", "--no-input", "--name", "f", "--cloud", "aws"]).exit_code == 0
    assert Path("a.yaml").read_text() == Path("b.yaml").read_text()
    assert "cloud:" not in Path("a.yaml").read_text()
    assert "region: us-east-1\n" in Path("a.yaml").read_text()


def test_a_cloud_without_a_provider_is_refused_with_the_choices() -> None:
    result = run_cli(["init", "f.yaml", "--no-input", "--cloud", "ibm"])
    assert result.exit_code == 2
    assert "--cloud: 'ibm': answer one of: " + ", ".join(registry.PROVIDERS) in result.output
    assert all(f"{cloud} (" in result.output for cloud in registry.PROVIDERS)
    assert not Path("f.yaml").exists()


def test_with_one_cloud_the_question_is_not_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "PROVIDERS", {"aws": registry.PROVIDERS["aws"]})
    answers = ["flow", "", "event", "", "10/s", "", "", "none", "", "none", "", "", "none",
               "", "", "1", "billing", "function", "", ""]
    result = run_cli(["init", "f.yaml"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Which cloud" not in result.output
    assert "region: us-east-1\n" in Path("f.yaml").read_text()


def test_the_interview_asks_the_cloud_first_and_then_uses_its_words(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.PROVIDERS, "gcp", lambda: _OTHER)
    answers = ["gcp", "flow", "", "event", "", "10/s", "", "", "none", "", "none", "", "",
               "none", "cloud-storage", "", "1", "billing", "function", "", ""]
    result = run_cli(["init", "f.yaml"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.index("Which cloud") < result.output.index("Name of the flow")
    assert "or one of: cloud-storage" in result.output
    assert "Google Cloud region [europe-west1]" in result.output
    text = Path("f.yaml").read_text()
    assert "\ncloud: gcp " in text and "region: europe-west1\n" in text
    assert "source: cloud-storage\n" in text
