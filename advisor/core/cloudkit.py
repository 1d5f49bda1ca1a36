"""What deciding on one cloud needs, made once per run and cloud: the provider, its
catalogue, and the rules checked against both (the built-in pack of that cloud, then the
team's packs). A run over workloads on several clouds asks `Kits` for each workload's."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from advisor.core.catalogue import Catalogue
    from advisor.core.provider import Provider
    from advisor.core.rules import RuleSet
    from advisor.format.vocabulary import Cloud


class Kit(NamedTuple):
    provider: Provider
    catalogue: Catalogue
    rules: RuleSet


class Kits:
    """Each cloud's kit, made the first time a workload on that cloud asks for it, so that a
    run on one cloud never loads another's catalogue or rules. `ready`: a kit at hand."""

    def __init__(self, make: Callable[[Cloud], Kit], ready: Kit | None = None) -> None:
        self._make = make
        self._made: dict[str, Kit] = {ready.provider.cloud: ready} if ready else {}

    def __call__(self, cloud: Cloud) -> Kit:
        kit = self._made.get(cloud)
        if kit is None:
            kit = self._made[cloud] = self._make(cloud)
        return kit

    def only(self, kit: Kit) -> Kits:
        """Kits that answer `kit` for its cloud and make the others as these do."""
        return Kits(self._make, kit)
