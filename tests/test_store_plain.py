"""The store returns plain values and never words what the user reads: no function in `store/`
returns a text that points at a command (`'kratomlog …'`) or a summary line; the wording of
`week`'s signal line and of a missing entry lives in render/core. (Error messages the store raises
are the project's own error types, translated at the CLI edge, and are not return values.)"""

from __future__ import annotations

import ast
from pathlib import Path

import kratomlog.store

STORE = Path(kratomlog.store.__file__).resolve().parent
WORDING = ("'kratomlog ", "— see", "Warning signals:")


def _returned_texts(code: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Return) and node.value is not None:
            pieces = [inner.value for inner in ast.walk(node.value)
                      if isinstance(inner, ast.Constant) and isinstance(inner.value, str)]
            if any(w in piece for piece in pieces for w in WORDING):
                found.append((node.lineno, "".join(pieces)))
    return found


def offenders(sources: dict[str, str]) -> list[str]:
    return [f"{name}:{line}: {text!r}" for name, code in sources.items() for line, text in _returned_texts(code)]


def test_no_store_function_returns_wording():
    sources = {p.name: p.read_text(encoding="utf-8") for p in sorted(STORE.glob("*.py"))}
    assert offenders(sources) == []


def test_the_scan_finds_returned_wording():
    planted = {"s.py": "def summary(x):\n    return f\"Warning signals: {x} — see 'kratomlog signals'\"\n",
               "m.py": "def why(label):\n    return f\"there is no entry {label}; see 'kratomlog list'\"\n"}
    assert [o.split(":")[0] for o in offenders(planted)] == ["s.py", "m.py"]


def test_a_missing_entry_is_worded_by_core_from_the_store_count():
    from helpers import everything, run

    assert run("dose", "2g", "Red Bali").exit_code == 0
    assert run("dose", "3g").exit_code == 0
    assert run("delete", "d1", "--yes").exit_code == 0
    result = run("edit", "d1", "--amount", "1g")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: d1 was deleted; 'kratomlog undo' brings it back"
    assert run("dose", "1g").exit_code == 0
    before = everything()
    result = run("delete", "d1", "--yes")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: d1 was deleted; 'kratomlog undo' brings it back after undoing the "
                                     "1 later change first")
    result = run("delete", "d9", "--yes")
    assert (result.exit_code, result.stderr.strip()) == (2, "error: there is no entry d9; see 'kratomlog list'")
    assert everything() == before
