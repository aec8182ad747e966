"""Every `--json` shape the README documents holds against real output: on a database with every kind
of record, each command's JSON has exactly the keys its README bullet names (nothing undocumented,
nothing documented that is missing), and every command with `--json` has a bullet.

The README's "JSON output" section is read as it is written: one bullet per command (`- \\`week
--json\\` — …`), keys named in quotes (`"strain"`) or backticks (`\\`strain\\``) anywhere in the
bullet, its sub-bullets and its example block.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import NOW, run

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## JSON output"

# Words the README writes in quotes that are values or placeholders, not keys.
NOT_KEYS = {"kratomlog", "tablet", "shot", "item_key"}

# The arguments each documented command is run with (the bullet names the command; some need more).
ARGS = {
    "coa show --json": ("coa", "show", "Red Borneo", "NH-2605-33", "--json"),
    "import --json": None,  # run on an export of the same database, below
    "export --format json": ("export", "--format", "json", "-o", "-"),
    "where --json": ("where", "--all", "--json"),
}


def _section() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index(SECTION)
    return text[start:text.index("\n## ", start + 1)]


def documented() -> dict[str, str]:
    """Command (as the bullet names it, e.g. `batch list --json`) → the whole text of its bullet."""
    found: dict[str, str] = {}
    for bullet in re.split(r"\n(?=- )", _section())[1:]:
        head = re.match(r"- (?:The export document \()?`([^`]+)`", bullet)
        if not head:
            continue
        # "`week --json` and `trends --json` also carry …": the bullet belongs to both
        both = re.match(r"- `([^`]+ --json)` and `([^`]+ --json)` ", bullet)
        for command in both.groups() if both else (head.group(1),):
            found[command] = found.get(command, "") + bullet
    return found


def named_keys(bullet: str) -> set[str]:
    return set(re.findall(r'[`"]([A-Za-z_][A-Za-z0-9_]*)[`"]', bullet))


def quoted_keys(bullet: str) -> set[str]:
    """The keys a bullet lists JSON-style (`{"id", "strain", …}`), which must all be in the output."""
    return set(re.findall(r'"([a-z_][a-z0-9_]*)"', bullet)) - NOT_KEYS


# Keys under these are data (questionnaire items, reasons), not shape; a three-letter upper-case key is
# a currency code.
DATA_PARENTS = {"items", "reasons"}


def keys_of(value, parent: str | None = None) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if parent not in DATA_PARENTS and not re.fullmatch(r"[A-Z]{3}", key):
                found.add(key)
            found |= keys_of(inner, key)
    elif isinstance(value, list):
        for inner in value:
            found |= keys_of(inner, parent)
    return found


@pytest.fixture(scope="module")
def everything_db(tmp_path_factory):
    """A demo person with a taper plan, batches, a certificate and purchases, plus a priced purchase,
    a partial withdrawal check-in and a taper hold (the demo has no-use days, questionnaires of every
    instrument and other substances), so every documented key has a value to show."""
    env = {"KRATOMLOG_DB": str(tmp_path_factory.mktemp("json") / "kratomlog.db"), "KRATOMLOG_NOW": str(NOW)}
    steps = [
        ("demo", "--scenario", "tapering", "--weeks", "8", "--today", "2026-11-27", "--no-show", "--yes"),
        ("--demo", "buy", "Red Borneo", "50g", "--batch", "NH-2605-33", "--price", "20", "--currency", "USD"),
        ("--demo", "withdrawal", "--item", "restless=2"),
        ("--demo", "taper", "hold", "--for", "2d"),
    ]
    for step in steps:
        result = run(*step, env=env)
        assert result.exit_code == 0, (step, result.output)
    return env


def _output(command: str, env: dict, tmp_path: Path):
    args = ARGS.get(command, tuple(command.split()))
    if args is None:  # import: a dry run of this database's own export
        exported = tmp_path / "export.json"
        assert run("--demo", "export", "-o", str(exported), env=env).exit_code == 0
        document = json.loads(exported.read_text())
        bad = dict(document["doses"][0], uuid="00000000-0000-4000-8000-000000000001", grams=-1)
        document["doses"].append(bad)  # one row to skip, so `skipped` has an entry
        exported.write_text(json.dumps(document))
        args = ("import", str(exported), "--dry-run", "--json")
    result = run("--demo", *args, env=env)
    assert result.exit_code == 0, (command, result.output)
    return json.loads(result.stdout)


def _commands() -> list[str]:
    return [c for c in documented() if "--json" in c or c == "export --format json"]


@pytest.mark.parametrize("command", _commands())
def test_the_output_has_exactly_the_keys_the_readme_documents(command, everything_db, tmp_path):
    bullets = documented()
    text = bullets[command]
    real = keys_of(_output(command, everything_db, tmp_path))
    undocumented = real - named_keys(text)
    missing = quoted_keys(text) - real
    assert not undocumented, f"{command}: keys in the output that the README does not name: {sorted(undocumented)}"
    assert not missing, f"{command}: keys the README lists that the output does not have: {sorted(missing)}"


def test_every_command_with_json_has_its_bullet():
    import typer

    from kratomlog.cli.app import build_app

    with_json: list[str] = []

    def walk(cmd, path):
        if getattr(cmd, "commands", None):
            for name, sub in cmd.commands.items():
                if not sub.hidden:
                    walk(sub, [*path, name])
        elif any("--json" in p.opts for p in cmd.params):
            with_json.append(" ".join(path))

    walk(typer.main.get_command(build_app()), [])
    heads = " ".join(documented())
    missing = [c for c in with_json if f"{c} --json" not in heads and not (c == "export" and "export --format" in heads)]
    assert with_json and not missing, f"commands with --json and no bullet in README's {SECTION}: {missing}"


def test_the_reader_finds_the_bullets_and_can_fail():
    bullets = documented()
    assert {"list --json", "week --json", "status --json", "signals --json"} <= set(bullets)
    assert "seven_oh_mg" in named_keys(bullets["list --json"])
    assert keys_of({"a": [{"b": 1, "items": {"restless": 2}, "totals": {"USD": 3}}]}) == {"a", "b", "items", "totals"}
    assert keys_of({"x": 1}) - named_keys('- `x --json` — `{"y"}`') == {"x"}


def test_no_command_assembles_a_json_shape_itself():
    """`print_json` in the CLI prints what a builder returned (a name, a call, or builders' results
    merged with `{**a, **b}` — the `invalid_entries` part), never a dict or list written in the
    command: the shapes are built in `core` (`core/json_shapes.py` and the record types' modules)."""
    import ast

    offenders = []
    for path in (ROOT / "src" / "kratomlog" / "cli").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print_json" and node.args:
                shown = node.args[0]
                merged = isinstance(shown, ast.Dict) and all(key is None for key in shown.keys)  # {**a, **b}
                each = (isinstance(shown, ast.ListComp) and isinstance(shown.elt, ast.Call)
                        and getattr(shown.elt.func, "id", "").endswith("_json"))  # [entry_json(e) for e in …]
                if isinstance(shown, (ast.Dict, ast.List, ast.ListComp, ast.DictComp, ast.Tuple)) and not (merged or each):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, offenders


def test_no_store_or_render_module_builds_a_json_shape():
    """The store returns records and the render layer text; neither has a `*_json` builder or `as_json`."""
    import ast

    offenders = []
    for layer in ("store", "render"):
        for path in (ROOT / "src" / "kratomlog" / layer).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.FunctionDef) and (node.name.endswith("_json") or node.name == "as_json"):
                    offenders.append(f"{layer}/{path.name}: {node.name}")
    assert not offenders, offenders
