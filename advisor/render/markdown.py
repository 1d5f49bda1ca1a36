"""Render a recommendation as an Architecture Decision Record (MADR 4 by default).

Python words and orders everything (render/adrcontext.py); the Jinja template only lays it
out (render/templates.py). The front matter and the provenance are written here, not by the
template, so that any template keeps them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from advisor import __version__
from advisor.core.recommendation import Recommendation
from advisor.errors import InputError, TemplateBudgetError
from advisor.format.yamlnodes import safe_dump
from advisor.render.adrcontext import AdrMeta, context
from advisor.render.escape import clause, code_safe, inert, one_line, url_safe
from advisor.render.marks import GENERATED_MARK
from advisor.render.templates import BUILTIN_TEMPLATES, environment, resolve_template

# Imported from here by the CLI, the ADR folder and the tests.
__all__ = ["BUILTIN_TEMPLATES", "AdrMeta", "clause", "code_safe", "context", "front_matter",
           "inert", "one_line", "render_adr", "resolve_template", "url_safe"]




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
        # The cloud the services are of; aws, the format's default, goes unsaid as in the
        # workload, so that AWS ADRs read as before.
        **({"cloud": rec.workload.cloud} if rec.workload.cloud != "aws" else {}),
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


def render_adr(rec: Recommendation, meta: AdrMeta, template: str = "madr") -> str:
    """The ADR text: advisor's front matter, then the template's body."""
    folder, name = resolve_template(template)
    builtin = template in BUILTIN_TEMPLATES
    if builtin:  # its compiled twin, where current, needs no Jinja
        from advisor.render.templatetwin import render_twin

        twin = render_twin(name, context(rec, meta))
        if twin is not None:
            marked = _marked(twin)
            return front_matter(rec, meta, marked, template) + marked
    from jinja2 import TemplateError, TemplateSyntaxError

    shown = template if not builtin else f"{folder}/{name}"
    try:
        compiled = environment(folder, not builtin).get_template(name)
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
