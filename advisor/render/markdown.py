"""Render a recommendation as an Architecture Decision Record (MADR 4 by default).

Python words and orders everything; the Jinja template only lays it out. The front
matter and the provenance are written here, not by the template, so that any
template keeps them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from msgspec import Struct

from advisor import __version__
from advisor.core.decision import MODELS
from advisor.core.designs import WORKER
from advisor.core.numbers import Cost
from advisor.core.phrasing import scores_text
from advisor.core.recommendation import Recommendation
from advisor.core.titles import service_name
from advisor.errors import InputError, TemplateBudgetError
from advisor.format import units
from advisor.format.yamlnodes import safe_dump
from advisor.render.diagram import mermaid
from advisor.render.latency import missed, summary
from advisor.render.marks import GENERATED_MARK
from advisor.resources import data_dir
from advisor.visible import visible


class AdrMeta(Struct, frozen=True):
    """What an ADR needs beyond the recommendation: its number, date and source."""

    number: int
    date: dt.date
    source: str  # the workload file as the user named it
    supersedes: tuple[str, str] | None = None  # (ADR-NNNN, its file name)


def _bytecode_cache(budgeted: bool) -> Any:
    """Jinja's own cache of compiled templates (in the temp folder, per user): compiling the
    ADR template costs more than rendering it. None where the folder cannot be made."""
    from jinja2 import FileSystemBytecodeCache

    try:
        # Code compiled for the budget carries its checks (see render/budget.py), so it is
        # named apart, by the digest of the code that compiles them: code compiled without
        # them, or with older ones, is never loaded in their place.
        digest = hashlib.sha256(b"".join(
            (Path(__file__).parent / name).read_bytes() for name in ("markdown.py", "budget.py")
        )).hexdigest()[:16] if budgeted else "plain"
        return FileSystemBytecodeCache(pattern=f"__advisor_{digest}_%s.cache")
    except (OSError, RuntimeError):  # Jinja refuses a cache folder another user owns
        return None


BUILTIN_TEMPLATES = {"madr": "madr.md.j2", "madr-minimal": "madr-minimal.md.j2",
                     "nygard": "nygard.md.j2"}


_MAX_TEMPLATE_BYTES = 1024 * 1024


def _loader(folder: str) -> Any:
    """Jinja's FileSystemLoader, but every template file (and every file one includes) is
    read through safeio: a FIFO, a device or a huge file is refused, not read forever; and
    a file an include reaches through a symbolic link out of the template's folder is
    refused, so a template cannot copy a file from elsewhere into an ADR."""
    from jinja2 import FunctionLoader
    from jinja2.loaders import split_template_path

    from advisor.safeio import inside, read_text_bounded

    def load(name: str) -> tuple[str, str, Any] | None:
        parts = split_template_path(name)  # refuses ".." as Jinja does
        path = os.path.join(folder, *parts)
        if not os.path.lexists(path):
            return None  # Jinja raises TemplateNotFound
        if any(part.startswith(".") for part in parts):  # .git/config holds the CI's token
            raise InputError(path, 0, 0, "a template includes no hidden file or folder",
                             "keep a template and the files it includes in one folder")
        if not inside(Path(folder), Path(path)):
            raise InputError(path, 0, 0, "this template file is a symbolic link that leads "
                             "out of the template's folder, so it is not read",
                             "keep a template and the files it includes in one folder")
        text = read_text_bounded(Path(path), _MAX_TEMPLATE_BYTES, "template")
        try:
            mtime = os.path.getmtime(path)
        except OSError:
            mtime = -1.0

        def uptodate() -> bool:
            try:
                return os.path.getmtime(path) == mtime
            except OSError:
                return False

        return text, os.path.normpath(path), uptodate

    return FunctionLoader(load)


@cache
def _environment(folder: str, budgeted: bool) -> Any:
    """Jinja's sandbox for the built-in templates, which are advisor's own code; the
    sandbox with a render budget for a template from the repository, which a pull request
    may have written (the budget's counting costs a few milliseconds a render)."""
    from jinja2 import StrictUndefined

    if budgeted:
        from advisor.render.budget import budgeted_environment

        kind = budgeted_environment()
    else:
        from jinja2.sandbox import SandboxedEnvironment

        kind = SandboxedEnvironment
    return kind(
        loader=_loader(folder),
        bytecode_cache=_bytecode_cache(budgeted),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # the output is Markdown, escaped field by field below
    )


_MARKUP = re.compile(r"([\\`*_\[\]|{}~$])")
# What opens a block when it starts a line (after the markup above is escaped): headings,
# lists, setext underlines, block quotes, containers (`:::`), numbered lists.
_BLOCK_OPENER = re.compile(r"[#+=:-]|(\d+)([.)])(?=\s|$)")


def inert(text: str) -> str:
    """User text as plain Markdown data: no HTML, no headings, lists, quotes or fences, no
    indented code, no tables, links, maths or containers, and no hidden characters."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = visible(_MARKUP.sub(r"\\\1", text))
    lines = []
    for line in text.split("\n"):
        line = line.lstrip(" \t")  # four spaces or a tab would start a code block
        opener = _BLOCK_OPENER.match(line)
        if opener and opener.group(1):
            line = f"{opener.group(1)}\\{line[opener.end(1):]}"
        elif opener:
            line = "\\" + line
        lines.append(line)
    return "\n".join(lines)


def one_line(text: str) -> str:
    return inert(" ".join(text.split()))


def code_safe(text: str) -> str:
    """A file name or other user text written between backticks by the templates, and safe
    outside them too: one line, hidden characters visible, and the characters that would
    end the code span or start a link, HTML or a table cell written as escapes."""
    return _CODE_BREAKERS.sub(lambda m: f"\\x{ord(m.group()):02x}", visible(text, True))


_CODE_BREAKERS = re.compile(r"[`\[\]<>|]")


def url_safe(url: str, file: bool = False) -> str:
    """A URL fit for a Markdown link destination: whatever could end the destination or the
    link (parentheses, brackets, quotes, spaces, angle brackets, backslashes, hidden or
    non-ASCII characters) percent-encoded; rule packs accept https URLs only. A `file` name
    is a relative link: every character of it is data (a colon would make a scheme)."""
    from urllib.parse import quote

    return quote(url, safe="-._~" if file else "/:?#@!$&+,;=%-._~*", errors="surrogateescape")


def clause(sentence: str) -> str:
    """A sentence fit to follow "because": first letter lowered unless it starts a name."""
    first = sentence.split(" ", 1)[0]
    if first[:1].isupper() and (first[1:].islower() or first == "A"):
        sentence = sentence[0].lower() + sentence[1:]
    return sentence.rstrip(".")


def front_matter(rec: Recommendation, meta: AdrMeta, body: str, template: str = "") -> str:
    """MADR front matter plus advisor's provenance, as YAML advisor writes itself; the
    `template` the body was rendered with is recorded, for rendering it again."""
    data: dict[str, object] = {"status": "proposed", "date": meta.date}
    if meta.supersedes:
        data["supersedes"] = [meta.supersedes[0]]
    provenance: dict[str, object] = {
        "workload": rec.workload.name,
        "file": meta.source,
        "fingerprint": rec.fingerprint,
        "model": rec.model,
        "services": [s.id for s in rec.chosen.design.services],
        "version": __version__,
        "rules": rec.rules_version,
        "knowledge": rec.knowledge_as_of,
        **({"template": template} if template else {}),
        "body": "sha256:" + hashlib.sha256(body.encode()).hexdigest()[:16],
    }
    data["advisor"] = provenance
    if rec.waivers:
        provenance["waived"] = [w.rule for w in rec.waivers]
    if rec.workload.system:
        provenance["system"] = rec.workload.system
    dumped = safe_dump(data, sort_keys=False, default_flow_style=False, width=1000)
    return f"---\n{dumped}---\n"


def resolve_template(choice: str) -> tuple[str, str]:
    """(folder, file name) of a built-in template by name, or of a team's template file."""
    if choice in BUILTIN_TEMPLATES:
        return str(data_dir("templates")), BUILTIN_TEMPLATES[choice]
    path = Path(choice)
    if not os.path.lexists(path):  # a FIFO, a device, a folder: the loader says why not
        raise InputError(choice, 0, 0, "no such template",
                         f"use one of {', '.join(BUILTIN_TEMPLATES)}, or the path of a Jinja "
                         "template file")
    # The folder the name is in, not the one a symbolic link points into: the loader
    # looks the name up there, and reads (and checks) whatever it is.
    return os.path.dirname(os.path.abspath(path)), path.name


def render_adr(rec: Recommendation, meta: AdrMeta, template: str = "madr") -> str:
    """The ADR text: advisor's front matter, then the template's body."""
    from jinja2 import TemplateError, TemplateSyntaxError

    folder, name = resolve_template(template)
    builtin = template in BUILTIN_TEMPLATES
    shown = template if not builtin else f"{folder}/{name}"
    try:
        compiled = _environment(folder, not builtin).get_template(name)
        if builtin:
            body: str = compiled.render(**context(rec, meta))
        else:
            from advisor.render.budget import render_budgeted

            body = render_budgeted(compiled, context(rec, meta))
    except TemplateBudgetError as exc:
        line = _template_line(exc, Path(folder) / name)
        raise InputError(shown, line, 1 if line else 0, f"template over its budget: {exc}",
                         "an ADR template lays out the data it is given; keep loops, "
                         "repetition and output to what an ADR needs") from None
    except TemplateSyntaxError as exc:
        raise InputError(shown, exc.lineno or 0, 1 if exc.lineno else 0,
                         f"template syntax error: {exc.message}",
                         "fix the Jinja syntax at this line") from None
    except (TemplateError, ArithmeticError, TypeError, ValueError, AttributeError,
            KeyError, IndexError, RecursionError) as exc:
        # Whatever a template does wrong (the sandbox refusing a range, a filter given the
        # wrong type) is the template's mistake, located at its line.
        line = _template_line(exc, Path(folder) / name)
        raise InputError(shown, line, 1 if line else 0, f"template error: {exc}",
                         "the data a template receives is listed in the README") from None
    body = _marked(body)
    return front_matter(rec, meta, body, template) + body


def _marked(body: str) -> str:
    """The body with advisor's marker below its H1: tools such as adr-log take the first
    line after the front matter as the title. A template that opens with something else
    gets the marker first, as before."""
    title, newline, rest = body.partition("\n")
    if title.startswith("# "):
        return f"{title}{newline}{GENERATED_MARK}\n{rest}"
    return GENERATED_MARK + "\n" + body


def _template_line(exc: BaseException, path: Path) -> int:
    """The line of the template being rendered when it failed (Jinja keeps it in the
    traceback as a frame of the template file)."""
    line = 0
    tb = exc.__traceback__
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename).resolve() == path.resolve():
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def context(rec: Recommendation, meta: AdrMeta) -> dict[str, Any]:
    """Everything a template receives (documented in the README)."""
    w = rec.workload
    catalogue = rec.catalogue
    options = [
        {
            "model": option.model,
            "title": option.title,
            "chosen": option.model == rec.model,
            "score": f"{option.score:g}",
            "ruled_out_by": list(option.ruled_out_by),
            "feasible": option.design.feasible,
            "figures": "; ".join(f"{f.text}: {f.shown}" for f in option.sizing.figures
                                 if "." not in f.key and not _negligible(f)),
            "summary": option.design.summary,
            # A role or reason may quote the workload (its ordering key): inert, like all
            # user text.
            "services": [{"id": s.id, "name": catalogue.service(s.id).name,
                          "role": one_line(s.role), "why": one_line(s.why)}
                         for s in option.design.services],
            "good": [clause(one_line(g)) for g in option.good],
            "bad": [clause(one_line(b)) for b in option.bad],
            "cost": one_line(_cost_summary(option.cost, rec.catalogue)),
        }
        for option in rec.options
    ]
    chosen = rec.chosen
    return {
        "number": f"{meta.number:04d}",
        "supersedes": ({"id": meta.supersedes[0], "file": url_safe(meta.supersedes[1], file=True)}
                       if meta.supersedes else None),
        "waivers": [{"rule": w.rule, "reason": one_line(w.reason),
                     "expires": w.expires.isoformat() if w.expires else None}
                    for w in rec.waivers],
        "date": meta.date.isoformat(),
        # The decision names the choice; the workload's own title heads its context.
        "title": one_line(rec.title),
        "workload_title": one_line(w.title),
        "name": w.name,
        "source": code_safe(meta.source),
        "description": inert(w.description) if w.description else "",
        "problem": _problem(rec),
        "drivers": [{"label": one_line(d.label), "value": one_line(d.value)}
                    for d in rec.drivers],
        "inputs": [{"label": d.label, "value": one_line(d.value)} for d in rec.inputs],
        "options": options,
        "chosen": next(o for o in options if o["chosen"]),
        "because": one_line(rec.because),
        "scores": scores_text(rec.decision.scores),
        "margin": f"{rec.decision.margin:g}",
        "decided_by": _decided_by(rec),
        "consumers": [_consumer_row(rec, p) for p in chosen.design.paths],
        "diagram": mermaid(chosen.design, w, catalogue),
        "good": [clause(one_line(g)) for g in chosen.good],
        "bad": [clause(one_line(b)) for b in chosen.bad],
        "error_handling": [_cash(text) for text, _ in chosen.design.operations],
        "warnings": [_cash(w) for w in rec.warnings],
        "confirmation": _confirmation(rec, meta),
        # Rule packs are committed like workloads: their words are user text too.
        "rules": [{"id": f.rule.id, "title": one_line(f.rule.title),
                   "who": f.consumer or "flow",
                   "effect": _effect(f.rule.effect, f.rule.rules_out),
                   "sources": _sources(f.rule.sources, catalogue),
                   "rationale": one_line(f.rationale)} for f in rec.decision.all_firings],
        "facts": [{"id": f.id, "title": _cash(f.title), "service": f.service,
                   "text": _cash(f.text),
                   "source": url_safe(f.source), "as_of": f.as_of.isoformat(),
                   "status": f.status}
                  for f in rec.sources],
        "urls": [url_safe(url) for url in rec.urls],
        "sizing": [{"key": f.key, "value": f.shown, "text": f.text,
                    "formula": f.formula} for f in chosen.sizing.figures if not _negligible(f)],
        # Named, not printed: a share below 1% of a quota tells a reader nothing.
        "sizing_negligible": [f.text for f in chosen.sizing.figures if _negligible(f)],
        "sizing_notes": [*chosen.sizing.notes, *filter(None, [summary(
            rec.delays, w, lambda s: service_name(s, catalogue))])],
        # One line every template can show: what the chosen design costs, and what that
        # figure leaves out.
        "cost_summary": one_line(_cost_summary(chosen.cost, catalogue)),
        "quotas": [q.text for q in chosen.sizing.quotas],
        "costs": [{k: _cash(v) for k, v in row.items()} for row in _costs(rec)],
        "cost_lines": [{"service": line.service, "what": _cash(line.what),
                        "average": _cash(_usd(line.usd_average)),
                        "peak": _cash(_usd(line.usd_peak))}
                       for line in (chosen.cost.lines if chosen.cost else ())],
        "cost_assumptions": [_cash(a) for a in (chosen.cost.assumptions if chosen.cost
                                                  else ())],
        "cost_unpriced": [_cash(u) for u in (chosen.cost.unpriced_parts if chosen.cost
                                               else ())],
        # beside the table, not folded: what no figure covers, and whose prices they are
        "cost_left_out": _cash("Not priced: " + "; ".join(chosen.cost.left_out) + "."
                               if chosen.cost and chosen.cost.left_out else ""),
        "cost_region_note": _cash(chosen.cost.region_note if chosen.cost else ""),
        "prices": [{"id": f.id, "title": _cash(f.title), "service": f.service,
                    "text": _cash(f.text), "source": url_safe(f.source),
                    "as_of": f.as_of.isoformat(), "status": f.status} for f in rec.prices],
        "flips": [{"model": f.model, "text": f.text, "driver": f.driver, "value": f.value}
                  for f in rec.flips],
        "quota_flips": [{"model": q.model, "text": q.text} for q in rec.quota_flips],
        "knowledge_as_of": rec.knowledge_as_of.isoformat(),
        "catalogue_reviewed": catalogue.reviewed.isoformat(),
        "advisor_version": __version__,
        "rules_version": rec.rules_version,
        "fingerprint": rec.fingerprint,
    }


