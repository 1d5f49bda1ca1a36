"""The figures of a Google Cloud design, each with its arithmetic, and the quotas it meets.

Pub/Sub's throughput quotas are per project and region, in bytes; Cloud Tasks' dispatch rate
and concurrency are per queue; Cloud Run and Cloud Run functions need instances for the
requests in flight at the peak (Little's law: rate x time in service / concurrency).
"""

from __future__ import annotations

import math

from advisor.core.catalogue import Catalogue
from advisor.core.designs import Design
from advisor.core.numbers import Figure, QuotaWarning, Sizing, capacity
from advisor.format import units
from advisor.format.workload import Workload
from advisor.providers.gcp.fcm import targeting
from advisor.providers.gcp.words import count, inline

ASSUMED_PAYLOAD = 1024.0  # bytes, where the workload states none
ASSUMED_PROCESSING = 0.1  # seconds per message, where the workload states none
NEAR = 0.8  # a quota this full is named: one peak above the stated one reaches it
SENT_TO = ("client", "mobile-push", "email", "sms")  # reached through a function of ours
HEADROOM = 2.0  # concurrent dispatches over the average in flight, for handlers that slow


def payload_of(w: Workload) -> tuple[float, bool]:
    return (w.payload_average, True) if w.payload_average else (ASSUMED_PAYLOAD, False)


