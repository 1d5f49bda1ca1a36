"""`--cloud`: decide on one registered cloud for this run, whatever the workloads name."""

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from advisor.format.vocabulary import Cloud

CloudOption = Annotated[str | None, typer.Option(
    "--cloud", metavar="aws|azure|gcp", show_default=False,
    help="Decide on this cloud, as if every workload said `cloud:` so \\[default: each "
    "workload's `cloud:`, else aws].")]


def chosen_cloud(given: str | None) -> "Cloud | None":
    """The registered cloud `--cloud` names (None: each workload's own), or a clear error."""
    from advisor.errors import InputError
    from advisor.providers import PROVIDERS

    if given is None:
        return None
    for cloud in PROVIDERS:
        if cloud == given.lower():
            return cloud
    raise InputError("--cloud", 0, 0, f"advisor knows no cloud {given!r}",
                     f"clouds: {', '.join(PROVIDERS)}")
