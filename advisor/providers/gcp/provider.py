"""Google Cloud behind the core's Provider protocol: words, catalogue, designs, sizing,
cost and delays."""

from __future__ import annotations

from advisor.core.wired import Wired
from advisor.providers.gcp import cost, designs, latency, sizing
from advisor.providers.gcp.catalogue import load_catalogue
from advisor.providers.gcp.kinds import GCP_FACTS
from advisor.providers.gcp.vocabulary import VOCABULARY

GCP = Wired("gcp", VOCABULARY, GCP_FACTS, designs.designed, lambda: frozenset(cost.PRICERS),
            load_catalogue, designs.design, sizing.size, cost.estimate, latency.path_delays,
            latency.warnings_for)
