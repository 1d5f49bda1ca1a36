"""render reads only the Recommendation and the records it is made of (issue 15).

The import contract in pyproject.toml names what render may not import; this test turns it
round and names what it may: a module added to core is refused to render until someone
decides it is a record, so the wall cannot thin out by default."""

from __future__ import annotations

import grimp
import pytest

# The Recommendation, the records it holds, and the words its own properties use.
RECORDS = {
    "advisor.core.catalogue", "advisor.core.decision", "advisor.core.designs",
    "advisor.core.facts.registry", "advisor.core.numbers", "advisor.core.phrasing",
    "advisor.core.recommendation", "advisor.core.routes", "advisor.core.rules.conditions",
    "advisor.core.rules.rule", "advisor.core.titles",
}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("advisor")


def core_reached(graph: grimp.ImportGraph, package: str) -> set[str]:
    """Every core module `package` imports, directly or through others, at any depth."""
    return {m for m in graph.find_upstream_modules(package, as_package=True)
            if m.startswith("advisor.core.") and not graph.find_children(m)}


def test_render_reaches_only_the_records(graph: grimp.ImportGraph) -> None:
    assert core_reached(graph, "advisor.render") - RECORDS == set()


def test_the_check_sees_what_recommending_reaches(graph: grimp.ImportGraph) -> None:
    # The same question asked of the module that recommends names the engine and the
    # searches: the check above can fail.
    beyond = core_reached(graph, "advisor.core.recommend") - RECORDS
    assert {"advisor.core.engine", "advisor.core.flips.search", "advisor.core.buildable"} <= beyond
