"""Certificate checks (EVIDENCE.md §5): USP ⟨2232⟩ intake arithmetic, microbial tests, 7-OH share."""

from datetime import date

import pytest

from kratomlog.core import certificates as c
from kratomlog.core.certificates import Certificate, certificate_findings, failures, intake_text
from kratomlog.core.invalid import Invalid

LEAD = next(m for m in c.METALS if m.key == "lead")


def cert(**kw) -> Certificate:
    return Certificate(tested=date(2026, 5, 1), lab="Lab A", source="independent", **kw)


def finding(cert_, check, gpd=9.2):
    return {f.check: f for f in certificate_findings(cert_, gpd)}[check]


def test_usp_limits_are_evidence_values():
    assert {m.key: m.limit_ug_per_day for m in c.METALS} == {"lead": 5, "cadmium": 5, "arsenic": 15, "mercury": 15}


def test_intake_wording_is_exactly_the_issue_example():
    # 0.8 ppm × 9.2 g/day = 7.36 µg/day
    assert intake_text(LEAD, 0.8, 9.2) == (
        "at your average 9.2 g a day, lead from this batch is about 7.4 µg a day, above the 5 µg limit")


def test_intake_just_below_and_above_the_limit():
    below = finding(cert(lead=0.5), "lead", gpd=9.98)  # 4.99 µg
    above = finding(cert(lead=0.5), "lead", gpd=10.02)  # 5.01 µg
    assert below.status == "pass" and below.value == pytest.approx(4.99)
    assert above.status == "fail" and above.value == pytest.approx(5.01)
    # Rounded to 1 decimal both would read "5 µg", which would contradict the verdict.
    assert "about 4.99 µg a day, within the 5 µg limit" in below.message
    assert "about 5.01 µg a day, above the 5 µg limit" in above.message


def test_exactly_at_the_limit_is_not_above_it():
    at_limit = finding(cert(arsenic=1.5), "arsenic", gpd=10)
    assert at_limit.status == "pass"
    assert "inorganic arsenic from this batch is about 15 µg a day, within the 15 µg limit" in at_limit.message


def test_each_metal_uses_its_own_limit():
    # 1 ppm at 10 g/day = 10 µg: above lead/cadmium (5), within arsenic/mercury (15)
    f = {x.check: x.status for x in certificate_findings(cert(lead=1, cadmium=1, arsenic=1, mercury=1), 10)}
    assert (f["lead"], f["cadmium"], f["arsenic"], f["mercury"]) == ("fail", "fail", "pass", "pass")


def test_no_use_means_no_metal_intake():
    assert finding(cert(lead=100), "lead", gpd=0).status == "pass"


def test_missing_values_are_not_checked_not_passed():
    f = certificate_findings(cert(), 5)
    assert {x.status for x in f} == {"not-checked"}
    assert failures(cert(), 5) == []


def test_microbial_fail_and_pass():
    assert finding(cert(salmonella="fail"), "salmonella").status == "fail"
    assert finding(cert(salmonella="fail"), "salmonella").message == "Salmonella: failed the test."
    assert finding(cert(e_coli="pass"), "e_coli").status == "pass"
    assert finding(cert(yeast_mould="fail"), "yeast_mould").message == "yeast and mould: failed the test."


def test_seven_oh_share_just_below_and_above_two_percent():
    # share = 7oh / (mit + 7oh)
    below = finding(cert(mitragynine_pct=1.5, seven_oh_pct=0.0306), "7-oh-share")  # 1.9998%
    above = finding(cert(mitragynine_pct=1.5, seven_oh_pct=0.0307), "7-oh-share")  # 2.0044%
    assert below.status == "pass" and below.value == pytest.approx(0.0306 / 1.5306 * 100)
    assert above.status == "fail" and above.value > 2
    assert "above the 2% cap" in above.message and "within the 2% cap" in below.message
    assert c.seven_oh_share_pct(98, 2) == pytest.approx(2.0)
    assert finding(cert(mitragynine_pct=98, seven_oh_pct=2), "7-oh-share").status == "pass"


def test_seven_oh_share_needs_both_alkaloids():
    f = finding(cert(seven_oh_pct=1.0), "7-oh-share")
    assert f.status == "not-checked" and "mitragynine is not on the certificate" in f.message
    assert finding(cert(mitragynine_pct=0, seven_oh_pct=0), "7-oh-share").status == "not-checked"


def test_batch_status_not_tested_is_not_safe():
    assert c.batch_status([], 5) == "not tested"
    assert c.batch_status([cert(salmonella="fail")], 5) == "fails a check"
    assert c.batch_status([cert(salmonella="pass")], 5) == "passes the checks it reports"


@pytest.mark.parametrize("value", [-0.1, 1000.5, float("inf"), float("nan")])
def test_absurd_metal_values_are_refused(value):
    with pytest.raises(Invalid, match="--lead takes parts per million"):
        c.check_ppm("lead", value)


def test_metal_range_edges_accepted():
    assert c.check_ppm("lead", 0) == 0 and c.check_ppm("lead", 1000) == 1000


def test_future_certificate_refused_and_today_accepted():
    with pytest.raises(Invalid, match="in the future"):
        c.check_tested(date(2026, 6, 2), date(2026, 6, 1))
    assert c.check_tested(date(2026, 6, 1), date(2026, 6, 1)) == date(2026, 6, 1)


def test_source_flags_exclusive():
    assert c.check_source(False, False) == "independent"
    assert c.check_source(False, True) == "vendor-claim"
    with pytest.raises(Invalid, match="not both"):
        c.check_source(True, True)


def test_microbe_and_pct_validation():
    assert c.check_microbe("e-coli", " FAIL ") == "fail"
    with pytest.raises(Invalid, match="--e-coli takes pass or fail"):
        c.check_microbe("e-coli", "maybe")
    with pytest.raises(Invalid, match="percentage from 0 to 100"):
        c.check_pct("--7oh-pct", 101)
