"""Routes to connected clients (browsers, apps) and device fleets, and IoT Jobs."""

from __future__ import annotations

from advisor.format import units
from advisor.format.words import Model
from advisor.format.workload import Consumer, Workload
from advisor.providers.aws.building import Builder
from advisor.providers.aws.vocabulary import ServiceId

# The service ids this module places in a design: the provider's `designed` set is the
# union over the design modules (designs.BRANCHES).
PLACES: frozenset[ServiceId] = frozenset({
    "api-gateway-websocket", "appsync", "iot-core", "lambda", "lambda-esm", "sqs-fifo"
})


def _client_service(b: Builder) -> str:
    """The service that holds the clients' connections: the one in place, else the one that
    fits what the clients need."""
    w = b.workload
    for service in ("appsync", "iot-core", "api-gateway-websocket"):
        if service in w.existing:
            return service
    if w.source == "iot-core":
        return "iot-core"  # a rule republishes to the topics the clients subscribe to
    clients = [c for c in w.consumers if c.runs_on == "client"]
    if any(c.recipients == "per-message" for c in clients):
        return "iot-core"
    # A broadcast to several connections is fanned out by the service, never posted once per
    # connection by a function.
    if sum(c.count * c.instances for c in clients) > 1:
        return "appsync"
    return "api-gateway-websocket"


_CLIENT_SIZE = {"appsync": "appsync-events", "iot-core": "iot-core-message-size",
                "api-gateway-websocket": "api-gateway-websocket-message-size"}


def _client_size(b: Builder, consumer: Consumer, service: str) -> None:
    """A message larger than the connection service carries cannot reach the client."""
    largest = b.workload.payload_max
    limit = b.catalogue.fact(_CLIENT_SIZE[service])
    if largest and limit.value and largest > limit.value:
        b.warn(f"Messages to {consumer.name} up to {units.format_size(largest)} exceed "
               f"{b.catalogue.service(service).name}'s {units.format_size(limit.value)} per "
               "message: store the body in S3 and send the clients a link to it (a presigned "
               "URL) instead.")


def client_hops(b: Builder, consumer: Consumer, router: str | None) -> list[str]:
    service = _client_service(b)
    _client_size(b, consumer, service)
    if consumer.instances > 1 and consumer.recipients != "per-message":
        b.warn(f"{consumer.name} stands for {consumer.instances:,} connected clients: every "
               f"message sent to all of them is {consumer.instances:,} deliveries.")
    if service == "appsync":
        existing = "appsync" in b.workload.existing
        api = b.use("appsync", "GraphQL subscriptions that push to connected clients" if existing
                    else "AppSync Events channels the client apps subscribe to",
                    "AppSync is in place and pushes data changes over the clients' WebSocket "
                    "connections." if existing else
                    "Several client apps subscribe to channels of this flow; AppSync Events "
                    "delivers each published event to every subscriber of a channel over "
                    "WebSocket, with no connection bookkeeping.", "appsync-realtime",
                    "appsync-events")
        direct = router == "eventbridge" or (router is None and not _sourced(b))
        return [api] if direct else [_publisher(b), api]
    if service == "iot-core":
        iot = b.use("iot-core", "MQTT broker the clients subscribe to over WebSockets",
                    "Clients subscribe to MQTT topics over WebSocket Secure; a topic per user "
                    "(scoped by IoT policy) carries that user's messages, shared topics carry "
                    "the rest, and IoT Core does the fan-out.", "iot-core-client-protocols",
                    "iot-core-message-size")
        return [iot] if router is None and not _sourced(b) else [_publisher(b), iot]
    size = b.catalogue.fact("api-gateway-websocket-message-size")
    frame = b.catalogue.fact("api-gateway-websocket-frame-size")
    fn = b.use("lambda", "function that posts each message to the open connections",
               "Lambda looks up the connection ids (kept in a table on connect) and posts "
               "through the WebSocket API, dropping connections that have gone.",
               "lambda-scaling-rate")
    api = b.use("api-gateway-websocket", "WebSocket API holding the clients' live connections",
                "API Gateway WebSockets push to browsers and apps over connections they "
                "opened; there is no broadcast, so each message is posted once per "
                "connection (for broadcast channels to many clients, AppSync Events or IoT "
                f"Core do the fan-out). Limits: {units.format_size(size.value or 0)} messages "
                f"sent as frames of at most {units.format_size(frame.value or 0)}, "
                f"{b.catalogue.number('api-gateway-websocket-connection-duration') / 3600:g} h "
                "connections, "
                f"{b.catalogue.number('api-gateway-websocket-new-connections'):,.0f} new "
                "connections/s.", "api-gateway-websocket-limits",
                size.id, frame.id, "appsync-realtime")
    return [fn, api]


