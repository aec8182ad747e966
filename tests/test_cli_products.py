"""Batches, lab certificates, purchases, stock and spend through the command line: each point of
issue 18, the bad-input paths (one line, exit 2, nothing written) included."""

from __future__ import annotations

import hashlib
import json

import pytest

from helpers import NOW, everything, rows, run
from kratomlog.store.schema import Dose as DoseRow

BATCH_ID = list(DoseRow.__table__.columns.keys()).index("batch_id")  # its place in a raw `dose` row

DAY = 86400


def ok(*args, now=NOW, input=None):
    result = run(*args, now=now, input=input)
    assert result.exit_code == 0, result.output
    return result


def refused(*args, message: str, now=NOW):
    before = everything()
    result = run(*args, now=now)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert everything() == before
    return result


def js(*args, now=NOW):
    return json.loads(ok(*args, "--json", now=now).stdout)


@pytest.fixture
def strain():
    ok("strain", "add", "Red Bali", "--mitragynine", "1.6", "--capsule-grams", "0.5")
    ok("strain", "add", "Green Malay")
    return "Red Bali"


# ------------------------------------------------------------ batches


def test_batch_add_list_and_status_not_tested(strain):
    out = ok("batch", "add", "Red Bali", "RB-0425", "--bought", "2026-11-20", "--vendor", "Leaf & Co",
             "--mitragynine", "1.2", "--note", "new bag").stdout
    assert out.startswith("Added b1: batch RB-0425 of Red Bali (label 1.2% mitragynine)")
    (row,) = js("batch", "list", "Red Bali")
    assert row == {"id": "b1", "strain": "Red Bali", "code": "RB-0425", "bought_on": "2026-11-20",
                   "vendor": "Leaf & Co", "mitragynine_pct": 1.2, "seven_oh_mg_per_g": None,
                   "seven_oh_mg_per_unit": None, "in_use": False, "note": "new bag", "doses": 0,
                   "certificates": 0, "status": "not tested"}
    assert js("batch", "list", "Green Malay") == []
    assert "not tested" in ok("batch", "list").stdout


@pytest.mark.parametrize("args,message", [
    (("batch", "add", "Nope", "X1"), "no strain named 'Nope'"),
    (("batch", "add", "Red Bali", "  "), "a batch code cannot be empty"),
    (("batch", "add", "Red Bali", "X" * 41), "at most 40 characters"),
    (("batch", "add", "Red Bali", "X1", "--mitragynine", "0"), "--mitragynine is a percentage"),
    (("batch", "add", "Red Bali", "X1", "--mitragynine", "nan"), "--mitragynine is a percentage"),
    (("batch", "add", "Red Bali", "X1", "--7oh-mg-per-g", "5", "--7oh-mg-per-unit", "5"), "not both"),
    (("batch", "add", "Red Bali", "X1", "--7oh-mg-per-g", "-1"), "--7oh-mg-per-g takes milligrams above 0"),
    (("batch", "add", "Red Bali", "X1", "--bought", "2026-12-01"), "has not started yet"),
])
def test_batch_add_refuses_bad_input(strain, args, message):
    refused(*args, message=message)


def test_batch_codes_are_unique_per_strain_ignoring_case_and_spacing(strain):
    ok("batch", "add", "Red Bali", "RB 0425")
    refused("batch", "add", "Red Bali", "rb0425", message="already has a batch 'RB 0425'")
    ok("batch", "add", "Green Malay", "RB0425")  # another strain may use the same code


def test_batch_use_and_doses_record_their_batch_with_its_potency(strain):
    ok("batch", "add", "Red Bali", "RB-1", "--mitragynine", "2")
    ok("batch", "add", "Red Bali", "RB-2")
    assert ok("batch", "use", "Red Bali", "rb-1").stdout.strip() == "New doses of Red Bali now come from batch RB-1"
    line = ok("dose", "3g", "Red Bali").stdout
    assert "3 g of Red Bali (batch RB-1)" in line and "≈60 mg mitragynine (label 2%)" in line  # the batch's 2%
    line = ok("dose", "2g", "Red Bali", "--batch", "RB-2").stdout
    assert "(batch RB-2)" in line and "≈32 mg mitragynine (label 1.6%)" in line  # RB-2 has none: the strain's
    assert [r[BATCH_ID] for r in rows("dose")] == [1, 2]
    assert ok("batch", "use", "Red Bali", "RB-2").stdout.strip() == \
        "New doses of Red Bali now come from batch RB-2 (was RB-1)"
    assert [b["in_use"] for b in js("batch", "list")] == [False, True]
    assert "already" in ok("batch", "use", "Red Bali", "RB-2").stdout
    doses = js("list", "--kind", "dose")
    assert [d["batch"] for d in doses] == ["RB-2", "RB-1"]


