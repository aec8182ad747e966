"""Issue #12 point 4: 7-OH products carry their label 7-OH content (mg per gram, or mg per tablet /
shot), doses by count work (`dose 1tablet`, `dose 2shots`), and each dose stores its estimated 7-OH
mg, shown by the dose line, `list`, `week`, `export` and `--json` (`seven_oh_mg`)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from helpers import NOW, everything, run


def ok(*args: str):
    result = run(*args, now=NOW)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


def tablets():
    ok("strain", "add", "Seven Tabs", "--form", "7-oh", "--unit", "tablet", "--7oh-mg-per-unit", "15",
       "--unit-grams", "0.5")


def listed(n: int = 1) -> list[dict]:
    return json.loads(ok("list", "--json", "-n", str(n)).stdout)


def test_tablets_by_count_store_their_7oh_mg():
    tablets()
    line = ok("dose", "2tablets", "Seven Tabs", "--at", "1h ago").stdout
    assert "2 tablets = 1 g of Seven Tabs" in line and "≈30 mg 7-OH (label content)" in line
    (dose,) = listed()
    assert (dose["amount"], dose["unit"], dose["grams"], dose["seven_oh_mg"]) == (2.0, "tablet", 1.0, 30.0)
    assert "≈30 mg 7-OH" in ok("list").stdout
    strain = json.loads(ok("strain", "list", "--json").stdout)[0]
    assert (strain["unit_name"], strain["seven_oh_mg_per_unit"], strain["unit_grams"]) == ("tablet", 15.0, 0.5)


def test_shots_and_per_gram_content():
    ok("strain", "add", "Night Shot", "--form", "7-oh", "--unit", "shot", "--7oh-mg-per-unit", "20",
       "--unit-grams", "10")
    ok("dose", "2 shots", "Night Shot", "--at", "2h ago")
    ok("strain", "add", "Gold X", "--form", "extract", "--7oh-mg-per-g", "40")
    ok("dose", "0.5g", "Gold X", "--at", "1h ago")
    gold, shot = listed(2)
    assert shot["seven_oh_mg"] == 40.0 and shot["grams"] == 20.0
    assert gold["seven_oh_mg"] == 20.0
    # a product without label content: no estimate, never a made-up default
    ok("strain", "add", "Plain 7", "--form", "7-oh")
    ok("dose", "0.3g", "Plain 7")
    assert listed()[0]["seven_oh_mg"] is None


def test_week_and_export_show_it():
    tablets()
    ok("dose", "1tablet", "Seven Tabs", "--at", "1h ago")
    week = json.loads(ok("week", "--json").stdout)
    assert [d["seven_oh_mg"] for d in week["days"] if d["seven_oh_mg"] is not None] == [15.0]
    assert "7-OH this week (estimated from label content): 15 mg over 1 day" in ok("week", "--no-chart").stdout
    doc = json.loads(ok("export").stdout)
    assert doc["doses"][0]["seven_oh_mg"] == 15.0 and doc["strains"][0]["unit_name"] == "tablet"
    table = list(csv.DictReader(io.StringIO(ok("export", "--format", "csv").stdout)))
    assert table[0]["seven_oh_mg"] == "15.0" and table[0]["unit"] == "tablet"


def test_export_import_round_trip_keeps_7oh(tmp_path):
    tablets()
    ok("dose", "3tablets", "Seven Tabs", "--at", "1h ago")
    source = tmp_path / "mine.json"
    ok("export", "-o", str(source))
    other = tmp_path / "other.db"
    assert run("--db", str(other), "import", str(source), now=NOW).exit_code == 0
    again = json.loads(run("--db", str(other), "list", "--json", now=NOW).stdout)
    assert again[0]["seven_oh_mg"] == 45.0 and again[0]["unit"] == "tablet"


def test_editing_the_amount_keeps_the_label_content_it_was_logged_with():
    tablets()
    ok("dose", "2tablets", "Seven Tabs", "--at", "1h ago")
    ok("strain", "edit", "Seven Tabs", "--7oh-mg-per-unit", "25")  # a new batch: later doses only
    ok("edit", "d1", "--amount", "4tablets")
    assert (listed()[0]["grams"], listed()[0]["seven_oh_mg"]) == (2.0, 60.0)


@pytest.mark.parametrize(("args", "message"), [
    (("dose", "1tablet", "Red"), "'Red' is not sold in counted units, so 1tablet cannot be weighed"),
    (("dose", "1shot", "Seven Tabs"), "'Seven Tabs' is sold by the tablet, so 1shot cannot be weighed"),
    (("strain", "add", "Leafy", "--7oh-mg-per-g", "5"), "7-OH label content is for 7-OH products and extracts"),
    (("strain", "add", "X", "--form", "7-oh", "--7oh-mg-per-unit", "15"), "--7oh-mg-per-unit needs --unit"),
    (("strain", "add", "X", "--form", "7-oh", "--unit", "gummy"), "--unit takes tablet or shot; got 'gummy'"),
    (("strain", "add", "X", "--form", "7-oh", "--7oh-mg-per-g", "0"), "--7oh-mg-per-g takes a number above 0"),
    (("strain", "edit", "Seven Tabs", "--form", "powder"), "7-OH label content is for 7-OH products and extracts"),
])
def test_bad_7oh_input_is_refused_and_nothing_written(args, message):
    tablets()
    ok("dose", "2g", "Red", "--at", "3h ago")
    before = everything()
    result = run(*args, now=NOW)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines
    assert everything() == before


def test_a_tablet_product_without_its_weight_says_how_to_set_it():
    ok("strain", "add", "Tabs", "--form", "7-oh", "--unit", "tablet", "--7oh-mg-per-unit", "10")
    before = everything()
    result = run("dose", "1tablet", "Tabs", now=NOW)
    assert result.exit_code == 2 and "has no weight per tablet yet" in result.stderr
    assert "--unit-grams" in result.stderr and everything() == before


def test_a_batchs_own_7oh_label_is_used_by_its_doses_estimate():
    """#18 left this open: a batch's label 7-OH content (per unit or per gram) overrides the
    strain's for the doses from that batch — logged with `batch use`, `--batch`, `again`, or moved
    to the batch by `edit --batch`; a batch without a 7-OH label keeps the strain's."""
    tablets()  # the strain's label: 15 mg a tablet
    ok("batch", "add", "Seven Tabs", "T-20", "--7oh-mg-per-unit", "20")
    ok("batch", "add", "Seven Tabs", "T-PLAIN")
    ok("batch", "use", "Seven Tabs", "T-20")
    ok("dose", "2tablets", "Seven Tabs", "--at", "5h ago")
    assert listed()[0]["seven_oh_mg"] == 40.0  # 2 × 20 mg (not 2 × 15)
    ok("dose", "1tablet", "Seven Tabs", "--batch", "T-PLAIN", "--at", "4h ago")
    assert listed()[0]["seven_oh_mg"] == 15.0  # no label of its own: the strain's
    ok("again", "--at", "3h ago")  # repeats amount and strain, from the batch in use
    assert listed()[0]["seven_oh_mg"] == 20.0
    ok("edit", "d3", "--batch", "T-PLAIN")
    assert listed()[0]["seven_oh_mg"] == 15.0  # moved to the batch without a label: the strain's
    ok("edit", "d3", "--batch", "T-20")
    assert listed()[0]["seven_oh_mg"] == 20.0  # and back to the labelled one
    ok("strain", "add", "Gold X", "--form", "extract", "--7oh-mg-per-g", "40")
    ok("batch", "add", "Gold X", "G-1", "--7oh-mg-per-g", "60")
    ok("dose", "0.5g", "Gold X", "--batch", "G-1", "--at", "1h ago")
    assert listed()[0]["seven_oh_mg"] == 30.0  # 0.5 g × 60 mg/g
