"""House rules a newcomer relies on: the quick test run exists and is documented."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_slow_marker_is_registered_strictly_and_the_readme_gives_both_runs():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("slow:") for m in options["markers"])
    assert "--strict-markers" in options["addopts"]
    readme = (ROOT / "README.md").read_text()
    assert "\npytest   " in readme and '\npytest -m "not slow"' in readme
    assert (ROOT / ".ci" / "run").read_text().rstrip().endswith("&& pytest")  # CI runs everything


def test_fresh_db_is_the_tests_database_created_and_open(fresh_db, db_path):
    assert fresh_db.path == db_path and db_path.exists()
    assert fresh_db.one("SELECT count(*) FROM dose") == (0,)


def _import_graph() -> dict[str, set[str]]:
    """Every kratomlog module and the kratomlog modules it imports (at the top or inside functions)."""
    import ast

    package = ROOT / "src" / "kratomlog"
    modules = {}
    for path in package.rglob("*.py"):
        name = ".".join(path.relative_to(package.parent).with_suffix("").parts).removesuffix(".__init__")
        modules[name] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kratomlog"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    target = full if full in modules else node.module
                    if target in modules and target != name:
                        graph[name].add(target)
            elif isinstance(node, ast.Import):
                graph[name] |= {a.name for a in node.names if a.name in modules and a.name != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for v in graph:
        if v not in index:
            visit(v)
    return found


# Every import cycle that was known is gone; a new one fails the test.
KNOWN_CYCLES: set[frozenset[str]] = set()


def test_no_new_import_cycles_and_the_named_ones_are_gone():
    cycles = set(_cycles(_import_graph()))
    assert cycles <= KNOWN_CYCLES, f"new import cycle(s): {[sorted(c) for c in cycles - KNOWN_CYCLES]}"
    in_a_cycle = set().union(*cycles) if cycles else set()
    for module in ("kratomlog.cli.entry_cmds", "kratomlog.cli.edit_more", "kratomlog.store.taper_store",
                   "kratomlog.store.taper_today", "kratomlog.store.database", "kratomlog.store.schema",
                   "kratomlog.cli.edge", "kratomlog.cli.passphrase", "kratomlog.render.checks_view",
                   "kratomlog.render.lines", "kratomlog.render.tables", "kratomlog.store.entry_edit",
                   "kratomlog.store.product_edit"):
        assert module not in in_a_cycle, module


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset({"a", "b", "c"})]


def test_no_module_imports_another_modules_private_names():
    import ast

    package = ROOT / "src" / "kratomlog"
    offenders = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kratomlog"):
                offenders += [f"{path.name}: {node.module}.{a.name}" for a in node.names
                              if a.name.startswith("_") and not a.name.startswith("__")]
    assert set(offenders) <= KNOWN_PRIVATE_IMPORTS, sorted(set(offenders) - KNOWN_PRIVATE_IMPORTS)


KNOWN_PRIVATE_IMPORTS: set[str] = set()  # none left; a new one fails the test


def test_the_map_is_linked_and_names_only_modules_that_exist():
    import re

    readme = (ROOT / "README.md").read_text()
    assert "(docs/architecture.md)" in readme
    text = (ROOT / "docs" / "architecture.md").read_text()
    for section in ("## The road of a dose", "## The road of `week`", "## Where each change goes"):
        assert section in text
    for room in ("a warning signal", "a questionnaire", "an import format", "a chart", "a column or a table"):
        assert f"| {room}" in text
    named = set(re.findall(r"`((?:cli|core|render|store)/[a-z_]+\.py)`", text))
    assert named and all((ROOT / "src" / "kratomlog" / module).exists() for module in named), named


def test_no_exception_is_matched_by_its_class_name():
    """`isinstance` with the class, never `type(e).__name__ == "…"` (a rename would silently break it)."""
    import re

    pattern = re.compile(r"__name__\s*(==|!=|in\b)")
    offenders = []
    for path in (ROOT / "src" / "kratomlog").rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if pattern.search(line) and 'if __name__ == "__main__"' not in line:
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, offenders


def test_usage_errors_are_caught_by_class():
    import typer

    from kratomlog.cli.app import COMMAND_LINE_ERROR, _is_usage_problem

    assert issubclass(typer.BadParameter, COMMAND_LINE_ERROR) and COMMAND_LINE_ERROR is not typer.BadParameter
    assert _is_usage_problem(typer.BadParameter("x")) and not _is_usage_problem(ValueError("x"))