def test_a_batch_code_of_another_strain_is_refused_and_nothing_is_written(strain):
    ok("batch", "add", "Green Malay", "GM-1")
    refused("dose", "3g", "Red Bali", "--batch", "GM-1", message="batch 'GM-1' belongs to 'Green Malay', not 'Red Bali'")
    refused("batch", "use", "Red Bali", "GM-1", message="belongs to 'Green Malay'")
    refused("dose", "3g", "Red Bali", "--batch", "ZZ", message="'Red Bali' has no batch 'ZZ'")
    refused("buy", "Red Bali", "50g", "--batch", "GM-1", message="belongs to 'Green Malay'")
    refused("coa", "add", "Red Bali", "GM-1", "--lab", "L", "--tested", "today", message="belongs to 'Green Malay'")


def test_the_new_batch_note_shows_once_for_a_known_strain(strain):
    note = "potency can differ between batches — consider starting lower (heuristic: products have measured 13.9–270 mg/g mitragynine, PMC9343938)"
    ok("batch", "add", "Red Bali", "RB-1")
    ok("batch", "use", "Red Bali", "RB-1")
    assert note not in ok("dose", "2g", "Red Bali", now=NOW - 2 * DAY).stdout  # the strain's first dose ever
    ok("batch", "add", "Red Bali", "RB-2")
    ok("batch", "use", "Red Bali", "RB-2")
    assert note in ok("dose", "2g", "Red Bali", now=NOW - DAY).stdout  # first from a new batch of a known strain
    assert note not in ok("dose", "2g", "Red Bali").stdout  # once


# ------------------------------------------------------------ certificates


def daily_doses(grams: str, days: int = 14):
    for k in range(1, days + 1):
        ok("dose", grams, "Red Bali", now=NOW - k * DAY)


def test_coa_add_keeps_only_the_files_name_and_sha256(strain, tmp_path):
    ok("batch", "add", "Red Bali", "RB-1")
    pdf = tmp_path / "coa-rb1.pdf"
    pdf.write_bytes(b"%PDF-1.4 secret lab content")
    out = ok("coa", "add", "Red Bali", "RB-1", "--lab", "Acme Labs", "--tested", "2026-11-02", "--lead", "0.1",
             "--salmonella", "pass", "--file", str(pdf)).stdout
    assert out.startswith("Added c1: independent lab certificate from Acme Labs (2026-11-02) for batch RB-1 of Red Bali")
    (cert,) = rows("certificate")
    assert "coa-rb1.pdf" in cert and hashlib.sha256(pdf.read_bytes()).hexdigest() in cert
    assert not any(isinstance(v, (str, bytes)) and "secret" in str(v) for v in cert)
    assert str(tmp_path) not in str(cert)


def test_coa_show_keeps_independent_tests_and_vendor_claims_apart(strain):
    ok("batch", "add", "Red Bali", "RB-1")
    ok("coa", "add", "Red Bali", "RB-1", "--lab", "Acme", "--tested", "2026-11-02", "--e-coli", "pass")
    ok("coa", "add", "Red Bali", "RB-1", "--lab", "Vendor Co", "--tested", "2026-11-01", "--vendor-claim",
       "--yeast-mould", "fail")
    shown = js("coa", "show", "Red Bali", "RB-1")
    assert [c["lab"] for c in shown["independent"]] == ["Acme"]
    assert [c["lab"] for c in shown["vendor_claims"]] == ["Vendor Co"]
    assert shown["status"] == "fails a check"
    (fail,) = [f for f in shown["vendor_claims"][0]["findings"] if f["status"] == "fail"]
    assert fail["check"] == "yeast_mould" and fail["basis"] == "evidence"
    text = ok("coa", "show", "Red Bali", "RB-1").stdout
    assert "Independent lab tests" in text and "Vendor's own claims" in text
    assert text.index("Independent lab tests") < text.index("Vendor's own claims")


