"""The facts rules read: their registry (names, types, words) and their derivation from a
workload, given what the cloud tells about its own services (`CloudFacts`).

    registry    every fact a rule may read, its type and meaning, and `describe`
    derivation  the facts of one workload: `derive(workload, cloud)`
"""

from __future__ import annotations

from advisor.core.facts.derivation import CloudFacts, capacity, capped, derive
from advisor.core.facts.registry import (
    ALL_FACTS,
    CONSUMER_FACTS,
    FLOW_FACTS,
    Facts,
    FactSpec,
    FactValue,
    describe,
)

__all__ = ["ALL_FACTS", "CONSUMER_FACTS", "FLOW_FACTS", "CloudFacts", "FactSpec", "FactValue",
           "Facts", "capacity", "capped", "derive", "describe"]
