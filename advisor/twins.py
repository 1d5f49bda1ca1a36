"""Regenerate every compiled twin: `python -m advisor.twins`.

A twin is the JSON of data advisor checks at load (the AWS catalogue, the built-in rule
pack), which msgspec reads in about a millisecond. Each is keyed on the digest of its data
and advisor's version, never on code, and is used only while both match; otherwise the YAML
is read, so a stale twin is slow, never wrong. Run this after editing
advisor/providers/aws/data/catalogue.yaml, anything under rules/, a provider's vocabulary, or
advisor's version; tests/core/test_rules_wing.py fails while a twin is stale.
"""

from __future__ import annotations

from pathlib import Path


def regenerate() -> list[Path]:
    """Write each twin from its YAML, the catalogue first (the rules are checked against
    it); the paths written."""
    from advisor.core.rules.twin import compile_rule_pack
    from advisor.providers.aws.catalogue import compile_catalogue, load_catalogue
    from advisor.providers.aws.vocabulary import VOCABULARY

    catalogue_twin = compile_catalogue()
    load_catalogue.cache_clear()  # read back what was just written
    return [catalogue_twin, compile_rule_pack(load_catalogue().facts, VOCABULARY)]


if __name__ == "__main__":
    for written in regenerate():
        print(f"wrote {written}")