def test_a_batch_without_certificate_is_not_tested_not_safe(strain):
    ok("batch", "add", "Red Bali", "RB-1")
    assert js("coa", "show", "Red Bali", "RB-1")["status"] == "not tested"
    assert "No certificate: not tested (no certificate) — which is not the same as safe." in \
        ok("coa", "show", "Red Bali", "RB-1").stdout


def test_intake_at_the_persons_own_14_day_mean_with_the_exact_wording(strain):
    ok("batch", "add", "Red Bali", "RB-1")
    ok("batch", "use", "Red Bali", "RB-1")
    daily_doses("9.2g")
    out = ok("coa", "add", "Red Bali", "RB-1", "--lab", "Acme", "--tested", "2026-11-20", "--lead", "0.8").stdout
    assert ("fails: lead 0.8 ppm: at your average 9.2 g a day, lead from this batch is about 7.4 µg a day, "
            "above the 5 µg limit") in out
    signal = {s["id"]: s for s in js("signals")}["contaminant"]
    assert signal["status"] == "active" and signal["level"] == "warning" and signal["basis"] == "evidence"
    assert "about 7.4 µg a day, above the 5 µg limit" in signal["message"]


def test_contaminant_just_below_and_above_the_lead_limit(strain):
    ok("batch", "add", "Red Bali", "RB-1")
    ok("batch", "use", "Red Bali", "RB-1")
    daily_doses("10g")  # 10 g a day: 0.5 ppm is exactly 5 µg
    ok("coa", "add", "Red Bali", "RB-1", "--lab", "Acme", "--tested", "2026-11-20", "--lead", "0.499")
    assert {s["id"]: s for s in js("signals")}["contaminant"]["status"] == "clear"
    ok("edit", "c1", "--set", "lead=0.501")
    signal = {s["id"]: s for s in js("signals")}["contaminant"]
    assert signal["status"] == "active" and "about 5.01 µg a day, above the 5 µg limit" in signal["message"]


@pytest.mark.parametrize("extra,message", [
    (("--tested", "2026-11-28"), "--tested: 2026-11-28 has not started yet"),
    (("--tested", "today", "--lead", "-0.1"), "--lead takes parts per million (µg/g) from 0 to 1000"),
    (("--tested", "today", "--cadmium", "1000.1"), "--cadmium takes parts per million"),
    (("--tested", "today", "--mercury", "inf"), "--mercury takes parts per million"),
    (("--tested", "today", "--salmonella", "maybe"), "--salmonella takes pass or fail"),
    (("--tested", "today", "--independent", "--vendor-claim"), "not both"),
    (("--tested", "today", "--7oh-pct", "101"), "--7oh-pct takes a percentage from 0 to 100"),
    (("--tested", "today", "--file", "/nonexistent/coa.pdf"), "no such file"),
    (("--tested", "today", "--file", "/tmp"), "is not a regular file"),
])
def test_coa_add_refuses_bad_input_writing_nothing(strain, extra, message):
    ok("batch", "add", "Red Bali", "RB-1")
    refused("coa", "add", "Red Bali", "RB-1", "--lab", "Acme", *extra, message=message)


# ------------------------------------------------------------ purchases, stock, spend


def test_buy_records_a_purchase_listed_as_p_id(strain):
    out = ok("buy", "Red Bali", "250g", "--price", "24.99", "--currency", "usd", "--on", "2026-11-25").stdout
    assert out.strip() == "Recorded p1: bought 250 g of Red Bali on Wed 2026-11-25 · 24.99 USD"
    (entry,) = js("list", "--kind", "purchase")
    assert {k: entry[k] for k in ("id", "kind", "amount", "unit", "grams", "strain", "price", "currency")} == {
        "id": "p1", "kind": "purchase", "amount": 250.0, "unit": "g", "grams": 250.0, "strain": "Red Bali",
        "price": 24.99, "currency": "USD"}
    assert "p1" in ok("list").stdout


def test_buy_amount_units(strain):
    ok("buy", "Red Bali", "0.5kg")
    ok("buy", "Red Bali", "2oz")
    ok("buy", "Red Bali", "100caps")  # Red Bali has 0.5 g capsules
    assert [r[7] for r in rows("purchase")] == [500.0, pytest.approx(56.69904625), 50.0]
    refused("buy", "Green Malay", "30tablets", message="'Green Malay' is not sold in counted units, so 30tablet cannot be weighed")
    refused("buy", "Red Bali", "30tablets", message="'Red Bali' is not sold in counted units")  # capsules are not tablets


