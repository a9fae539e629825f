"""The package's shape: no import cycle, Pelican only in the glue (docs/architecture.md).

import-linter (`lint-imports`, run by .ci/run) checks the layers; this test adds
what it does not: imports written inside functions count, and no cycle at all is
allowed between modules, whatever their layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pelican_fast"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every pelican_fast module `name` imports, at any depth of its code."""

    def resolve(dotted: str) -> str:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(resolve(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, *([node.module] if node.module else [])])
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in modules else resolve(base))
    # Importing pkg.mod runs pkg/__init__.py first: that edge is Python's, not the author's.
    return {m for m in found if m and m != name and not name.startswith(m + ".")}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_even_through_imports_inside_functions() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert "pelican_fast.plugin.reader" in graph["pelican_fast.plugin.handlers"]
    assert _cycles(graph) == []


def test_only_the_glue_imports_pelican() -> None:
    offenders = []
    for name, path in _modules().items():
        if name.startswith("pelican_fast.plugin") or name == "pelican_fast":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            offenders += [
                f"{name}: {n}" for n in names if n == "pelican" or n.startswith("pelican.")
            ]
    assert offenders == []


def test_every_rule_is_declared_and_checked_in_one_module() -> None:
    """A rule's code is written in exactly one module (its family, under links/rules/),
    which both declares it and reports it; no other module names it."""
    import re

    from pelican_fast.links import rules

    literal = re.compile(r'"(PF\d{3})"')
    where: dict[str, set[str]] = {}
    for name, path in _modules().items():
        for code in literal.findall(path.read_text(encoding="utf-8")):
            where.setdefault(code, set()).add(name)
    for rule in rules.RULES:
        family = next(f for f in rules.FAMILIES if rule in f.RULES)
        assert where.get(rule.code) == {family.__name__}, (rule.code, where.get(rule.code))
    assert set(where) == set(rules.BY_CODE)  # no code is used that is not declared


def test_which_steps_run_on_plain_urls_is_declared_on_the_step() -> None:
    from pelican_fast.links import rules

    assert [s.order for s in rules.STEPS] == sorted(s.order for s in rules.STEPS)
    assert {s.code for s in rules.PLAIN_STEPS} == {"PF207", "PF208"}
    assert all(s.plain for s in rules.PLAIN_STEPS)


def test_the_architecture_page_lists_the_pipeline_steps_in_order() -> None:
    from pelican_fast.plugin import pipeline

    text = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    positions = [text.find(f"| `{step.name}` |") for step in pipeline.STEPS]
    assert -1 not in positions, [
        s.name for s, p in zip(pipeline.STEPS, positions, strict=True) if p < 0
    ]
    assert positions == sorted(positions)
