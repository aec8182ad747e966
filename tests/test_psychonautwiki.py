"""Parsing PsychonautWiki Journal exports (core.psychonautwiki)."""

from __future__ import annotations

import json

import pytest

from kratomlog.core import psychonautwiki as pw
from kratomlog.core.invalid import Invalid
from pwj import custom_unit, experience, export, ingestion, text


def parse(document: dict) -> pw.ParsedJournal:
    return pw.parse(text(document))


def test_kratom_in_grams_becomes_a_dose_at_the_instant_in_seconds():
    parsed = parse(export(experience(ingestion(time_ms=1_764_000_000_999, dose=3.5))))
    (dose,) = parsed.doses
    assert (dose.at, dose.amount, dose.unit, dose.grams) == (1_764_000_000, 3.5, "g", 3.5)
    assert dose.strain == pw.DEFAULT_STRAIN and dose.form == "powder"
    assert dose.note == "Evening"  # the experience title
    assert parsed.strains == ((pw.DEFAULT_STRAIN, "powder"),)


def test_milligrams_are_kept_as_entered_and_normalised_to_grams():
    (dose,) = parse(export(experience(ingestion(dose=2500, units="mg")))).doses
    assert (dose.amount, dose.unit, dose.grams) == (2500, "mg", 2.5)


@pytest.mark.parametrize("name", ["kratom", "KRATOM", "Ketum", "กระท่อม"])
def test_kratom_names_are_recognised_whatever_their_case(name):
    assert len(parse(export(experience(ingestion(substance=name)))).doses) == 1


def test_an_extract_is_a_product_of_its_own():
    (dose,) = parse(export(experience(ingestion(substance="Kratom extract", dose=0.2)))).doses
    assert (dose.strain, dose.form) == (pw.EXTRACT_STRAIN, "extract")


def test_a_custom_unit_is_resolved_to_its_dose_times_the_count():
    document = export(
        experience(ingestion(dose=3, units="capsule", customUnitId=7)),
        custom_units=[custom_unit(unit_id=7, name="Red Bali capsule", dose=0.5)],
    )
    (dose,) = parse(document).doses
    assert (dose.amount, dose.unit, dose.grams) == (1.5, "g", 1.5)
    assert dose.strain == "Red Bali capsule"
    assert dose.note.startswith("3 capsules of 0.5 g")


def test_a_custom_unit_that_is_missing_or_has_no_weight_is_skipped_with_its_reason():
    document = export(
        experience(
            ingestion(dose=2, customUnitId=99),
            ingestion(dose=2, customUnitId=8, creationDate=1),
        ),
        custom_units=[custom_unit(unit_id=8, unit="ml")],
    )
    parsed = parse(document)
    assert parsed.doses == ()
    assert [s.reason for s in parsed.skipped] == [
        "Kratom: its custom unit 99 has no dose in g or mg to count from",
        "Kratom: its custom unit 8 has no dose in g or mg to count from",
    ]


def test_a_null_dose_is_skipped_and_never_stored_as_zero():
    parsed = parse(export(experience(ingestion(dose=None), ingestion(dose=2.0, creationDate=1))))
    assert [d.grams for d in parsed.doses] == [2.0]
    (skipped,) = parsed.skipped
    assert skipped.row == "experience 1, ingestion 1"
    assert "unknown amount" in skipped.reason and "never stored as zero" in skipped.reason


def test_an_estimate_is_marked_and_keeps_its_standard_deviation_in_the_note():
    raw = ingestion(dose=4, isDoseAnEstimate=True, estimatedDoseStandardDeviation=0.5, notes="after work")
    (dose,) = parse(export(experience(raw, title="Friday"))).doses
    assert dose.note == "estimated dose (± 0.5 g, 1 SD); after work; Friday"


def test_ingestions_for_someone_else_are_counted_and_skipped():
    parsed = parse(export(experience(ingestion(consumerName="Sam"), ingestion(creationDate=1))))
    assert len(parsed.doses) == 1
    assert "1 ingestion logged for someone else (consumerName) skipped" in parsed.notes


