"""Numbers behind a design: concurrency, batch settings, shards, throughput modes, quotas.

Every figure carries the formula with the workload's own inputs and the catalogue
facts it rests on, so a reviewer can redo the arithmetic by hand.
"""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.designs import Design
from advisor.core.numbers import Sizing
from advisor.format.workload import Workload
from advisor.providers.aws.sizing import backlog, lambdas, streams, throughput
from advisor.providers.aws.sizing.readers import (
    shared_readers_formula,
    shared_readers_max,
    stream_readers,
)
from advisor.providers.aws.sizing.sizer import Sizer, payload_of

__all__ = ["payload_of", "shared_readers_formula", "shared_readers_max", "size",
           "stream_readers"]


def size(design: Design, w: Workload, catalogue: Catalogue) -> Sizing:
    s = Sizer(design, w, catalogue)
    if w.rate_peak is None:
        s.notes.append("No throughput is stated, so nothing is sized by rate.")
        return s.done()
    lambdas.lambda_concurrency(s)
    streams.kinesis(s)  # before the mappings: the parallelization factor needs the shard count
    lambdas.event_source_mappings(s)
    throughput.fifo(s)
    throughput.brokers(s)
    backlog.slow_consumers(s)
    backlog.deliveries(s)
    return s.done()
