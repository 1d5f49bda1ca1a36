"""Render a recommendation as an Architecture Decision Record (MADR 4 by default).

Python words and orders everything; the Jinja template only lays it out. The front
matter and the provenance are written here, not by the template, so that any
template keeps them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any

from msgspec import Struct

from advisor import __version__, units
from advisor.engine import MODELS
from advisor.errors import InputError
from advisor.render.diagram import mermaid
from advisor.report import Recommendation, scores_text
from advisor.resources import data_dir
from advisor.topology import WORKER
from advisor.yamlnodes import safe_dump

GENERATED_MARK = "<!-- advisor: generated below; edit freely, advisor never overwrites edits -->"


class AdrMeta(Struct, frozen=True):
    """What an ADR needs beyond the recommendation: its number, date and source."""

    number: int
    date: dt.date
    source: str  # the workload file as the user named it
    supersedes: tuple[str, str] | None = None  # (ADR-NNNN, its file name)


def _bytecode_cache() -> Any:
    """Jinja's own cache of compiled templates (in the temp folder, per user): compiling the
    ADR template costs more than rendering it. None where the folder cannot be made."""
    from jinja2 import FileSystemBytecodeCache

    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # Jinja refuses a cache folder another user owns
        return None


BUILTIN_TEMPLATES = {"madr": "madr.md.j2", "madr-minimal": "madr-minimal.md.j2",
                     "nygard": "nygard.md.j2"}


@cache
def _environment(folder: str) -> Any:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        loader=FileSystemLoader(folder),
        bytecode_cache=_bytecode_cache(),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # the output is Markdown, escaped field by field below
    )


def inert(text: str) -> str:
    """User text as plain Markdown data: no HTML, no headings, no fences, no links."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]|{}])", r"\\\1", text)
    lines = []
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped[:1] in ("#", "-", "+", "=") or re.match(r"\d+[.)](\s|$)", stripped):
            line = "\\" + stripped
        lines.append(line)
    return "\n".join(lines)


def one_line(text: str) -> str:
    return inert(" ".join(text.split()))


def clause(sentence: str) -> str:
    """A sentence fit to follow "because": first letter lowered unless it starts a name."""
    first = sentence.split(" ", 1)[0]
    if first[:1].isupper() and (first[1:].islower() or first == "A"):
        sentence = sentence[0].lower() + sentence[1:]
    return sentence.rstrip(".")


def front_matter(rec: Recommendation, meta: AdrMeta, body: str) -> str:
    """MADR front matter plus advisor's provenance, as YAML advisor writes itself."""
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
        "knowledge": rec.catalogue.as_of,
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
    if not path.is_file():
        raise InputError(choice, 0, 0, "no such template",
                         f"use one of {', '.join(BUILTIN_TEMPLATES)}, or the path of a Jinja "
                         "template file")
    return str(path.resolve().parent), path.name


