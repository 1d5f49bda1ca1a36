"""What `advisor recommend` does, kept apart from argument parsing so it imports
its heavy dependencies only when it runs."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from advisor import adr, lifecycle
from advisor.catalogue import Catalogue, load_catalogue
from advisor.errors import InputError, InputErrors, InternalError
from advisor.report import Recommendation, advise
from advisor.resources import data_dir
from advisor.rules import RuleSet, load_rules
from advisor.workload import RunTotals, Workload, load_workloads


def builtin_rules(catalogue: Catalogue, packs: tuple[Path, ...] = ()) -> RuleSet:
    """The built-in rule pack, then each team pack in order (a pack may `replaces:` a rule)."""
    known = catalogue.facts.__contains__
    try:
        builtin = load_rules([data_dir("rules")], known)
    except (InputError, InputErrors) as exc:
        raise InternalError(f"the built-in rules are broken:\n{exc}") from None
    if not packs:
        return builtin
    for pack in packs:
        if not pack.is_dir():
            raise InputError(str(pack), 0, 0, "no such rule pack folder",
                             "--rules and the config's `rules:` name folders of *.yaml rule "
                             "files")
    return load_rules([data_dir("rules"), *packs], known)


def read_all(paths: list[Path]) -> list[tuple[str, Workload]]:
    """Every workload of every file, or every mistake of every file."""
    from advisor.cli import display_path

    found: list[tuple[str, Workload]] = []
    errors: list[InputError] = []
    totals = RunTotals()
    for path in paths:
        shown = display_path(path)
        try:
            for w in load_workloads(path, shown):
                totals.add(w, shown)
                found.append((shown, w))
        except InputErrors as exc:
            errors.extend(exc.errors)
        except InputError as exc:
            errors.append(exc)
            if totals.over:
                break  # over a run's cap: reading on is the work the cap bounds
    names: dict[str, str] = {}
    for shown, workload in found:
        if workload.name in names and names[workload.name] != shown:
            pos = workload.position("name")
            errors.append(InputError(shown, pos.line, pos.column,
                                     f"workload {workload.name!r} is also defined in "
                                     f"{names[workload.name]}",
                                     "workload names name ADRs, so they must be unique"))
        names.setdefault(workload.name, shown)
    if errors:
        raise InputErrors(errors)
    return found


def run_recommend(paths: list[Path], adr_dir: Path, fmt: str, dry_run: bool, force: bool,
                  date: dt.date, max_knowledge_age: int = 365, template: str = "madr",
                  packs: tuple[Path, ...] = (), use_waivers: bool = True) -> int:
    from advisor.cli import display_path
    from advisor.render.markdown import BUILTIN_TEMPLATES, AdrMeta, render_adr

    workloads = read_all(paths)
    catalogue = load_catalogue()
    rules = builtin_rules(catalogue, packs)
    recommendations: list[tuple[str, Recommendation]] = [
        (shown, advise(w, rules, catalogue, date, max_knowledge_age, use_waivers))
        for shown, w in workloads]
    if template not in BUILTIN_TEMPLATES and not dry_run:
        for shown, rec in recommendations:  # a broken template fails before anything is written
            render_adr(rec, AdrMeta(0, date, shown), template)
    age = (date - catalogue.as_of).days
    if age > max_knowledge_age and fmt == "json":  # the text summary lists it with the rest
        print(f"advisor: warning: its AWS knowledge dates from {catalogue.as_of.isoformat()}, "
              f"{age} days before {date.isoformat()}; upgrade advisor or check the sources.",
              file=sys.stderr)
    entries = []
    console = None
    if fmt == "text":
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=True, emoji=False)
    messages = []
    for shown, rec in recommendations:
        written: str | None = None
        note = "written"
        if not dry_run:
            path, note = _write_adr(adr_dir, rec, shown, date, template, force)
            written = display_path(path)
            messages.append(f"{rec.workload.name}: ADR {note}: {written}")
        if fmt == "json":
            from advisor.render.jsondoc import workload_entry

            entries.append(workload_entry(rec, shown, written))
        if console is not None:
            from advisor.render.terminal import print_summary

            print_summary(console, rec, written, note)
    index = lifecycle.update_index(adr_dir) if not dry_run else None
    if index is not None:
        messages.append(f"index updated: {display_path(index)}")
        if console is not None:
            console.print(f"  index updated: {display_path(index)}", markup=False)
    if fmt == "json":
        from advisor.render.jsondoc import render_json

        sys.stdout.write(render_json(entries, catalogue))
        for message in messages:
            print(message, file=sys.stderr)
    return 0


def _write_adr(adr_dir: Path, rec: Recommendation, shown: str, date: dt.date, template: str,
               force: bool) -> tuple[Path, str]:
    """Write, refresh, supersede or leave the workload's ADR; returns the path and what
    happened. People's edits are never overwritten without --force."""
    from advisor.render.markdown import AdrMeta, front_matter, render_adr

    existing = adr.existing_adr(adr_dir, rec.workload.name)
    if existing is None:
        path = adr.write_new(adr_dir, rec.workload.name, lambda n: render_adr(
            rec, AdrMeta(n, date, shown), template))
        return path, "written"
    if force:
        adr.replace(existing.path, render_adr(rec, AdrMeta(existing.number, date, shown),
                                              template))
        return existing.path, "replaced"
    doc = adr.read_adr(existing.path)
    assert doc is not None  # existing_adr returns ADR files only
    recorded = doc.provenance
    services = [s.id for s in rec.chosen.design.services]
    listed = recorded.get("services")
    same = recorded.get("model") == rec.model and (
        [str(s) for s in listed] if isinstance(listed, list) else None) == services
    if same or not recorded:
        meta = AdrMeta(existing.number, date, shown)
        fresh = front_matter(rec, meta, doc.body)
        if lifecycle.refresh_provenance(existing.path, fresh):
            return existing.path, ("provenance refreshed (its text still describes the earlier "
                                   "inputs; --force rewrites it)")
        return existing.path, ("up to date" if lifecycle.untouched(doc)
                               else "edited by people, kept")
    old = f"ADR-{existing.number:04d}"
    path = adr.write_new(adr_dir, rec.workload.name, lambda n: render_adr(
        rec, AdrMeta(n, date, shown, supersedes=(old, existing.path.name)), template))
    new_number = int(path.name[:4])
    lifecycle.set_status(existing.path, f"superseded by ADR-{new_number:04d}")
    return path, f"supersedes {old}"


