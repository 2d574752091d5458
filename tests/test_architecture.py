"""
The layout keeps its promises: no import circle, a core that reads no clock or environment, a
small top level, and no test fake in the package. The layer rules themselves are import
contracts in pyproject.toml, checked by `lint-imports` in CI.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

PACKAGE = Path(__file__).parents[1] / "skm_bot"


def _cycles(graph: grimp.ImportGraph) -> list[set[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(group)
    return found


def test_no_module_imports_itself_through_others():
    """Function-local imports count too: a circle hidden in a function is still a circle."""
    assert _cycles(grimp.build_graph("skm_bot")) == []


def test_the_cycle_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for module in ("a", "a.one", "a.two", "a.three"):
        graph.add_module(module)
    graph.add_import(importer="a.one", imported="a.two")
    graph.add_import(importer="a.two", imported="a.one")
    graph.add_import(importer="a.three", imported="a.one")

    assert _cycles(graph) == [{"a.one", "a.two"}]


def _core_calls() -> Iterator[tuple[str, str]]:
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                yield path.name, f"{ast.unparse(node.value)}.{node.attr}"
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                yield path.name, node.func.id


@pytest.mark.parametrize(
    "forbidden",
    ["datetime.now", "datetime.utcnow", "time.time", "os.environ", "os.getenv", "open"],
)
def test_core_reads_no_clock_environment_or_file(forbidden):
    """The clock and the environment are read at the entry points and passed in."""
    assert [name for name, call in _core_calls() if call == forbidden] == []


def test_top_level_holds_only_entry_points_and_wiring():
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))

    assert len(modules) <= 8, modules


def test_no_test_fake_ships_in_the_package():
    assert not list(PACKAGE.rglob("standin*"))
    assert not [p for p in PACKAGE.rglob("*.py") if "fake" in p.stem or "standin" in p.stem]
