"""GC303 on Google Cloud: ordering keys keep order on push and pull alike, so its lean to
pulling is argued from redelivery; and a dead-letter topic on an ordered consumer is named as
breaking the order for its key."""

from __future__ import annotations

from collections.abc import Callable

from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet

Run = Callable[[str], Recommendation]
ORDERED = """kind: event
ordering: per-key
ordering_key: orderId
throughput: {average: 20/s, peak: 200/s}
consumers: [{name: ledger, runs_on: %s}]
"""


def test_gc303_title_says_why_it_leans_to_pulling(gcp_ruleset: RuleSet) -> None:
    rule = next(r for r in gcp_ruleset.rules if r.id == "GC303")
    assert rule.effect.get("poll", 0) > rule.effect.get("push", 0)
    assert "push and pull alike" in rule.title
    assert "redeliveries" in rule.title
    assert "holds back every later message of its key" in " ".join(rule.rationale.split())


def test_an_ordered_consumer_with_a_dead_letter_topic_is_warned(on_gcp: Run) -> None:
    for runs_on in ("container", "https"):
        design = on_gcp(ORDERED % runs_on).chosen.design
        assert ("Dead-lettering a message breaks the order for its key: the key's later "
                "messages reach ledger without it.") in design.warnings
        advice = " ".join(a for a, _ in design.operations)
        assert "a message dead-lettered leaves its key's sequence" in advice


def test_no_order_no_dead_letter_warning(on_gcp: Run) -> None:
    design = on_gcp(ORDERED.replace("ordering: per-key\nordering_key: orderId\n", "")
                    % "container").chosen.design
    assert not [w for w in design.warnings if "Dead-lettering" in w]
