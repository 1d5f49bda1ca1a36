# The compiled twin of templates/madr-minimal.md.j2, written by `python -m advisor.twins`: the
# code Jinja 3.1.6 compiles the template to, run by advisor.render.twinrun.
# Do not edit.
# ruff: noqa
# mypy: ignore-errors
from advisor.render.twinrun import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'madr-minimal.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_supersedes = resolve('supersedes')
    l_0_workload_title = resolve('workload_title')
    l_0_description = resolve('description')
    l_0_problem = resolve('problem')
    l_0_options = resolve('options')
    l_0_chosen = resolve('chosen')
    l_0_because = resolve('because')
    l_0_cost_summary = resolve('cost_summary')
    l_0_warnings = resolve('warnings')
    l_0_good = resolve('good')
    l_0_bad = resolve('bad')
    pass
    yield '# '
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n\n'
    if (undefined(name='supersedes') if l_0_supersedes is missing else l_0_supersedes):
        pass
        yield 'Supersedes ['
        yield str(environment.getattr((undefined(name='supersedes') if l_0_supersedes is missing else l_0_supersedes), 'id'))
        yield ']('
        yield str(environment.getattr((undefined(name='supersedes') if l_0_supersedes is missing else l_0_supersedes), 'file'))
        yield ').\n\n'
    yield '## Context and Problem Statement\n\n**'
    yield str((undefined(name='workload_title') if l_0_workload_title is missing else l_0_workload_title))
    yield '**\n\n'
    if (undefined(name='description') if l_0_description is missing else l_0_description):
        pass
        yield str((undefined(name='description') if l_0_description is missing else l_0_description))
        yield '\n\n'
    yield str((undefined(name='problem') if l_0_problem is missing else l_0_problem))
    yield '\n\n## Considered Options\n\n'
    for l_1_o in (undefined(name='options') if l_0_options is missing else l_0_options):
        _loop_vars = {}
        pass
        yield '* '
        yield str(environment.getattr(l_1_o, 'title'))
        yield ' ('
        yield str(environment.getattr(l_1_o, 'summary'))
        yield ')\n'
    l_1_o = missing
    yield '\n## Decision Outcome\n\nChosen option: "'
    yield str(environment.getattr((undefined(name='chosen') if l_0_chosen is missing else l_0_chosen), 'title'))
    yield '", because '
    yield str((undefined(name='because') if l_0_because is missing else l_0_because))
    yield '.\n\n'
    if (undefined(name='cost_summary') if l_0_cost_summary is missing else l_0_cost_summary):
        pass
        yield 'Cost: '
        yield str((undefined(name='cost_summary') if l_0_cost_summary is missing else l_0_cost_summary))
        yield '.\n\n'
    for l_1_s in environment.getattr((undefined(name='chosen') if l_0_chosen is missing else l_0_chosen), 'services'):
        _loop_vars = {}
        pass
        yield '* **'
        yield str(environment.getattr(l_1_s, 'name'))
        yield '** (`'
        yield str(environment.getattr(l_1_s, 'id'))
        yield '`): '
        yield str(environment.getattr(l_1_s, 'role'))
        yield '.\n'
    l_1_s = missing
    yield '\n'
    if (undefined(name='warnings') if l_0_warnings is missing else l_0_warnings):
        pass
        yield 'Warnings:\n\n'
        for l_1_w in (undefined(name='warnings') if l_0_warnings is missing else l_0_warnings):
            _loop_vars = {}
            pass
            yield '* '
            yield str(l_1_w)
            yield '\n'
        l_1_w = missing
        yield '\n'
    yield '### Consequences\n\n'
    for l_1_g in (undefined(name='good') if l_0_good is missing else l_0_good):
        _loop_vars = {}
        pass
        yield '* Good, because '
        yield str(l_1_g)
        yield '\n'
    l_1_g = missing
    for l_1_b in (undefined(name='bad') if l_0_bad is missing else l_0_bad):
        _loop_vars = {}
        pass
        yield '* Bad, because '
        yield str(l_1_b)
        yield '\n'
    l_1_b = missing

blocks = {}
debug_info = '1=24&3=26&4=29&9=34&11=36&12=38&15=40&19=42&20=46&25=52&27=56&28=59&31=61&32=65&35=73&38=76&39=80&45=85&46=89&48=92&49=96'

KEY = '4bb03a88728f0f8208122c897ab0b5950e5146992d0e931c3864a51bcf2fae19'
