"""The words of one cloud that a workload file may use, handed to the format by a provider.

The format is neutral: it knows that `source`, `existing` and `decision.services` name a
cloud's services, and that `region` names one of its regions, not which ones. Each provider
gives its own Vocabulary as a value; the loader takes them keyed by cloud.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

from msgspec import Struct

# The clouds a workload may name. Naming one is not supporting it: a cloud is supported when
# its provider hands the loader a Vocabulary.
Cloud = Literal["aws", "azure", "gcp"]
CLOUDS: tuple[Cloud, ...] = get_args(Cloud)
CLOUD_NAMES: dict[Cloud, str] = {"aws": "AWS", "azure": "Azure", "gcp": "Google Cloud"}
DEFAULT_CLOUD: Cloud = "aws"  # what a workload without `cloud:` means (format version 1)


class Vocabulary(Struct, frozen=True):
    """One cloud's words. Frozen and hashable: the built spec is cached on it."""

    cloud: Cloud
    service_ids: tuple[str, ...]  # in the catalogue's order, which is the order ADRs list them
    sources: tuple[str, ...]  # the cloud's services that emit messages themselves
    service_name: str  # what the cloud calls one of its services: "AWS service"
    region_name: str  # and one of its regions: "AWS Region"
    region_pattern: str  # a region id, as a regular expression matched in full
    region_example: str  # a region id that hints show
    default_region: str  # the region a workload without `region:` is designed for

    @property
    def a_service(self) -> str:
        return f"{_a(self.service_name)} {self.service_name}"

    @property
    def a_region(self) -> str:
        return f"{_a(self.region_name)} {self.region_name}"


# A single Vocabulary, or several keyed by cloud: what every loading function accepts.
Vocabularies = Vocabulary | Mapping[str, Vocabulary]


def by_cloud(vocabularies: Vocabularies) -> Mapping[str, Vocabulary]:
    """The vocabularies keyed by their cloud; ValueError when there is none or a key lies."""
    found: Mapping[str, Vocabulary] = (
        {vocabularies.cloud: vocabularies} if isinstance(vocabularies, Vocabulary)
        else vocabularies)
    if not found:
        raise ValueError("the format needs at least one cloud's vocabulary")
    wrong = [key for key, vocabulary in found.items() if key != vocabulary.cloud]
    if wrong:
        raise ValueError(f"vocabularies keyed under another cloud: {', '.join(wrong)}")
    return found


def fallback(vocabularies: Mapping[str, Vocabulary]) -> Vocabulary:
    """The vocabulary a workload is checked against when it names no supported cloud: the
    default cloud's, else the first given (the unsupported cloud is reported on its own)."""
    return vocabularies.get(DEFAULT_CLOUD) or next(iter(vocabularies.values()))


def unsupported(vocabularies: Mapping[str, Vocabulary]) -> str:
    """The hint for a workload naming a cloud that no vocabulary was given for."""
    supported = [cloud for cloud in CLOUDS if cloud in vocabularies]
    planned = [cloud for cloud in CLOUDS if cloud not in vocabularies]
    hint = f"advisor designs for {_names(supported)} so far"
    if planned:
        hint += f" ({_names(planned)} {'are' if len(planned) > 1 else 'is'} planned)"
    if DEFAULT_CLOUD in vocabularies:
        return f"{hint}; write `cloud: {DEFAULT_CLOUD}` or remove the key"
    return f"{hint}; write `cloud: {supported[0]}`" if supported else hint


def _names(clouds: list[Cloud]) -> str:
    names = [CLOUD_NAMES[cloud] for cloud in clouds]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _a(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"
