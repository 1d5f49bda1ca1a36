"""The conformance gate inside `check`: for a workload that names its template
(`implemented_by:`), read that template once a run and report where it contradicts the
decision, as findings located in the template."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable
from pathlib import Path

from advisor.errors import InputError
from advisor.format.workload import Workload
from advisor.format.yamlnodes import MAX_FILE_BYTES
from advisor.gate.conformance.cfnread import Template, read_template, template_problem
from advisor.gate.conformance.compare import compare
from advisor.gate.conformance.fabric import Fabric
from advisor.gate.conformance.vocab import vocab
from advisor.gate.conformance.wiring import pieces
from advisor.safeio import read_bounded

Add = Callable[..., None]


def template_state(path: Path, root: Path) -> str:
    """What a run reads of a template, as a digest: the cache serves a result only while
    every template it read still gives the same one (an edit, a link out, a deletion all
    change it)."""
    problem = template_problem(path, root)
    if problem:
        return "refused: " + problem
    try:
        data = read_bounded(path, MAX_FILE_BYTES, "template")
    except InputError as exc:
        return "unreadable: " + exc.message
    return "sha256:" + hashlib.sha256(data).hexdigest()


class Templates:
    """The templates of one run, each read once however many workloads name it, and the
    state of each, for the cache."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.read: dict[str, Template | InputError] = {}
        self.states: dict[str, tuple[str, str, str]] = {}

    def get(self, path: Path, shown: str) -> Template | InputError:
        key = str(path)
        if key not in self.read:
            try:
                self.read[key] = read_template(path, self.root, shown)
            except InputError as exc:
                self.read[key] = exc
            self.states[key] = (key, str(self.root), template_state(path, self.root))
        return self.read[key]

    @property
    def kept(self) -> tuple[tuple[str, str, str], ...]:
        return tuple(sorted(self.states.values()))


def check_template(workload: Workload, workload_path: Path, shown: str, fabric: Fabric,
                   templates: Templates, add: Add) -> None:
    """Findings for the template `workload` names (it names one), compared with `fabric`."""
    named = workload.implemented_by
    assert named is not None
    reads = vocab().cloud
    if fabric.cloud != reads:
        pos = workload.position("implemented_by")
        add("ADV201", shown, pos.line, pos.column,
            f"the template {named} cannot be checked: the gate reads the templates of "
            f"{reads} designs (CloudFormation, SAM), and this workload's cloud is "
            f"{fabric.cloud}", "remove implemented_by, or check the template with the "
            "cloud's own tools", workload.name)
        return
    path = workload_path.parent / named
    where = posixpath.normpath(posixpath.join(posixpath.dirname(shown.replace("\\", "/")),
                                              named))
    template = templates.get(path, where)
    if isinstance(template, InputError):
        pos = workload.position("implemented_by")
        at_template = template.line > 0  # a mistake inside the file, else the file itself
        add("ADV201", template.path if at_template else shown,
            template.line if at_template else pos.line,
            template.column if at_template else pos.column,
            f"the template {where} named by implemented_by cannot be checked: "
            f"{template.message}", template.hint, workload.name)
        return
    found = pieces(template, workload.name, [c.name for c in fabric.consumers])
    for issue in compare(template, fabric, found):
        add(issue.code, where, issue.pos.line, issue.pos.column, issue.message,
            workload=workload.name)
