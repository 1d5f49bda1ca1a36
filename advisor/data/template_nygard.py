# The compiled twin of templates/nygard.md.j2, written by `python -m advisor.twins`: the
# code Jinja 3.1.6 compiles the template to, run by advisor.render.twinrun.
# Do not edit.
# ruff: noqa
# mypy: ignore-errors
from advisor.render.twinrun import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'nygard.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_number = resolve('number')
    l_0_title = resolve('title')
    l_0_date = resolve('date')
    l_0_supersedes = resolve('supersedes')
    l_0_workload_title = resolve('workload_title')
    l_0_description = resolve('description')
    l_0_problem = resolve('problem')
    l_0_inputs = resolve('inputs')
    l_0_drivers = resolve('drivers')
    l_0_chosen = resolve('chosen')
    l_0_because = resolve('because')
    l_0_scores = resolve('scores')
    l_0_decided_by = resolve('decided_by')
    l_0_cost_summary = resolve('cost_summary')
    l_0_diagram = resolve('diagram')
    l_0_warnings = resolve('warnings')
    l_0_good = resolve('good')
    l_0_bad = resolve('bad')
    l_0_error_handling = resolve('error_handling')
    l_0_flips = resolve('flips')
    l_0_quota_flips = resolve('quota_flips')
    l_0_knowledge_as_of = resolve('knowledge_as_of')
    l_0_advisor_version = resolve('advisor_version')
    l_0_rules_version = resolve('rules_version')
    l_0_source = resolve('source')
    try:
        t_1 = environment.filters['int']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'int' found.")
    try:
        t_2 = environment.filters['upper']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'upper' found.")
    pass
    yield '# '
    yield str(t_1((undefined(name='number') if l_0_number is missing else l_0_number)))
    yield '. '
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n\nDate: '
    yield str((undefined(name='date') if l_0_date is missing else l_0_date))
    yield '\n\n## Status\n\nProposed'
    if (undefined(name='supersedes') if l_0_supersedes is missing else l_0_supersedes):
        pass
        yield '; supersedes ['
        yield str(environment.getattr((undefined(name='supersedes') if l_0_supersedes is missing else l_0_supersedes), 'id'))
        yield ']('
        yield str(environment.getattr((undefined(name='supersedes') if l_0_supersedes is missing else l_0_supersedes), 'file'))
        yield ')'
    yield '\n\n## Context\n\n**'
    yield str((undefined(name='workload_title') if l_0_workload_title is missing else l_0_workload_title))
    yield '**\n\n'
    if (undefined(name='description') if l_0_description is missing else l_0_description):
        pass
        yield str((undefined(name='description') if l_0_description is missing else l_0_description))
        yield '\n\n'
    yield str((undefined(name='problem') if l_0_problem is missing else l_0_problem))
    yield '\n\n'
    if (undefined(name='inputs') if l_0_inputs is missing else l_0_inputs):
        pass
        yield 'The workload as stated:\n\n'
        for l_1_d in (undefined(name='inputs') if l_0_inputs is missing else l_0_inputs):
            _loop_vars = {}
            pass
            yield '* '
            yield str(environment.getattr(l_1_d, 'label'))
            yield ': '
            yield str(environment.getattr(l_1_d, 'value'))
            yield '\n'
        l_1_d = missing
        yield '\n'
    if (undefined(name='drivers') if l_0_drivers is missing else l_0_drivers):
        pass
        yield 'The facts that decided, strongest first:\n\n'
        for l_1_d in (undefined(name='drivers') if l_0_drivers is missing else l_0_drivers):
            _loop_vars = {}
            pass
            yield '* '
            yield str(environment.getattr(l_1_d, 'label'))
            yield ': '
            yield str(environment.getattr(l_1_d, 'value'))
            yield '\n'
        l_1_d = missing
        yield '\n'
    yield '## Decision\n\nWe will deliver these messages by '
    yield str(environment.getattr((undefined(name='chosen') if l_0_chosen is missing else l_0_chosen), 'model'))
    yield ' ('
    yield str(environment.getattr((undefined(name='chosen') if l_0_chosen is missing else l_0_chosen), 'title'))
    yield '), because '
    yield str((undefined(name='because') if l_0_because is missing else l_0_because))
    yield '. Scores: '
    yield str((undefined(name='scores') if l_0_scores is missing else l_0_scores))
    yield '; '
    yield str(environment.getattr((undefined(name='chosen') if l_0_chosen is missing else l_0_chosen), 'model'))
    yield ' won by '
    yield str((undefined(name='decided_by') if l_0_decided_by is missing else l_0_decided_by))
    yield '.\n\n'
    if (undefined(name='cost_summary') if l_0_cost_summary is missing else l_0_cost_summary):
        pass
        yield 'Cost: '
        yield str((undefined(name='cost_summary') if l_0_cost_summary is missing else l_0_cost_summary))
        yield '.\n\n'
    yield 'We will use:\n\n'
    for l_1_s in environment.getattr((undefined(name='chosen') if l_0_chosen is missing else l_0_chosen), 'services'):
        _loop_vars = {}
        pass
        yield '* '
        yield str(environment.getattr(l_1_s, 'name'))
        yield ' as the '
        yield str(environment.getattr(l_1_s, 'role'))
        yield '. '
        yield str(environment.getattr(l_1_s, 'why'))
        yield '\n'
    l_1_s = missing
    yield '\n```mermaid\n'
    yield str((undefined(name='diagram') if l_0_diagram is missing else l_0_diagram))
    yield '\n```\n\n'
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
    yield '## Consequences\n\n'
    for l_1_g in (undefined(name='good') if l_0_good is missing else l_0_good):
        _loop_vars = {}
        pass
        yield '* '
        yield str(t_2(environment.getitem(l_1_g, 0)))
        yield str(l_1_g[1:])
        yield '.\n'
    l_1_g = missing
    for l_1_b in (undefined(name='bad') if l_0_bad is missing else l_0_bad):
        _loop_vars = {}
        pass
        yield '* '
        yield str(t_2(environment.getitem(l_1_b, 0)))
        yield str(l_1_b[1:])
        yield '.\n'
    l_1_b = missing
    for l_1_e in (undefined(name='error_handling') if l_0_error_handling is missing else l_0_error_handling):
        _loop_vars = {}
        pass
        yield '* '
        yield str(l_1_e)
        yield '\n'
    l_1_e = missing
    for l_1_f in (undefined(name='flips') if l_0_flips is missing else l_0_flips):
        _loop_vars = {}
        pass
        yield '* This would change to '
        yield str(environment.getattr(l_1_f, 'model'))
        yield ' if '
        yield str(environment.getattr(l_1_f, 'text'))
        yield ' (`'
        yield str(environment.getattr(l_1_f, 'driver'))
        yield ': '
        yield str(environment.getattr(l_1_f, 'value'))
        yield '`).\n'
    l_1_f = missing
    for l_1_q in (undefined(name='quota_flips') if l_0_quota_flips is missing else l_0_quota_flips):
        _loop_vars = {}
        pass
        yield '* This would change to '
        yield str(environment.getattr(l_1_q, 'model'))
        yield ' if '
        yield str(environment.getattr(l_1_q, 'text'))
        yield '.\n'
    l_1_q = missing
    yield '\nKnowledge as of '
    yield str((undefined(name='knowledge_as_of') if l_0_knowledge_as_of is missing else l_0_knowledge_as_of))
    yield '; generated by advisor '
    yield str((undefined(name='advisor_version') if l_0_advisor_version is missing else l_0_advisor_version))
    yield ' (rules '
    yield str((undefined(name='rules_version') if l_0_rules_version is missing else l_0_rules_version))
    yield ') from `'
    yield str((undefined(name='source') if l_0_source is missing else l_0_source))
    yield '`.\n'

blocks = {}
debug_info = '1=49&3=53&7=55&11=63&13=65&14=67&17=69&19=71&22=74&23=78&27=84&30=87&31=91&37=98&39=110&40=113&45=116&46=120&50=128&53=130&56=133&57=137&63=142&64=146&66=150&67=154&69=158&70=162&72=165&73=169&75=178&76=182&79=188'

KEY = 'f4627caae17e32c176c2df499ed5d9188b9bb81b696b442578a6380edb0256d8'