def _problem(rec: Recommendation) -> str:
    w = rec.workload
    noun = "event" if w.kind == "event" else "command"
    count = w.consumer_total
    rate = f" at up to {units.format_rate(w.rate_peak)}" if w.rate_peak else ""
    return (f"How should the {count:,} consumer{'s' if count != 1 else ''} of the `{w.name}` "
            f"{noun}{rate} receive its messages: pushed by a broker as they happen, polled at "
            "their own pace, or a hybrid of both? And which AWS services should carry them?")


def _decided_by(rec: Recommendation) -> str:
    d = rec.decision
    if d.decided_by == "constraint":
        out = [m for m in MODELS if d.ruled_out.get(m)]
        return (f"the only option not ruled out ({', '.join(out)} ruled out by "
                + ", ".join(sorted({r for m in out for r in d.ruled_out[m]})) + ")")
    if d.decided_by == "design":
        return "being the best-scored option whose design can be built"
    if d.decided_by == "tie-break":
        return f"a tie with {', '.join(d.tied_with)}, broken {d.tie_broken}"
    return f"a margin of {d.margin:g} over the runner-up"


_NEGLIGIBLE_PCT = 1.0


def _negligible(figure: Any) -> bool:
    """A share of a quota too small to matter ("0.0% of a quota")."""
    return bool(figure.key.endswith("_pct") and figure.value < _NEGLIGIBLE_PCT)


