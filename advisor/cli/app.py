"""The command line: parse, call the library, write, and return an exit code.

Exit codes: 0 done, 1 findings (check), 2 bad input or usage, 3 an internal error.

No `from __future__ import annotations` here: typer reads the commands' annotations,
and string annotations cost it an eval for each parameter (2 ms a run).
"""

import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from advisor import __version__
from advisor.errors import InputError, InputErrors, InternalError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="advisor",
    help="Recommend push, poll or hybrid delivery for event-driven flows on AWS, "
    "and write the Architecture Decision Record.\n\n"
    "Example:  advisor recommend examples/order-placed.yaml",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


AdrDir = Annotated[Path | None, typer.Option(
    "--adr-dir", help="Folder of ADRs, created if missing \\[default: the config's adr_dir, "
    "else docs/decisions].", show_default=False)]
ConfigFile = Annotated[Path | None, typer.Option(
    "--config", help="Config file \\[default: the nearest .advisor.yaml or pyproject.toml with "
    "\\[tool.advisor]].", show_default=False, dir_okay=False)]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
AdrDirRead = Annotated[Path | None, typer.Option(
    "--adr-dir", help="Folder of ADRs \\[default: the config's adr_dir, else docs/decisions].",
    show_default=False)]
Quiet = Annotated[bool, typer.Option(
    "--quiet", "-q", help="Print nothing but errors (and, for check, the report when it "
    "fails).")]
Output = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write the report to this file (atomically; nothing on an error) "
    "instead of standard output; - for standard output.", show_default=False,
    dir_okay=False)]
RulePacks = Annotated[list[Path] | None, typer.Option(
    "--rules", help="A folder of rule files to load after the built-in pack (repeatable; "
    "the config's `rules:` folders are loaded too).", file_okay=False, show_default=False)]


