"""The rules a run decides with: the built-in pack, then the team's packs."""

from __future__ import annotations

import os
from pathlib import Path

from advisor.core.catalogue import Catalogue
from advisor.core.cloudkit import Kit, Kits
from advisor.core.rules import RuleSet, builtin_pack, load_rules
from advisor.errors import InputError, InputErrors, InternalError
from advisor.format.vocabulary import Cloud, Vocabulary
from advisor.providers.aws.vocabulary import VOCABULARY


def builtin_rules(catalogue: Catalogue, packs: tuple[Path, ...] = (),
                  vocabulary: Vocabulary = VOCABULARY) -> RuleSet:
    """The built-in rule pack of the vocabulary's cloud (with its catalogue), then each team
    pack in order (a pack may `replaces:` a rule)."""
    known = catalogue.facts.__contains__
    try:
        builtin = load_rules([builtin_pack(vocabulary)], known, catalogue.facts, vocabulary)
    except (InputError, InputErrors) as exc:
        raise InternalError(f"the built-in rules are broken:\n{exc}") from None
    if not packs:
        return builtin
    from advisor.format.config import shown_path

    for pack in packs:
        if not os.path.isdir(pack):  # never raises, unlike Path.is_dir on a name too long
            raise InputError(shown_path(pack), 0, 0, "no such rule pack folder",
                             "--rules and the config's `rules:` name folders of *.yaml rule "
                             "files")
    return load_rules([builtin_pack(vocabulary), *packs], known, catalogue.facts, vocabulary)


def cloud_kits(packs: tuple[Path, ...] = ()) -> Kits:
    """Each cloud's provider, catalogue and rules (its built-in pack, then `packs`), made the
    first time a workload on that cloud asks."""
    def make(cloud: Cloud) -> Kit:
        from advisor.providers import provider

        chosen = provider(cloud)
        catalogue = chosen.catalogue()
        return Kit(chosen, catalogue, builtin_rules(catalogue, packs, chosen.vocabulary))
    return Kits(make)