def test_buy_tablets_and_shots_by_the_products_own_unit_weight(strain):
    ok("strain", "add", "Seven Tabs", "--form", "7-oh", "--unit", "tablet", "--7oh-mg-per-unit", "15",
       "--unit-grams", "0.25", "--capsule-grams", "0.9")
    ok("strain", "add", "Night Shot", "--form", "7-oh", "--unit", "shot", "--unit-grams", "10")
    out = ok("buy", "Seven Tabs", "30tablets").stdout
    assert "bought 30 tablets = 7.5 g of Seven Tabs" in out
    ok("buy", "Night Shot", "6 shots")
    assert [r[7] for r in rows("purchase")] == [7.5, 60.0]  # 30 × 0.25 g (not the 0.9 g capsule), 6 × 10 g
    refused("buy", "Seven Tabs", "4shots", message="'Seven Tabs' is sold by the tablet, so 4shot cannot be weighed")
    stock = {r["strain"]: r for r in js("stock")}
    assert stock["Seven Tabs"]["bought_g"] == 7.5 and stock["Night Shot"]["bought_g"] == 60.0
    # editing the amount weighs it the same way
    ok("edit", "p1", "--amount", "10tablets")
    assert rows("purchase")[0][7] == 2.5
    refused("edit", "p1", "--amount", "2shots", message="sold by the tablet")


def test_buy_currency_defaults_to_the_last_one_and_is_needed_the_first_time(strain):
    refused("buy", "Red Bali", "50g", "--price", "10", message="--price needs --currency the first time")
    ok("buy", "Red Bali", "50g", "--price", "10", "--currency", "EUR")
    assert "12.00 EUR" in ok("buy", "Red Bali", "50g", "--price", "12").stdout
    refused("buy", "Red Bali", "50g", "--currency", "EUR", message="--currency needs --price")


@pytest.mark.parametrize("args,message", [
    (("--price", "-1", "--currency", "USD"), "--price takes an amount of money"),
    (("--price", "nan", "--currency", "USD"), "--price takes an amount of money"),
    (("--price", "inf", "--currency", "USD"), "--price takes an amount of money"),
    (("--price", "1e999", "--currency", "USD"), "--price takes an amount of money"),
    (("--price", "5", "--currency", "US"), "--currency takes a three-letter code"),
    (("--price", "5", "--currency", "EURO"), "--currency takes a three-letter code"),
    (("--price", "5", "--currency", "€€€"), "--currency takes a three-letter code"),
    (("--on", "2026-11-30"), "has not started yet"),
])
def test_buy_refuses_bad_money_and_dates(strain, args, message):
    refused("buy", "Red Bali", "50g", *args, message=message)


@pytest.mark.parametrize("amount,message", [("50", "needs a unit"), ("g5", "cannot read"), ("5lb", "unknown unit"),
                                            ("0kg", "must be more than 0")])
def test_buy_refuses_bad_amounts(strain, amount, message):
    refused("buy", "Red Bali", amount, message=message)


def test_buy_with_a_new_batch_code_adds_the_batch(strain):
    out = ok("buy", "Red Bali", "100g", "--batch", "RB-9", "--on", "2026-11-20").stdout
    assert "New batch RB-9 of Red Bali added (b1)" in out
    assert js("batch", "list")[0]["bought_on"] == "2026-11-20"


def test_stock_across_batches_and_days_left_at_the_14_day_average(strain):
    ok("buy", "Red Bali", "100g", "--batch", "RB-1", "--on", "2026-11-10")
    ok("buy", "Red Bali", "50g", "--batch", "RB-2", "--on", "2026-11-20")
    for k in range(1, 8):  # 2026-11-26 … 2026-11-20: 7 × 4 g from RB-2
        ok("dose", "4g", "Red Bali", "--batch", "RB-2", now=NOW - k * DAY)
    for k in range(8, 15):  # 2026-11-19 … 2026-11-13: 7 × 2 g from RB-1
        ok("dose", "2g", "Red Bali", "--batch", "RB-1", now=NOW - k * DAY)
    found = {r["batch"]: r for r in js("stock")}
    assert found["RB-1"] == {"strain": "Red Bali", "batch": "RB-1", "bought_g": 100.0, "used_g": 14.0, "left_g": 86.0,
                             "days_left": 86, "per_day_g": 1.0, "used_more_than_bought": False}
    assert found["RB-2"]["used_g"] == 28.0 and found["RB-2"]["left_g"] == 22.0
    assert found["RB-2"]["days_left"] == 11  # 22 g at 28/14 = 2 g a day