def _unverified(cost: Cost | None, catalogue: Any) -> bool:
    """Whether any price behind a cost is not verified on an official page."""
    return any(catalogue.fact(line.fact).status != "verified" for line in
               (cost.lines if cost else ()))


def _cost_summary(cost: Cost | None, catalogue: Any) -> str:
    """"$5,769.00 a month expected at the average rate ($247,972.00 if the peak lasted all
    month); not priced: ..." with every unpriced part and what no figure covers, and whose
    prices these are: the one cost line of the shorter templates says all of it."""
    if cost is None:
        return ""
    unverified = " (unverified prices)" if _unverified(cost, catalogue) else ""
    if cost.lines:
        head = (f"{_usd(cost.monthly_usd_average)} a month expected at the average rate "
                f"({_usd(cost.monthly_usd_peak)} if the peak lasted all month){unverified}")
    else:
        head = _figure(cost, 0.0, "")
    left = [*cost.unpriced_parts, *cost.left_out]
    return (head + (f"; not priced: {'; '.join(left)}" if left else "")
            + (f". {cost.region_note}" if cost.region_note else ""))


def _usd(value: float) -> str:
    return f"${value:,.2f}"


def _cash(text: str) -> str:
    """Generated text with its dollar signs escaped: GitHub reads `$...$` on one line (a
    price, then another in parentheses) as mathematics."""
    return re.sub(r"(?<!\\)\$", r"\\$", text)


