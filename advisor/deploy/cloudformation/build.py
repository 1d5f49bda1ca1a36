"""The template being built: its sections, and one workload's view of them, which prefixes
every logical id with the workload's name so that several workloads share one template."""

from __future__ import annotations

from msgspec import Struct

from advisor.deploy.cloudformation.naming import Part, metadata, pascal, stamp
from advisor.deploy.emitter import Subject
from advisor.errors import InputError
from advisor.format.workload import Consumer

Json = dict[str, object]
# One alarm topic for the whole template: where every alarm of every workload notifies.
ALARM_TOPIC = "AlarmTopicArn"
HAS_ALARM_TOPIC = "HasAlarmTopic"


class Sections(Struct):
    """The sections of the template, filled workload by workload."""

    parameters: dict[str, Json]
    mappings: dict[str, Json]
    conditions: dict[str, object]
    resources: dict[str, Json]
    outputs: dict[str, Json]


def ref(name: str) -> Json:
    return {"Ref": name}


def arn_of(name: str) -> Json:
    return {"Fn::GetAtt": [name, "Arn"]}


def sub(text: str) -> Json:
    return {"Fn::Sub": text}


class Node(Struct, frozen=True):
    """One hop's resource as the others address it."""

    service: str
    arn: Json
    logical: str | None = None  # None: it exists outside the template (a parameter)
    url: Json | None = None  # a queue's URL
    name: Json | None = None  # a bus's or stream's name
    fifo: bool = False


class Workbench:
    """One workload's share of the template: resources and parameters named after it."""

    def __init__(self, subject: Subject, sections: Sections) -> None:
        self.subject = subject
        self.w = subject.workload
        self.prefix = pascal(self.w.name)
        self.sections = sections
        self.consumers: dict[str, Consumer] = {c.name: c for c in self.w.consumers}

    def number(self, fact: str) -> float:
        return self.subject.catalogue.number(fact)

    def figure(self, key: str) -> float | None:
        return self.subject.sizing.value(key)

    def id(self, *words: str) -> str:
        """The logical id of one of this workload's resources or parameters."""
        return self.prefix + "".join(pascal(w) for w in words)

    def resource(self, words: tuple[str, ...], kind: str, props: Json, part: Part,
                 consumer: str | None, what: str, depends: tuple[str, ...] = ()) -> str:
        """Add a resource stamped with the workload, the ADR and the gate's Metadata; its
        logical id is returned."""
        logical = self.id(*words)
        if logical in self.sections.resources or logical in self.sections.parameters:
            raise InputError(self.w.path, 0, 0, f"two parts of the template would both be "
                             f"named {logical!r}", "give the workloads or consumers names "
                             "that differ in more than punctuation")
        body: Json = {"Type": kind}
        if depends:
            body["DependsOn"] = list(depends)
        body["Metadata"] = metadata(self.w.name, part, consumer)
        body["Properties"] = stamp(kind, props, self.w.name, self.subject.adr_label, what)
        self.sections.resources[logical] = body
        return logical

    def parameter(self, words: tuple[str, ...], spec: Json) -> str:
        """Add a parameter (once: a second call with the same words returns the first)."""
        logical = self.id(*words)
        self.sections.parameters.setdefault(logical, spec)
        return logical

    def output(self, words: tuple[str, ...], value: Json, description: str) -> None:
        """Something the team's code or a partner must be pointed at."""
        self.sections.outputs[self.id(*words)] = {"Description": description, "Value": value}

    def alarm_actions(self) -> Json:
        """The alarm topic where one is given, else no action (the alarm still shows)."""
        return {"Fn::If": [HAS_ALARM_TOPIC, [ref(ALARM_TOPIC)], ref("AWS::NoValue")]}