def test_stock_says_used_more_than_bought(strain):
    ok("buy", "Red Bali", "5g", "--on", "2026-11-20")
    ok("dose", "4g", "Red Bali", now=NOW - 2 * DAY)
    ok("dose", "4g", "Red Bali", now=NOW - DAY)
    (row,) = js("stock")
    assert row["used_more_than_bought"] is True and row["left_g"] == -3.0 and row["days_left"] is None
    assert "Red Bali (any batch): used more than bought, by 3 g" in ok("stock").stdout


def test_spend_totals_per_currency_never_mixed(strain):
    ok("buy", "Red Bali", "250g", "--price", "25", "--currency", "USD", "--on", "2026-11-24")
    ok("buy", "Green Malay", "100g", "--price", "10", "--currency", "EUR", "--on", "2026-11-25")
    ok("buy", "Red Bali", "100g", "--price", "5", "--currency", "USD", "--on", "2026-11-10")
    report = js("spend", "--weeks", "4")
    assert report["totals"] == {"EUR": 10.0, "USD": 30.0}
    assert report["weeks"][-1] == {"period": "2026-11-23", "first": "2026-11-23", "last": "2026-11-29",
                                   "totals": {"EUR": 10.0, "USD": 25.0}}
    red = next(s for s in report["strains"] if s["strain"] == "Red Bali")
    # --json numbers are rounded half up to 2 decimals (the README's rule)
    assert red["cost_per_g"] == 0.09 and red["cost_per_g_mitragynine"] == 5.36  # 30 / (350 g × 1.6%)
    text = ok("spend", "--weeks", "4").stdout
    assert "Total: 10.00 EUR · 30.00 USD" in text
    refused("spend", "--weeks", "0", message="--weeks takes a whole number from 1 to 520")


# ------------------------------------------------------------ edit, delete, undo


def test_edit_delete_and_undo_a_purchase(strain):
    ok("buy", "Red Bali", "250g", "--price", "25", "--currency", "USD")
    assert ok("edit", "p1", "--price", "30", "--amount", "0.5kg").stdout.strip() == \
        "Updated p1: bought 0.5 kg = 500 g of Red Bali · 30.00 USD"
    ok("undo")
    assert js("list", "--kind", "purchase")[0]["price"] == 25.0
    before = rows("purchase")
    ok("delete", "p1", "--yes")
    assert rows("purchase") == []
    ok("undo")
    assert rows("purchase") == before
    refused("edit", "p1", "--price", "-3", message="--price takes an amount of money")
    refused("edit", "p1", "--stress", "3", message="--stress does not apply to p1")
    refused("edit", "p9", "--price", "3", message="there is no entry p9")


def test_edit_and_delete_batches_and_certificates(strain):
    ok("batch", "add", "Red Bali", "RB-1")
    ok("coa", "add", "Red Bali", "RB-1", "--lab", "Acme", "--tested", "2026-11-02")
    ok("edit", "b1", "--set", "mitragynine=1.9", "--set", "code=RB-01")
    assert js("batch", "list")[0]["mitragynine_pct"] == 1.9 and js("batch", "list")[0]["code"] == "RB-01"
    ok("edit", "c1", "--set", "lead=2", "--set", "salmonella=fail", "--set", "source=vendor-claim")
    shown = js("coa", "show", "Red Bali", "RB-01")
    assert shown["vendor_claims"][0]["lead"] == 2.0 and shown["vendor_claims"][0]["salmonella"] == "fail"
    refused("edit", "c1", "--set", "lead=2000", message="--lead takes parts per million")
    refused("edit", "c1", "--set", "tested=2026-12-25", message="has not started yet")
    refused("edit", "c1", "--set", "colour=red", message="KEY one of lab, tested, source")
    refused("edit", "b1", "--set", "lab=x", message="KEY one of code, bought")
    refused("delete", "b1", "--yes", message="b1 is still used by 1 certificate")
    before = everything()
    asked = run("delete", "b1", input="y\n", now=NOW)  # refused before the question, not after a yes
    assert asked.exit_code == 2 and "Delete b1" not in asked.output and "still used by 1 certificate" in asked.stderr
    assert everything() == before
    ok("delete", "c1", "--yes")
    ok("delete", "b1", "--yes")
    assert rows("batch") == [] and rows("certificate") == []
    ok("undo")
    ok("undo")
    assert len(rows("batch")) == 1 and len(rows("certificate")) == 1