def _costs(rec: Recommendation) -> list[dict[str, str]]:
    """One row per option, the chosen first; a ruled-out option says so by its price, and
    a figure resting on an unverified price says so next to it."""
    rows = []
    for option in sorted(rec.options, key=lambda o: o.model != rec.model):
        if option.cost is None:
            continue
        unverified = " (unverified prices)" if _unverified(option.cost, rec.catalogue) else ""
        status = ("chosen" if option.model == rec.model else
                  f"ruled out by {', '.join(option.ruled_out_by)}" if option.ruled_out_by else
                  "cannot be built" if not option.design.feasible else "")
        rows.append({"model": option.model, "chosen": "yes" if option.model == rec.model
                     else "", "status": status,
                     "services": ", ".join(_priced_column(option.cost)) or "-",
                     "average": _figure(option.cost, option.cost.monthly_usd_average,
                                        unverified),
                     "peak": _figure(option.cost, option.cost.monthly_usd_peak, unverified),
                     "unpriced": "; ".join(option.cost.unpriced_parts)})
    return rows


def _figure(cost: Cost, value: float, unverified: str) -> str:
    """Never a bare $0.00 for an option with nothing priced; where some of it is, the
    unpriced parts are named in the row's last column."""
    if not cost.lines:
        return "not priced" if cost.unpriced else "$0.00 (no AWS service billed)"
    return _usd(value) + unverified


