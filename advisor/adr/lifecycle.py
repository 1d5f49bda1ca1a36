"""The face of the ADR trail over time, so that `from advisor.adr import lifecycle` keeps
working as it did before the trail was split: an ADR's status and provenance, supersede,
refresh and the index (each in its own module; renumbering, which only `advisor adr
renumber` needs, is advisor.adr.renumber)."""

from __future__ import annotations

from advisor.adr.index import BEGIN as BEGIN
from advisor.adr.index import END as END
from advisor.adr.index import INDEX_NAME as INDEX_NAME
from advisor.adr.index import MAX_INDEX_BYTES as MAX_INDEX_BYTES
from advisor.adr.index import Entry as Entry
from advisor.adr.index import entries as entries
from advisor.adr.index import index_block as index_block
from advisor.adr.index import index_is_stale as index_is_stale
from advisor.adr.index import index_text as index_text
from advisor.adr.index import read_index as read_index
from advisor.adr.index import update_index as update_index
from advisor.adr.index import write_index as write_index
from advisor.adr.provenance import TEXT_FROM as TEXT_FROM
from advisor.adr.provenance import advisor_said as advisor_said
from advisor.adr.provenance import body_digest as body_digest
from advisor.adr.provenance import stale_text as stale_text
from advisor.adr.provenance import untouched as untouched
from advisor.adr.refresh import refresh as refresh
from advisor.adr.status import live as live
from advisor.adr.status import set_status as set_status
from advisor.adr.status import with_status as with_status
from advisor.adr.status import workload_of as workload_of
from advisor.adr.supersede import supersede_reason as supersede_reason
from advisor.adr.supersede import superseding as superseding
from advisor.adr.supersede import unfinished_supersedes as unfinished_supersedes

__all__ = ["BEGIN", "END", "INDEX_NAME", "MAX_INDEX_BYTES", "TEXT_FROM", "Entry",
           "advisor_said", "body_digest", "entries", "index_block", "index_is_stale",
           "index_text", "live", "read_index", "refresh", "set_status",
           "stale_text", "supersede_reason", "superseding", "unfinished_supersedes",
           "untouched", "update_index", "with_status", "workload_of", "write_index"]