# ------------------------------------------------------------ export and import


def test_export_import_round_trip_is_lossless(strain, tmp_path):
    ok("batch", "add", "Red Bali", "RB-1", "--mitragynine", "1.4")
    ok("batch", "use", "Red Bali", "RB-1")
    ok("dose", "3g", "Red Bali", now=NOW - DAY)
    ok("coa", "add", "Red Bali", "RB-1", "--lab", "Acme", "--tested", "2026-11-02", "--lead", "0.3",
       "--salmonella", "pass", "--vendor-claim")
    ok("buy", "Red Bali", "100caps", "--batch", "RB-1", "--price", "19.5", "--currency", "GBP")
    first = tmp_path / "a.json"
    ok("export", "-o", str(first))
    doc = json.loads(first.read_text())
    assert doc["version"] == 2 and len(doc["batches"]) == len(doc["certificates"]) == len(doc["purchases"]) == 1
    assert doc["doses"][0]["batch"] == "RB-1"
    other = tmp_path / "b.db"
    ok("--db", str(other), "import", str(first))
    second = tmp_path / "b.json"
    ok("--db", str(other), "export", "-o", str(second))
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    a.pop("exported_at"), b.pop("exported_at")
    assert a == b
    again = json.loads(ok("--db", str(other), "import", str(first), "--json").stdout)
    assert again["added"]["purchases"] == again["added"]["batches"] == again["added"]["certificates"] == 0
    assert again["already_present"]["batches"] == 1


def test_a_version_1_document_still_imports(tmp_path):
    doc = {"format": "kratomlog", "version": 1, "strains": [
        {"uuid": "s-1", "name": "Old", "vendor": None, "batch": None, "form": "powder", "mitragynine_pct": None,
         "capsule_grams": None, "lab_tested": False, "note": None, "archived": False,
         "created_at": "2026-11-01T08:00:00+00:00"}],
        "doses": [{"uuid": "d-1", "at": "2026-11-02T08:00:00+00:00", "amount": 2, "unit": "g", "grams": 2,
                   "strain": "Old", "mitragynine_pct": 1.5, "mitragynine_mg": 30, "mitragynine_estimated": True,
                   "reasons": [], "note": None, "source_id": None, "created_at": "2026-11-02T08:00:00+00:00"}]}
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(doc))
    report = json.loads(ok("import", str(path), "--json").stdout)
    assert report["added"]["doses"] == 1 and report["skipped"] == []
    assert rows("dose")[0][BATCH_ID] is None  # no batch


def test_import_skips_a_dose_whose_batch_is_nowhere(tmp_path, strain):
    ok("dose", "3g", "Red Bali", now=NOW - DAY)
    path = tmp_path / "a.json"
    ok("export", "-o", str(path))
    doc = json.loads(path.read_text())
    doc["doses"][0].update(uuid="new", batch="GHOST")
    doc["purchases"] = [{"uuid": "p-x", "at": "2026-11-02T08:00:00+00:00", "strain": "Red Bali", "batch": None,
                         "amount": 5, "unit": "g", "grams": 5, "price": 3, "currency": None, "vendor": None,
                         "note": None, "created_at": "2026-11-02T08:00:00+00:00"}]
    path.write_text(json.dumps(doc))
    report = json.loads(ok("import", str(path), "--json").stdout)
    reasons = [s["reason"] for s in report["skipped"]]
    assert "its batch 'GHOST' of 'Red Bali' is not among the file's batches" in reasons
    assert "a price needs its currency, and a currency its price" in reasons


