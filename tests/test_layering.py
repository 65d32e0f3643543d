"""The package layering, read from the source: every import of every module, parsed with ast.

    crawl → artifacts (contracts) → rules (pure) → auditor → reports; samples sits on top.

- no import cycle between modules outside samples/;
- contracts imports none of the other packages; reports and crawler import only contracts;
- rules import only contracts, and the rule fixtures' harness (tests/rules) takes from the
  crawler only the pure extraction named in RULES_MAY_USE_FROM_CRAWLER;
- the auditor imports nothing from samples (the sample commands register themselves through
  the entry-point group `zwgk.commands`).

Imports inside functions count; imports under `if TYPE_CHECKING:` do not (they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("contracts", "crawler", "rules", "auditor", "reports", "samples")

# Which project packages each package may import (besides itself).
ALLOWED: dict[str, set[str]] = {
    "contracts": set(),
    "crawler": {"contracts"},
    "rules": {"contracts"},
    "reports": {"contracts"},
    "auditor": {"contracts", "crawler", "rules", "reports"},
    "samples": {"contracts", "crawler", "rules", "auditor", "reports"},
}

# The rule fixtures run their HTML through the real extractor and column builder, so that a
# fixture tests the pair; nothing else of the crawler is theirs to use.
RULES_MAY_USE_FROM_CRAWLER = ("crawler.extract", "crawler.assemble")


def _module_name(path: Path, base: Path = ROOT) -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else ""
            if name == "TYPE_CHECKING":
                for child in node.body:
                    skip.update(id(n) for n in ast.walk(child))
    return skip


def imports_of(path: Path, module: str, known: set[str]) -> set[str]:
    """The project modules `module` (at `path`) imports: `from a import b` names a.b when it is a module."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    skip = _type_checking_nodes(tree)
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = module.split(".")
                keep = len(parts) - node.level + (1 if is_package else 0)
                target = ".".join(parts[:keep] + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.add(target)
            out.update(f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in known)
    return {name for name in out if name.split(".")[0] in PACKAGES}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {name: imports_of(path, name, known) for name, path in mods.items()}


def test_the_graph_is_read():
    # A guard against a test that passes because it reads nothing.
    mods = _modules()
    assert {"auditor.cli", "contracts.artifacts", "crawler.run", "rules.base", "reports.json_report"} <= set(mods)
    assert "contracts.artifacts" in imports_of(mods["contracts.run"], "contracts.run", set(mods))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module, or a module importing itself (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_outside_samples(graph):
    outside = {m: {t for t in ts if not t.startswith("samples")}
               for m, ts in graph.items() if not m.startswith("samples")}
    # A package's __init__ importing its own submodules is how packages work, not a cycle.
    for m, ts in outside.items():
        ts.difference_update({p for p in ts if m.startswith(p + ".")})
    assert _cycles(outside) == []


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_its_lower_layers(graph, package):
    bad = sorted(f"{m} -> {t}" for m, ts in graph.items() if m.split(".")[0] == package
                 for t in ts if t.split(".")[0] not in ALLOWED[package] | {package})
    assert bad == []


def test_auditor_imports_nothing_from_samples(graph):
    assert sorted(f"{m} -> {t}" for m, ts in graph.items() if m.startswith("auditor")
                  for t in ts if t.startswith("samples")) == []


def _within(name: str, allowed: tuple[str, ...]) -> bool:
    return any(name == a or name.startswith(a + ".") for a in allowed)


def test_rule_fixtures_use_only_the_pure_extraction_of_the_crawler():
    mods = _modules()
    known = set(mods)
    used: set[str] = set()
    bad = []
    for path in sorted((ROOT / "tests" / "rules").rglob("*.py")):
        name = _module_name(path)
        for target in imports_of(path, name, known):
            if target.split(".")[0] == "crawler":
                used.add(target)
                if not _within(target, RULES_MAY_USE_FROM_CRAWLER):
                    bad.append(f"{name} -> {target}")
    assert bad == []
    assert used, "the fixtures harness no longer uses the crawler: shorten RULES_MAY_USE_FROM_CRAWLER"


NETWORK_OR_FRAMEWORK = ("scrapy", "twisted", "playwright", "requests", "httpx", "urllib.request", "socket",
                        "http.client")


def _all_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.add(node.module)
    return out


def test_the_allowed_extraction_is_pure(graph):
    # What the rule fixtures may use of the crawler, and all it imports in turn, stays off the
    # network and off Scrapy.
    mods = _modules()
    todo = [m for m in graph if _within(m, RULES_MAY_USE_FROM_CRAWLER)]
    assert todo, "RULES_MAY_USE_FROM_CRAWLER names modules that do not exist"
    seen: set[str] = set()
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        todo.extend(t for t in graph[m] if t in graph and t.split(".")[0] in ("crawler", "contracts"))
    bad = sorted(f"{m} -> {name}" for m in seen for name in _all_imports(mods[m])
                 if _within(name, NETWORK_OR_FRAMEWORK))
    assert bad == []
