"""The README's promises: the fact table matches the code, the examples table matches
the examples, and the set-up commands are the ones CI runs."""

from __future__ import annotations

import re

from advisor.core.facts import ALL_FACTS
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import EXAMPLES, ROOT

README = (ROOT / "README.md").read_text()


def test_every_fact_is_documented_and_no_other() -> None:
    block = README.split("<!-- facts:begin -->")[1].split("<!-- facts:end -->")[0]
    documented = re.findall(r"^\| `([a-z_.]+)` \|", block, re.MULTILINE)
    assert documented == list(ALL_FACTS)


def test_every_example_is_in_the_table() -> None:
    rows = set(re.findall(r"^\| `([a-z0-9-]+)` \|", README, re.MULTILINE))
    assert {p.stem for p in EXAMPLES} <= rows


def test_ci_runs_the_readme_set_up_commands() -> None:
    commands = re.findall(r"```sh\n(.+?)\n```", README)[:2]
    ci = (ROOT / ".ci" / "run").read_text()
    assert len(commands) == 2
    for command in commands:
        assert command in ci


def test_the_examples_table_states_the_answers_advisor_gives(rules, catalogue) -> None:  # type: ignore[no-untyped-def]
    from advisor.core.recommend import advise
    from advisor.format.workload import load_workloads

    rows = dict(re.findall(r"^\| `([a-z0-9-]+)` \|.*\| ([a-z, ]+) \|$", README, re.MULTILINE))
    for path in EXAMPLES:
        answers = [advise(w, rules, catalogue, provider=AWS).model
                   for w in load_workloads(path, vocabularies=VOCABULARY)]
        assert rows[path.stem] == ", ".join(answers), path.stem


def test_every_finding_code_is_documented_with_its_anchor() -> None:
    from advisor.format.findings import finding_kinds

    block = README.split("<!-- findings:begin -->")[1].split("<!-- findings:end -->")[0]
    documented = re.findall(r'<a id="(adv\d+)"></a>`(ADV\d+)` \| ([a-z-]+) \| (\w+) \|', block)
    assert documented == [(k.code.lower(), k.code, k.name, k.severity)
                          for k in finding_kinds().values()]


def test_every_template_name_is_documented() -> None:
    import inspect

    from advisor.render.markdown import context

    names = re.findall(r'^        "([a-z_]+)":', inspect.getsource(context), re.MULTILINE)
    section = README.split("## ADR templates")[1].split("## Reading the ADR")[0]
    documented = set(re.findall(r"`([a-z_]+)`", section))
    assert set(names) <= documented
