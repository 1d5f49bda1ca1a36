"""AWS behind the core's Provider protocol: its words, catalogue, designs, sizing, cost, delays."""

from __future__ import annotations

from advisor.core.wired import Wired
from advisor.providers.aws import cost, designs, latency, sizing
from advisor.providers.aws.catalogue import load_catalogue
from advisor.providers.aws.cost.pricers import PRICERS
from advisor.providers.aws.kinds import AWS_FACTS
from advisor.providers.aws.vocabulary import VOCABULARY

AWS = Wired("aws", VOCABULARY, AWS_FACTS, designs.designed, lambda: frozenset(PRICERS),
            load_catalogue, designs.design, sizing.size, cost.estimate, latency.path_delays,
            latency.warnings_for)
