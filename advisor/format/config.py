"""The repository's advisor settings: `.advisor.yaml`, or `[tool.advisor]` in pyproject.toml.

Found by walking up from the current folder (stopping at the repository root);
paths in it are relative to the file's folder. Command-line flags win over it.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Mapping
from pathlib import Path

from msgspec import Struct, field

from advisor.errors import InputError, InputErrors, quoted
from advisor.format.findings import SEVERITIES, finding_codes
from advisor.format.spec import suggest
from advisor.format.yamlnodes import Pos, YMap, parse_yaml, plain, read_text, type_name
from advisor.safeio import inside

CONFIG_NAME = ".advisor.yaml"
KEYS = ("workloads", "adr_dir", "fail_on", "severity", "knowledge_max_age_days", "rules")
DEFAULT_ADR_DIR = "docs/decisions"


class Config(Struct, frozen=True):
    """The project's settings from .advisor.yaml or [tool.advisor], with defaults."""

    base: Path  # paths below are relative to this folder
    root: Path  # the repository top: nothing advisor reads or writes may lie outside it
    source: str | None = None  # the file the settings came from, if any
    workloads: tuple[str, ...] = ()  # globs; none: the files the ADRs record
    adr_dir: str = DEFAULT_ADR_DIR
    fail_on: str = "error"
    severity: Mapping[str, str] = field(default_factory=dict)
    knowledge_max_age_days: int = 365
    rules: tuple[str, ...] = ()  # folders of team rule packs, loaded after the built-in one
    workloads_at: tuple[int, int] = (0, 0)  # line, column of the globs, for what they match

    @property
    def rule_packs(self) -> tuple[Path, ...]:
        return tuple(self.base / folder for folder in self.rules)

    @property
    def adr_path(self) -> Path:
        return self.base / self.adr_dir

    def adr_folder(self, given: Path | None = None) -> Path:
        """The ADR folder: `given` (--adr-dir, relative to the current folder as any
        command-line path), else the config's; refused when it leads out of the repository.
        The config's `adr_dir` was checked where it is written; this catches --adr-dir and
        the default folder, either of which may be a committed symbolic link."""
        if given is not None:
            return contained(self.root, given, "--adr-dir", "the ADR folder")
        return contained(self.root, self.adr_path, self.source or self.adr_dir,
                         "the ADR folder", self.adr_dir)


_CONFIG_HINT = "advisor's settings take a few lines; keep the file small"


