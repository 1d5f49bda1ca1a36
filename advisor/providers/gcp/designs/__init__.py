"""Turn a delivery model and the workload into Google Cloud services and routes.

A branch per model (push.py, poll.py, hybrid.py) lays each consumer's route; operations.py
then adds the error handling each design needs (retries, dead-lettering, poison messages),
every line with the catalogue facts behind it.
"""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.decision import Decision
from advisor.core.designs import Design
from advisor.format.words import Model
from advisor.format.workload import Workload
from advisor.providers.gcp.building import ORDER, Builder
from advisor.providers.gcp.designs import drained, hybrid, operations, poll, push

# The service ids each module places (checked against its code by the conformance tests).
BRANCHES: dict[str, frozenset[str]] = {
    "designs.push": push.PLACES, "designs.poll": poll.PLACES, "designs.hybrid": hybrid.PLACES,
    "designs.drained": drained.PLACES,
}


def designed() -> frozenset[str]:
    return frozenset(s for places in BRANCHES.values() for s in places)


def design(model: Model, workload: Workload, decision: Decision, catalogue: Catalogue) -> Design:
    """The services a `model` design would use for this workload."""
    b = Builder(workload, catalogue, model)
    if model == "push":
        push.build_push(b)
    elif model == "poll":
        poll.build_poll(b)
    else:
        hybrid.build_hybrid(b, {v.name: v for v in decision.consumers})
    used = {h for p in b.paths for h in p.hops}
    for idle in [s for s in b.uses if s not in used and s != "cloud-scheduler"]:
        del b.uses[idle]  # a service no route passes through is neither built nor priced
    ordered = sorted(b.uses.values(), key=lambda u: ORDER.index(u.id))
    names = [catalogue.service(u.id).name for u in ordered]
    return Design(model, tuple(ordered), tuple(b.paths), operations.operate(b),
                  tuple(b.warnings), b.feasible and decision.allowed(model),
                  ", ".join(names) if names else "direct delivery", tuple(b.unbuildable))
