"""Turn a delivery model plus the workload's requirements into concrete AWS services.

For each model (the chosen one and the two considered) this builds a design: the
services with their role and why, and the route each consumer's messages take. A branch
per model (push.py, poll.py, hybrid.py) lays the routes; finishing.py applies what every
design obeys; operations/ then adds what the design needs to run safely. Every reason
names the catalogue facts behind it.
"""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.decision import Decision
from advisor.core.designs import ConsumerPath, Design
from advisor.format.words import Model
from advisor.format.workload import Workload
from advisor.providers.aws.building import ORDER, Builder
from advisor.providers.aws.designs import (
    buffers,
    clients,
    finishing,
    hybrid,
    hybrid_routes,
    people,
    poll,
    push,
    routing,
    tails,
)
from advisor.providers.aws.designs.clients import waits_for_device
from advisor.providers.aws.designs.finishing import (
    check_source,
    enter,
    hold_back,
    limit_stream_readers,
    one_owner_each,
)
from advisor.providers.aws.designs.hybrid import build_hybrid
from advisor.providers.aws.designs.poll import build_poll
from advisor.providers.aws.designs.push import build_push
from advisor.providers.aws.operations import operate, payloads
from advisor.providers.aws.vocabulary import ServiceId

# The service ids each module that lays routes places in a design (each declares its
# PLACES, checked against its code by tests/providers/test_provider_conformance.py). A service no
# module places can be in no design.
# Keyed by module, under advisor.providers.aws.
BRANCHES: dict[str, frozenset[ServiceId]] = {
    "designs.routing": routing.PLACES, "designs.finishing": finishing.PLACES,
    "designs.push": push.PLACES, "designs.people": people.PLACES,
    "designs.clients": clients.PLACES, "designs.poll": poll.PLACES,
    "designs.buffers": buffers.PLACES, "designs.tails": tails.PLACES,
    "designs.hybrid": hybrid.PLACES, "designs.hybrid_routes": hybrid_routes.PLACES,
    "operations.payloads": payloads.PLACES,
}


def designed() -> frozenset[str]:
    """The service ids some design module places: the provider's `designed` set."""
    return frozenset(s for places in BRANCHES.values() for s in places)


def design(model: Model, workload: Workload, decision: Decision, catalogue: Catalogue) -> Design:
    """The services a `model` design would use for this workload."""
    b = Builder(workload, catalogue, model)
    leans = {v.name: v for v in decision.consumers}
    if model == "push":
        build_push(b)
    elif model == "poll":
        build_poll(b)
    else:
        build_hybrid(b, leans)
    _unrouted(b)
    one_owner_each(b)
    limit_stream_readers(b)
    enter(b)
    hold_back(b)
    check_source(b)
    if model == "hybrid" and b.feasible:
        _same_as_poll(b, design("poll", workload, decision, catalogue))
    operations = operate(b)
    ordered = sorted(b.uses.values(), key=lambda u: ORDER.index(u.id))
    names = [catalogue.service(u.id).name for u in ordered]
    return Design(model, tuple(ordered), tuple(b.paths), operations, tuple(b.warnings),
                  b.feasible and decision.allowed(model),
                  ", ".join(names) if names else "direct delivery", tuple(b.unbuildable))


def _unrouted(b: Builder) -> None:
    """A router is in a design only if some consumer's route passes through it: a topic or bus
    no path uses delivers to nobody, and is neither built nor priced."""
    used = {h for p in b.paths for h in p.hops}
    for router in ("sns", "sns-fifo", "eventbridge"):
        if router in b.uses and router not in used:
            del b.uses[router]


IS_POLL = "No consumer is pushed to and nothing fans out: this hybrid is the poll design."


def _same_as_poll(b: Builder, poll: Design) -> None:
    """A hybrid pushes somewhere: one that pushes to no consumer and has no topic or bus
    pushing into a buffer, on the poll design's routes, is the poll design, and offering it
    again would compare one design with itself."""
    def routes(paths: tuple[ConsumerPath, ...] | list[ConsumerPath]) -> list[tuple[object, ...]]:
        return sorted((p.consumer, p.delivery, p.hops, p.count, p.queues) for p in paths)
    fans = any(h in ("sns", "sns-fifo", "eventbridge") for p in b.paths for h in p.hops)
    # The hybrid's IoT Job is announced to its device (a push); the poll design's is only
    # fetched when the device asks.
    announced = any(c.runs_on == "device" and waits_for_device(b.workload, c)
                    for c in b.workload.consumers)
    if not fans and not announced and routes(b.paths) == routes(poll.paths):
        b.infeasible(IS_POLL)