def render_adr(rec: Recommendation, meta: AdrMeta, template: str = "madr") -> str:
    """The ADR text: advisor's front matter, then the template's body."""
    from jinja2 import TemplateError, TemplateSyntaxError

    folder, name = resolve_template(template)
    shown = template if template not in BUILTIN_TEMPLATES else f"{folder}/{name}"
    try:
        body: str = _environment(folder).get_template(name).render(**context(rec, meta))
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
    body = GENERATED_MARK + "\n" + body
    return front_matter(rec, meta, body) + body


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
                                 if "." not in f.key),
            "summary": option.design.summary,
            # A role or reason may quote the workload (its ordering key): inert, like all
            # user text.
            "services": [{"id": s.id, "name": catalogue.service(s.id).name,
                          "role": one_line(s.role), "why": one_line(s.why)}
                         for s in option.design.services],
            "good": [clause(g) for g in option.good],
            "bad": [clause(b) for b in option.bad],
        }
        for option in rec.options
    ]
    chosen = rec.chosen
    return {
        "number": f"{meta.number:04d}",
        "supersedes": ({"id": meta.supersedes[0], "file": meta.supersedes[1]}
                       if meta.supersedes else None),
        "waivers": [{"rule": w.rule, "reason": one_line(w.reason),
                     "expires": w.expires.isoformat() if w.expires else None}
                    for w in rec.waivers],
        "date": meta.date.isoformat(),
        "title": one_line(w.title),
        "name": w.name,
        "source": meta.source,
        "description": inert(w.description) if w.description else "",
        "problem": _problem(rec),
        "drivers": [{"label": d.label, "value": one_line(d.value)} for d in rec.drivers],
        "options": options,
        "chosen": next(o for o in options if o["chosen"]),
        "because": rec.because,
        "scores": scores_text(rec.decision.scores),
        "margin": f"{rec.decision.margin:g}",
        "decided_by": _decided_by(rec),
        "consumers": [_consumer_row(rec, p) for p in chosen.design.paths],
        "diagram": mermaid(chosen.design, w, catalogue),
        "good": [clause(g) for g in chosen.good[:4]],
        "bad": [clause(b) for b in chosen.bad],
        "error_handling": [text for text, _ in chosen.design.operations],
        "warnings": list(rec.warnings),
        "confirmation": _confirmation(rec, meta),
        "rules": [{"id": f.rule.id, "title": f.rule.title,
                   "who": f.consumer or "flow",
                   "effect": _effect(f.rule.effect, f.rule.rules_out),
                   "sources": _sources(f.rule.sources, catalogue),
                   "rationale": f.rationale} for f in rec.decision.all_firings],
        "facts": [{"id": f.id, "title": f.title, "service": f.service, "text": f.text,
                   "source": f.source, "as_of": f.as_of.isoformat(), "status": f.status}
                  for f in rec.sources],
        "urls": list(rec.urls),
        "sizing": [{"key": f.key, "value": f.shown, "text": f.text,
                    "formula": f.formula} for f in chosen.sizing.figures],
        "sizing_notes": list(chosen.sizing.notes),
        "quotas": [q.text for q in chosen.sizing.quotas],
        "costs": _costs(rec),
        "cost_lines": [{"service": line.service, "what": line.what,
                        "average": _usd(line.usd_average), "peak": _usd(line.usd_peak)}
                       for line in (chosen.cost.lines if chosen.cost else ())],
        "cost_assumptions": list(chosen.cost.assumptions if chosen.cost else ()),
        "cost_unpriced": list(chosen.cost.unpriced if chosen.cost else ()),
        "flips": [{"model": f.model, "text": f.text, "driver": f.driver, "value": f.value}
                  for f in rec.flips],
        "knowledge_as_of": catalogue.as_of.isoformat(),
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
    return (f"How should the {count} consumer{'s' if count != 1 else ''} of the `{w.name}` "
            f"{noun}{rate} receive its messages: pushed by a broker as they happen, polled at "
            "their own pace, or a hybrid of both? And which AWS services should carry them?")


def _decided_by(rec: Recommendation) -> str:
    d = rec.decision
    if d.decided_by == "constraint":
        out = [m for m in MODELS if d.ruled_out.get(m)]
        return (f"the only option not ruled out ({', '.join(out)} ruled out by "
                + ", ".join(sorted({r for m in out for r in d.ruled_out[m]})) + ")")
    if d.decided_by == "tie-break":
        return (f"a tie with {', '.join(d.tied_with)}, broken towards fewer moving parts "
                "(push, then poll, then hybrid)")
    return f"a margin of {d.margin:g} over the runner-up"


def _usd(value: float) -> str:
    return f"${value:,.2f}"


def _costs(rec: Recommendation) -> list[dict[str, str]]:
    rows = []
    for option in rec.options:
        if option.cost is None:
            continue
        rows.append({"model": option.model, "chosen": "yes" if option.model == rec.model
                     else "", "services": ", ".join(option.cost.services),
                     "average": _usd(option.cost.monthly_usd_average),
                     "peak": _usd(option.cost.monthly_usd_peak),
                     "unpriced": ", ".join(option.cost.unpriced)})
    return rows


def _sources(sources: tuple[str, ...], catalogue: Any) -> str:
    """A rule's sources as Markdown links: catalogue facts by id, URLs as "doc"."""
    links = []
    for source in sources:
        if source in catalogue.facts:
            links.append(f"[{source}]({catalogue.fact(source).source})")
        else:
            links.append(f"[doc]({source})")
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


def _confirmation(rec: Recommendation, meta: AdrMeta) -> list[str]:
    lines = [f"`advisor check` runs in CI against `{meta.source}` and fails when this "
             "recommendation no longer follows from the workload or advisor's rules."]
    if rec.workload.rate_peak:
        lines.append(f"A load test at the stated peak ({units.format_rate(rec.workload.rate_peak)}"
                     ") shows no throttling and the latency target holds.")
    if rec.chosen.design.operations:
        lines.append("Review of the deployed resources finds each item of the error handling "
                     "above configured.")
    return lines
