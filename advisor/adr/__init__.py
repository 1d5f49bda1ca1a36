"""The ADR folder: numbering, locks, atomic writes, front matter, lifecycle, the index."""
