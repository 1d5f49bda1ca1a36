"""The repository's advisor settings: `.advisor.yaml`, or `[tool.advisor]` in pyproject.toml.

Found by walking up from the current folder (stopping at the repository root);
paths in it are relative to the file's folder. Command-line flags win over it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from msgspec import Struct, field

from advisor.errors import InputError, InputErrors
from advisor.findings import SEVERITIES, finding_codes
from advisor.schema import suggest
from advisor.yamlnodes import Pos, YMap, parse_yaml, plain, read_text, type_name

CONFIG_NAME = ".advisor.yaml"
KEYS = ("workloads", "adr_dir", "fail_on", "severity", "knowledge_max_age_days", "rules")
DEFAULT_ADR_DIR = "docs/decisions"


class Config(Struct, frozen=True):
    """The project's settings from .advisor.yaml or [tool.advisor], with defaults."""

    base: Path  # paths below are relative to this folder
    source: str | None = None  # the file the settings came from, if any
    workloads: tuple[str, ...] = ()  # globs; none: the files the ADRs record
    adr_dir: str = DEFAULT_ADR_DIR
    fail_on: str = "error"
    severity: Mapping[str, str] = field(default_factory=dict)
    knowledge_max_age_days: int = 365
    rules: tuple[str, ...] = ()  # folders of team rule packs, loaded after the built-in one

    @property
    def rule_packs(self) -> tuple[Path, ...]:
        return tuple(self.base / folder for folder in self.rules)

    @property
    def adr_path(self) -> Path:
        return self.base / self.adr_dir


def find_config(start: Path) -> Path | None:
    """The nearest .advisor.yaml, or pyproject.toml with [tool.advisor], at or above start."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_symlink() or (own.exists() and not own.is_dir()):
            return own  # a FIFO or a device too: reading it says why it is refused
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


def _has_tool_table(path: Path) -> bool:
    """Whether pyproject.toml has a [tool.advisor] table. One that is too big or not a
    regular file raises InputError (see safeio.read_bounded); one that is not UTF-8 is
    no advisor config, as before."""
    from advisor.safeio import read_bounded
    from advisor.yamlnodes import MAX_FILE_BYTES

    data = read_bounded(path, MAX_FILE_BYTES, "pyproject.toml")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return bool(re.search(r"^\[tool\.advisor(\.|\])", text, re.MULTILINE))


def load_config(path: Path | None, start: Path) -> Config:
    """Settings from `path`, or from the nearest config file, or the defaults."""
    found = path if path is not None else find_config(start)
    if found is None:
        return Config(base=start.resolve())
    if found.name == "pyproject.toml":
        return _from_pyproject(found)
    shown = str(found)
    root = parse_yaml(read_text(found), shown)
    if root is None:
        return Config(base=found.resolve().parent, source=shown)
    if not isinstance(root, YMap):
        raise InputError(shown, root.pos.line, root.pos.column,
                         f"the config must be a mapping, not {type_name(root)}",
                         f"write `key: value` lines with keys {', '.join(KEYS)}")
    values = {key: (pos, plain(node)) for key, (pos, node) in root.items.items()}
    value_pos = {key: node.pos for key, (_, node) in root.items.items()}
    return _validated(found, values, value_pos)


def _from_pyproject(path: Path) -> Config:
    import tomllib

    text = read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        raise InputError(str(path), line, column, f"TOML syntax error: {exc}",
                         "check quotes and brackets around this place") from None
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
    return _validated(path, values, {key: pos for key, (pos, _) in values.items()})


def _validated(path: Path, values: dict[str, tuple[Pos, object]],
               value_pos: Mapping[str, Pos]) -> Config:
    shown = str(path)
    errors: list[InputError] = []

    def error(pos: Pos, message: str, hint: str) -> None:
        errors.append(InputError(shown, pos.line, pos.column, message, hint))

    for key, (pos, _) in values.items():
        if key not in KEYS:
            error(pos, f"unknown config key {key!r}",
                  f"{suggest(key, KEYS)}accepted keys: {', '.join(KEYS)}")
    result: dict[str, object] = {}
    if "workloads" in values:
        globs = values["workloads"][1]
        if isinstance(globs, str):
            globs = [globs]
        if not isinstance(globs, list) or not globs or not all(
                isinstance(g, str) and g.strip() for g in globs):
            error(value_pos["workloads"], "`workloads` must be a glob or a list of globs",
                  'for example: workloads: ["workloads/**/*.yaml"]')
        else:
            result["workloads"] = tuple(globs)
    if "adr_dir" in values:
        adr_dir = values["adr_dir"][1]
        if not isinstance(adr_dir, str) or not adr_dir.strip():
            error(value_pos["adr_dir"], "`adr_dir` must be a folder path",
                  f"for example: adr_dir: {DEFAULT_ADR_DIR}")
        else:
            result["adr_dir"] = adr_dir
    if "fail_on" in values:
        fail_on = values["fail_on"][1]
        if fail_on not in SEVERITIES:
            error(value_pos["fail_on"], f"`fail_on` {fail_on!r} is not a severity",
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
        if not isinstance(folders, list) or not all(isinstance(f, str) and f.strip()
                                                    for f in folders):
            error(value_pos["rules"], "`rules` must be a folder or a list of folders",
                  "for example: rules: [advisor-rules]")
        else:
            missing = [f for f in folders if not (path.resolve().parent / f).is_dir()]
            for folder in missing:
                error(value_pos["rules"], f"the rule pack folder {folder!r} does not exist",
                      "name folders (relative to this file) that hold *.yaml rule files")
            result["rules"] = tuple(folders)
    if "severity" in values:
        result["severity"] = _severities(values["severity"][1], value_pos["severity"], error)
    if errors:
        raise InputErrors(errors)
    return Config(base=path.resolve().parent, source=shown, **result)  # type: ignore[arg-type]


def _severities(raw: object, pos: Pos, error: object) -> dict[str, str]:
    assert callable(error)
    if not isinstance(raw, dict):
        error(pos, "`severity` must map finding codes to severities",
              "for example: severity: {ADV109: warning}")
        return {}
    codes = finding_codes()
    result = {}
    for code, level in raw.items():
        if code not in codes:
            error(pos, f"unknown finding code {code!r} in `severity`",
                  f"{suggest(str(code), codes)}codes: {', '.join(codes)}")
        elif level not in SEVERITIES:
            error(pos, f"severity {level!r} for {code} is not one of "
                  f"{' | '.join(SEVERITIES)}", "use error, warning or info")
        else:
            result[str(code)] = str(level)
    return result