def test_import_skips_and_counts_a_certificate_dated_in_the_future(tmp_path, strain):
    ok("batch", "add", "Red Bali", "RB-1")
    ok("coa", "add", "Red Bali", "RB-1", "--lab", "Acme", "--tested", "2026-11-02", "--lead", "0.3")
    path = tmp_path / "a.json"
    ok("export", "-o", str(path))
    doc = json.loads(path.read_text())
    (cert,) = doc["certificates"]
    doc["certificates"] = [{**cert, "uuid": "c-today", "tested_on": "2026-11-27"},  # NOW's day: accepted
                           {**cert, "uuid": "c-tomorrow", "tested_on": "2026-11-28"}]
    path.write_text(json.dumps(doc))
    other = tmp_path / "b.db"
    reason = "tested_on 2026-11-28 is in the future; a certificate is dated on or before today"
    dry = json.loads(ok("--db", str(other), "import", str(path), "--dry-run", "--json").stdout)
    assert dry["skipped"] == [{"row": "certificate 2", "reason": reason}] and dry["added"]["certificates"] == 1
    shown = ok("--db", str(other), "import", str(path)).stdout
    assert f"Skipped 1 row:\n  certificate 2: {reason}\n" in shown
    assert [r[4] for r in rows("certificate", other)] == ["2026-11-27"]
    # the day after, the same certificate is no longer in the future and imports
    later = json.loads(ok("--db", str(other), "import", str(path), "--json", now=NOW + DAY).stdout)
    assert later["added"]["certificates"] == 1 and later["skipped"] == []


def test_product_rows_read_back_identically_whichever_road_wrote_them(tmp_path):
    from kratomlog.store.changes import SQL_ROWS
    from kratomlog.store.database import open_database
    from kratomlog.store.model_rows import MODEL_ROWS

    sample = {
        "strain": [{"id": 1, "uuid": "s", "name": "R", "name_key": "r", "form": "powder", "created_at": NOW}],
        "batch": [{"id": 1, "uuid": "b", "strain_id": 1, "code": "B 1", "code_key": "b1", "bought_on": "2026-11-20",
                   "vendor": "V", "mitragynine_pct": 1.2, "seven_oh_mg_per_g": 0.5, "seven_oh_mg_per_unit": None,
                   "in_use": 1, "note": "n", "created_at": NOW}],
        "dose": [{"id": 1, "uuid": "d", "at": NOW, "amount": 2.0, "unit": "g", "grams": 2.0, "strain_id": 1,
                  "batch_id": 1, "created_at": NOW}],
        "certificate": [{"id": 1, "uuid": "c", "batch_id": 1, "lab": "L", "tested_on": "2026-11-02",
                         "source": "vendor-claim", "mitragynine_pct": 1.1, "seven_oh_pct": 0.02, "lead": 0.4,
                         "arsenic": 0.1, "cadmium": 0.2, "mercury": 0.05, "salmonella": "pass", "e_coli": "fail",
                         "yeast_mould": None, "file_name": "f.pdf", "file_sha256": "0" * 64, "note": None,
                         "created_at": NOW}],
        "purchase": [{"id": 1, "uuid": "p", "at": NOW, "strain_id": 1, "batch_id": 1, "amount": 1.0, "unit": "kg",
                      "grams": 1000.0, "price": 24.99, "currency": "USD", "vendor": "V", "note": None,
                      "created_at": NOW}],
    }
    dbs = open_database(tmp_path / "sql.db"), open_database(tmp_path / "models.db")
    for db, road in zip(dbs, (SQL_ROWS, MODEL_ROWS)):
        with db.write() as conn:
            for table, table_rows in sample.items():
                for row in table_rows:
                    road.insert(conn, table, row)
    assert everything(dbs[0].path) == everything(dbs[1].path)
    for table in sample:
        assert MODEL_ROWS.select(dbs[0].conn, table, "id", 1) == SQL_ROWS.select(dbs[1].conn, table, "id", 1)
    for db in dbs:
        db.close()


