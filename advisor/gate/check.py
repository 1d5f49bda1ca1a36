"""`advisor check`: recompute every recommendation and compare it with the ADRs.

Pure over its inputs (workload files, the ADR folder, rules, catalogue): it returns
findings; the CLI decides how to print them and which exit code they mean.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from advisor import __version__
from advisor.adr import folder as adr
from advisor.adr import lifecycle
from advisor.adr.doc import digest_of, is_generated
from advisor.core.catalogue import Catalogue
from advisor.core.cloudkit import Kit, Kits
from advisor.core.provider import Provider
from advisor.core.rules import RuleSet
from advisor.errors import InputError, InternalError, quoted
from advisor.format.findings import finding_kinds
from advisor.format.vocabulary import Cloud, Vocabularies
from advisor.format.workload import RunTotals, Workload
from advisor.gate.reading import Answer, Context, Problem, read_files
from advisor.gate.results import CheckResult as CheckResult
from advisor.gate.results import Finding as Finding


def check(
    workload_files: Sequence[tuple[Path, str]],
    adr_dir: Path,
    rules: RuleSet,
    catalogue: Catalogue,
    severity: Mapping[str, str],
    shown_adr: object = str,
    today: dt.date | None = None,
    use_waivers: bool = True,
    complete: bool = False,
    docs: list[adr.AdrDoc] | None = None,
    max_knowledge_age: int = 365,
    *,
    vocabularies: Vocabularies,
    provider: Provider,
    kits: Kits | None = None,
) -> CheckResult:
    """Findings for the workload files (path, shown name) against the ADRs in adr_dir.

    `complete`: the files are every workload there is (the config's globs, or the files the
    ADRs record), so a live ADR whose workload none of them defines is a finding. `docs`:
    the ADRs of adr_dir, where the caller has read them already. `max_knowledge_age`: days
    after which the knowledge an ADR records is stale, counted up to `today`. `vocabularies`:
    the words of each cloud a workload may name. `rules`, `catalogue` and `provider` decide
    the workloads on their provider's cloud; `kits` makes those of the other clouds (none
    given: only that cloud's workloads can be checked)."""
    assert callable(shown_adr)
    kinds = finding_kinds()
    findings: list[Finding] = []

    def add(code: str, path: str, line: int, column: int, message: str, hint: str = "",
            workload: str = "") -> None:
        level = severity.get(code, kinds[code].severity)
        findings.append(Finding(code, level, path, line, column, message,
                                hint or kinds[code].fix, workload))

    if docs is None:
        docs = adr.read_adrs(adr_dir, slim=True)
    _check_adrs(docs, add, shown_adr)
    _check_live(docs, add, shown_adr)
    # An index that still lists ADRs which were all deleted is stale too.
    if (docs or lifecycle.read_index(adr_dir) is not None) and lifecycle.index_is_stale(
            adr_dir, docs):
        add("ADV110", shown_adr(adr_dir / lifecycle.INDEX_NAME), 0, 0,
            "the ADR index does not match the ADRs")
    by_workload = _index(docs)
    checked: list[str] = []
    totals = RunTotals()
    given = Kit(provider, catalogue, rules)
    context = Context(kits.only(given) if kits else Kits(_one_cloud(given), given), today,
                      use_waivers, vocabularies)
    for shown, read in read_files(workload_files, context):
        if totals.over:
            break  # reported once; reading on is the work the cap bounds
        for problem in read.problems:
            add("ADV101", shown, problem.line, problem.column, problem.message, problem.hint)
        for workload, answer in read.workloads:
            try:
                totals.add(workload, shown)
            except InputError as exc:
                add("ADV101", shown, exc.line, exc.column, exc.message, exc.hint)
                break
            checked.append(workload.name)
            if isinstance(answer, Problem):  # a waiver of a rule that does not exist
                add("ADV101", shown, answer.line, answer.column, answer.message, answer.hint,
                    workload.name)
                continue
            if use_waivers and workload.decision and today is not None:
                for waiver in workload.decision.waivers:
                    if waiver.expired(today):
                        add("ADV111", shown, waiver.pos.line, waiver.pos.column,
                            f"the waiver of {waiver.rule} expired on {waiver.expires}",
                            workload=workload.name)
            doc = by_workload.get(workload.name)
            _check_workload(workload, answer, doc, shown, add, shown_adr)
            if doc is not None and today is not None:
                _check_knowledge_age(doc, today, max_knowledge_age, add, shown_adr,
                                     workload.name, answer.cloud_name)
    if complete and not any(f.code == "ADV101" for f in findings):  # else every file read
        _check_orphans(docs, set(checked), add, shown_adr)
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    return CheckResult(tuple(findings), tuple(checked), len(docs))


