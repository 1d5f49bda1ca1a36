"""Regenerate every compiled twin: `python -m advisor.twins`.

A twin is the JSON of data advisor checks at load (the AWS catalogue, the built-in rule
pack), which msgspec reads in about a millisecond, or the Python code Jinja compiles a
built-in ADR template to (advisor/render/templatetwin.py), which needs no Jinja to run.
Each is keyed on the digest of its source and advisor's version (a template's also on the
settings Jinja compiles with), never on code, and is used only while they match; otherwise
the YAML or the template is read, so a stale twin is slow, never wrong. Run this after
editing advisor/providers/aws/data/catalogue.yaml, anything under rules/ or templates/, a
provider's vocabulary, or advisor's version; tests/core/test_rules_wing.py and
tests/render/test_templatetwin.py fail while a twin is stale.
"""

from __future__ import annotations

from pathlib import Path


def regenerate() -> list[Path]:
    """Write each twin from its source, the catalogue first (the rules are checked against
    it); the paths written."""
    from advisor.core.rules.twin import compile_rule_pack
    from advisor.providers import PROVIDERS, provider
    from advisor.providers.aws.catalogue import compile_catalogue, load_catalogue
    from advisor.render.templatetwin import write_twins

    catalogue_twin = compile_catalogue()
    load_catalogue.cache_clear()  # read back what was just written
    rule_twins = [compile_rule_pack(provider(cloud).catalogue().facts, provider(cloud).vocabulary)
                  for cloud in PROVIDERS]
    return [catalogue_twin, *rule_twins, *write_twins()]


if __name__ == "__main__":
    for written in regenerate():
        print(f"wrote {written}")
