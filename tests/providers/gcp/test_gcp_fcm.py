"""FCM on Google Cloud: a broadcast goes to a topic unless its latency target is under a
second, when it goes to every token with a warning; the route, the sizing and the cost count
the same sends."""

from __future__ import annotations

from collections.abc import Callable

from advisor.core.recommendation import Recommendation

Run = Callable[[str], Recommendation]
LIVE = """kind: event
throughput: {average: 2/s, peak: 10/s}
%s
consumers: [{name: fans, runs_on: client, instances: 20000%s}]
"""


def fcm_why(rec: Recommendation) -> str:
    return next(s.why for s in rec.chosen.design.services
                if s.id == "firebase-cloud-messaging")


def figure(rec: Recommendation, key: str) -> str:
    return next(f.formula for f in rec.chosen.sizing.figures if f.key == key)


def test_a_browser_broadcast_under_a_second_goes_to_tokens_with_a_warning(on_gcp: Run
                                                                          ) -> None:
    rec = on_gcp(LIVE % ("latency: 500ms", ""))
    assert any("FCM topic messages are optimised for throughput, not latency" in w
               and "at most 1,000 topic fan-outs" in w for w in rec.chosen.design.warnings)
    assert "each message to all 20,000 registration tokens" in fcm_why(rec)
    assert figure(rec, "fcm_sends_pct") == (
        "peak 10/s x 60 s x (fans 20,000 tokens) / 600,000 per minute = 2,000.0%")
    hint = "request more (a topic would spare the quota but not keep the latency target)"
    assert any(hint in q.text for q in rec.chosen.sizing.quotas)
    cost = rec.chosen.cost
    assert cost is not None
    assert ("Firebase Cloud Messaging: 40,000 messages/s at the average rate (200,000/s at "
            "the peak); no sourced price") in cost.unpriced_parts


def test_a_broadcast_without_a_tight_target_is_one_topic_message(on_gcp: Run) -> None:
    rec = on_gcp(LIVE % ("latency: 5s", ""))
    assert not [w for w in rec.chosen.design.warnings if "FCM topic" in w]
    assert "one FCM topic the 20,000 recipients are subscribed to" in fcm_why(rec)
    assert figure(rec, "fcm_sends_pct").startswith(
        "peak 10/s x 60 s x (fans 1 topic message)")


def test_a_message_for_one_recipient_is_one_token(on_gcp: Run) -> None:
    rec = on_gcp(LIVE % ("latency: 500ms", ", recipients: per-message"))
    assert not [w for w in rec.chosen.design.warnings if "FCM topic" in w]
    assert "(fans 1 token)" in figure(rec, "fcm_sends_pct")


def test_the_sending_function_is_counted_as_ours(on_gcp: Run) -> None:
    rec = on_gcp(LIVE % ("latency: 5s", ""))
    label = next(f.text for f in rec.chosen.sizing.figures
                 if f.key == "function_instances.fans")
    assert label.startswith("instances of the function that sends to fans")
