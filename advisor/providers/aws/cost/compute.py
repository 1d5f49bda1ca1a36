"""Pricers of what runs per message (Lambda, Step Functions, WebSocket posts), and the
entry for services with no per-message price."""

from __future__ import annotations

from advisor.format import units
from advisor.providers.aws.cost.coster import (
    ASSUMED_PROCESSING,
    LAMBDA_MEMORY_GB,
    Coster,
    per_unit,
    readable,
)


def unpriced(c: Coster, service: str) -> None:
    """A service with no price in the catalogue: what passes through it, per second."""
    # Where the service hands each message to the consumer's instances (AppSync to 20,000
    # browsers) each copy is billed; where it carries the flow on, each message once.
    paths = [p for p in c.design.paths if service in p.hops]
    delivering = [p for p in paths if p.hops[-1] == service]
    copies = sum(c.copies(p.consumer) for p in delivering) + (
        1 if len(delivering) < len(paths) or not paths else 0)
    word = ("deliveries" if len(delivering) == len(paths) > 0
            and c.cat.service(service).delivery == "client-push" else "messages")
    c.skip(service, f"{c.name(service)}: {readable(copies * (c.w.rate_average or 0))} "
           f"{word}/s at the average rate ({readable(copies * (c.w.rate_peak or 0))}/s "
           "at the peak)")


def _lambda_cost(c: Coster, service: str, invocations_per_message: float, functions: int,
                 who: str) -> None:
    """Each of `functions` functions handles every message: each pays the GB-seconds."""
    if not functions:
        return  # the service is in the design, but no path runs a function in it
    time = c.w.processing_time
    if time is None:
        time = ASSUMED_PROCESSING
        c.assumptions.append(f"processing_time not stated: "
                             f"{units.format_duration(ASSUMED_PROCESSING)} per message "
                             "assumed for Lambda duration.")
    c.add(service, "price-lambda-requests", f"invocations of {who}",
          c.messages(invocations_per_message, chunked=False))
    gb_seconds = c.messages(functions * time * LAMBDA_MEMORY_GB, chunked=False)
    c.add(service, "price-lambda-duration-x86", f"GB-seconds of {who} "
          f"({functions} x {units.format_duration(time)} x {LAMBDA_MEMORY_GB:g} GB "
          "per message)",
          (gb_seconds[0] * 1e6, gb_seconds[1] * 1e6))
    c.assumptions.append(f"Lambda functions have {LAMBDA_MEMORY_GB * 1024:.0f} MB of "
                         "memory on x86.")


def lambda_functions(c: Coster, service: str) -> None:
    functions = c.count("lambda")
    _lambda_cost(c, "lambda", functions, functions,
                    f"{functions} function(s), one per message")


def lambda_esm(c: Coster, service: str) -> None:
    pollers = c.count("lambda-esm")
    # Each function is invoked once per batch of its own mapping.
    fallback = c.batch()
    batches = [(p.count, c.sizing.value(f"esm_batch_size.{p.consumer}") or fallback)
               for p in c.design.paths for h in p.hops if h == "lambda-esm"]
    sizes = sorted({b for _, b in batches})
    shown = "/".join(f"{b:g}" for b in sizes) if sizes else f"{fallback:g}"
    _lambda_cost(c, "lambda-esm", sum(n / b for n, b in batches), pollers,
                    f"{pollers} function(s) in batches of {shown}")


def step_functions(c: Coster, service: str) -> None:
    """A workflow execution per message per workflow. Standard workflows bill each state
    transition, and the workload does not say how many an execution makes: the cost is
    left unpriced, with the executions and the figure per transition so a reader can
    multiply."""
    workflows = c.count("step-functions") or 1
    average, peak = c.messages(workflows, chunked=False)  # millions of executions
    fact = c.cat.fact("price-step-functions-standard")
    price = fact.value
    per = (f": ${average * price:,.0f} a month per state transition per execution at the "
           f"average rate (${peak * price:,.0f} at the peak), at ${price:g} "
           f"{per_unit(fact.unit)} transitions ({fact.id}, {fact.status})"
           if price is not None and fact.unit == "usd-per-million" else "")
    c.skip("step-functions", f"Step Functions: {readable(average * 1e6)} executions a "
           f"month at the average rate ({readable(peak * 1e6)} at the peak), state "
           f"transitions per execution not stated{per}")


def api_gateway_websocket(c: Coster, service: str) -> None:
    clients = [p for p in c.design.paths if "api-gateway-websocket" in p.hops]
    posts = sum(c.copies(p.consumer) for p in clients) or 1
    reached = {p.consumer for p in clients}
    stated = any(c.instances > 1 for c in c.w.consumers if c.name in reached)
    c.add("api-gateway-websocket", "price-api-gateway-websocket-messages",
          f"messages posted (one per message per connection; {posts:,} connection(s)"
          f"{'' if stated else ' assumed'})", c.messages(posts, chunked=False))
    c.assumptions.append("Connection minutes are not counted." if stated else
                         "WebSocket cost grows with the number of open connections, "
                         "which the workload does not state (`instances`); connection "
                         "minutes are not counted.")
