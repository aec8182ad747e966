"""Hostile input, generated: whatever arguments `dose`, `stress`, `withdrawal`, `edit` and `import`
get — random text, half-valid options, random or mutilated files — kratomlog answers with exit 0
(it was valid) or exit 2 (one `error: …` line) and never a traceback; on exit 2 nothing is written."""

from __future__ import annotations

import copy
import json
import os
import string

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from helpers import NOW, everything, run

pytestmark = pytest.mark.slow  # fuzzing: excluded by `pytest -m "not slow"`

# KRATOMLOG_FUZZ_EXAMPLES=5000 pytest tests/test_robust_fuzz.py --hypothesis-show-statistics: a deeper run.
FUZZ = settings(max_examples=int(os.environ.get("KRATOMLOG_FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(args: list[str], input: str | None = None):
    """Run kratomlog; assert the contract for hostile input; return the result."""
    before = everything()
    result = run(*args, input=input, now=NOW)
    assert result.exit_code in (0, 2), (args, result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output, (args, result.output)
    if currently_in_test_context():
        event(f"exit {result.exit_code}")  # shown by --hypothesis-show-statistics
    if result.exit_code == 2:
        assert everything() == before, (args, result.output)
        # One line, or nothing at all when a bare group was asked for its help.
        assert result.stderr == "" or (result.stderr.startswith("error: ") and result.stderr.count("\n") == 1), (
            args, result.stderr)
    return result


@pytest.fixture
def seeded(db_path):
    """One entry of every kind, so `edit` has something to change: d1, s1, n1, q1, o1."""
    for args in (
        ["dose", "3g", "Red Bali", "--at", "2h ago"], ["stress", "5", "--at", "1h ago"], ["no-use", "--on", "3d ago"],
        ["withdrawal", "--scores", ",".join("1" * 16), "--at", "30m ago"], ["other", "alcohol", "--at", "20m ago"],
    ):
        assert run(*args, now=NOW).exit_code == 0, args


# Text a person might type, text they should not, and the command's own vocabulary.
TEXT = st.text(max_size=24)
PRINTABLE = st.text(alphabet=string.printable, max_size=16)
NUMBERS = st.one_of(
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True).map(str),
)
WHEN = st.sampled_from([
    "now", "21:30", "yesterday 21:30", "mon 08:00", "2026-11-20 08:00", "40m ago", "1h30m ago", "3d ago", "0m ago",
    "99999999d ago", "2026-02-30 08:00", "1999-12-31 23:59", "9999-12-31T23:59:59Z", "24:00", "25:61", "-1h ago",
    "2026-11-27T12:00:00+25:00", "today 00:00", "1e9s ago", "１２:００", "sun 99:99", "",
])
UNITS = st.sampled_from(["g", "mg", "caps", "tsp", "tbsp", "grams", " g", "kg", "G", "µg", "capsules", "%", ""])
AMOUNTS = st.one_of(st.tuples(NUMBERS, UNITS).map("".join), NUMBERS, PRINTABLE, st.sampled_from(["3.5 g", "0g", "1e308g", "nan g", "inf", "-0", "3,5g", "٣g"]))


def words(*vocabulary: str, values: st.SearchStrategy = st.nothing()) -> st.SearchStrategy:
    return st.lists(st.one_of(TEXT, PRINTABLE, NUMBERS, WHEN, AMOUNTS, values, st.sampled_from(vocabulary)), max_size=7)


DOSE_OPTIONS = ("--at", "--reason", "-r", "--note", "--new", "--yes", "-y", "stress", "pain", "Red Bali", "red  bali", "Red Baly", "--help")


@FUZZ
@given(args=words(*DOSE_OPTIONS))
def test_dose(seeded, args):
    check(["dose", *args])


@FUZZ
@given(amount=AMOUNTS, strain=st.one_of(st.none(), TEXT, st.sampled_from(["Red Bali", "red bali", "Gold Caps"])),
       at=WHEN, reason=st.one_of(st.none(), TEXT, st.sampled_from(["stress", "pain", "other"])), note=st.one_of(st.none(), TEXT))
def test_dose_with_well_formed_options(seeded, amount, strain, at, reason, note):
    args = ["dose", amount] + ([strain] if strain is not None else []) + ["--at", at]
    args += ["--reason", reason] if reason is not None else []
    args += ["--note", note] if note is not None else []
    check(args)


@FUZZ
@given(args=words("--craving", "--pain", "--at", "--note", "0", "10", "11", "5.5", "-1", "--help"))
def test_stress(seeded, args):
    check(["stress", *args])


SOWS_KEYS = ("anxious", "yawning", "restless", "craving", "vomit", "Yawning", "yawn")


@FUZZ
@given(
    args=words("--scores", "--item", "--at", "--note", *(f"{k}=2" for k in SOWS_KEYS), "restless=5", "=1", "x=",
               values=st.lists(st.integers(-2, 6).map(str), max_size=18).map(",".join)),
    stdin=st.one_of(st.none(), st.lists(st.one_of(st.sampled_from(["0", "4", "b", "", "5", "x"]), TEXT), max_size=20).map("\n".join)),
)
def test_withdrawal(seeded, args, stdin):
    check(["withdrawal", *args], input=stdin)


EDIT_OPTIONS = (
    "d1", "s1", "n1", "q1", "o1", "d999", "x1", "D1", "d0", "d-1", "--amount", "--strain", "--at", "--reason", "--note",
    "--stress", "--craving", "--pain", "--on", "--substance", "--scores", "--item", "--new", "--yes", "yawning=3", "",
)


@FUZZ
@given(entry=st.one_of(st.sampled_from(["d1", "s1", "n1", "q1", "o1"]), TEXT), args=words(*EDIT_OPTIONS))
def test_edit(seeded, entry, args):
    check(["edit", entry, *args])



# ---- the same commands with well-formed options and values that are often valid ---------------------

SMALL = st.one_of(st.integers(-1, 11).map(str), st.sampled_from(["4.5", "", " 3 ", "x", "٣", "1e1"]))
DAYS = st.sampled_from(["today", "yesterday", "mon", "2026-11-20", "3d ago", "2026-11-27", "2026-12-01", "1999-01-01", "x", ""])
ANSWERS = st.one_of(
    st.lists(st.integers(0, 4), min_size=16, max_size=16).map(lambda xs: ",".join(map(str, xs))),
    st.lists(st.integers(-1, 5), min_size=15, max_size=17).map(lambda xs: ",".join(map(str, xs))),
    st.lists(st.sampled_from(["y", "n", "1", "0", "yes", " n "]), min_size=10, max_size=12).map(",".join),
)
ITEMS = st.tuples(st.sampled_from(SOWS_KEYS), st.integers(-1, 5)).map(lambda kv: f"{kv[0]}={kv[1]}")
VALUES = {
    "--amount": AMOUNTS, "--strain": st.one_of(TEXT, st.sampled_from(["Red Bali", "Green", "red bali", "Red Baly"])),
    "--at": WHEN, "--reason": st.one_of(TEXT, st.sampled_from(["stress", "pain", "sleep"])), "--note": TEXT,
    "--stress": SMALL, "--craving": SMALL, "--pain": SMALL, "--on": DAYS, "--substance": st.one_of(TEXT, st.sampled_from(["alcohol", "gabapentin"])),
    "--scores": ANSWERS, "--item": ITEMS,
}


def options(*names: str, flags: tuple[str, ...] = ()) -> st.SearchStrategy:
    pair = st.sampled_from(names).flatmap(lambda name: VALUES[name].map(lambda value: [name, value]))
    flag = st.sampled_from(flags).map(lambda name: [name]) if flags else st.nothing()
    return st.lists(st.one_of(pair, flag), max_size=4).map(lambda parts: [word for part in parts for word in part])


@FUZZ
@given(args=options("--scores", "--item", "--at", "--note"),
       stdin=st.one_of(st.none(), st.lists(st.sampled_from(["0", "1", "4", "b", "", "5", "x", " 2 "]), max_size=20).map("\n".join)))
def test_withdrawal_with_well_formed_options(seeded, args, stdin):
    check(["withdrawal", *args], input=stdin)


@FUZZ
@given(entry=st.sampled_from(["d1", "s1", "n1", "q1", "o1"]),
       args=options(*VALUES, flags=("--new", "--yes")))
def test_edit_with_well_formed_options(seeded, entry, args):
    check(["edit", entry, *args])


# ---- import: random bytes, random text, and valid files mutilated in one place -----------------------

def containers(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3))


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False), TEXT), containers, max_leaves=6,
)