def _version(value: bool) -> None:
    if value:
        print(f"advisor {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Recommend push, poll or hybrid delivery for event-driven flows on AWS."""


def _stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def _fail(errors: list[InputError], writes: bool, total: int = 0) -> int:
    """Print the errors; `total`: how many there were, where only the first are given."""
    from advisor.render.wrap import width, wrap_block
    from advisor.visible import visible

    console = _stderr()
    columns = width(sys.stderr)
    for error in errors:
        console.print(wrap_block(visible(str(error)), columns), markup=False, highlight=False)
    count = total or len(errors)
    written = [line for error in errors for line in getattr(error, "written", ())]
    if written:  # "nothing was written" would be false: say what was
        console.print("Written before the failure:", markup=False)
        for line in written:
            console.print(wrap_block(f"  {visible(line, one_line=True)}", columns),
                          markup=False)
    nothing = writes and not written
    trailer = "; nothing was written." if nothing else "."
    if count > 1:
        console.print(f"{count} problems found{trailer}", markup=False)
    elif nothing:
        console.print("Nothing was written.", markup=False)
    return EXIT_INPUT


def guarded(debug: bool, body: Callable[[], int], writes: bool = True) -> int:
    """Run a command: user mistakes exit 2, advisor's own faults exit 3."""
    try:
        return body()
    except InputErrors as exc:
        return _fail(exc.shown, writes, len(exc.errors))
    except InputError as exc:
        return _fail([exc], writes)
    except KeyboardInterrupt:
        return 130
    except OutputError:
        raise  # main says so and exits 2
    except typer.Abort:
        from advisor.render.wrap import width, wrap_block

        print(wrap_block("advisor: the input ended before every question was answered; "
                         "nothing was written (use --no-input with options in scripts)",
                         width(sys.stderr)), file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:
        if debug:
            traceback.print_exc()
        kind = "internal error" if isinstance(exc, InternalError) else (
            f"internal error ({type(exc).__name__})")
        from advisor.visible import visible

        print(visible(f"advisor: {kind}: {exc}"), file=sys.stderr)
        if not debug:
            print("Rerun with --debug for the traceback, and please report it.",
                  file=sys.stderr)
        return EXIT_INTERNAL


def reported(output: Path | None, body: Callable[[], int], command: str,
             quiet: bool = False, writes: bool = False) -> Callable[[], int]:
    """`body`, its standard output going to `output` (--output; `-` or none: standard output)
    instead. The file is written atomically once the body has succeeded (exit 0, or 1 for
    findings): a user mistake or an internal error leaves no file, nor half of one.
    `writes`: the body writes files of its own (ADRs), which a failure to write the report
    comes after."""
    target = _file(output)
    if target is None:
        return body

    def run() -> int:
        import contextlib

        from advisor.adr.folder import write_output
        from advisor.cli.commands import check_output
        from advisor.errors import PartlyWritten
        from advisor.render.wrap import FileBuffer

        check_output(target)  # before any work: a report that cannot be written is exit 2
        buffer = FileBuffer()  # wrapped for no terminal: a file is the same on every one
        with contextlib.redirect_stdout(buffer):
            code = body()
        if code in (EXIT_OK, EXIT_FINDINGS):
            try:
                write_output(target, buffer.getvalue())
            except InputError as exc:
                done = [f"everything `advisor {command}` writes but its report"] if writes else []
                raise PartlyWritten.after(exc, done) from None
            if not quiet:
                print(f"advisor {command}: report written to {_shown(target)}",
                      file=sys.stderr)
        return code

    return run


def _file(output: Path | None) -> Path | None:
    """--output: None (standard output) for `-`, as other tools take it."""
    return None if output is None or str(output) == "-" else output


def decision_date(given: str | None) -> dt.date:
    """--date, else SOURCE_DATE_EPOCH (reproducible builds), else today."""
    if given is not None:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise InputError("--date", 0, 0, f"{given!r} is not a date",
                             "write the date as YYYY-MM-DD") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise InputError("SOURCE_DATE_EPOCH", 0, 0, f"{epoch!r} is not a Unix time",
                             "set it to whole seconds since 1970-01-01, or unset it") from None
    return dt.date.today()


def _shown(path: Path) -> str:
    from advisor.visible import visible

    return visible(display_path(path), one_line=True)


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the current folder where possible.
    A symbolic link is shown by its own name, not where it leads (a committed link to a
    secret must not be named by its target). Never raises: a NUL byte is shown as \\0."""
    try:
        cwd = Path.cwd()
        lexical = Path(os.path.normpath(os.path.abspath(path)))
        if lexical.is_relative_to(cwd):
            shown = lexical.relative_to(cwd).as_posix()
        else:
            shown = path.resolve().relative_to(cwd.resolve()).as_posix()
    except (OSError, ValueError, RuntimeError):
        shown = path.as_posix()
    return shown.replace("\0", "\\0")


@app.command(help="Decide push, poll or hybrid for each workload and write its ADR.\n\n"
             "The ADR goes to ADR_DIR/NNNN-<name>.md under the next free number. Where an ADR "
             "for the same workload already exists, nothing is written unless --force.",
             epilog="Examples:\n\n"
             "  advisor recommend examples/order-placed.yaml\n\n"
             "  advisor recommend workload.yaml --dry-run --format json\n\n"
             "  advisor recommend workload.yaml --adr-dir docs/adr --date 2026-01-31")
def recommend(
    workloads: Annotated[list[Path], typer.Argument(
        help="Workload file(s) to decide for; - reads one from standard input (with "
        "--dry-run: an ADR records its workload's file, which check reads again).",
        metavar="WORKLOAD...", show_default=False)],
    adr_dir: AdrDir = None,
    config: ConfigFile = None,
    fmt: Annotated[OutputFormat, typer.Option(
        "--format", help="text: a summary for people; json: the machine-readable document "
        "on stdout.")] = OutputFormat.text,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Decide and report, but write no file.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an existing ADR for the same workload in place.")] = False,
    date: Annotated[str | None, typer.Option(
        "--date", help="ADR date \\[default: SOURCE_DATE_EPOCH, else today].",
        metavar="YYYY-MM-DD", show_default=False)] = None,
    no_waivers: Annotated[bool, typer.Option(
        "--no-waivers", help="Ignore every waiver in the workloads.")] = False,
    template: Annotated[str, typer.Option(
        "--template", metavar="NAME|FILE", help="ADR template: madr, madr-minimal, nygard, "
        "or the path of your own Jinja template.")] = "madr",
    rules: RulePacks = None,
    max_knowledge_age: Annotated[int | None, typer.Option(
        "--max-knowledge-age", min=1, metavar="DAYS",
        help="Warn when advisor's AWS knowledge is older than this \\[default: the config's "
        "knowledge_max_age_days, else 365].", show_default=False)] = None,
    output: Output = None,
    quiet: Quiet = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal "
                                        "errors.")] = False,
) -> None:
    """Decide push, poll or hybrid for each workload and write its ADR."""
    from advisor.cli.commands import run_recommend

    def body() -> int:
        from advisor.format.config import load_config

        settings = load_config(config, Path.cwd())
        folder = settings.adr_folder(adr_dir)
        age = max_knowledge_age or settings.knowledge_max_age_days
        packs = (*settings.rule_packs, *(rules or []))
        return run_recommend(workloads, folder, fmt.value, dry_run, force, decision_date(date),
                             age, template, packs, not no_waivers, settings.root, quiet)

    raise typer.Exit(guarded(debug, reported(output, body, "recommend", quiet,
                                             writes=not dry_run)))


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    markdown = "markdown"


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


@app.command(help="Check that committed ADRs still match what the workloads and advisor's "
             "rules give today (the pre-design gate for CI).\n\n"
             "Recomputes the recommendation of every workload (the PATHS given, else the "
             "config's `workloads` globs, else the files the ADRs record) and compares it with "
             "the ADR folder. Exit codes: 0 nothing reaches --fail-on, 1 something does, 2 "
             "bad usage or configuration, 3 an internal error.",
             epilog="Examples:\n\n"
             "  advisor check\n\n"
             "  advisor check workloads/*.yaml --format sarif --output advisor.sarif\n\n"
             "  advisor check --fail-on warning\n\n"
             "  advisor check --explain ADV103")
def check(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Workload files or folders (searched for *.yaml).", show_default=False)] = None,
    adr_dir: AdrDirRead = None,
    config: ConfigFile = None,
    fmt: Annotated[CheckFormat | None, typer.Option(
        "--format", help="Output format \\[default: github when GITHUB_ACTIONS=true, else "
        "text].", show_default=False)] = None,
    fail_on: Annotated[Severity | None, typer.Option(
        "--fail-on", help="Exit 1 when a finding is at least this severe \\[default: the "
        "config's fail_on, else error].", show_default=False)] = None,
    output: Output = None,
    report: Annotated[list[str] | None, typer.Option(
        "--report", metavar="FORMAT:FILE", help="Also write the report in FORMAT to FILE, "
        "from the same run (repeatable), such as --report sarif:advisor.sarif.",
        show_default=False)] = None,
    quiet: Quiet = False,
    explain: Annotated[str | None, typer.Option(
        "--explain", help="Print what a finding code means and how to fix it, then exit.",
        metavar="CODE", show_default=False)] = None,
    rules: RulePacks = None,
    no_waivers: Annotated[bool, typer.Option(
        "--no-waivers", help="Ignore every waiver in the workloads.")] = False,
    date: Annotated[str | None, typer.Option(
        "--date", help="Today's date, for waiver expiry and the age of advisor's knowledge "
        "\\[default: SOURCE_DATE_EPOCH, else today].", metavar="YYYY-MM-DD",
        show_default=False)] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal "
                                        "errors.")] = False,
) -> None:
    from advisor.cli.commands import explain_finding, run_check

    if explain is not None:
        raise typer.Exit(guarded(debug, reported(output, lambda: explain_finding(explain),
                                                  "check", quiet), writes=False))
    chosen = fmt.value if fmt else (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    raise typer.Exit(guarded(debug, lambda: run_check(
        list(paths or []), adr_dir, config, chosen, fail_on.value if fail_on else None,
        _file(output), tuple(rules or []), decision_date(date), not no_waivers,
        tuple(_report(r) for r in report or []), quiet), writes=False))


def _report(given: str) -> tuple[str, Path]:
    kind, colon, file = given.partition(":")
    if kind not in CheckFormat.__members__ or not colon or not file:
        raise InputError("--report", 0, 0, f"{given!r} is not FORMAT:FILE",
                         f"write a format ({', '.join(CheckFormat.__members__)}), a colon and "
                         "a file, such as sarif:advisor.sarif")
    return kind, Path(file)


_STREAMS = {"stdout": "output", "stderr": "error"}


class OutputError(Exception):
    """Standard output or error could not be written (closed, a full disk, a device)."""

    def __init__(self, name: str, cause: OSError) -> None:
        super().__init__(f"advisor: cannot write to standard {_STREAMS[name]}: "
                         f"{cause.strerror or cause}")
        self.name = name


class _Output:
    """sys.stdout or sys.stderr, turning a failed write into OutputError: exit 2 with a
    message rather than an internal error or Python's exit status 120 at shutdown."""

    def __init__(self, stream: Any, name: str) -> None:
        self._stream = stream
        self._name = name

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError as exc:
            raise OutputError(self._name, exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputError(self._name, exc) from None

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._stream, attr)


class _Closed:
    """What stands for a stream that was closed when advisor started (`advisor ... >&-`):
    running needs no output, but the first write fails."""

    encoding, errors = "utf-8", "strict"

    def __init__(self, name: str) -> None:
        self._name = name

    def write(self, text: str) -> int:
        import errno

        raise OutputError(self._name, OSError(errno.EBADF, "it is closed"))

    def flush(self) -> None:
        """Nothing to do: no write ever succeeded, so nothing is buffered."""

    def isatty(self) -> bool:
        return False


def _escape_unencodable(exc: UnicodeError) -> tuple[str, int]:
    """A character the output's encoding cannot hold (cp1252, a file name that is not
    UTF-8), written as a JSON-compatible \\u escape: text stays readable, JSON stays valid."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for char in exc.object[exc.start:exc.end]:
        code = ord(char)
        if code > 0xFFFF:  # as a surrogate pair, which JSON reads back as the one character
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), exc.end


def _prepare_output() -> None:
    """Make stdout and stderr safe to write to, whatever they are."""
    import codecs

    codecs.register_error("advisor.escape", _escape_unencodable)
    for fd, name in ((1, "stdout"), (2, "stderr")):
        stream = getattr(sys, name)
        if stream is None:
            # Hold the closed descriptor with /dev/null, so that no file advisor opens
            # (nor a child process's output) takes its number.
            null = os.open(os.devnull, os.O_WRONLY)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            setattr(sys, name, _Closed(name))
            continue
        with _suppressed():
            stream.reconfigure(errors="advisor.escape")
        setattr(sys, name, _Output(stream, name))
    # rich and click lay text out to $COLUMNS: 999999999 columns took minutes and gigabytes.
    columns = os.environ.get("COLUMNS")
    if columns is not None:
        try:
            os.environ["COLUMNS"] = str(min(max(int(columns), 20), 1000))
        except ValueError:
            del os.environ["COLUMNS"]


def _output_failed(exc: OutputError) -> int:
    """Say (if stderr still takes it) that output failed, and silence the failed stream:
    Python's own flush at exit must not fail again."""
    stream = getattr(sys, exc.name)
    original: Any = getattr(stream, "_stream", None)
    if original is not None:  # None: it was closed from the start, and is /dev/null now
        with _suppressed():
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, original.fileno())
            os.close(null)
    if exc.name == "stdout":
        with _suppressed():
            print(exc, file=sys.stderr)
            sys.stderr.flush()
    return EXIT_INPUT


def _suppressed() -> Any:
    import contextlib

    return contextlib.suppress(OutputError, OSError, AttributeError, ValueError)


def main() -> None:
    """The `advisor` command. It ends the process (typer exits with the command's code)."""
    import gc
    import signal

    # A run allocates many small objects and little cyclic garbage, and ends in well under
    # a second: the collector's default (a pass every 700 allocations) spent about a tenth
    # of a recommendation walking live objects. (mypy tunes its collector the same way.)
    gc.set_threshold(100_000, 50, 100)

    # Behave like other command-line tools when the reader goes away (`advisor ... | head`).
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    _prepare_output()
    try:
        try:
            app_for(sys.argv[1:])()
        except SystemExit:
            sys.stdout.flush()  # a buffered write to a full disk fails only here
            raise
    except OutputError as exc:  # from the command, or from that last flush
        raise SystemExit(_output_failed(exc)) from None
    finally:
        # Everything still alive dies with the process: spare the interpreter's final
        # collection from walking it (15 to 25 ms, more than a whole recommendation's
        # rules). Files are closed and streams flushed as usual; only the walk is skipped.
        gc.freeze()


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command that `args` names, where they name one.

    Typer turns every command's signature into click parameters before it parses anything
    (about 11 ms for advisor's 13 commands); a run needs one. `advisor --help` and a
    mistyped command still get the whole app."""
    import copy

    wanted = next((arg for arg in args if not arg.startswith("-")), None)
    if wanted is None or "--help" in args[:args.index(wanted)]:
        return app  # `advisor --help recommend` lists every command, as `advisor --help` does
    commands = [c for c in app.registered_commands if wanted == (
        c.name or typer.main.get_command_name(c.callback.__name__ if c.callback else ""))]
    groups = [g for g in app.registered_groups if wanted == g.name]
    if not commands and not groups:
        return app
    only = copy.copy(app)
    only.registered_commands = commands
    only.registered_groups = groups
    return only


rules_app = typer.Typer(help="Read, explain and test the rules (the built-in pack and your "
                        "own packs).", no_args_is_help=True)
app.add_typer(rules_app, name="rules")



def _packs(given: list[Path] | None, config: Path | None = None) -> tuple[Path, ...]:
    from advisor.format.config import load_config

    settings = load_config(config, Path.cwd())
    return (*settings.rule_packs, *(given or []))


@rules_app.command("list", help="List every rule: id, title, scope, kind (limit or weight) "
                   "with its weights and what it rules out, and sources.")
def rules_list(rules: RulePacks = None, output: Output = None, debug: Debug = False) -> None:
    from advisor.cli.rules import list_rules

    raise typer.Exit(guarded(debug, reported(output, lambda: list_rules(_packs(rules)),
                                             "rules list"), writes=False))


@rules_app.command("explain", help="Explain one rule: its condition in words, effect, "
                   "rationale, sources and examples.")
def rules_explain(rule_id: Annotated[str, typer.Argument(
        metavar="ID", help="A rule id, such as PP303 (in any case), as `advisor rules list` "
        "shows it.", show_default=False)],
                  rules: RulePacks = None, output: Output = None,
                  debug: Debug = False) -> None:
    from advisor.cli.rules import explain_rule

    raise typer.Exit(guarded(debug, reported(
        output, lambda: explain_rule(rule_id, _packs(rules)), "rules explain"), writes=False))


@rules_app.command("test", help="Run every rule's examples (exit 1 on a failure or a rule "
                   "without both a firing and a non-firing example). With folders, test only "
                   "the rules of those packs.")
def rules_test(folders: Annotated[list[Path] | None, typer.Argument(
        metavar="[DIR]...", file_okay=False, show_default=False)] = None,
        rules: RulePacks = None, output: Output = None, debug: Debug = False) -> None:
    from advisor.cli.rules import test_rules

    packs = (*_packs(rules), *(folders or []))
    raise typer.Exit(guarded(debug, reported(
        output, lambda: test_rules(packs, bool(folders)), "rules test"), writes=False))


@app.command(help="Print the JSON Schema (draft 2020-12) of the workload format, for editors "
             "and other tools.\n\nIt is generated from the same definition as advisor's own "
             "validator. In an editor with the YAML language server, put this first line in a "
             "workload file:\n\n"
             "# yaml-language-server: $schema=./workload.schema.json",
             epilog="Example:  advisor schema > workload.schema.json")
def schema(output: Output = None, debug: Debug = False) -> None:
    def body() -> int:
        import json

        from advisor.format.jsonschema import json_schema
        from advisor.providers.aws.vocabulary import VOCABULARY

        sys.stdout.write(json.dumps(json_schema(VOCABULARY), indent=2) + "\n")
        return EXIT_OK

    raise typer.Exit(guarded(debug, reported(output, body, "schema"), writes=False))


@app.command(help="Show the whole trace behind a recommendation: every fact with its value, "
             "every rule with whether it fired and why, the scores, the constraints and the "
             "chosen services.",
             epilog="Example:  advisor explain examples/order-placed.yaml")
def explain(
    workloads: Annotated[list[Path], typer.Argument(
        metavar="WORKLOAD...", help="Workload file(s) to explain; - reads one from standard "
        "input.", show_default=False)],
    rules: RulePacks = None,
    output: Output = None,
    debug: Debug = False,
) -> None:
    from advisor.cli.explain import explain_file

    raise typer.Exit(guarded(debug, reported(
        output, lambda: explain_file(workloads, _packs(rules)), "explain"), writes=False))


@app.command(help="Write a workload file by answering plain-language questions (each with a "
             "default and a one-line explanation). Never overwrites a file without asking.\n\n"
             "With --no-input nothing is asked: the options (or their defaults) fill the file, "
             "for scripts.",
             epilog="Examples:\n\n  advisor init orders.yaml\n\n"
             "  advisor init orders.yaml --no-input --name orders --kind event "
             "--peak 200/s --consumer billing:lambda --consumer ledger:container:50/s")
def init(
    file: Annotated[Path, typer.Argument(help="The workload file to write.", dir_okay=False)
                    ] = Path("workload.yaml"),
    no_input: Annotated[bool, typer.Option("--no-input", help="Ask nothing; use the options "
                                           "and defaults.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")
                     ] = False,
    name: Annotated[str | None, typer.Option(
        metavar="NAME", help="Name of the flow \\[default: from FILE].",
        show_default=False)] = None,
    description: Annotated[str, typer.Option(
        metavar="TEXT", help="What flows, in a sentence.")] = "",
    kind: Annotated[str, typer.Option(metavar="KIND", help="event | command")] = "event",
    average: Annotated[str, typer.Option(
        metavar="RATE", help="Average rate, such as 50/s.")] = "",
    peak: Annotated[str, typer.Option(metavar="RATE", help="Peak rate, such as 2000/s.")] = "",
    payload: Annotated[str, typer.Option(
        metavar="SIZE", help="Typical message size, such as 2KB.")] = "",
    latency: Annotated[str, typer.Option(
        metavar="DURATION", help="Latency target, such as 1s.")] = "",
    ordering: Annotated[str, typer.Option(
        metavar="ORDERING", help="none | per-key | global")] = "none",
    ordering_key: Annotated[str, typer.Option(
        metavar="KEY", help="What groups the messages (per-key).")] = "",
    duplicates: Annotated[str, typer.Option(
        metavar="DUPLICATES", help="tolerated | must-deduplicate")] = "tolerated",
    replay: Annotated[str, typer.Option(
        metavar="DURATION", help="none, or how far back, such as 7d.")] = "none",
    batching: Annotated[str, typer.Option(
        metavar="BATCHING", help="none | preferred | required")] = "none",
    expires_after: Annotated[str, typer.Option(
        metavar="DURATION", help="Age after which a message is worthless, such as 30s.")
                             ] = "",
    delay: Annotated[str, typer.Option(
        metavar="DURATION", help="The longest a message waits before delivery, such as "
        "30d.")] = "",
    consumer: Annotated[list[str] | None, typer.Option(
        "--consumer", metavar="CONSUMER", help="A consumer: its NAME, then optionally "
        ":RUNS_ON, :MAX_RATE, :MAX_CONCURRENCY and :RECIPIENTS in that order; repeatable. "
        "Leave a part empty to skip it, such as resize:function::50 or "
        "codes:sms:::per-message.", show_default=False)] = None,
    source: Annotated[str, typer.Option(
        metavar="SERVICE", help="The AWS service that emits the messages.")] = "",
    region: Annotated[str, typer.Option(metavar="REGION", help="AWS Region.")] = "us-east-1",
    debug: Debug = False,
) -> None:
    from advisor.cli.init import write_workload
    from advisor.format.answers import Answers

    def body() -> int:
        answers = Answers(
            name=name or _stem_name(file), description=description, kind=kind,
            average=average, peak=peak, payload=payload, latency=latency, ordering=ordering,
            ordering_key=ordering_key, duplicates=duplicates, replay=replay,
            batching=batching, expires_after=expires_after, delay=delay,
            consumers=[_consumer(c) for c in consumer or []],
            source=source, region=region)
        if no_input:
            _check_answers(answers)
        return write_workload(file, answers, not no_input, force)

    raise typer.Exit(guarded(debug, body))


def _stem_name(file: Path) -> str:
    import re

    stem = re.sub(r"[^a-z0-9-]+", "-", file.stem.lower()).strip("-")
    return stem if stem and stem != "workload" else "my-flow"


CONSUMER_FORM = "NAME[:RUNS_ON[:MAX_RATE[:MAX_CONCURRENCY[:RECIPIENTS]]]]"


def _consumer(text: str) -> tuple[str, str, str, str, str]:
    parts = text.split(":")
    if len(parts) > 5:
        raise InputError("--consumer", 0, 0, f"{text!r} has {len(parts)} parts; at most 5",
                         f"write {CONSUMER_FORM}, such as codes:sms:::per-message")
    parts += [""] * (5 - len(parts))
    return parts[0], parts[1], parts[2], parts[3], parts[4]


def _check_answers(answers: Any) -> None:
    from advisor.format.answers import (
        CONSUMER_QUESTIONS,
        check_name,
        consumer_parts,
        peak_problem,
        questions,
    )
    from advisor.providers.aws.vocabulary import VOCABULARY

    errors = []
    for field_, _, explanation, check in questions(VOCABULARY):
        try:
            check(str(getattr(answers, field_)))
        except ValueError as exc:
            errors.append(InputError(f"--{field_.replace('_', '-')}", 0, 0,
                                     f"{getattr(answers, field_)!r}: {exc}", explanation))
    for given in answers.consumers:
        parts = consumer_parts(given)
        checks = (check_name, *(q[2] for q in CONSUMER_QUESTIONS))
        for check, value in zip(checks, parts, strict=True):
            try:
                check(value)
            except ValueError as exc:
                errors.append(InputError(
                    "--consumer", 0, 0, f"{':'.join(parts).rstrip(':')}: {value!r}: {exc}",
                    f"write {CONSUMER_FORM}, such as billing:lambda:100/s"))
    problem = peak_problem(answers.average, answers.peak)
    if problem:  # across answers: said of the options, as no file exists yet
        errors.append(InputError("--peak", 0, 0, problem, "raise --peak, or lower --average"))
    if answers.ordering_key and answers.ordering.strip().lower() != "per-key":
        errors.append(InputError("--ordering-key", 0, 0, "a key is given but --ordering is "
                                 f"{answers.ordering!r}, not per-key",
                                 "add --ordering per-key, or leave out --ordering-key"))
    from collections import Counter

    names = [consumer_parts(given)[0] for given in answers.consumers]
    errors.extend(InputError("--consumer", 0, 0, f"two consumers are named {name!r}",
                             "give each consumer its own name")
                  for name, count in sorted(Counter(names).items()) if count > 1)
    if errors:
        raise InputErrors(errors)


adr_app = typer.Typer(help="Keep the ADR folder in order: its index and its numbering.",
                      no_args_is_help=True)
app.add_typer(adr_app, name="adr")



def _adr_dir(given: Path | None) -> Path:
    """--adr-dir, else the config's folder; either way inside the repository."""
    from advisor.format.config import contained, load_config, repository_root

    if given is not None:  # as before, a broken config does not stand in the way of the flag
        return contained(repository_root(Path.cwd()), given, "--adr-dir", "the ADR folder")
    return load_config(None, Path.cwd()).adr_folder()


@adr_app.command("index", help="Rewrite the index (README.md in the ADR folder, between its "
                 "markers): number, title, status, date and model of every ADR. Creates the "
                 "folder when it is missing (inside the repository only).")
def adr_index(adr_dir: AdrDir = None, quiet: Quiet = False, debug: Debug = False) -> None:
    from advisor.adr.lifecycle import write_index

    def body() -> int:
        folder = _adr_dir(adr_dir)  # inside the repository, or refused
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(_shown(folder), 0, 0, "cannot create the ADR folder: "
                             f"{exc.strerror or exc}", "choose another folder with --adr-dir, "
                             "or check its permissions") from None
        written = write_index(folder)
        if not quiet:
            print(f"wrote {_shown(written)}")
        return 0

    raise typer.Exit(guarded(debug, body))


@adr_app.command("renumber", help="Give ADRs that share a number with an older one (two "
                 "branches each added an ADR) the next free numbers, and update links to "
                 "them. The ADR committed first keeps its number.")
def adr_renumber(adr_dir: AdrDirRead = None, quiet: Quiet = False, debug: Debug = False) -> None:
    from advisor.adr.lifecycle import renumber, write_index
    from advisor.format.config import repository_root

    def body() -> int:
        folder = _adr_dir(adr_dir)
        moves = renumber(folder, repository_root(Path.cwd()))
        for old, new in moves if not quiet else ():
            print(f"{_shown(old)} -> {_shown(new)}")
        if moves:
            write_index(folder)
        elif not quiet:
            print("no two ADRs share a number")
        return 0

    raise typer.Exit(guarded(debug, body))