def test_week_and_trends_gain_a_spend_line_only_when_purchases_exist(strain):
    ok("dose", "3g", "Red Bali", now=NOW - DAY)
    assert js("week")["spend"] is None and js("trends")["spend"] is None
    assert "Spent" not in ok("week", "--no-chart").stdout
    ok("buy", "Red Bali", "100g", "--price", "10", "--currency", "USD", "--on", "2026-11-24")
    ok("buy", "Red Bali", "100g", "--price", "8", "--currency", "EUR", "--on", "2026-11-17")
    assert js("week")["spend"] == {"week": {"USD": 10.0}, "previous": {"EUR": 8.0}}
    weeks = js("trends", "--weeks", "2")["spend"]
    assert weeks == [{"start": "2026-11-16", "totals": {"EUR": 8.0}}, {"start": "2026-11-23", "totals": {"USD": 10.0}}]
    assert "Spent: 10.00 USD this week · 8.00 EUR the week before (per currency, never mixed)" in \
        " ".join(ok("week", "--no-chart").stdout.split())
    text = " ".join(ok("trends", "--weeks", "2", "--no-chart").stdout.split())
    assert "Spent over these 2 weeks: 8.00 EUR · 10.00 USD; this week: 10.00 USD" in text


def test_report_product_section_shows_batch_and_certificate_status(strain, tmp_path):
    ok("batch", "add", "Red Bali", "RB-1")
    ok("batch", "add", "Red Bali", "RB-2")
    ok("coa", "add", "Red Bali", "RB-1", "--lab", "Acme", "--tested", "2026-11-02", "--salmonella", "fail")
    ok("dose", "3g", "Red Bali", "--batch", "RB-1", now=NOW - 10 * DAY)
    ok("dose", "2g", "Red Bali", "--batch", "RB-2", now=NOW - 9 * DAY)
    ok("dose", "2g", "Green Malay", now=NOW - 9 * DAY + 60)
    md = ok("report", "--format", "md", "-o", "-").stdout
    section = md[md.index("## Products used"):]
    assert "| Lab-tested / batch certificates |" in section
    assert "RB-1: fails a check; RB-2: not tested" in section
    row = next(line for line in section.splitlines() if line.startswith("| Green Malay"))
    assert row.rstrip().endswith("| no (not tested) |")  # no batch recorded: the strain's own flag
    hidden = ok("report", "--format", "md", "-o", "-", "--exclude", "strains").stdout
    section = hidden[hidden.index("## Products used"):]
    assert "2 batches: 1 fails a check, 1 not tested" in section and "RB-1" not in section
    assert "RB-1" not in hidden and "Red Bali" not in hidden  # the contaminant signal's text too
    assert "batch (code withheld) of product A" in hidden


def test_the_tapering_demo_has_purchases_batches_and_one_failing_certificate(tmp_path):
    from kratomlog.core.demo import generate
    from datetime import date

    data = generate("tapering", 12, date(2026, 11, 27), seed=1)
    assert data.batches and data.purchases
    (failing, claimed) = data.certificates
    assert failing.source == "independent" and claimed.source == "vendor-claim"
    steady = generate("steady", 8, date(2026, 11, 27), seed=1)
    assert steady.batches and steady.purchases and steady.certificates == ()


def test_the_spreadsheet_csv_has_purchase_rows_with_their_columns(strain, tmp_path):
    import csv
    import io

    ok("batch", "add", "Red Bali", "RB-1")
    ok("batch", "use", "Red Bali", "RB-1")
    ok("dose", "3g", "Red Bali", now=NOW - DAY)
    ok("buy", "Red Bali", "100caps", "--batch", "RB-1", "--price", "19.5", "--currency", "GBP", "--vendor", "=Leaf Co",
       "--on", "2026-11-20", "--note", "+bulk")
    ok("buy", "Green Malay", "1kg", "--on", "2026-11-21")
    target = tmp_path / "e.csv"
    out = ok("export", "--format", "csv", "-o", str(target)).stdout
    assert "1 dose, 2 purchases" in out
    records = list(csv.DictReader(io.StringIO(target.read_text(), newline="")))
    assert [(r["kind"], r["id"]) for r in records] == [("purchase", "p1"), ("purchase", "p2"), ("dose", "d1")]
    first, second, dose = records
    assert {k: first[k] for k in ("strain", "batch", "amount", "unit", "grams", "price", "currency", "vendor", "note",
                                  "day", "stress", "substance")} == {
        "strain": "Red Bali", "batch": "RB-1", "amount": "100.0", "unit": "caps", "grams": "50.0", "price": "19.5",
        "currency": "GBP", "vendor": "'=Leaf Co", "note": "'+bulk", "day": "2026-11-20", "stress": "", "substance": ""}
    assert (second["batch"], second["price"], second["currency"], second["grams"]) == ("", "", "", "1000.0")
    assert dose["batch"] == "RB-1" and dose["price"] == "" and dose["vendor"] == ""