def _one_cloud(kit: Kit) -> Callable[[Cloud], Kit]:
    def refuse(cloud: Cloud) -> Kit:
        raise InternalError(f"check was given no kit for {cloud}; pass `kits`")
    return refuse


def _check_orphans(docs: list[adr.AdrDoc], checked: set[str], add: object,
                   shown: object) -> None:
    """A live ADR advisor wrote whose workload no file defines: the workload was removed or
    renamed, or the ADR's record of its file was changed, and its decision is checked by
    nothing."""
    assert callable(add) and callable(shown)
    for doc in docs:
        if not doc.provenance or not lifecycle.live(doc):
            continue
        name = lifecycle.workload_of(doc)
        if name in checked:
            continue
        file = doc.provenance.get("file")
        where = (f"the file it records, {quoted(file)}, does not define it"
                 if isinstance(file, str)
                 else "it records no workload file")
        add("ADV114", shown(doc.path), 1, 1,
            f"ADR-{doc.number:04d} is the decision for workload {name!r}, which no workload "
            f"file checked defines ({where})", workload=name)


def _index(docs: list[adr.AdrDoc]) -> dict[str, adr.AdrDoc]:
    """The ADR of each workload (by provenance, else by file name) that check compares it
    with: the newest ADR advisor wrote, else the newest one. An ADR written by hand cannot
    say what it decided, so it never stands in front of one advisor wrote."""
    found: dict[str, adr.AdrDoc] = {}
    for doc in docs:
        name = lifecycle.workload_of(doc)
        if doc.provenance or not found.get(name, doc).provenance:
            found[name] = doc
    return found


def _check_adrs(docs: list[adr.AdrDoc], add: object, shown: object) -> None:
    assert callable(add) and callable(shown)
    numbers: dict[int, list[adr.AdrDoc]] = defaultdict(list)
    for doc in docs:
        numbers[doc.number].append(doc)
        if doc.front_problem:
            add("ADV108", shown(doc.path), doc.front_line, 1,
                f"invalid front matter: {doc.front_problem}")
        elif not doc.provenance and is_generated(doc):
            # Without it the ADR would pass as one written by hand, compared with nothing.
            add("ADV108", shown(doc.path), 1, 1, "invalid front matter: advisor generated "
                "this ADR, but its provenance (`advisor:`) is missing or empty",
                "restore the `advisor:` block from version control, or run `advisor recommend "
                "--force` on its workload file")
    for number, same in sorted(numbers.items()):
        if len(same) > 1:
            # The first few names: each finding listing every file would grow as the square
            # of the files.
            names = ", ".join(shown(d.path) for d in same[:3]) + (
                f" and {len(same) - 3:,} more" if len(same) > 3 else "")
            for doc in same[1:]:
                add("ADV106", shown(doc.path), 1, 1, f"ADR-{number:04d} is used by {names}")
    for doc in docs:
        for target, line, column in adr.links(doc):
            if target not in numbers:
                add("ADV107", shown(doc.path), line, column,
                    f"links to ADR-{target:04d}, which does not exist")


