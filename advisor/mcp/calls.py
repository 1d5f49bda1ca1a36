"""What each tool answers: the arguments checked, then the same functions the command line
calls (advisor.answers), their text and JSON returned as they are. A mistake raises an
InputError or InputErrors, which the server turns into a tool error."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from advisor.errors import InputError
from advisor.mcp.arguments import flag, inside_working_folder, known, one_of, text, working_path

if TYPE_CHECKING:
    import datetime as dt

    from advisor.core.recommendation import Recommendation
    from advisor.format.vocabulary import Cloud


class Reply(NamedTuple):
    """A tool's answer: its text items, in order, and its structured content."""

    texts: list[str]
    structured: dict[str, Any]


def _workload(args: Mapping[str, Any]) -> tuple[list[Path], bytes | None]:
    """The workload to read: a file of the working folder, or the YAML text handed over
    (read as `-` reads standard input, under the same limits as a file)."""
    one_of(args, "workload", "path")
    if "path" in args:
        return [working_path(args, "path", "the workload file")], None
    # surrogatepass: a lone surrogate in the text reaches the UTF-8 check, which locates it,
    # instead of failing the encoding here. Only a caller in this process can hand one over:
    # on the wire the SDK drops a message that carries one before it reaches advisor.
    return [Path("-")], text(args, "workload").encode("utf-8", "surrogatepass")


def recommend(args: Mapping[str, Any]) -> Reply:
    from advisor.answers.dates import decision_date
    from advisor.answers.recommend import decide, write_adrs
    from advisor.format.config import load_config
    from advisor.render.jsondoc import render_json, workload_entry

    known(args, "workload", "path", "cloud", "adr", "write_adr")
    paths, given = _workload(args)
    cloud = _cloud(args)
    write, markdown = flag(args, "write_adr"), flag(args, "adr")  # checked before any work
    if write and given is not None:
        raise InputError("write_adr", 0, 0, "a workload handed over as text has no file for "
                         "its ADR to record, and `advisor check` reads that file again",
                         "save the workload to a file inside the working folder and pass its "
                         "`path`, or leave write_adr out")
    settings = load_config(None, Path.cwd())
    date = decision_date(None)
    recommendations, catalogue = decide(paths, date, settings.knowledge_max_age_days,
                                        settings.rule_packs, True, given, cloud)
    folder = settings.adr_folder(None)
    adrs: list[str | None] = [None] * len(recommendations)
    if write:
        inside_working_folder(folder, "adr_dir", "the ADR folder")
        written = write_adrs(recommendations, folder, date, "madr", False, settings.root)
        adrs = [shown for shown, _ in written.results]
    document = render_json([workload_entry(rec, shown, adr) for (shown, rec), adr
                            in zip(recommendations, adrs, strict=True)], catalogue)
    texts = [document]
    if markdown:
        texts += [_markdown(rec, shown, adr, folder, date)
                  for (shown, rec), adr in zip(recommendations, adrs, strict=True)]
    return Reply(texts, json.loads(document))


def _cloud(args: Mapping[str, Any]) -> Cloud | None:
    """`cloud`, one the registry of providers knows (so that a new cloud only adds its
    line there); None: each workload's own."""
    from advisor.providers import PROVIDERS

    if "cloud" not in args:
        return None
    given = text(args, "cloud")
    for cloud in PROVIDERS:
        if cloud == given:
            return cloud
    raise InputError("cloud", 0, 0, f"advisor knows no cloud {given!r}",
                     f"clouds: {', '.join(sorted(PROVIDERS))}")


def _markdown(rec: Recommendation, shown: str, adr: str | None, folder: Path,
              date: dt.date) -> str:
    """The ADR as written; else a new ADR for the workload under the folder's next free
    number, rendered with the madr template. Where the workload already has an ADR, this is
    not what `recommend` would do with it (refresh or supersede it): write_adr does that."""
    from advisor.adr.folder import adr_files
    from advisor.render.markdown import AdrMeta, render_adr

    if adr is not None:
        from advisor.adr.reading import read_stored

        return read_stored(Path(adr))
    number = max((n for n, _ in adr_files(folder)), default=0) + 1
    return render_adr(rec, AdrMeta(number, date, shown), "madr")


def explain(args: Mapping[str, Any]) -> Reply:
    from advisor.answers.explain import explain_trace
    from advisor.format.config import load_config
    from advisor.render.wrap import wrap_block

    known(args, "workload", "path", "cloud")
    paths, given = _workload(args)
    cloud = _cloud(args)
    packs = load_config(None, Path.cwd()).rule_packs
    # As `advisor explain` prints it into a pipe: not wrapped (0 columns), one newline.
    trace = wrap_block(explain_trace(paths, packs, given, cloud), 0) + "\n"
    return Reply([trace], {"trace": trace})


def check(args: Mapping[str, Any]) -> Reply:
    from advisor.answers.check import check_files, files_to_check
    from advisor.answers.dates import decision_date
    from advisor.format.config import load_config
    from advisor.gate.formats import render_json

    known(args, "path")
    paths = [working_path(args, "path", "the workload path")] if "path" in args else []
    settings = load_config(None, Path.cwd())
    folder = settings.adr_folder(None)
    files, docs = files_to_check(paths, settings, folder)
    # --format json names files from the repository root, as every report for machines.
    result = check_files(paths, files, docs, settings, folder, (), decision_date(None), True,
                         for_machines=True)
    document = render_json(result, settings.fail_on)
    return Reply([document], json.loads(document))


def schema(args: Mapping[str, Any]) -> Reply:
    from advisor.format.jsonschema import json_schema
    from advisor.providers import vocabularies

    known(args, "cloud")
    found = json_schema(vocabularies()[_cloud(args) or "aws"])
    return Reply([json.dumps(found, indent=2) + "\n"], found)


def rules(args: Mapping[str, Any]) -> Reply:
    from advisor.answers.ruleset import builtin_rules
    from advisor.format.config import load_config
    from advisor.providers import provider

    known(args, "cloud")
    chosen = provider(_cloud(args) or "aws")
    ruleset = builtin_rules(chosen.catalogue(), load_config(None, Path.cwd()).rule_packs,
                            chosen.vocabulary)
    found = {"digest": ruleset.version, "rules": [
        {"id": r.id, "title": r.title, "scope": r.scope, "clouds": list(r.clouds),
         "limit": r.limit,
         "effect": dict(r.effect), "rules_out": list(r.rules_out), "sources": list(r.sources)}
        for r in ruleset.rules]}
    return Reply([json.dumps(found, indent=2, ensure_ascii=False) + "\n"], found)


CALLS: dict[str, Callable[[Mapping[str, Any]], Reply]] = {
    "recommend": recommend, "explain": explain, "check": check, "schema": schema,
    "rules": rules}
