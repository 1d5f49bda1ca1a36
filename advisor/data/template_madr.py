# The compiled twin of templates/madr.md.j2, written by `python -m advisor.twins`: the
# code Jinja 3.1.6 compiles the template to, run by advisor.render.twinrun.
# Do not edit.
# ruff: noqa
# mypy: ignore-errors
from advisor.render.twinrun import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'madr.md.j2'

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
    l_0_inputs = resolve('inputs')
    l_0_drivers = resolve('drivers')
    l_0_options = resolve('options')
    l_0_chosen = resolve('chosen')
    l_0_because = resolve('because')
    l_0_scores = resolve('scores')
    l_0_decided_by = resolve('decided_by')
    l_0_diagram = resolve('diagram')
    l_0_consumers = resolve('consumers')
    l_0_error_handling = resolve('error_handling')
    l_0_sizing = resolve('sizing')
    l_0_sizing_notes = resolve('sizing_notes')
    l_0_sizing_negligible = resolve('sizing_negligible')
    l_0_flips = resolve('flips')
    l_0_quota_flips = resolve('quota_flips')
    l_0_waivers = resolve('waivers')
    l_0_warnings = resolve('warnings')
    l_0_good = resolve('good')
    l_0_bad = resolve('bad')
    l_0_confirmation = resolve('confirmation')
    l_0_costs = resolve('costs')
    l_0_cost_region_note = resolve('cost_region_note')
    l_0_cost_unpriced = resolve('cost_unpriced')
    l_0_cost_left_out = resolve('cost_left_out')
    l_0_cost_lines = resolve('cost_lines')
    l_0_cost_assumptions = resolve('cost_assumptions')
    l_0_prices = resolve('prices')
    l_0_rules = resolve('rules')
    l_0_cloud_name = resolve('cloud_name')
    l_0_facts = resolve('facts')
    l_0_knowledge_as_of = resolve('knowledge_as_of')
    l_0_catalogue_reviewed = resolve('catalogue_reviewed')
    l_0_advisor_version = resolve('advisor_version')
    l_0_rules_version = resolve('rules_version')
    l_0_source = resolve('source')
    l_0_name = resolve('name')
    l_0_fingerprint = resolve('fingerprint')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_4 = environment.filters['rejectattr']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'rejectattr' found.")
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
    yield '\n'
    if (undefined(name='inputs') if l_0_inputs is missing else l_0_inputs):
        pass
        yield '\nThe workload as stated:\n\n'
        for l_1_d in (undefined(name='inputs') if l_0_inputs is missing else l_0_inputs):
            _loop_vars = {}
            pass
            yield '* '
            yield str(environment.getattr(l_1_d, 'label'))
            yield ': '
            yield str(environment.getattr(l_1_d, 'value'))
            yield '\n'
        l_1_d = missing
    yield '\n## Decision Drivers\n\n'
    if (undefined(name='drivers') if l_0_drivers is missing else l_0_drivers):
        pass
        yield 'The facts that decided, strongest first (the rules that ruled other options out, then by their weight in the scores):\n\n'
        for l_1_d in (undefined(name='drivers') if l_0_drivers is missing else l_0_drivers)[:5]:
            _loop_vars = {}
            pass
            yield '* '
            yield str(environment.getattr(l_1_d, 'label'))
            yield ': '
            yield str(environment.getattr(l_1_d, 'value'))
            yield '\n'
        l_1_d = missing
        if (t_2((undefined(name='drivers') if l_0_drivers is missing else l_0_drivers)) > 5):
            pass
            yield '\n<details>\n<summary>'
            yield str((t_2((undefined(name='drivers') if l_0_drivers is missing else l_0_drivers)) - 5))
            yield ' more, each weaker</summary>\n\n'
            for l_1_d in (undefined(name='drivers') if l_0_drivers is missing else l_0_drivers)[5:]:
                _loop_vars = {}
                pass
                yield '* '
                yield str(environment.getattr(l_1_d, 'label'))
                yield ': '
                yield str(environment.getattr(l_1_d, 'value'))
                yield '\n'
            l_1_d = missing
            yield '\n</details>\n'
    else:
        pass
        yield 'No rule preferred another option; the fewest moving parts decided.\n'
    yield '\n## Considered Options\n\n'
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
    yield '.\n\nScores after every rule that fired: '
    yield str((undefined(name='scores') if l_0_scores is missing else l_0_scores))
    yield '; '
    yield str(environment.getattr((undefined(name='chosen') if l_0_chosen is missing else l_0_chosen), 'model'))
    yield ' won by '
    yield str((undefined(name='decided_by') if l_0_decided_by is missing else l_0_decided_by))
    yield '.\n\n```mermaid\n'
    yield str((undefined(name='diagram') if l_0_diagram is missing else l_0_diagram))
    yield '\n```\n\n| Consumer | Runs on | Own need | Gets | Route |\n| --- | --- | --- | --- | --- |\n'
    for l_1_c in (undefined(name='consumers') if l_0_consumers is missing else l_0_consumers):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.getattr(l_1_c, 'name'))
        yield ' | '
        yield str(environment.getattr(l_1_c, 'runs_on'))
        yield ' | '
        yield str(environment.getattr(l_1_c, 'needs'))
        yield ' | '
        yield str(environment.getattr(l_1_c, 'delivery'))
        yield ' | '
        yield str(environment.getattr(l_1_c, 'route'))
        yield ' |\n'
    l_1_c = missing
    yield '\nServices:\n\n'
    for l_1_s in environment.getattr((undefined(name='chosen') if l_0_chosen is missing else l_0_chosen), 'services'):
        _loop_vars = {}
        pass
        yield '* **'
        yield str(environment.getattr(l_1_s, 'name'))
        yield '** (`'
        yield str(environment.getattr(l_1_s, 'id'))
        yield '`): '
        yield str(environment.getattr(l_1_s, 'role'))
        yield '. '
        yield str(environment.getattr(l_1_s, 'why'))
        yield '\n'
    l_1_s = missing
    yield '\nError handling and operations:\n\n'
    for l_1_e in (undefined(name='error_handling') if l_0_error_handling is missing else l_0_error_handling):
        _loop_vars = {}
        pass
        yield '* '
        yield str(l_1_e)
        yield '\n'
    l_1_e = missing
    if ((undefined(name='sizing') if l_0_sizing is missing else l_0_sizing) or (undefined(name='sizing_notes') if l_0_sizing_notes is missing else l_0_sizing_notes)):
        pass
        yield '\n<details>\n<summary>Sizing at the peak: '
        if (undefined(name='sizing') if l_0_sizing is missing else l_0_sizing):
            pass
            yield str(t_2((undefined(name='sizing') if l_0_sizing is missing else l_0_sizing)))
            yield ' figure'
            yield str(('' if (t_2((undefined(name='sizing') if l_0_sizing is missing else l_0_sizing)) == 1) else 's'))
            yield ', each with its arithmetic'
            if (undefined(name='sizing_notes') if l_0_sizing_notes is missing else l_0_sizing_notes):
                pass
                yield ', and '
        if (undefined(name='sizing_notes') if l_0_sizing_notes is missing else l_0_sizing_notes):
            pass
            yield str(t_2((undefined(name='sizing_notes') if l_0_sizing_notes is missing else l_0_sizing_notes)))
            yield ' note'
            yield str(('' if (t_2((undefined(name='sizing_notes') if l_0_sizing_notes is missing else l_0_sizing_notes)) == 1) else 's'))
        yield '</summary>\n\n'
        for l_1_f in (undefined(name='sizing') if l_0_sizing is missing else l_0_sizing):
            _loop_vars = {}
            pass
            yield '* '
            yield str(environment.getattr(l_1_f, 'value'))
            yield ': '
            yield str(environment.getattr(l_1_f, 'text'))
            yield ' ('
            yield str(environment.getattr(l_1_f, 'formula'))
            yield ')\n'
        l_1_f = missing
        for l_1_n in (undefined(name='sizing_notes') if l_0_sizing_notes is missing else l_0_sizing_notes):
            _loop_vars = {}
            pass
            yield '* '
            yield str(l_1_n)
            yield '\n'
        l_1_n = missing
        if (undefined(name='sizing_negligible') if l_0_sizing_negligible is missing else l_0_sizing_negligible):
            pass
            yield '\nBelow 1% at the peak, so not listed: '
            yield str(t_1(context.eval_ctx, (undefined(name='sizing_negligible') if l_0_sizing_negligible is missing else l_0_sizing_negligible), '; '))
            yield '.\n'
        yield '\n</details>\n'
    if ((undefined(name='flips') if l_0_flips is missing else l_0_flips) or (undefined(name='quota_flips') if l_0_quota_flips is missing else l_0_quota_flips)):
        pass
        yield '\nWhat would change the decision (found by re-running the rules, each checked at the value shown):\n\n'
        for l_1_f in (undefined(name='flips') if l_0_flips is missing else l_0_flips):
            _loop_vars = {}
            pass
            yield '* '
            yield str(environment.getattr(l_1_f, 'model'))
            yield ' if '
            yield str(environment.getattr(l_1_f, 'text'))
            yield ' (`'
            yield str(environment.getattr(l_1_f, 'driver'))
            yield ': '
            yield str(environment.getattr(l_1_f, 'value'))
            yield '`)\n'
        l_1_f = missing
        for l_1_q in (undefined(name='quota_flips') if l_0_quota_flips is missing else l_0_quota_flips):
            _loop_vars = {}
            pass
            yield '* '
            yield str(environment.getattr(l_1_q, 'model'))
            yield ' if '
            yield str(environment.getattr(l_1_q, 'text'))
            yield '\n'
        l_1_q = missing
    else:
        pass
        yield "\nWhat would change the decision: no single change to the peak rate, latency, ordering, duplicates, batching, replay, kind, fan-out or a consumer's capacity (within x1,000 of today's values) changes the answer.\n"
    if (undefined(name='waivers') if l_0_waivers is missing else l_0_waivers):
        pass
        yield "\nWaived rules (not applied to this decision, by the team's choice):\n\n"
        for l_1_w in (undefined(name='waivers') if l_0_waivers is missing else l_0_waivers):
            _loop_vars = {}
            pass
            yield '* '
            yield str(environment.getattr(l_1_w, 'rule'))
            yield ': '
            yield str(environment.getattr(l_1_w, 'reason'))
            if environment.getattr(l_1_w, 'expires'):
                pass
                yield ' (until '
                yield str(environment.getattr(l_1_w, 'expires'))
                yield ')'
            yield '\n'
        l_1_w = missing
    if (undefined(name='warnings') if l_0_warnings is missing else l_0_warnings):
        pass
        yield '\nWarnings:\n\n'
        for l_1_w in (undefined(name='warnings') if l_0_warnings is missing else l_0_warnings):
            _loop_vars = {}
            pass
            yield '* '
            yield str(l_1_w)
            yield '\n'
        l_1_w = missing
    yield '\n### Consequences\n\n'
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
    yield '\n### Confirmation\n\n'
    for l_1_c in (undefined(name='confirmation') if l_0_confirmation is missing else l_0_confirmation):
        _loop_vars = {}
        pass
        yield '* '
        yield str(l_1_c)
        yield '\n'
    l_1_c = missing
    yield '\n## Pros and Cons of the Options\n\n'
    for l_1_o in (undefined(name='options') if l_0_options is missing else l_0_options):
        _loop_vars = {}
        pass
        yield '### '
        yield str(environment.getattr(l_1_o, 'title'))
        yield '\n\n'
        if environment.getattr(l_1_o, 'chosen'):
            pass
            yield 'Chosen; its consequences are above.\n\n'
        yield 'Score '
        yield str(environment.getattr(l_1_o, 'score'))
        if environment.getattr(l_1_o, 'ruled_out_by'):
            pass
            yield '; ruled out by '
            yield str(t_1(context.eval_ctx, environment.getattr(l_1_o, 'ruled_out_by'), ', '))
        yield '. '
        if environment.getattr(l_1_o, 'feasible'):
            pass
            yield 'Would use: '
            yield str(environment.getattr(l_1_o, 'summary'))
            yield '.'
        else:
            pass
            yield 'Not feasible as a whole for this workload; the nearest design would use '
            yield str(environment.getattr(l_1_o, 'summary'))
            yield '.'
        yield '\n\n'
        if environment.getattr(l_1_o, 'figures'):
            pass
            yield 'Sizing: '
            yield str(environment.getattr(l_1_o, 'figures'))
            yield '.\n\n'
        if environment.getattr(l_1_o, 'cost'):
            pass
            yield 'Cost: '
            yield str(environment.getattr(l_1_o, 'cost'))
            yield '.\n\n'
        if (not environment.getattr(l_1_o, 'chosen')):
            pass
            for l_2_g in environment.getattr(l_1_o, 'good'):
                _loop_vars = {}
                pass
                yield '* Good, because '
                yield str(l_2_g)
                yield '\n'
            l_2_g = missing
            for l_2_b in environment.getattr(l_1_o, 'bad'):
                _loop_vars = {}
                pass
                yield '* Bad, because '
                yield str(l_2_b)
                yield '\n'
            l_2_b = missing
            yield '\n'
    l_1_o = missing
    if (undefined(name='costs') if l_0_costs is missing else l_0_costs):
        pass
        yield "## Monthly Cost\n\nIn USD a month, from the catalogue's prices (each listed with its source and date below). The expected figure is at the average rate; the worst case runs the peak all month.\n\n| Option | Expected (average rate) | Worst case (peak all month) | Services priced | Not priced |\n| --- | --- | --- | --- | --- |\n"
        for l_1_c in (undefined(name='costs') if l_0_costs is missing else l_0_costs):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.getattr(l_1_c, 'model'))
            if environment.getattr(l_1_c, 'status'):
                pass
                yield ' ('
                yield str(environment.getattr(l_1_c, 'status'))
                yield ')'
            yield ' | '
            yield str(environment.getattr(l_1_c, 'average'))
            yield ' | '
            yield str(environment.getattr(l_1_c, 'peak'))
            yield ' | '
            yield str(environment.getattr(l_1_c, 'services'))
            yield ' | '
            yield str((environment.getattr(l_1_c, 'unpriced') or '-'))
            yield ' |\n'
        l_1_c = missing
        yield '\n'
        if (undefined(name='cost_region_note') if l_0_cost_region_note is missing else l_0_cost_region_note):
            pass
            yield str((undefined(name='cost_region_note') if l_0_cost_region_note is missing else l_0_cost_region_note))
            yield '\n\n'
        if (undefined(name='cost_unpriced') if l_0_cost_unpriced is missing else l_0_cost_unpriced):
            pass
            yield 'Not priced in the chosen option: '
            yield str(t_1(context.eval_ctx, (undefined(name='cost_unpriced') if l_0_cost_unpriced is missing else l_0_cost_unpriced), '; '))
            yield '.\n\n'
        if (undefined(name='cost_left_out') if l_0_cost_left_out is missing else l_0_cost_left_out):
            pass
            yield str((undefined(name='cost_left_out') if l_0_cost_left_out is missing else l_0_cost_left_out))
            yield '\n\n'
        yield "<details>\n<summary>The chosen option's cost lines: "
        yield str(t_2((undefined(name='cost_lines') if l_0_cost_lines is missing else l_0_cost_lines)))
        yield ', expected and worst case</summary>\n\n| Service | Quantity and price | Expected (average) | Worst case (peak) |\n| --- | --- | --- | --- |\n'
        for l_1_l in (undefined(name='cost_lines') if l_0_cost_lines is missing else l_0_cost_lines):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.getattr(l_1_l, 'service'))
            yield ' | '
            yield str(environment.getattr(l_1_l, 'what'))
            yield ' | '
            yield str(environment.getattr(l_1_l, 'average'))
            yield ' | '
            yield str(environment.getattr(l_1_l, 'peak'))
            yield ' |\n'
        l_1_l = missing
        yield '\nAssumptions: '
        yield str(t_1(context.eval_ctx, (undefined(name='cost_assumptions') if l_0_cost_assumptions is missing else l_0_cost_assumptions), ' '))
        yield '\n\n</details>\n\n<details>\n<summary>Prices used, with their sources: '
        yield str(t_2((undefined(name='prices') if l_0_prices is missing else l_0_prices)))
        yield ' prices, '
        yield str(t_2(t_3(context.eval_ctx, t_4(context, (undefined(name='prices') if l_0_prices is missing else l_0_prices), 'status', 'equalto', 'verified'))))
        yield ' of them unverified</summary>\n\n'
        for l_1_p in (undefined(name='prices') if l_0_prices is missing else l_0_prices):
            _loop_vars = {}
            pass
            yield '* '
            yield str(environment.getattr(l_1_p, 'title'))
            yield ' ('
            yield str(environment.getattr(l_1_p, 'service'))
            yield '): '
            yield str(environment.getattr(l_1_p, 'text'))
            yield ' [source]('
            yield str(environment.getattr(l_1_p, 'source'))
            yield '), as of '
            yield str(environment.getattr(l_1_p, 'as_of'))
            if (environment.getattr(l_1_p, 'status') != 'verified'):
                pass
                yield ', **'
                yield str(environment.getattr(l_1_p, 'status'))
                yield '**'
            yield '.\n'
        l_1_p = missing
        yield '\n</details>\n\n'
    yield '## More Information\n\n<details>\n<summary>Rules that fired: '
    yield str(t_2((undefined(name='rules') if l_0_rules is missing else l_0_rules)))
    yield ', in evaluation order (consumer rules first, then the flow)</summary>\n\n| Rule | For | Title | Effect | Sources |\n| --- | --- | --- | --- | --- |\n'
    for l_1_r in (undefined(name='rules') if l_0_rules is missing else l_0_rules):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.getattr(l_1_r, 'id'))
        yield ' | '
        yield str(environment.getattr(l_1_r, 'who'))
        yield ' | '
        yield str(environment.getattr(l_1_r, 'title'))
        yield ' | '
        yield str(environment.getattr(l_1_r, 'effect'))
        yield ' | '
        yield str(environment.getattr(l_1_r, 'sources'))
        yield ' |\n'
    l_1_r = missing
    yield '\n</details>\n\n<details>\n<summary>'
    yield str((undefined(name='cloud_name') if l_0_cloud_name is missing else l_0_cloud_name))
    yield ' facts behind the chosen design: '
    yield str(t_2((undefined(name='facts') if l_0_facts is missing else l_0_facts)))
    yield '</summary>\n\n'
    for l_1_f in (undefined(name='facts') if l_0_facts is missing else l_0_facts):
        _loop_vars = {}
        pass
        yield '* '
        yield str(environment.getattr(l_1_f, 'title'))
        yield ' ('
        yield str(environment.getattr(l_1_f, 'service'))
        yield '): '
        yield str(environment.getattr(l_1_f, 'text'))
        yield ' [source]('
        yield str(environment.getattr(l_1_f, 'source'))
        yield '), as of '
        yield str(environment.getattr(l_1_f, 'as_of'))
        if (environment.getattr(l_1_f, 'status') != 'verified'):
            pass
            yield ', **'
            yield str(environment.getattr(l_1_f, 'status'))
            yield '**'
        yield '.\n'
    l_1_f = missing
    yield '\n</details>\n\nKnowledge as of '
    yield str((undefined(name='knowledge_as_of') if l_0_knowledge_as_of is missing else l_0_knowledge_as_of))
    yield ', the oldest date among the facts and prices this design depends on (catalogue reviewed '
    yield str((undefined(name='catalogue_reviewed') if l_0_catalogue_reviewed is missing else l_0_catalogue_reviewed))
    yield '). Generated by advisor '
    yield str((undefined(name='advisor_version') if l_0_advisor_version is missing else l_0_advisor_version))
    yield ' (rules '
    yield str((undefined(name='rules_version') if l_0_rules_version is missing else l_0_rules_version))
    yield ') from `'
    yield str((undefined(name='source') if l_0_source is missing else l_0_source))
    yield '` (workload `'
    yield str((undefined(name='name') if l_0_name is missing else l_0_name))
    yield '`, fingerprint `'
    yield str((undefined(name='fingerprint') if l_0_fingerprint is missing else l_0_fingerprint))
    yield '`). Revisit when the workload changes; `advisor check` says when.\n'

blocks = {}
debug_info = '1=78&3=80&4=83&9=88&11=90&12=92&15=94&16=96&20=99&21=103&27=109&30=112&31=116&33=121&36=124&38=126&39=130&50=140&51=144&56=150&58=154&61=160&66=162&67=166&72=178&73=182&78=192&79=196&81=199&84=202&86=217&87=221&89=228&90=232&92=235&94=238&99=241&103=244&104=248&106=257&107=261&113=269&117=272&118=276&121=286&125=289&126=293&132=297&133=301&135=304&136=308&141=312&142=316&147=320&148=324&150=326&154=330&156=347&157=350&160=352&161=355&164=357&165=359&166=363&168=366&169=370&174=375&181=378&182=382&185=399&186=401&189=403&190=406&193=408&194=410&198=413&202=415&203=419&206=429&211=431&213=435&214=439&223=457&227=459&228=463&234=475&236=479&237=483&242=500'

KEY = '547aaec4b22762a97b62bb3ef705b21511d64d2cc6282edea1ed8aad77c5ff94'