def _check_live(docs: list[adr.AdrDoc], add: object, shown: object) -> None:
    """Supersedes left half done, and workloads with more than one ADR in force."""
    assert callable(add) and callable(shown)
    unfinished = lifecycle.unfinished_supersedes(docs)
    for old, new in unfinished:
        status = str((old.front or {}).get("status", ""))
        add("ADV112", shown(old.path), 1, 1,
            f"ADR-{new.number:04d} ({shown(new.path)}) supersedes ADR-{old.number:04d}, "
            f"whose status is still {quoted(status)}", workload=lifecycle.workload_of(new))
    pending = {old.path for old, _ in unfinished}  # reported above already
    live: dict[str, list[adr.AdrDoc]] = defaultdict(list)
    for doc in docs:  # written by advisor or by hand: either is a decision in force
        if doc.path not in pending and lifecycle.live(doc):
            live[lifecycle.workload_of(doc)].append(doc)
    for name, same in sorted(live.items()):
        numbers = ", ".join(f"ADR-{d.number:04d}" for d in same[:3]) + (
            f" and {len(same) - 3:,} more" if len(same) > 3 else "")
        for doc in same[1:]:
            add("ADV113", shown(doc.path), 1, 1,
                f"workload {name!r} has {len(same)} live ADRs: {numbers}", workload=name)


def _check_workload(workload: Workload, rec: Answer, doc: adr.AdrDoc | None,
                    shown: str, add: object, shown_adr: object) -> None:
    assert callable(add) and callable(shown_adr)
    name_pos = workload.position("name")
    services = list(rec.services)
    if workload.decision is not None:
        _check_decision(workload, rec, services, shown, add)
    if doc is None:
        add("ADV102", shown, name_pos.line, name_pos.column,
            f"workload {workload.name!r} has no ADR (recommended: {rec.model}, "
            f"{', '.join(services)})",
            f"run `advisor recommend {shown}` and commit the ADR it writes",
            workload.name)
        return
    where = shown_adr(doc.path)
    recorded = doc.provenance
    if not recorded:
        return  # an ADR written by hand: nothing to compare with
    was_model = recorded.get("model")
    listed = recorded.get("services")
    was_services = [str(s) for s in listed] if isinstance(listed, list) else []
    same_workload = str(recorded.get("fingerprint")) == rec.fingerprint
    upgraded = [key for key, now in (("version", __version__), ("rules", rec.rules_version),
                                     ("knowledge", rec.knowledge_as_of.isoformat()))
                if str(recorded.get(key)) != now]
    if was_model != rec.model or was_services != services:
        if same_workload and upgraded:
            # Not this change's doing: an upgrade of advisor must not fail every pull request.
            add("ADV117", shown, name_pos.line, name_pos.column,
                f"the workload is unchanged, but advisor is not: {_versions(recorded, rec)}; "
                f"this advisor changes the answer {where} records, {was_model} "
                f"({', '.join(was_services)}), to {rec.model} ({', '.join(services)})",
                f"review the new answer, then run `advisor recommend {shown}`: it writes an ADR "
                "that supersedes this one and says why", workload.name)
        else:
            add("ADV103", shown, name_pos.line, name_pos.column,
                f"{where} records {was_model} ({', '.join(was_services)}); the "
                f"workload now gives {rec.model} ({', '.join(services)})",
                f"review the change, then run `advisor recommend {shown}`: it writes an ADR "
                "that supersedes this one", workload.name)
    elif same_workload and {"rules", "knowledge"} & set(upgraded):
        add("ADV117", shown, name_pos.line, name_pos.column,
            f"the workload is unchanged, but advisor is not: {_versions(recorded, rec)}; the "
            f"answer {where} records is still {rec.model}",
            f"run `advisor recommend {shown}` to refresh the ADR for this advisor",
            workload.name)
    else:
        changed = [label for label, key, now in (
            ("the workload", "fingerprint", rec.fingerprint),
            ("advisor's rules", "rules", rec.rules_version),
            (f"advisor's {rec.cloud_name} knowledge", "knowledge",
             rec.knowledge_as_of.isoformat()),
        ) if str(recorded.get(key)) != now]
        if changed:
            add("ADV104", shown, name_pos.line, name_pos.column,
                f"{' and '.join(changed)} changed since {where} was written; the answer is "
                f"still {rec.model}", f"run `advisor recommend {shown}`: it refreshes the "
                "ADR (an edited one keeps its text, and its figures are then reported as "
                "stale, ADV116)", workload.name)
        text_from = lifecycle.stale_text(recorded)
        if text_from is not None and not changed:
            who = ("people edited this ADR" if not lifecycle.untouched(doc) else
                   "the template this ADR was written with was not the run's")
            add("ADV116", where, 1, 1,
                f"{who}, so advisor refreshed only its front matter: its "
                f"text was generated for earlier inputs (workload fingerprint "
                f"{text_from.get('fingerprint')}, advisor {text_from.get('version')}, rules "
                f"{text_from.get('rules')}), and its figures (rates, sizing, costs) may "
                "describe those", workload=workload.name)
    if recorded.get("body") and recorded.get("body") != digest_of(doc):
        add("ADV109", where, doc.body_line, 1, "the generated text was edited by hand",
            workload=workload.name)