def test_depressants_become_other_substances_and_the_rest_is_counted_by_name():
    document = export(
        experience(
            ingestion(substance="Alprazolam", dose=0.5, units="mg", creationDate=1),
            ingestion(substance="Alcohol", dose=20, units="g", creationDate=2),
            ingestion(substance="Caffeine", dose=100, units="mg", creationDate=3),
            ingestion(substance="Caffeine", dose=100, units="mg", creationDate=4),
            ingestion(substance="Zolpidem", dose=None, units="mg", creationDate=5),
        )
    )
    parsed = parse(document)
    assert [(o.substance, o.amount) for o in parsed.others] == [
        ("benzodiazepine", "0.5 mg"),
        ("alcohol", "20 g"),
        ("sleep-aid", None),
    ]
    assert parsed.others[0].note == "Alprazolam; Evening"
    assert parsed.not_imported == (("Caffeine", 2),)
    assert any("Caffeine 2" in note for note in parsed.notes)


def test_a_file_without_kratom_imports_no_dose_and_says_so():
    parsed = parse(export(experience(ingestion(substance="Caffeine", dose=100, units="mg"))))
    assert parsed.doses == () and parsed.total() == 0
    assert "the file holds no kratom ingestion" in parsed.notes


def test_ids_are_stable_across_parses_and_distinct_per_ingestion():
    document = export(experience(ingestion(creationDate=10), ingestion(creationDate=11)))
    first, second = parse(document), parse(document)
    assert [d.uuid for d in first.doses] == [d.uuid for d in second.doses]
    assert len({d.uuid for d in first.doses}) == 2
    assert first.doses[0].source_id == "pwj:10:kratom"


def test_a_repeated_ingestion_inside_the_file_is_skipped():
    parsed = parse(export(experience(ingestion(creationDate=10), ingestion(creationDate=10))))
    assert len(parsed.doses) == 1
    assert "repeats an ingestion" in parsed.skipped[0].reason


@pytest.mark.parametrize("bad", ["nope", None, "1764000000000", float("inf")])
def test_a_bad_time_is_skipped_with_its_reason(bad):
    raw = ingestion()
    raw["time"] = bad
    raw_text = json.dumps(export(experience(raw)), allow_nan=True)
    parsed = pw.parse(raw_text)
    assert parsed.doses == ()
    assert "bad time" in parsed.skipped[0].reason


def test_unknown_keys_are_ignored():
    raw = ingestion(someFutureField={"x": 1})
    assert len(parse(export(experience(raw), somethingNew=[1, 2])).doses) == 1


@pytest.mark.parametrize(
    "document",
    ["[]", "{}", '{"experiences": 3}', "not json", "[" * 100_000],
)
def test_a_file_that_is_not_an_export_is_refused(document):
    with pytest.raises(Invalid, match="not a PsychonautWiki Journal export"):
        pw.parse(document)


def test_detect_needs_experiences_and_one_of_the_other_top_level_keys():
    assert pw.detect(export())
    assert not pw.detect({"experiences": []})
    assert not pw.detect({"format": "kratomlog", "version": 1})
    assert not pw.detect([])


NOW_S = 1_795_780_800  # Fri 2026-11-27 12:00 UTC


@pytest.mark.parametrize(
    "time_ms, reason",
    [
        (1e20, "outside 2000-01-01 to 2099-12-31"),
        (-5, "outside 2000-01-01 to 2099-12-31"),
        (946_684_799_000, "outside 2000-01-01 to 2099-12-31"),
        (1_893_456_000_000, "in the future"),  # 2030
    ],
)
def test_times_outside_the_command_lines_range_are_skipped_with_their_reason(time_ms, reason):
    parsed = pw.parse(text(export(experience(ingestion(time_ms=time_ms), ingestion(substance="Alcohol", time_ms=time_ms, creationDate=9)))), NOW_S)
    assert parsed.doses == () and parsed.others == ()
    assert len(parsed.skipped) == 2 and all(reason in s.reason for s in parsed.skipped)


def test_an_amount_above_250_g_is_skipped_and_one_above_25_g_listed():
    parsed = parse(export(experience(ingestion(dose=300), ingestion(dose=30, creationDate=2), ingestion(dose=1e308, creationDate=3))))
    assert [d.grams for d in parsed.doses] == [30]
    reasons = [s.reason for s in parsed.skipped]
    assert any("above 250 g" in r for r in reasons) and len(reasons) == 2
    assert any("above 25 g were imported" in note for note in parsed.notes)


def test_a_generic_unit_name_is_not_taken_for_a_product():
    document = export(experience(ingestion(dose=2, customUnitId=3)), custom_units=[custom_unit(unit_id=3, name="capsule")])
    (dose,) = parse(document).doses
    assert dose.strain == "PsychonautWiki: Kratom (capsule)"