@pytest.fixture
def document(tmp_path, seeded):
    """A real kratomlog export of the seeded database, parsed."""
    path = tmp_path / "export.json"
    assert run("export", "-o", str(path), now=NOW).exit_code == 0
    return json.loads(path.read_text())


def paths_in(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths_in(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths_in(item, prefix + (index,))


def replaced(document, path, new):
    doc = copy.deepcopy(document)
    if not path:
        return new
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return doc


def import_args(tmp_path, content: bytes, extra: list[str]) -> list[str]:
    path = tmp_path / "fuzzed.input"
    path.write_bytes(content)
    return ["import", str(path), *extra]


IMPORT_EXTRA = st.lists(st.sampled_from(["--dry-run", "--json", "--format", "kratomlog", "herbal-csv", "herbal-json", "--tz", "Europe/Berlin", "Mars/Base"]), max_size=3)


@FUZZ
@given(content=st.one_of(st.binary(max_size=600), TEXT.map(str.encode), st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass"))), extra=IMPORT_EXTRA)
def test_import_random_files(tmp_path, seeded, content, extra):
    check(import_args(tmp_path, content, extra))


@FUZZ
@given(data=st.data(), extra=IMPORT_EXTRA)
def test_import_an_export_changed_in_one_place(tmp_path, document, data, extra):
    where = data.draw(st.sampled_from(list(paths_in(document))))
    new = data.draw(JSON_VALUES)
    check(import_args(tmp_path, json.dumps(replaced(document, where, new)).encode(), extra))


HERBAL_HEADER = "date,time,iso_timestamp,strain_code,strain_name,amount_g,notes"
HERBAL_ROW = "2025-03-01,08:30,2025-03-01T08:30:00.000,RB,Red Bali,3.0,note"
FIELDS = st.one_of(TEXT, PRINTABLE, NUMBERS, st.sampled_from(["2025-03-01", "08:30", "2025-03-01T08:30:00.000Z", "", '"', '""', "\r\n"]))


@FUZZ
@given(rows=st.lists(st.one_of(st.just(HERBAL_ROW), st.lists(FIELDS, min_size=5, max_size=8).map(",".join)), max_size=5),
       bom=st.booleans(), extra=IMPORT_EXTRA)
def test_import_herbal_csv_rows(tmp_path, seeded, rows, bom, extra):
    text = ("\ufeff" if bom else "") + "\r\n".join([HERBAL_HEADER, *rows]) + "\r\n"
    check(import_args(tmp_path, text.encode(), extra))


HERBAL_BACKUP = {
    "version": 1, "strains": [{"id": "s1", "name": "Red Bali", "code": "RB"}],
    "dosages": [{"id": "a1", "strainId": "s1", "amount": 3.0, "timestamp": "2025-03-01T08:30:00.000", "notes": "x"}],
}


@FUZZ
@given(data=st.data(), extra=IMPORT_EXTRA)
def test_import_herbal_backup_changed_in_one_place(tmp_path, seeded, data, extra):
    where = data.draw(st.sampled_from(list(paths_in(HERBAL_BACKUP))))
    new = data.draw(JSON_VALUES)
    check(import_args(tmp_path, json.dumps(replaced(HERBAL_BACKUP, where, new)).encode(), extra))


# ---- every other command, with words from the whole command line's vocabulary ------------------------

COMMAND_WORDS = [
    ["stress"], ["no-use"], ["other"], ["status"], ["list"], ["delete"], ["undo"], ["week"], ["trends"], ["signals"],
    ["insights"], ["info"], ["report"], ["export"], ["where"], ["strain", "add"], ["strain", "list"], ["strain", "edit"],
    ["strain", "archive"], ["strain", "unarchive"], ["check", "dsm"], ["check", "pss"], ["check", "sows"],
    ["check", "history"], ["taper", "start"], ["taper", "status"], ["taper", "hold"], ["taper", "adjust"],
    ["taper", "stop"], ["taper", "history"], ["config", "show"], ["config", "set"],
]  # not demo and wipe: they replace or remove the whole database by design
VOCABULARY = (
    "--all", "--amount", "--at", "--batch", "--capsule-grams", "--compound", "--craving", "--days", "--every", "--floor",
    "--for", "--force", "--form", "--format", "--from", "--include-notes", "--instrument", "--item", "--json", "--kind",
    "--mitragynine", "--name", "--new", "--no-chart", "--note", "--number", "-n", "--of", "--on", "--output", "-o",
    "--pain", "--reason", "--rounding", "--since", "--step", "--strain", "--stress", "--substance", "--until", "--vendor",
    "--weeks", "--yes", "Red Bali", "d1", "s1", "q1", "o1", "n1", "dose", "sows", "dsm5", "pss10", "powder", "capsule",
    "extract", "7-oh", "10%", "0.5g", "7d", "2w", "day_starts_at", "week_starts", "default_unit", "04:00", "sunday",
    "md", "html", "csv", "json", "out.file", "3", "0", "-1", "520", "521",
)


@FUZZ
@given(command=st.sampled_from(COMMAND_WORDS),
       args=st.lists(st.one_of(TEXT, NUMBERS, WHEN, DAYS, st.sampled_from(VOCABULARY)), max_size=6))
def test_any_other_command(seeded, tmp_path, monkeypatch, command, args):
    monkeypatch.chdir(tmp_path)  # `-o out.file` lands in the test's folder
    check([*command, *args])


# ---- found by hand while fuzzing: JSON nested deeper than Python's recursion limit ---------------------

@pytest.mark.parametrize("fmt", [[], ["--format", "kratomlog"], ["--format", "herbal-json"], ["--dry-run"]])
@pytest.mark.parametrize("text", [
    "[" * 20_000,
    "[" * 20_000 + "]" * 20_000,
    '{"format": "kratomlog", "version": 1, "doses": ' + "[" * 20_000,
    '{"dosages": ' + "[" * 20_000 + "]" * 20_000 + "}",
], ids=["open", "balanced", "kratomlog", "herbal"])
def test_deeply_nested_json_is_bad_input_not_a_crash(tmp_path, db_path, text, fmt):
    """It was `error: unexpected problem (RecursionError …)` and exit 1."""
    result = check(import_args(tmp_path, text.encode(), fmt))
    assert result.exit_code == 2 and "nested too deeply" in result.stderr


# ---- found by hand: an endless input (/dev/zero, a pipe) was read until memory ran out -------------------

@pytest.fixture
def two_mb_limit(monkeypatch):
    from kratomlog.cli import data_cmds

    monkeypatch.setattr(data_cmds, "MAX_IMPORT_BYTES", 2 * 1024 * 1024)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_file_is_refused_at_the_size_limit(db_path, two_mb_limit):
    """/dev/zero has size 0 to stat(); it used to be read until MemoryError (exit 1, or the machine swapping)."""
    result = check(["import", "/dev/zero"])
    assert result.exit_code == 2 and "/dev/zero is larger than 2 MB" in result.stderr


def test_too_much_on_standard_input_is_refused_at_the_size_limit(db_path, two_mb_limit):
    result = check(["import", "-"], input="[" + " " * (3 * 1024 * 1024) + "]")
    assert result.exit_code == 2 and "standard input is larger than 2 MB" in result.stderr


# ---- found while fuzzing: KRATOMLOG_NOW=inf, 1e20 or the last day of 9999 was 'unexpected problem', exit 1 ---

@FUZZ
@given(value=st.one_of(TEXT, NUMBERS, st.sampled_from(["inf", "-inf", "1e20", "1e308", "-1", "253402300800", "253402214400", "4102444799", "4102444800", "0x10"]))
       .filter(lambda v: "\x00" not in v))  # an environment variable cannot hold NUL
def test_a_pinned_now_that_is_not_a_time_is_bad_input(db_path, value):
    before = everything()
    result = run("dose", "1g", "Red", env={"KRATOMLOG_NOW": value})
    assert result.exit_code in (0, 2), (value, result.output)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert everything() == before
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr


# ---- found while fuzzing by hand: extreme but well-formed numbers and dates ---------------------------

@pytest.mark.parametrize("args", [
    ["list", "-n", "99999999999999999999"], ["list", "--kind", "stress", "-n", "9223372036854775808"],
    ["check", "history", "-n", "99999999999999999999"],
], ids=" ".join)
def test_a_huge_count_means_all(seeded, args):
    """It was 'the database could not be used: datatype mismatch' (or an OverflowError), exit 1."""
    result = check(args)
    assert result.exit_code == 0 and ("s1" in result.stdout or "q1" in result.stdout)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_demo_today_far_outside_the_dates_kratomlog_takes(db_path, day):
    """It was 'unexpected problem (ValueError: year 0 is out of range)' / OverflowError, exit 1."""
    result = check(["demo", "--today", day, "--no-show"])
    assert result.exit_code == 2 and "2000-01-01 to 2999-12-31" in result.stderr


@settings(FUZZ, max_examples=FUZZ.max_examples // 2)  # each valid one builds a demo database
@given(args=st.lists(st.one_of(
    st.sampled_from(["--scenario", "--weeks", "--seed", "--today", "steady", "escalating", "tapering", "6", "7", "260", "261"]),
    st.tuples(st.just("--today"), st.one_of(DAYS, st.dates().map(str))).map(list),
    st.tuples(st.just("--weeks"), st.one_of(st.integers(-1, 8), NUMBERS).map(str)).map(list),
    st.tuples(st.just("--seed"), NUMBERS).map(list),
    TEXT), max_size=4))
def test_demo_options(db_path, args):
    words = [w for part in args for w in (part if isinstance(part, list) else [part])]
    check(["demo", "--no-show", *words])