def _versions(recorded: dict[str, object], rec: Answer) -> str:
    """"advisor 0.1.0 (rules ..., knowledge ...) wrote it; advisor 0.2.0 (...) is running"."""
    said, cloud = lifecycle.advisor_said, rec.cloud_name
    then = said(recorded.get("version"), recorded.get("rules"), recorded.get("knowledge"), cloud)
    return (f"{then} wrote the ADR and "
            f"{said(__version__, rec.rules_version, rec.knowledge_as_of, cloud)} is running")


def _check_knowledge_age(doc: adr.AdrDoc, today: dt.date, max_age: int, add: object,
                         shown: object, workload: str, cloud: str) -> None:
    """The knowledge the ADR recorded, not today's: the ADR's prices are those of its date."""
    assert callable(add) and callable(shown)
    recorded = doc.provenance.get("knowledge")
    if isinstance(recorded, str):  # a date YAML did not read as one, such as a quoted date
        try:
            recorded = dt.date.fromisoformat(recorded)
        except ValueError:
            return
    if not isinstance(recorded, dt.date) or isinstance(recorded, dt.datetime):
        return
    age = (today - recorded).days
    if age > max_age:
        add("ADV115", shown(doc.path), 1, 1,
            f"ADR-{doc.number:04d} rests on {cloud} knowledge from {recorded.isoformat()}, {age:,} "
            f"days before {today.isoformat()} (more than {max_age:,}); its prices and quotas "
            "may have changed", workload=workload)


def _check_decision(workload: Workload, rec: Answer, services: list[str], shown: str,
                    add: object) -> None:
    assert callable(add) and workload.decision is not None
    decision = workload.decision
    if decision.model and decision.model != rec.model:
        pos = workload.position("decision.model")
        add("ADV105", shown, pos.line, pos.column,
            f"decision.model is {decision.model}, but the recommendation is {rec.model} "
            f"(scores: {', '.join(f'{m} {s:g}' for m, s in rec.scores.items())})",
            f"change decision.model to {rec.model}, or the requirements that drive it",
            workload.name)
    if decision.services and set(decision.services) != set(services):
        pos = workload.position("decision.services")
        extra = sorted(set(decision.services) - set(services))
        missing = sorted(set(services) - set(decision.services))
        parts = []
        if extra:
            parts.append(f"lists {', '.join(extra)}, which the recommendation does not use")
        if missing:
            parts.append(f"omits {', '.join(missing)}, which it does")
        add("ADV105", shown, pos.line, pos.column, "decision.services " + "; and ".join(parts),
            f"the recommendation uses: {', '.join(services)}", workload.name)
