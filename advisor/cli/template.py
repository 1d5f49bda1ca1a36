"""`advisor template`: decide for each workload, find its ADR, and print one template of the
chosen designs (standard output, or --output through the atomic writer)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from advisor.answers.reading import is_stdin, read_all
from advisor.errors import InputError, InputErrors
from advisor.format.vocabulary import CLOUD_NAMES, CLOUDS
from advisor.format.workload import Workload

LATER = "Bicep and Terraform are later work"


def run_template(paths: list[Path], cloud: str, date: dt.date, packs: tuple[Path, ...],
                 adr_dir: Path) -> int:
    from advisor.answers.recommend import decide
    from advisor.deploy.cloudformation.template import CloudFormation
    from advisor.deploy.emitter import Subject
    from advisor.deploy.yamlout import to_yaml

    _check_cloud(cloud)
    given = _stdin() if any(is_stdin(p) for p in paths) else None
    _refuse_other_clouds(read_all(paths, given))
    decided = decide(paths, date, packs=packs, given=given)
    adrs = _adr_numbers(adr_dir)
    subjects = [Subject(rec.workload, rec.chosen.design, rec.chosen.sizing, rec.chosen.cost,
                        rec.catalogue, adrs.get(rec.workload.name))
                for _, rec in decided.recommendations]
    sys.stdout.write(to_yaml(CloudFormation().emit(subjects)))
    return 0


def _check_cloud(cloud: str) -> None:
    if cloud == "aws":
        return
    if cloud in CLOUDS:
        raise InputError("--cloud", 0, 0, f"advisor writes templates for AWS "
                         f"(CloudFormation) only, not for {CLOUD_NAMES[cloud]}: {LATER}",
                         "leave out --cloud, or use `advisor recommend` for the ADR")
    raise InputError("--cloud", 0, 0, f"{cloud!r} is not a cloud advisor knows",
                     f"use one of {', '.join(CLOUDS)}")


def _refuse_other_clouds(workloads: list[tuple[str, Workload]]) -> None:
    """A workload on another cloud is refused at its `cloud:` line, whatever the format
    accepts."""
    errors = []
    for shown, w in workloads:
        if w.cloud != "aws":
            pos = w.position("cloud")
            errors.append(InputError(
                shown, pos.line, pos.column,
                f"workload {w.name!r} is on {CLOUD_NAMES[w.cloud]}: advisor writes "
                f"CloudFormation templates for AWS only; {LATER}",
                "give `advisor template` the AWS workloads only; `advisor recommend` "
                "writes the ADR of the others"))
    if errors:
        raise InputErrors(errors)


def _stdin() -> bytes:
    """Standard input read once: the cloud check and the decision both read it."""
    from advisor.format.yamlnodes import MAX_FILE_BYTES

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("-", 0, 0, "standard input is closed",
                         "pipe a workload into advisor, or name its file")
    data: bytes = stream.read(MAX_FILE_BYTES + 1)
    return data


def _adr_numbers(adr_dir: Path) -> dict[str, str]:
    """`ADR-NNNN` of each workload's newest ADR in the folder, as `recommend` finds it."""
    from advisor.adr.folder import existing_in, read_adrs

    return {name: f"ADR-{found.number:04d}"
            for name, found in existing_in(read_adrs(adr_dir, slim=True)).items()}
