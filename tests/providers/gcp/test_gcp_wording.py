"""The Google Cloud provider's own words: counts agree with their nouns, catalogue titles keep
their names inside a sentence, and a channel is offered the providers that carry it."""

from __future__ import annotations

from collections.abc import Callable

from advisor.core.recommendation import Recommendation
from advisor.providers.gcp.words import count, inline

Run = Callable[[str], Recommendation]
FANOUT = """kind: event
throughput: {average: 100/s, peak: 2000/s}
payload: {average: 2KB}
processing_time: 300ms
consumers:
  - {name: billing, runs_on: https}
  - {name: ledger, runs_on: container}
"""


def test_count_and_inline() -> None:
    assert (count(1, "queue"), count(2, "queue"), count(20000, "token")) == (
        "1 queue", "2 queues", "20,000 tokens")
    assert inline("Pull and StreamingPull subscriber throughput") == (
        "pull and StreamingPull subscriber throughput")


def test_no_figure_or_cost_line_hedges_its_plural(on_gcp: Run) -> None:
    for option in on_gcp(FANOUT).options:
        texts = [f.formula for f in option.sizing.figures] + [f.text for f in
                                                              option.sizing.figures]
        texts += [line.what for line in option.cost.lines] if option.cost else []
        assert not [t for t in texts if "(s)" in t], option.model
    hybrid = next(o for o in on_gcp(FANOUT).options if o.model == "hybrid")
    assert "share of the pull and StreamingPull subscriber throughput per region" in [
        f.text for f in hybrid.sizing.figures]


def test_each_channel_is_offered_its_own_providers(on_gcp: Run) -> None:
    warnings = on_gcp("kind: command\nconsumers:\n  - {name: texts, runs_on: sms}\n"
                      "  - {name: mails, runs_on: email}\n").chosen.design.warnings
    sms = next(w for w in warnings if "texts" in w)
    assert "(Twilio)" in sms and "SendGrid" not in sms
    assert "SendGrid" in next(w for w in warnings if "mails" in w)
