"""Advice for device fleets and connected clients: sessions, expiry, gone connections."""

from __future__ import annotations

from advisor.format import units
from advisor.providers.aws.building import Builder
from advisor.providers.aws.operations.common import Advice, consumers_on, names_of


def device_advice(b: Builder) -> list[Advice]:
    """Devices behind IoT Core: an MQTT publish lives only as long as the device's session,
    an IoT Job until the device finishes it; each needs its own failure settings."""
    w = b.workload
    devices = consumers_on(b, [p for p in b.paths if p.runs_on == "device"
                               and p.hops[-1:] == ("iot-core",)])
    if not devices:
        return []
    iot = b.uses.get("iot-core")
    # The same test designs/clients.py applies: a command with no expiry waits for the device as a
    # job, unless the design is pure push.
    jobs = [c for c in devices if w.kind == "command" and c.expires_after is None
            and b.model != "push" and iot is not None and "iot-jobs" in iot.facts]
    published = [c for c in devices if c not in jobs]
    advice: list[Advice] = []
    peak = w.rate_peak
    if published:
        keep = b.catalogue.number("iot-persistent-sessions")
        text = (f"Publish to {names_of(published)} with QoS 1, and have the devices connect with "
                "persistent sessions (MQTT 3 clean session off, or an MQTT 5 session expiry): "
                "IoT Core keeps a session's unacknowledged QoS 1 messages for "
                f"{units.format_duration(keep)} by default and delivers them when the device "
                "reconnects; QoS 0 messages are not kept.")
        facts: tuple[str, ...] = ("iot-persistent-sessions",)
        expiring = [c for c in published if c.expires_after is not None]
        if expiring:
            expires = min(c.expires_after or 0.0 for c in expiring)
            text += (f" Messages to {names_of(expiring)} expire after "
                     f"{units.format_duration(expires)}: set the MQTT 5 Message Expiry Interval "
                     f"to {expires:,.0f} s on each publish (messageExpiry on the data-plane "
                     "Publish API or the republish action), so a device that reconnects later "
                     "is not handed a stale message, and do not re-send one after it expires.")
            if expires > keep:
                text += (f" A session keeps them for {units.format_duration(keep)}, less than "
                         "their expiry: raise the session expiry, or a device offline longer "
                         "misses messages that are still valid.")
            facts += ("iot-mqtt5-message-expiry",)
        else:
            text += (" A device offline for longer misses the message: do not retry beyond the "
                     "session; have the device ask for the current state when it reconnects.")
        per_connection = b.catalogue.fact("iot-core-rules")
        if per_connection.value is not None and peak is not None:
            text += (f" One connection publishes at most {per_connection.value:g} messages/s: "
                     "publish through the data-plane Publish API (HTTPS) rather than one MQTT "
                     f"connection, and check the Region's Publish request quota against "
                     f"{units.format_rate(peak)} (that quota is not in advisor's catalogue).")
            facts += (per_connection.id,)
            broadcast = [c for c in published if c.recipients != "per-message"
                         and c.instances > 1 and peak > per_connection.value]
            if broadcast:
                b.warn(f"Each device of {names_of(broadcast)} would receive up to "
                       f"{units.format_rate(peak)} on its connection, more than the "
                       f"{per_connection.value:g} messages/s IoT Core allows per connection.")
        advice.append((text, facts))
    if jobs:
        timeout = b.catalogue.number("iot-jobs-configurations")
        text = (f"Create each command to {names_of(jobs)} as an IoT Job with a timeoutConfig "
                f"(inProgressTimeoutInMinutes, at most {units.format_duration(timeout)}) so an "
                "execution a device started but never finished becomes TIMED_OUT, a "
                "jobExecutionsRetryConfig that retries FAILED and TIMED_OUT executions, "
                "and an abortConfig that cancels a job whose executions "
                "keep failing.")
        if peak is not None:
            text += (f" A job per message at {units.format_rate(peak)} must be checked against "
                     "the CreateJob request rate and the limit on active jobs (neither is in "
                     "advisor's catalogue: see the AWS IoT Jobs limits); above them, put the "
                     "commands for many devices into one job's targets.")
        advice.append((text, ("iot-jobs-configurations", "iot-jobs")))
    return advice


CLIENT_SERVICES = ("api-gateway-websocket", "appsync", "iot-core")


def client_advice(b: Builder) -> list[Advice]:
    """Connected clients want the latest state, not a backlog: an update older than its
    expiry is dropped, and a connection that has gone is forgotten."""
    clients = [p for p in b.paths if p.runs_on == "client" and p.hops[-1:] and
               p.hops[-1] in CLIENT_SERVICES]
    advice: list[Advice] = []
    expiring = [c for c in consumers_on(b, clients) if c.expires_after is not None]
    if expiring:
        expires = min(c.expires_after or 0.0 for c in expiring)
        text = (f"Updates to {names_of(expiring)} expire after {units.format_duration(expires)}: "
                "stamp each with the time it was published, and drop any older than that "
                "when sending it and when the client receives it; a newer update for the same "
                "item supersedes an older one, so a client that reconnects fetches the current "
                "state instead of a backlog.")
        facts: tuple[str, ...] = ()
        if any(p.hops[-1] == "iot-core" for p in clients):
            text += (f" On IoT Core, set the MQTT 5 Message Expiry Interval to {expires:,.0f} s "
                     "so the broker drops them too.")
            facts += ("iot-mqtt5-message-expiry",)
        advice.append((text, facts))
    if any(p.hops[-1] == "api-gateway-websocket" for p in clients):
        advice.append(("When PostToConnection answers 410 GoneException, delete that connection "
                       "id from the connections table and do not retry it; also remove ids on "
                       "$disconnect.", ("api-gateway-websocket-gone",)))
    return advice
