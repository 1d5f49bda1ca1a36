"""The figures of the services that reach people, browsers and devices, against their
limits: Communication Services' sending rates (email per subscription, SMS per toll-free
number), Web PubSub's and SignalR's connections and messages a day, Notification Hubs'
devices per tier and IoT Hub's cloud-to-device sends per unit."""

from __future__ import annotations

import math
from typing import Protocol

from advisor.core.catalogue import Catalogue
from advisor.core.designs import Design
from advisor.format.workload import Workload

DAY = 86400.0


class Sizer(Protocol):
    design: Design
    w: Workload
    cat: Catalogue
    peak: float
    used: set[str]
    notes: list[str]

    def add(self, key: str, value: float, text: str, formula: str, *facts: str) -> None: ...

    def near(self, fact_id: str, need: float, what: str, then: str) -> None: ...


def reach(s: Sizer) -> None:
    """Each reaching service the design places, sized at the peak."""
    if "communication-services" in s.used:
        _communication(s)
    for service in ("web-pubsub", "signalr"):
        if service in s.used:
            _connections(s, service)
    if "notification-hubs" in s.used:
        devices = _addressed(s, "mobile-push")
        s.add("notification_hubs_devices", devices, "devices registered", f"{devices:,} "
              "device(s) the consumers address", "notification-hubs-basic-devices")
        s.near("notification-hubs-basic-devices", devices, "Registering the devices",
               "use the Standard tier (10 million devices)")
    if any(p.runs_on == "device" for p in s.design.paths if "iot-hub" in p.hops):
        _cloud_to_device(s)


def _rate(s: Sizer, runs_on: str) -> float:
    """Messages a second at the peak sent to the consumers that run on `runs_on`."""
    return s.peak * sum(p.count for p in s.design.paths if p.runs_on == runs_on)


def _addressed(s: Sizer, runs_on: str) -> int:
    return sum(c.instances * c.count for c in s.w.consumers if c.runs_on == runs_on)


def _communication(s: Sizer) -> None:
    if email := _rate(s, "email"):
        s.near("communication-services-email-limits", email, "Sending email at the peak",
               "ask Azure support to raise the email sending limits (up to 72 hours) before "
               "going live")
    if sms := _rate(s, "sms"):
        per = s.cat.number("communication-services-sms-limits")
        numbers = max(1, math.ceil(sms / per))
        s.add("communication_services_toll_free_numbers", numbers, "toll-free numbers to "
              "send from", f"ceil({sms:,.1f} SMS/s / {per:g}/s per number) = {numbers}",
              "communication-services-sms-limits")


def _connections(s: Sizer, service: str) -> None:
    clients = _addressed(s, "client")
    per = s.cat.number(f"{service}-connections")
    by_connections = max(1, math.ceil(clients / per))
    # Every message sent to every connection counts; a unit includes 1 million a day.
    average = s.w.rate_average or s.peak
    daily = average * DAY * max(1, clients)
    included = s.cat.number(f"{service}-messages-per-unit")
    by_messages = math.ceil(daily / included)
    s.add(f"{service.replace('-', '_')}_units", by_connections, "units for the connections",
          f"ceil({clients:,} connection(s) / {per:,.0f} per unit) = {by_connections}",
          f"{service}-connections")
    s.add(f"{service.replace('-', '_')}_messages_per_day", daily, "messages a day to the "
          "connections", f"{average:,.1f}/s x 86,400 s x {max(1, clients):,} connection(s) = "
          f"{daily:,.0f}; {by_connections} unit(s) include {by_connections * included:,.0f}",
          f"{service}-messages-per-unit")
    if by_messages > by_connections:
        s.notes.append(f"{s.cat.label(service)}: {daily:,.0f} messages a day exceed the "
                       f"{by_connections * included:,.0f} its units include; the rest is "
                       "billed per million.")


def _cloud_to_device(s: Sizer) -> None:
    sends = _rate(s, "device")
    per = s.cat.number("iot-hub-c2d-throttle")
    units = max(1, math.ceil(sends / per))
    s.add("iot_hub_units", units, "IoT Hub S1 units for the cloud-to-device sends",
          f"ceil({sends:,.1f} sends/s / {per:g}/s per S1 unit) = {units}",
          "iot-hub-c2d-throttle")
    if units > 1:
        s.notes.append(f"IoT Hub: {units} S1 units carry the cloud-to-device sends; an S3 "
                       "unit takes 83.33/s, so fewer S3 units may cost less.")
