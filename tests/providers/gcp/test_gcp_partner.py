"""A partner's HTTPS endpoint (`runs_on: https`) pushed to by Pub/Sub is not the team's
service: no Cloud Run in its route or sizing, and the ADR says how the push authenticates
and that the payload goes unwrapped."""

from __future__ import annotations

from collections.abc import Callable

from advisor.core.recommendation import Recommendation

Run = Callable[[str], Recommendation]
PARTNER = """kind: event
throughput: {average: 20/s, peak: 300/s}
processing_time: 200ms
consumers: [{name: partner-hook, runs_on: https}]
"""


def test_a_partner_endpoint_is_pushed_to_at_its_url(on_gcp: Run) -> None:
    rec = on_gcp(PARTNER)
    assert rec.model == "push"
    (path,) = rec.chosen.design.paths
    assert path.hops == ("pubsub", "pubsub-push")
    assert not [f for f in rec.chosen.sizing.figures if f.key.startswith("cloud_run")]


def test_the_team_service_keeps_its_cloud_run_instances(on_gcp: Run) -> None:
    rec = on_gcp(PARTNER.replace("runs_on: https", "runs_on: container"))
    push = next(o for o in rec.options if o.model == "push")
    assert "cloud_run_instances.partner-hook" in {f.key for f in push.sizing.figures}


def test_the_adr_says_oidc_and_unwrapped_payloads(on_gcp: Run) -> None:
    design = on_gcp(PARTNER).chosen.design
    (advice,) = [(a, f) for a, f in design.operations if "partner's URL" in a]
    assert "OIDC token (--push-auth-service-account" in advice[0]
    assert "--push-no-wrapper" in advice[0]
    assert advice[1] == ("pubsub-push-gcloud-flags", "pubsub-push-auth")


def test_a_rate_limited_partner_command_still_goes_through_cloud_tasks(on_gcp: Run) -> None:
    rec = on_gcp(PARTNER.replace("kind: event", "kind: command")
                 .replace("runs_on: https", "runs_on: https, max_rate: 10/s"))
    assert rec.chosen.design.paths[0].hops == ("cloud-tasks",)
