"""Shell completion through Typer's own --install-completion / --show-completion: commands, options,
and values from the database (strains, entry ids, reasons, substances, config keys) — loaded only
when the shell asks, never by a normal `dose`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import NOW, everything, run

SRC = str(Path(__file__).resolve().parents[1] / "src")
COMPLETION_MODULES = ("kratomlog.cli.completion",)


def complete(words: str, *, shell: str = "bash", env: dict | None = None) -> list[str]:
    """What kratomlog offers for the last word of `words` (a trailing space: a new, empty word)."""
    environment = dict(env or {})
    if shell == "bash":
        environment.update(_KRATOMLOG_COMPLETE="complete_bash", COMP_WORDS=words,
                           COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    else:
        environment.update(_KRATOMLOG_COMPLETE=f"complete_{shell}", _TYPER_COMPLETE_ARGS=words)
        if shell == "fish":
            environment["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    result = run(env=environment)
    assert result.exit_code == 0, result.output
    return result.stdout.split()


@pytest.fixture
def logged():
    assert run("dose", "3g", "Red Bali", "--at", "2h ago", now=NOW).exit_code == 0
    assert run("strain", "add", "Green Maeng Da").exit_code == 0
    assert run("stress", "4", now=NOW).exit_code == 0


def test_commands_and_options():
    assert complete("kratomlog li") == ["list"]
    assert "--reason" in complete("kratomlog dose 3g --re")
    assert "stats" in complete("kratomlog strain st")


def test_strain_names_from_the_database_ignoring_case(logged):
    assert complete("kratomlog dose 3g r") == ["Red", "Bali"]  # bash splits on spaces; 'dose' joins the words again
    assert complete("kratomlog dose 3g red") == ["Red", "Bali"]
    assert complete("kratomlog dose ") == []  # the amount comes first
    assert complete("kratomlog list --strain g") == ["Green", "Maeng", "Da"]
    assert complete("kratomlog strain edit ") == ["Green", "Maeng", "Da", "Red", "Bali"]
    assert complete("kratomlog strain add ") == []  # a new name is not an existing one


def test_entry_ids_reasons_substances_and_config_keys(logged):
    assert complete("kratomlog edit ") == ["s1", "d1"]
    assert complete("kratomlog delete d") == ["d1"]
    assert complete("kratomlog dose 3g --reason s") == ["stress", "sleep", "social"]
    assert complete("kratomlog other ben") == ["benzodiazepine", "benadryl", "benzo", "benzos"]
    assert complete("kratomlog config set ") == ["default_unit", "day_starts_at", "week_starts"]
    assert complete("kratomlog list --kind n") == ["no-use"]


def test_zsh_and_fish(logged):
    assert "stress" in " ".join(complete("kratomlog list --reason s", shell="zsh"))
    assert complete("kratomlog config set w", shell="fish") == ["week_starts"]


def test_no_database_means_no_suggestions_and_nothing_created(tmp_path, db_path):
    assert complete("kratomlog edit ") == []
    assert not db_path.exists()
    assert complete("kratomlog --db /nonexistent/x.db dose 3g ") == []


def test_a_foreign_file_gives_no_suggestions_and_is_untouched(tmp_path, db_path):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"not a database")
    assert complete("kratomlog dose 3g r") == []
    assert db_path.read_bytes() == b"not a database"


def test_show_and_install_completion(tmp_path):
    shown = run("--show-completion", "bash")
    assert shown.exit_code == 0
    assert "_KRATOMLOG_COMPLETE=complete_bash" in shown.stdout
    home = tmp_path / "home"
    home.mkdir()
    installed = run("--install-completion", "bash", env={"HOME": str(home)})
    assert installed.exit_code == 0, installed.output
    assert "kratomlog" in (home / ".bashrc").read_text()


def test_a_normal_dose_does_not_load_the_completion_code(db_path):
    code = (
        "import json, sys\n"
        "sys.argv = ['kratomlog', 'dose', '3g', 'Red']\n"
        "from kratomlog.cli.fast import main  # the entry point\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"names = {COMPLETION_MODULES!r} + ('typer', 'typer.completion', 'shellingham')\n"
        "print(json.dumps([m for m in names if m in sys.modules]))\n"
    )
    env = dict(os.environ, KRATOMLOG_DB=str(db_path), KRATOMLOG_NOW=str(NOW), PYTHONPATH=SRC)
    env.pop("_KRATOMLOG_COMPLETE", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Logged d1" in done.stdout
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