def _sourced(b: Builder) -> bool:
    """An AWS source (other than IoT Core, whose rules republish to MQTT topics) needs a
    function to publish to a client or device service."""
    return b.workload.source is not None and b.workload.source != "iot-core"


def _publisher(b: Builder) -> str:
    return b.use("lambda", "function that publishes each message to the clients' or devices' "
                 "topics", "The router has no direct target for the connection service, so a "
                 "function publishes each message to it.", "lambda-async-retries",
                 "lambda-async-destinations")


def waits_for_device(w: Workload, consumer: Consumer) -> bool:
    """A command with no expiry must wait until the device asks for it (an IoT Job)."""
    return w.kind == "command" and consumer.expires_after is None


def device_hops(b: Builder, consumer: Consumer, router: str | None,
                model: Model) -> list[str]:
    """Device fleets are reached through IoT Core: an MQTT publish, or an IoT Job for a
    command that waits until the device asks for it."""
    w = b.workload
    job = waits_for_device(w, consumer)
    lead = [] if router is None and not _sourced(b) else [_publisher(b)]
    if w.ordering != "none" and model != "push":
        # MQTT keeps no order across publishes: a function drains a FIFO queue and publishes
        # (or creates jobs) in turn.
        lead = [b.use("sqs-fifo", "FIFO queue drained in order before the devices",
                      "The FIFO queue keeps the group order; one function per message group "
                      "publishes to the devices in turn.", "sqs-fifo-per-group"),
                b.use("lambda-esm", "event source mapping that drains the FIFO queue in order",
                      "Lambda drains the FIFO queue in order, and its function publishes each "
                      "message to the devices.", "lambda-esm-batch-size-sqs-fifo")]
    if job and model != "push":
        return [*lead, iot_job(b)]
    if job:
        keep = b.catalogue.fact("iot-persistent-sessions")
        b.warn(f"A command published on {consumer.name}'s MQTT topic reaches a device that is "
               f"offline only while its persistent session lasts (about "
               f"{units.format_duration(keep.value or 0)}, QoS 1); an IoT Job keeps it until "
               "the device asks.")
    if consumer.instances > 1 and consumer.recipients != "per-message":
        b.warn(f"{consumer.name} stands for {consumer.instances:,} devices: a message for all "
               f"of them is {consumer.instances:,} deliveries (one per device subscription).")
    return [*lead, b.use("iot-core", "MQTT topic per device, published to with each message",
                         "IoT Core delivers each message published on a device's topic to "
                         "the connected device (QoS 1, persistent sessions for short "
                         "outages).", "iot-core-client-protocols", "iot-persistent-sessions",
                         "iot-core-message-size")]


def iot_job(b: Builder) -> str:
    return b.use("iot-core", "IoT Jobs: a job execution per device, announced on its jobs "
                 "topic and listed when the device asks",
                 "A command that must wait for an offline device is an IoT Job: IoT Core "
                 "notifies the device over MQTT and keeps its pending executions until the "
                 "device fetches and acknowledges them.", "iot-jobs", "iot-persistent-sessions")


def at_the_broker(b: Builder, consumer: Consumer) -> bool:
    """Clients and devices on IoT Core subscribe to the topics an IoT Core source's devices
    publish on (or a rule republishes to theirs): the messages are already at the broker, and
    no route leaves it through a topic and a function to come back. A command that waits for
    its device is an IoT Job, which something must create."""
    w = b.workload
    if w.source != "iot-core" or w.crosses:
        return False
    if consumer.runs_on == "device":
        return not waits_for_device(w, consumer)
    return consumer.runs_on == "client" and _client_service(b) == "iot-core"