def explain_finding(code: str) -> int:
    from advisor.findings import finding_kinds
    from advisor.schema import suggest

    kinds = finding_kinds()
    kind = kinds.get(code.upper())
    if kind is None:
        raise InputError("--explain", 0, 0, f"unknown finding code {code!r}",
                         f"{suggest(code.upper(), list(kinds))}codes: {', '.join(kinds)}")
    print(f"{kind.code} {kind.name} (default severity: {kind.severity})\n\n{kind.title}.\n\n"
          f"{kind.explain}\n\nHow to fix it: {kind.fix}\n\nMore: {kind.help_uri}")
    return 0


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputError(str(path), 0, 0, "no such file or folder", "check the path")
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*.y*ml"))
                         if p.suffix in (".yaml", ".yml")
                         and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def workload_files(paths: list[Path], globs: tuple[str, ...], base: Path,
                   adr_dir: Path) -> list[Path]:
    """What to check: the paths given, else the config's globs, else what the ADRs record."""
    if paths:
        return _expand(paths)
    if globs:
        found = sorted({p for pattern in globs for p in base.glob(pattern) if p.is_file()})
        return found
    recorded = []
    for doc in adr.read_adrs(adr_dir):
        file = doc.provenance.get("file")
        if isinstance(file, str):
            recorded.append(Path(file))
    return list(dict.fromkeys(recorded))


def run_check(paths: list[Path], adr_dir: Path | None, config: Path | None, fmt: str,
              fail_on: str | None, output: Path | None, packs: tuple[Path, ...] = (),
              today: dt.date | None = None, use_waivers: bool = True) -> int:
    from advisor.check import check
    from advisor.cli import display_path
    from advisor.config import load_config
    from advisor.findings import reaches
    from advisor.render.findings import RENDERERS

    settings = load_config(config, Path.cwd())
    folder = adr_dir if adr_dir is not None else settings.adr_path
    threshold = fail_on or settings.fail_on
    files = workload_files(paths, settings.workloads, settings.base, folder)
    if not files:
        raise InputError(
            display_path(folder), 0, 0, "no workloads to check",
            "pass workload files, set `workloads:` globs in .advisor.yaml, or write ADRs with "
            "`advisor recommend`")
    catalogue = load_catalogue()
    rules = builtin_rules(catalogue, (*settings.rule_packs, *packs))
    result = check([(p, display_path(p)) for p in files], folder, rules, catalogue,
                   settings.severity, display_path, today, use_waivers)
    text = RENDERERS[fmt](result, threshold)
    if output is not None:
        from advisor.adr import write_text

        write_text(output, text)
        print(f"advisor check: report written to {display_path(output)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 1 if any(reaches(f.severity, threshold) for f in result.findings) else 0
