"""`advisor check`: compare the committed ADRs with what the workloads give today, and
report in every format asked for; `--explain CODE` says what a finding means."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.adr import folder as adr
from advisor.cli.checkfiles import workload_files
from advisor.cli.choices import CheckFormat
from advisor.cli.formats import CHECK, Screen
from advisor.cli.outputs import check_output, distinct_outputs, write_reports
from advisor.cli.paths import display_path, from_root
from advisor.errors import InputError
from advisor.visible import visible

if TYPE_CHECKING:
    from advisor.format.config import Config


def explain_finding(code: str) -> int:
    from advisor.format.findings import finding_kinds
    from advisor.format.schema import suggest

    kinds = finding_kinds()
    kind = kinds.get(code.upper())
    if kind is None:
        raise InputError("--explain", 0, 0, f"unknown finding code {code!r}",
                         f"{suggest(code.upper(), list(kinds))}codes: {', '.join(kinds)}")
    from advisor.cli.screen import width
    from advisor.render.wrap import wrap_block

    print(wrap_block(f"{kind.code} {kind.name} (default severity: {kind.severity})\n\n"
                     f"{kind.title}.\n\n{kind.explain}\n\nHow to fix it: {kind.fix}\n\n"
                     "More: the README's table of findings.", width(), hanging=False))
    return 0


def run_check(paths: list[Path], adr_dir: Path | None, config: Path | None, fmt: str,
              fail_on: str | None, output: Path | None, packs: tuple[Path, ...] = (),
              today: dt.date | None = None, use_waivers: bool = True,
              reports: tuple[tuple[str, Path], ...] = (), quiet: bool = False,
              cached: bool = True) -> int:
    """`reports`: further (format, file) pairs written from the same run. `quiet`: the text
    report only when the check fails, and no notes. `cached`: reuse the result of a run
    over the very same inputs (gate/cache.py)."""
    from advisor.format.config import load_config
    from advisor.format.findings import reaches
    from advisor.gate.cache import load, store

    settings = load_config(config, Path.cwd())
    folder = settings.adr_folder(adr_dir)
    threshold = fail_on or settings.fail_on
    wanted = [(fmt, output), *reports]
    flags = ["--output", *(["--report"] * len(reports))]
    for flag, (_, file) in zip(flags, wanted, strict=True):
        if file is not None:  # before any work: a report that cannot be written is exit 2
            check_output(file, flag)
    distinct_outputs([(flag, file) for flag, (_, file) in zip(flags, wanted, strict=True)])
    # Once, slim (a summary of each body): for the files they record, and to check them; not
    # before the cache is asked, where the files are named otherwise.
    docs = adr.read_adrs(folder, slim=True) if not paths and not settings.workloads else None
    files = workload_files(paths, settings, docs or [])
    if not files and not quiet:
        docs = adr.read_adrs(folder, slim=True) if docs is None else docs
        # Not a failure: a repository that has no workloads yet, or whose workloads were all
        # removed, has nothing out of date; the ADRs are still checked.
        print(visible(f"advisor check: no workloads to check ({display_path(folder)} has "
                      f"{len(docs)} ADR{'' if len(docs) == 1 else 's'}); pass workload files, "
                      "set `workloads:` globs in .advisor.yaml, or write ADRs with "
                      "`advisor recommend`"), file=sys.stderr)
    machine = any(kind != "text" for kind, _ in wanted)
    shown = display_path
    if machine:
        # Reports for machines (code scanning, annotations, job summaries) name files from the
        # repository root, whatever folder the check ran in; text, for a person at a prompt,
        # names them as typed from there.
        def shown(path: Path) -> str:
            return from_root(display_path(path), settings.root)
    shown_files = [(p, shown(p)) for p in files]
    key = _cache_key(shown_files, folder, settings, (*settings.rule_packs, *packs), today,
                     use_waivers, not paths, machine) if cached else None
    result = load(key) if key else None
    if result is None:
        from advisor.cli.ruleset import builtin_rules
        from advisor.gate.check import check
        from advisor.providers import provider

        aws = provider("aws")  # the only cloud the format accepts yet
        catalogue = aws.catalogue()
        rules = builtin_rules(catalogue, (*settings.rule_packs, *packs))
        result = check(shown_files, folder, rules, catalogue,
                       settings.severity, shown, today, use_waivers, complete=not paths,
                       docs=docs, max_knowledge_age=settings.knowledge_max_age_days,
                       vocabularies=aws.vocabulary, provider=aws)
        if key:
            store(key, result)
    failed = any(reaches(f.severity, threshold) for f in result.findings)
    # Every report is rendered before one is written: a fault in one leaves no file behind.
    screen = stdout = Screen()  # a file is the same whatever terminal the run had
    if output is None:  # standard output: a person at a terminal may read it
        from advisor.cli.screen import wants_colour, width

        stdout = Screen(width(), "standard" if wants_colour(sys.stdout) else None)
    texts = [(CHECK[CheckFormat(kind)](result, threshold, stdout if file is None else screen),
              file) for kind, file in wanted]
    written = [(text, file) for text, file in texts if file is not None]
    write_reports(written)
    if not quiet:
        for _, file in written:
            print(visible(f"advisor check: report written to {display_path(file)}"),
                  file=sys.stderr)
    for text, file in texts:  # standard output last: after every file was written
        if file is None and (failed or not quiet or fmt != "text"):
            sys.stdout.write(text)
    return 1 if failed else 0


def _cache_key(files: list[tuple[Path, str]], folder: Path, settings: Config,
               packs: tuple[Path, ...], today: dt.date | None, use_waivers: bool,
               complete: bool, machine: bool) -> str | None:
    """The digest of everything a check's findings depend on (gate/cache.py); None where an
    input cannot be read as the run reads it."""
    import os

    from advisor.adr import lifecycle
    from advisor.format.yamlnodes import MAX_FILE_BYTES
    from advisor.gate.cache import Key
    from advisor.safeio import MAX_ADR_BYTES

    key = Key()
    key.add_installation()
    key.add(os.getcwd(), str(settings.root), str(folder.absolute()), sorted(
        settings.severity.items()), settings.knowledge_max_age_days, today, use_waivers,
        complete, machine)
    for path, shown in files:
        key.add(shown)
        key.add_file(path, MAX_FILE_BYTES)
    for number, path in adr.adr_files(folder):  # as read_adrs reads them: links passed over
        key.add(number, path.is_symlink())
        if not path.is_symlink():
            key.add_file(path, MAX_ADR_BYTES)
    index = folder / lifecycle.INDEX_NAME
    key.add(os.path.lexists(index))
    if os.path.lexists(index):
        key.add_file(index, MAX_ADR_BYTES)
    for pack in packs:
        key.add(str(pack))
        for rule_file in sorted(pack.glob("*.yaml")) if os.path.isdir(pack) else ():
            key.add_file(rule_file, MAX_FILE_BYTES)
    return key.digest
