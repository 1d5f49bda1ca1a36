"""The registry of providers: one line per cloud, each imported only when a run asks for it.

A provider implements advisor.core.provider.Provider; its package (providers/<cloud>/) holds
everything advisor knows about that cloud. The edge (cli/) picks one here and hands it to the
core as a value; no provider imports another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.core.provider import Provider
    from advisor.format.vocabulary import Cloud, Vocabulary


def _aws() -> Provider:
    from advisor.providers.aws.provider import AWS

    return AWS


def _azure() -> Provider:
    from advisor.providers.azure.provider import AZURE

    return AZURE


def _gcp() -> Provider:
    from advisor.providers.gcp.provider import GCP

    return GCP


PROVIDERS: dict[Cloud, Callable[[], Provider]] = {"aws": _aws, "azure": _azure, "gcp": _gcp}


def provider(cloud: Cloud) -> Provider:
    """The provider of `cloud`; the workload's validation has already refused other names."""
    return PROVIDERS[cloud]()


def vocabularies() -> dict[str, Vocabulary]:
    """The words of every registered cloud, by cloud, for reading workloads: each provider's
    `vocabulary` module alone, so that reading a file never imports a provider's engine."""
    from importlib import import_module

    return {cloud: import_module(f"advisor.providers.{cloud}.vocabulary").VOCABULARY
            for cloud in PROVIDERS}