def _priced_column(cost: Cost) -> list[str]:
    """Each service in one column: an unpriced one only under "Not priced", a partly priced
    one here as such (its unpriced part is named there)."""
    lined = {line.service for line in cost.lines}
    return [(f"{s} (partly)" if s in cost.unpriced else _priced_as(s, cost)) if s in lined
            else f"{s} (no line of its own)"  # a webhook is billed in its caller's line
            for s in cost.services if s not in cost.unpriced or s in lined]


def _priced_as(service: str, cost: Cost) -> str:
    """A service priced in one of its capacity modes, with what the whole option would cost
    in the others (the figures are option totals, not Kinesis alone)."""
    if service != "kinesis" or not cost.mode:
        return service
    others = "; ".join(f"option total with {a.mode} Kinesis {_usd(a.monthly_usd_average)} "
                       f"average, {_usd(a.monthly_usd_peak)} peak" for a in cost.alternatives)
    return f"kinesis ({cost.mode}" + (f"; {others}" if others else "") + ")"


def _sources(sources: tuple[str, ...], catalogue: Any) -> str:
    """A rule's sources as Markdown links: catalogue facts by id, URLs as "doc"."""
    links = []
    for source in sources:
        if source in catalogue.facts:
            links.append(f"[{source}]({url_safe(catalogue.fact(source).source)})")
        else:
            links.append(f"[doc]({url_safe(source)})")
    return ", ".join(links)


