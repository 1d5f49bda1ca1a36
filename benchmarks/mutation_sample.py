"""Pick the mutation sample of issue #15 (item 7) from a mutmut 3 run's generated mutants.

Prints the names of the sampled mutants, one a line: the mutants of sizing, cost and
designs whose change is not only in a string literal (mutmut's "XX...XX" and case mutants
of messages, which the snapshot tests pin), then every STEP-th of those in name order
(the run of issue #15 took STEP 40: 27 of sizing, 29 of cost, 65 of designs, on the three
modules before they became packages; mutant names now carry the module within each package).

The run, from a scratch copy, with mutmut in the worktree's venv only (it is no project
dependency, and the pyproject has no [tool.mutmut]):

    git archive HEAD | tar -x -C /tmp/mutrun && cd /tmp/mutrun
    # setup.cfg:
    #   [mutmut]
    #   source_paths=advisor
    #   only_mutate=   advisor/providers/aws/{sizing,cost,designs}/*.py, one a line
    #   also_copy=     rules templates examples README.md benchmarks, one a line
    #   pytest_add_cli_args_test_selection=  one a line: tests/providers/test_sizing_review.py
    #     tests/providers/test_cost_worked.py tests/providers/test_cost_kinesis.py
    #     tests/providers/test_cost_honesty.py tests/providers/test_thresholds.py
    #     tests/providers/test_design.py tests/providers/test_design_fixes.py
    #     tests/providers/test_design_review.py tests/core/test_numbers.py
    #     tests/render/test_snapshot.py tests/providers/test_mutants.py
    mutmut run --max-children 2 no-such-mutant     # generates the mutants, then stops
    python benchmarks/mutation_sample.py 40 > sample.txt
    mutmut run --max-children 2 $(cat sample.txt)  # mutmut adds -x -q -p no:randomly
"""

from __future__ import annotations

import io
import json
import sys
import tokenize
from pathlib import Path

FILES = ("sizing", "cost", "designs")  # packages of advisor/providers/aws


def _tokens(line: str) -> list[tuple[int, str]]:
    try:
        return [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(line).readline)
                if t.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT,
                                  tokenize.DEDENT, tokenize.ENDMARKER, tokenize.COMMENT)]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return [(-1, line)]


def only_strings(orig: list[str], mutant: list[str]) -> bool:
    """Whether the mutant differs from the original function in string literals alone."""
    a, b = _tokens("\n".join(orig)), _tokens("\n".join(mutant))
    if len(a) != len(b):
        return False
    return all(x == y or (x[0] == y[0] == tokenize.STRING) for x, y in zip(a, b, strict=True))


def sample(root: Path, step: int) -> list[str]:
    chosen: list[str] = []
    aws = root / "mutants" / "advisor" / "providers" / "aws"
    for path in [p for name in FILES for p in sorted((aws / name).glob("*.py"))]:
        module = ".".join(path.relative_to(root / "mutants").with_suffix("").parts)
        module = module.removesuffix(".__init__")
        lines = path.read_text().splitlines()
        spans = json.loads(Path(f"{path}.spans").read_text())["spans"]

        logic = []
        for key in spans:
            if "__mutmut_orig" in key:
                continue
            orig = key.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"
            if not only_strings(_body(lines, spans, orig), _body(lines, spans, key)):
                logic.append(f"{module}.{key}")
        chosen += sorted(logic, key=_order)[::step]
    return chosen


def _body(lines: list[str], spans: dict[str, list[int]], key: str) -> list[str]:
    """A mutant's function, with its own name (on the def line) unified."""
    start, end = spans[key]
    return [line.replace(key, "NAME") for line in lines[start - 1:end + 1]]


def _order(key: str) -> tuple[str, int]:
    head, number = key.rsplit("__mutmut_", 1)
    return head, int(number)


if __name__ == "__main__":
    step = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    print("\n".join(sample(Path.cwd(), step)))
