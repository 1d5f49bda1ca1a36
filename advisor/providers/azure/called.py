"""Sources that call their receivers themselves, with no Event Grid between: an Azure Monitor
alert's action group calls a function, a logic app or a webhook, and can write into an
event hub for those who read. The catalogue's source targets say which of these it reaches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.providers.azure.routing import deliverer, endpoint, runtime

if TYPE_CHECKING:
    from advisor.core.catalogue import Catalogue
    from advisor.format.records import Consumer
    from advisor.format.workload import Workload
    from advisor.providers.azure.building import Builder

# The receiver the source calls for a consumer's runtime: its own handler where the source
# reaches it, else a function that calls on (the partner's API, a delivery service).
_HANDLER = {"function": "functions", "lambda": "functions", "workflow": "logic-apps",
            "container": "webhook", "https": "webhook"}
# Reached through a delivery service a function calls.
_REACHED = ("email", "sms", "mobile-push", "client", "device")


def reaches(cat: Catalogue, source: str) -> str:
    """What a source reaches, in prose: its events by name and its targets' service names."""
    known = cat.source(source)
    return (f"{known.name} reach only "
            f"{' and '.join(cat.service(t).name for t in known.targets)}")


def calls_directly(w: Workload, cat: Catalogue) -> bool:
    """A source that reaches handlers but not Event Grid pushes to them itself."""
    if not w.source:
        return False
    targets = cat.source(w.source).targets
    return "event-grid" not in targets and bool(set(targets) & set(_HANDLER.values()))


def called(b: Builder, w: Workload, c: Consumer, cat: Catalogue) -> None:
    """The route on which the source calls the consumer's handler (or a function for it)."""
    source = cat.source(w.source or "")
    why = f"{w.source} calls it directly"
    on = runtime(c)
    handler = _HANDLER.get(on)
    if handler in source.targets:
        role = {"functions": "function the source calls per message",
                "logic-apps": "workflow run per message",
                "webhook": "HTTPS endpoint the source calls per message"}[handler or ""]
        b.route(c.name, "push", (b.use(handler or "", role, why, *source.facts),), on, c.count)
    elif "functions" in source.targets and on in (*_REACHED, "https"):
        fn = b.use("functions", "function the source calls, which delivers on", why,
                   *source.facts)
        last = endpoint(b) if on == "https" else deliverer(b, w, c)
        b.route(c.name, "push", (fn, last), on, c.count)
    else:
        b.cannot(f"{reaches(cat, w.source or '')}: none of them can deliver to {c.name} "
                 f"({on}).")
        b.route(c.name, "push", (), on, c.count)


def hub(b: Builder, w: Workload, cat: Catalogue) -> str | None:
    """The event hub the source writes each message into, where it reaches one: what those
    who pull read (a Service Bus queue or topic it cannot write to would stay empty)."""
    source = cat.source(w.source or "")
    if "event-hubs" not in source.targets:
        return None
    return b.use("event-hubs", "event hub the source writes each message into",
                 f"{w.source} writes into it; each consumer group reads at its own offset",
                 *source.facts, "event-hubs-consumer-groups")