class Sizer:
    def __init__(self, design: Design, w: Workload, catalogue: Catalogue) -> None:
        self.design, self.w, self.cat = design, w, catalogue
        self.figures: list[Figure] = []
        self.quotas: list[QuotaWarning] = []
        self.notes: list[str] = []
        self.payload, stated = payload_of(w)
        if not stated:
            self.notes.append(f"Payload not stated: {units.format_size(ASSUMED_PAYLOAD)} per "
                              "message assumed.")

    def quota(self, key: str, need: float, fact_id: str, what: str, hint: str) -> None:
        """A figure of how full a regional quota is, and a warning when it is near."""
        fact = self.cat.fact(fact_id)
        limit = fact.in_region(self.w.region)
        if limit is None:
            self.notes.append(f"{fact.title}: Google states no value advisor has for "
                              f"{self.w.region}; {what} needs {need / 1e6:,.2f} MB/s.")
            return
        pct = need / limit * 100
        caveat = "" if fact.certain else f" ({fact.status})"  # as prices say theirs
        self.figures.append(Figure(key, round(pct, 1), f"share of the {inline(fact.title)}",
                                   f"{what} {need / 1e6:,.2f} MB/s / quota {limit / 1e6:g} "
                                   f"MB/s in {self.w.region}{caveat} = {pct:,.1f}%",
                                   (fact_id,)))
        if pct >= NEAR * 100:
            self.quotas.append(QuotaWarning(
                f"{what} ({need / 1e6:,.2f} MB/s) reaches {pct:,.0f}% of {inline(fact.title)} "
                f"({limit / 1e6:g} MB/s in {self.w.region}{caveat}): {hint}", fact_id,
                fact.status))

    def subscriptions(self) -> None:
        """Subscriptions on the topic against its limit: an instance sent only its own
        messages has a filtered subscription of its own."""
        fact = self.cat.fact("pubsub-subscriptions-per-topic")
        limit = fact.value or 0.0
        consumers = {c.name: c for c in self.w.consumers}
        counted = [(p.count, consumers[p.consumer]) for p in self.design.paths
                   if "pubsub" in p.hops and p.hops[-1] != "pubsub"]
        total = sum(n * (c.instances if c.recipients == "per-message" else 1)
                    for n, c in counted)
        apart = [f"{c.name} {n * c.instances:,}" for n, c in counted
                 if c.recipients == "per-message" and c.instances > 1]
        if not apart or not limit:
            return  # a subscription per consumer group: far from any limit
        caveat = "" if fact.certain else f" ({fact.status})"
        pct = total / limit * 100
        self.figures.append(Figure(
            "pubsub_subscriptions_pct", round(pct, 1), "share of the subscriptions a topic "
            "may have", f"{total:,} subscriptions ({', '.join(apart)} filtered, one per "
            f"instance) / {limit:,.0f} per topic{caveat} = {pct:,.1f}%", (fact.id,)))
        if pct >= NEAR * 100:
            self.quotas.append(QuotaWarning(
                f"{total:,} subscriptions reach {pct:,.0f}% of the {limit:,.0f} a topic may "
                f"have{caveat}: spread the instances over several topics.", fact.id,
                fact.status))

    def pubsub(self, peak: float) -> None:
        bytes_each = max(self.payload, self.cat.number("pubsub-quota-unit"))
        shown = (f"peak {units.format_rate(peak)} x max(payload {units.format_size(self.payload)}"
                 f", 1 kB)")
        paths = self.design.paths
        self.quota("pubsub_publish_pct", peak * bytes_each, "pubsub-publish-throughput-region",
                   f"Publishing ({shown})", "request a higher quota or spread publishers "
                   "over regions")
        for sub, fact_id in (("pubsub-push", "pubsub-push-throughput-region"),
                             ("pubsub-pull", "pubsub-pull-throughput-region")):
            n = sum(p.count for p in paths if sub in p.hops)
            if n:
                self.quota(f"{sub.replace('-', '_')}_pct", peak * bytes_each * n, fact_id,
                           f"Delivering to {count(n, sub.split('-')[1] + ' subscription')} "
                           f"({shown} x {n})", "request a higher quota for the project")
        key_limit = self.cat.number("pubsub-publish-per-ordering-key")
        if self.w.ordering == "per-key" and peak * self.payload > key_limit:
            keys = math.ceil(peak * self.payload / key_limit)
            self.figures.append(Figure(
                "pubsub_ordering_keys_min", keys, "ordering keys the peak must spread over",
                f"peak {units.format_rate(peak)} x payload {units.format_size(self.payload)} / "
                f"{key_limit / 1e6:g} MB/s per key, rounded up = {keys:,}",
                ("pubsub-publish-per-ordering-key",)))

    def handlers(self, peak: float) -> None:
        """Instances at the peak for each pushed Cloud Run service or function, and each
        Cloud Tasks queue's rate and concurrency."""
        time = self.w.processing_time or ASSUMED_PROCESSING
        if not self.w.processing_time:
            self.notes.append(f"Processing time not stated: {units.format_duration(time)} per "
                              "message assumed for concurrency.")
        per_instance = self.cat.number("cloud-run-concurrency-default")
        consumers = {c.name: c for c in self.w.consumers}
        for path in self.design.paths:
            consumer = consumers[path.consumer]
            absorbs = capacity(consumer, self.w.processing_time)
            rate, rate_text = ((absorbs[0], f"capacity {units.format_rate(absorbs[0])}")
                               if absorbs and absorbs[0] < peak
                               else (peak, f"peak {units.format_rate(peak)}"))
            if "cloud-tasks" in path.hops:
                self._tasks(path.consumer, rate, rate_text, time)
            handler = next((h for h in ("cloud-run", "cloud-run-functions") if h in path.hops),
                           None)
            if handler is None or path.delivery != "push":
                continue
            flight = rate * time
            instances = max(1, math.ceil(flight / per_instance))
            key = "cloud_run" if handler == "cloud-run" else "function"
            # a function that sends to people or clients is ours, not the recipients
            whose = (f"the function that sends to {path.consumer}"
                     if path.runs_on in SENT_TO else path.consumer)
            self.figures.append(Figure(
                f"{key}_instances.{path.consumer}", instances,
                f"instances of {whose} at the peak ({per_instance:g} requests each)",
                f"{rate_text} x processing {units.format_duration(time)} = {flight:,.1f} in "
                f"flight / concurrency {per_instance:g}, rounded up = {instances:,}",
                ("cloud-run-concurrency-default", "cloud-run-autoscaling")))

    def _tasks(self, name: str, rate: float, rate_text: str, time: float) -> None:
        top = self.cat.number("cloud-tasks-dispatch-rate-max")
        top_concurrent = self.cat.number("cloud-tasks-concurrent-max")
        queues = max(1, math.ceil(rate / top))
        per_queue = rate / queues
        self.figures.append(Figure(
            f"cloud_tasks_rate.{name}", round(per_queue, 2),
            "max_dispatches_per_second of each queue",
            f"{rate_text} over {count(queues, 'queue')} of at most {top:g}/s = "
            f"{units.format_rate(per_queue)}", ("cloud-tasks-dispatch-rate-max",)))
        if not self.w.processing_time:
            self.notes.append(f"max_concurrent_dispatches of {name}'s queue: processing time "
                              f"not stated; set it to {HEADROOM:g} x the rate x the handler's "
                              "time.")
        else:
            # Head-room over Little's law: dispatches slowed by a slow handler must not stall
            # the queue at the very rate the handler is meant to take.
            concurrent = min(top_concurrent, max(1, math.ceil(per_queue * time * HEADROOM)))
            self.figures.append(Figure(
                f"cloud_tasks_concurrency.{name}", concurrent,
                "max_concurrent_dispatches of each queue",
                f"{units.format_rate(per_queue)} x processing {units.format_duration(time)} "
                f"x {HEADROOM:g} head-room, rounded up = {concurrent:,} (at most "
                f"{top_concurrent:,.0f})", ("cloud-tasks-concurrent-max",)))
        if queues > 1:
            self.figures.append(Figure(
                f"cloud_tasks_queues.{name}", queues, "queues the rate is spread over",
                f"{rate_text} / {top:g}/s per queue, rounded up = {queues:,}",
                ("cloud-tasks-dispatch-rate-max",)))

    def fcm(self, peak: float) -> None:
        """FCM messages at the peak, counted as they are sent: one per token a message
        goes to, or one per topic message (fcm.targeting, as the route says)."""
        consumers = {c.name: c for c in self.w.consumers}
        sent = [(p.count, consumers[p.consumer]) for p in self.design.paths
                if "firebase-cloud-messaging" in p.hops]
        if not sent:
            return
        fact = self.cat.fact("fcm-send-quota")
        limit = (fact.value or 0.0) / 60
        per_message = sum(n * targeting(self.w, c).sends for n, c in sent)
        parts = " + ".join(
            f"{c.name} {count(n * targeting(self.w, c).sends, 'token')}"
            if targeting(self.w, c).tokens else f"{c.name} {count(n, 'topic message')}"
            for n, c in sent)
        pct = peak * per_message / limit * 100
        self.figures.append(Figure(
            "fcm_sends_pct", round(pct, 1), "FCM sends at the peak against the project quota",
            f"peak {units.format_rate(peak)} x 60 s x ({parts}) / {fact.value:,.0f} per "
            f"minute = {pct:,.1f}%", ("fcm-send-quota", "fcm-tokens-for-latency")))
        if pct >= NEAR * 100:
            topics = all(not targeting(self.w, c).tokens or targeting(self.w, c).sends == 1
                         for _, c in sent)
            hint = ("request more, or send broadcasts to topics" if topics else "request "
                    "more (a topic would spare the quota but not keep the latency target)")
            self.quotas.append(QuotaWarning(
                f"FCM sends at the peak reach {pct:,.0f}% of the project's {fact.value:,.0f} "
                f"messages a minute: {hint}.", fact.id, fact.status))


def size(design: Design, w: Workload, catalogue: Catalogue) -> Sizing:
    s = Sizer(design, w, catalogue)
    peak = w.rate_peak
    if peak is None:
        s.notes.append("Throughput not stated: no quota or instance figure can be sized.")
        return Sizing((), (), tuple(s.notes))
    if "pubsub" in design.service_ids:
        s.pubsub(peak)
        s.subscriptions()
    s.handlers(peak)
    s.fcm(peak)
    if "managed-kafka" in design.service_ids:
        s.figures.append(Figure(
            "kafka_vcpu_min", catalogue.number("kafka-cluster-sizing"),
            "vCPU of the smallest cluster", "the minimum cluster size; Google's formula "
            "sizes more from the write-equivalent rate, whose rate per vCPU advisor has no "
            "source for", ("kafka-cluster-sizing",)))
    return Sizing(tuple(s.figures), tuple(s.quotas), tuple(s.notes))