def repository_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds `.git` (a folder, or the file of a
    worktree or submodule), else `start` itself, resolved."""
    folder = _resolved(start)
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate / ".git"):  # never raises
            return candidate
    return folder


def _resolved(start: Path) -> Path:
    try:
        return start.resolve()
    except (OSError, ValueError, RuntimeError):
        return Path(os.path.abspath(start))


def shown_path(path: Path | str) -> str:
    """A path fit for a message: NUL bytes visible, and at most 200 characters."""
    text = str(path).replace("\0", "\\0")
    return text[:200] + "..." if len(text) > 200 else text


def path_problem(root: Path, path: Path, place: str = "the repository",
                 real_root: str | None = None, real_path: str | None = None) -> str:
    """Why `path` may not be used: a NUL byte, a name too long for the file system, or a
    place outside `root` (`place`, for the message) once every symbolic link is resolved;
    "" when it may."""
    if "\0" in str(path):
        return "holds a NUL byte"
    try:
        os.lstat(path)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return "is too long for a file name"
    if not inside(root, path, real_root, real_path):
        return f"leads outside {place} ({root})"
    return ""


def contained(root: Path, path: Path, where: str, what: str, shown: str | None = None,
              place: str = "") -> Path:
    """`path`, or an InputError at `where` (a file, or the flag that named the path) when
    it may not be used. `shown` is how the message names the path (default: as given);
    `place`, what `root` is (default: the repository)."""
    problem = path_problem(root, path, place or "the repository")
    if problem:
        shown = shown_path(path if shown is None else shown)
        named = "" if shown == shown_path(where) else f" {shown}"
        inside = f"inside {place}" if place else "inside the repository (the folder holding .git)"
        hint = (f"name a place {inside}; a symbolic link that leads out of it is refused"
                if problem.startswith("leads") else "check the path")
        raise InputError(shown_path(where), 0, 0, f"{what}{named} {problem}", hint)
    return path


def find_config(start: Path) -> Path | None:
    """The nearest .advisor.yaml, or pyproject.toml with [tool.advisor], at or above start."""
    folder = _resolved(start)
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if os.path.lexists(own) and not os.path.isdir(own):  # never raises
            return own  # a FIFO or a device too: reading it says why it is refused
        pyproject = candidate / "pyproject.toml"
        if os.path.isfile(pyproject) and _has_tool_table(pyproject):
            return pyproject
        if os.path.lexists(candidate / ".git"):
            return None
    return None


def _has_tool_table(path: Path) -> bool:
    """Whether pyproject.toml has a [tool.advisor] table. One that is too big or not a
    regular file raises InputError (see safeio.read_bounded); one that is not UTF-8 is
    no advisor config, as before."""
    from advisor.format.yamlnodes import MAX_FILE_BYTES
    from advisor.safeio import read_bounded

    data = read_bounded(path, MAX_FILE_BYTES, "pyproject.toml")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return bool(re.search(r"^\[tool\.advisor(\.|\])", text, re.MULTILINE))


def load_config(path: Path | None, start: Path) -> Config:
    """Settings from `path`, or from the nearest config file, or the defaults.

    The repository root is the folder holding .git; outside a repository, the config's
    own folder, else `start`."""
    found = path if path is not None else find_config(start)
    top = repository_root(start)
    if found is None:
        # The repository root, not the current folder: an ADR written from a subfolder must
        # be where `check` from the top (or from any other folder) looks for it.
        return Config(base=top, root=top)
    if not os.path.lexists(top / ".git"):
        top = _resolved(found).parent
    if found.name == "pyproject.toml":
        return _from_pyproject(found, top)
    shown = str(found)
    root = parse_yaml(read_text(found, "config file", _CONFIG_HINT), shown)
    if root is None:
        return Config(base=_resolved(found).parent, root=top, source=shown)
    if not isinstance(root, YMap):
        raise InputError(shown, root.pos.line, root.pos.column,
                         f"the config must be a mapping, not {type_name(root)}",
                         f"write `key: value` lines with keys {', '.join(KEYS)}")
    values = {key: (pos, plain(node)) for key, (pos, node) in root.items.items()}
    value_pos = {key: node.pos for key, (_, node) in root.items.items()}
    return _validated(found, top, values, value_pos)


# tomllib takes time that grows faster than the depth of a dotted name: a 1 MB table
# header `[tool.advisor.a.a...]` took minutes. No real pyproject.toml needs many parts.
_MAX_DOTS = 64


def _deeply_dotted(text: str) -> int:
    """The line of the first table name or dotted key with more than _MAX_DOTS parts; 0
    when there is none. Dots inside quoted names count too: no name needs that many."""
    for number, line in enumerate(text.splitlines(), 1):
        name = line.lstrip()
        if not name.startswith("["):
            name, equals, _ = name.partition("=")
            if not equals:
                continue  # no key: text in a multi-line string, say
        if name.count(".") >= _MAX_DOTS:
            return number
    return 0


def _from_pyproject(path: Path, top: Path) -> Config:
    import tomllib

    text = read_text(path, "config file", _CONFIG_HINT)
    deep = _deeply_dotted(text)
    if deep:
        raise InputError(str(path), deep, 1, "the TOML is nested too deeply to read (a "
                         f"dotted key or table name of more than {_MAX_DOTS} parts)",
                         "advisor's settings need only a few levels of nesting")
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per nested bracket or table
        table_at = re.search(r"^\[tool\.advisor", text, re.MULTILINE)
        line = text.count("\n", 0, table_at.start()) + 1 if table_at else 0
        raise InputError(str(path), line, 1 if line else 0,
                         "the TOML is nested too deeply to read",
                         "advisor's settings need only a few levels of nesting; close the "
                         "brackets") from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        raise InputError(str(path), line, column, f"TOML syntax error: {exc}",
                         "check quotes and brackets around this place") from None
    except ValueError:  # Python reads no integer of more than 4,300 digits
        raise InputError(str(path), 0, 0, "a number too long to read",
                         "no setting needs more than a few digits") from None
    table = data.get("tool", {}).get("advisor", {})
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if line.strip() == "[tool.advisor]"), -1)

    def pos_of(key: str) -> Pos:
        for index in range(header + 1, len(lines)):
            if lines[index].startswith("["):
                break
            if re.match(rf"\s*{re.escape(key)}\s*=", lines[index]):
                return Pos(index + 1, lines[index].index(key) + 1)
        return Pos(header + 1, 1) if header >= 0 else Pos(1, 1)

    values = {key: (pos_of(key), value) for key, value in table.items()}
    return _validated(path, top, values, {key: pos for key, (pos, _) in values.items()})


# Far more than a repository's workload folders or rule packs.
MAX_GLOBS = 100


def _deep_glob(pattern: str) -> bool:
    return sum(part == "**" for part in Path(pattern).parts) > 2


def _validated(path: Path, top: Path, values: dict[str, tuple[Pos, object]],
               value_pos: Mapping[str, Pos]) -> Config:
    shown = str(path)
    base = _resolved(path).parent
    errors: list[InputError] = []

    def error(pos: Pos, message: str, hint: str) -> None:
        errors.append(InputError(shown, pos.line, pos.column, message, hint))

    for key, (pos, _) in values.items():
        if key not in KEYS:
            error(pos, f"unknown config key {quoted(key)}",
                  f"{suggest(key, KEYS)}accepted keys: {', '.join(KEYS)}")
    result: dict[str, object] = {}
    if "workloads" in values:
        globs = values["workloads"][1]
        if isinstance(globs, str):
            globs = [globs]
        if isinstance(globs, list):
            globs = list(dict.fromkeys(globs))  # a repeat would be expanded again
        if not isinstance(globs, list) or not globs or not all(
                isinstance(g, str) and g.strip() for g in globs):
            error(value_pos["workloads"], "`workloads` must be a glob or a list of globs",
                  'for example: workloads: ["workloads/**/*.yaml"]')
        elif len(globs) > MAX_GLOBS or any(_deep_glob(g) for g in globs):
            # Each glob walks the tree; `**/**/**` walks it again for every `**` (40 nested
            # folders and six of them took over a minute).
            error(value_pos["workloads"], f"`workloads` holds at most {MAX_GLOBS} globs, "
                  "each with at most two `**`", 'for example: workloads: ["workloads/**/*.yaml"]')
        elif any(Path(g).is_absolute() or Path(g).drive or "\0" in g or ".." in Path(g).parts
                 for g in globs):
            # `..` is refused outright, not match by match: a match outside would be named in
            # the message, and the names of files outside the repository are none of its
            # business either.
            error(value_pos["workloads"], "`workloads` globs are relative to this file's "
                  "folder and stay below it (no absolute paths, no `..`)",
                  'for example: workloads: ["workloads/*.yaml"]')
        else:
            result["workloads"] = tuple(globs)
            result["workloads_at"] = (value_pos["workloads"].line,
                                      value_pos["workloads"].column)
    if "adr_dir" in values:
        adr_dir = values["adr_dir"][1]
        if not isinstance(adr_dir, str) or not adr_dir.strip():
            error(value_pos["adr_dir"], "`adr_dir` must be a folder path",
                  f"for example: adr_dir: {DEFAULT_ADR_DIR}")
        elif problem := path_problem(top, base / adr_dir):
            error(value_pos["adr_dir"], f"`adr_dir` {shown_path(adr_dir)} {problem}",
                  "name a folder inside the repository, relative to this file; a symbolic "
                  "link that leads out of it is refused")
        else:
            result["adr_dir"] = adr_dir
    if "fail_on" in values:
        fail_on = values["fail_on"][1]
        if fail_on not in SEVERITIES:
            error(value_pos["fail_on"], f"`fail_on` {quoted(fail_on)} is not a severity",
                  f"{suggest(str(fail_on), SEVERITIES)}expected {' | '.join(SEVERITIES)}")
        else:
            result["fail_on"] = fail_on
    if "knowledge_max_age_days" in values:
        days = values["knowledge_max_age_days"][1]
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            error(value_pos["knowledge_max_age_days"],
                  "`knowledge_max_age_days` must be a whole number of days, at least 1",
                  "for example: knowledge_max_age_days: 365")
        else:
            result["knowledge_max_age_days"] = days
    if "rules" in values:
        folders = values["rules"][1]
        if isinstance(folders, str):
            folders = [folders]
        if isinstance(folders, list):
            folders = list(dict.fromkeys(folders))  # a pack loaded twice clashes with itself
        if not isinstance(folders, list) or not all(isinstance(f, str) and f.strip()
                                                    for f in folders):
            error(value_pos["rules"], "`rules` must be a folder or a list of folders",
                  "for example: rules: [advisor-rules]")
        elif len(folders) > MAX_GLOBS:
            error(value_pos["rules"], f"`rules` names at most {MAX_GLOBS} folders",
                  "gather the team's rule files in a few pack folders")
        else:
            for folder in folders:
                if problem := path_problem(top, base / folder):
                    error(value_pos["rules"], f"the rule pack folder {shown_path(folder)} "
                          f"{problem}", "name folders inside the repository, relative to this "
                          "file; a symbolic link that leads out of it is refused")
                elif not os.path.isdir(base / folder):  # never raises
                    error(value_pos["rules"], f"the rule pack folder {quoted(folder)} does not "
                          "exist",
                          "name folders (relative to this file) that hold *.yaml rule files")
            result["rules"] = tuple(folders)
    if "severity" in values:
        result["severity"] = _severities(values["severity"][1], value_pos["severity"], error)
    if errors:
        raise InputErrors(errors)
    return Config(base=base, root=top, source=shown, **result)  # type: ignore[arg-type]


def _severities(raw: object, pos: Pos, error: object) -> dict[str, str]:
    assert callable(error)
    if not isinstance(raw, dict):
        error(pos, "`severity` must map finding codes to severities",
              "for example: severity: {ADV109: warning}")
        return {}
    codes = finding_codes()
    if len(raw) > len(codes):  # each code at most once: more entries are mistakes for sure
        error(pos, f"`severity` has {len(raw):,} entries, more than there are finding codes "
              f"({len(codes)})", f"codes: {', '.join(codes)}")
        return {}
    result = {}
    for code, level in raw.items():
        if code not in codes:
            error(pos, f"unknown finding code {quoted(code)} in `severity`",
                  f"{suggest(str(code), codes)}codes: {', '.join(codes)}")
        elif level not in SEVERITIES:
            error(pos, f"severity {quoted(level)} for {code} is not one of "
                  f"{' | '.join(SEVERITIES)}", "use error, warning or info")
        else:
            result[str(code)] = str(level)
    return result