def _effect(effect: dict[str, float] | Any, rules_out: tuple[str, ...]) -> str:
    parts = [f"{m} {w:+g}" for m, w in effect.items()]
    parts += [f"rules out {m}" for m in rules_out]
    return ", ".join(parts)


def _consumer_row(rec: Recommendation, path: Any) -> dict[str, str]:
    verdict = next((v for v in rec.decision.consumers if v.name == path.consumer), None)
    names = {WORKER: "its own pollers"}
    hops = " → ".join(names[h] if h in names else rec.catalogue.service(h).name
                      for h in path.hops)
    return {
        "name": path.consumer,
        "runs_on": path.runs_on,
        "needs": verdict.lean if verdict else "",
        "delivery": path.delivery,
        "route": hops or "direct",
    }


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _confirmation(rec: Recommendation, meta: AdrMeta) -> list[str]:
    lines = [f"`advisor check` runs in CI against `{code_safe(meta.source)}` and fails when this "
             "recommendation no longer follows from the workload or advisor's rules."]
    if rec.workload.rate_peak:
        # A consumer the warnings say the target cannot hold for is named, not promised.
        out = missed(rec.delays, rec.workload)
        holds = "" if rec.workload.latency is None else " and the latency target holds" + (
            f" for every consumer but {_listed(out)}, for whom the warnings above say it "
            "cannot" if out else "")
        lines.append(f"A load test at the stated peak ({units.format_rate(rec.workload.rate_peak)}"
                     f") shows no throttling{holds}.")
    if rec.chosen.design.operations:
        lines.append("Review of the deployed resources finds each item of the error handling "
                     "above configured.")
    return lines
