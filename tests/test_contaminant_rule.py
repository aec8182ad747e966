"""The `contaminant` signal (EVIDENCE.md §6): just below and above each limit, windows, untested batches."""

from datetime import date, datetime, time, timedelta

from kratomlog.core.certificates import Certificate
from kratomlog.core.clock import from_local
from kratomlog.core.entries import Dose
from kratomlog.core.settings import Settings
from kratomlog.core.signals import BatchCertificates, SignalInput, evaluate

S = Settings()
TODAY = date(2026, 6, 15)


def at(days_ago: int, hh: int = 9) -> int:
    return from_local(datetime.combine(TODAY - timedelta(days=days_ago), time(hh)))


NOW = at(0, 12)


def cert(**kw) -> Certificate:
    base = dict(tested=date(2026, 5, 1), lab="Lab A", source="independent")
    base.update(kw)
    return Certificate(**base)


def run(doses, batches=()):
    doses = tuple(sorted(doses, key=lambda d: d.at))
    data = SignalInput(now=NOW, settings=S, doses=doses, questionnaires=(), others=(), no_use_days=(),
                       first_entry_at=doses[0].at if doses else None, batches=tuple(batches))
    return {r.id: r for r in evaluate(data)}["contaminant"]


def fourteen_days(grams_per_day, batch_id=1):
    return [Dose(at=at(k), grams=grams_per_day, strain="Red", form="powder", batch_id=batch_id) for k in range(1, 15)]


def batch(*certs, batch_id=1):
    return BatchCertificates(batch_id, "Red", "B-7", tuple(certs))


def test_no_certificate_is_insufficient_data_and_says_not_safe():
    r = run(fourteen_days(5))
    assert r.status == "insufficient-data"
    assert "Needs a lab certificate" in r.message and "not the same as safe" in r.message


def test_lead_just_below_and_above_at_the_14_day_mean():
    # 0.5 ppm lead: limit 5 µg reached at 10 g/day
    below = run(fourteen_days(9.98), [batch(cert(lead=0.5))])
    above = run(fourteen_days(10.02), [batch(cert(lead=0.5))])
    assert below.status == "clear" and above.status == "active"
    assert above.level == "warning" and above.basis == "evidence"
    assert above.threshold == 5 and abs(above.value - 5.01) < 1e-9
    assert ("fails: at your average 10 g a day, lead from this batch is about 5.01 µg a day, "
            "above the 5 µg limit") in above.message
    assert "batch B-7 of Red, whose independent lab certificate of 2026-05-01 fails" in above.message


def test_issue_example_wording_in_the_signal():
    doses = fourteen_days(9.2)
    r = run(doses, [batch(cert(lead=0.8))])
    assert r.status == "active"
    assert "at your average 9.2 g a day, lead from this batch is about 7.4 µg a day, above the 5 µg limit" in r.message


def test_mercury_and_arsenic_use_fifteen():
    assert run(fourteen_days(10), [batch(cert(mercury=1.49))]).status == "clear"
    assert run(fourteen_days(10), [batch(cert(mercury=1.51))]).status == "active"
    assert run(fourteen_days(10), [batch(cert(arsenic=1.5))]).status == "clear"  # exactly 15: not above
    assert run(fourteen_days(10), [batch(cert(cadmium=0.51))]).status == "active"


def test_mean_is_over_14_finished_days_counting_days_without_use():
    # 7 days of 20 g in 14 finished days = 10 g/day; today's dose is not counted
    doses = [Dose(at=at(k), grams=20, form="powder", batch_id=1) for k in range(1, 8)]
    doses.append(Dose(at=at(0, 8), grams=500, form="powder", batch_id=1))
    assert run(doses, [batch(cert(lead=0.499))]).status == "clear"
    assert run(doses, [batch(cert(lead=0.501))]).status == "active"


def test_microbial_failure_fires_whatever_the_amount():
    r = run([Dose(at=at(3), grams=0.5, form="powder", batch_id=1)], [batch(cert(salmonella="fail"))])
    assert r.status == "active" and "Salmonella: failed the test" in r.message
    assert run([Dose(at=at(3), grams=0.5, batch_id=1)], [batch(cert(salmonella="pass"))]).status == "clear"


def test_seven_oh_share_just_below_and_above():
    assert run(fourteen_days(2), [batch(cert(mitragynine_pct=1.5, seven_oh_pct=0.0306))]).status == "clear"
    r = run(fourteen_days(2), [batch(cert(mitragynine_pct=1.5, seven_oh_pct=0.0307))])
    assert r.status == "active" and "above the 2% cap" in r.message


def test_only_doses_in_the_last_30_days_count():
    inside = [Dose(at=at(29, 13), grams=1, batch_id=1)]
    outside = [Dose(at=at(31), grams=1, batch_id=1)]
    failing = [batch(cert(e_coli="fail"))]
    assert run(inside, failing).status == "active"
    assert run(outside, failing).status == "clear"


def test_doses_of_other_batches_do_not_fire_and_untested_batches_are_named():
    doses = fourteen_days(5, batch_id=2)
    r = run(doses, [batch(cert(salmonella="fail"), batch_id=1)])
    assert r.status == "clear"
    assert "1 batch you used in that time has no certificate (not tested, which is not the same as safe)" in r.message


def test_vendor_claim_is_named_as_such():
    r = run(fourteen_days(5), [batch(cert(source="vendor-claim", yeast_mould="fail"))])
    assert r.status == "active" and "vendor's own claim" in r.message


def test_latest_failing_certificate_is_reported_and_several_batches_counted():
    doses = fourteen_days(5, batch_id=1) + [Dose(at=at(2, 20), grams=1, batch_id=2)]
    batches = [batch(cert(salmonella="fail", tested=date(2026, 4, 1)), cert(lead=5, tested=date(2026, 5, 1))),
               BatchCertificates(2, "Gold", "G1", (cert(e_coli="fail"),))]
    r = run(doses, batches)
    assert r.status == "active"
    assert "certificate of 2026-05-01 fails: at your average 5.1 g a day, lead from this batch is about 25.4 µg a day" in r.message
    assert "1 other batch you used also fails" in r.message
