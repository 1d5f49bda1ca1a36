"""The words of one cloud that a workload file may use, handed to the format by a provider.

The format is neutral: it knows that `source`, `existing` and `decision.services` name a
cloud's services, not which ones. Each provider gives its own Vocabulary as a value.
"""

from __future__ import annotations

from typing import Literal

from msgspec import Struct

Cloud = Literal["aws", "azure", "gcp"]


class Vocabulary(Struct, frozen=True):
    cloud: Cloud
    service_ids: tuple[str, ...]  # in the catalogue's order, which is the order ADRs list them
    sources: tuple[str, ...]  # the cloud's services that emit messages themselves
