"""Azure behind the core's Provider protocol: its words, catalogue, designs, sizing, cost,
delays."""

from __future__ import annotations

from advisor.core.wired import Wired
from advisor.providers.azure import cost, designs, latency, sizing
from advisor.providers.azure.catalogue import load_catalogue
from advisor.providers.azure.kinds import AZURE_FACTS
from advisor.providers.azure.vocabulary import VOCABULARY

AZURE = Wired("azure", VOCABULARY, AZURE_FACTS, lambda: designs.PLACES,
              lambda: frozenset(cost.PRICERS) | frozenset(cost.UNPRICED), load_catalogue,
              designs.design, sizing.size, cost.estimate, latency.path_delays,
              latency.warnings_for)
