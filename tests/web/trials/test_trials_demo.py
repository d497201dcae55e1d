"""`ldncare demo` includes one finished, analysed trial and one running trial,
their kits made as verified pharmacy batches and their trial-day check-ins
recording kit codes; loading twice changes nothing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _load():  # type: ignore[no-untyped-def]
    from ldncare.web import demo as root_demo
    from ldncare.web.accounts.models import Organisation
    from ldncare.web.pharmacy.demo import load_demo as load_pharmacy
    from ldncare.web.trials.demo import load_demo

    clinic = Organisation.objects.get(slug=root_demo.CLINIC[0])
    pharmacy = Organisation.objects.get(slug=root_demo.PHARMACY[0])
    load_pharmacy(clinic, pharmacy)  # the pharmacy's stock and dispensing details
    load_demo(clinic, pharmacy)


def test_the_demo_has_an_analysed_trial_and_a_running_one(monkeypatch):
    from ldncare.web import demo as root_demo
    from ldncare.web.care.treatment import patient_today
    from ldncare.web.journal.models import CheckIn
    from ldncare.web.trials.models import Trial
    from ldncare.web.trials.queries import current_period, phase

    monkeypatch.setattr(root_demo, "DEMO_EXTENSIONS", ())  # only the people
    root_demo.load_demo_clinic()
    _load()
    done = Trial.objects.get(patient__user__email="trial-done@patients.example")
    running = Trial.objects.get(patient__user__email="trial-running@patients.example")
    assert done.status == "analysed" and done.result["verdict"] in (
        "active better", "no clear difference")
    today = patient_today(running.patient)
    assert phase(running, today) == "running" and current_period(running, today).number == 2
    for trial in (done, running):
        assert trial.kit_order.status == "shipped"
        assert all(p.batch.status == "verified" and p.compounded_at for p in trial.periods.all())
        on_trial = CheckIn.objects.filter(patient=trial.patient, day__gte=trial.start,
                                          day__lte=min(trial.end, today))
        assert on_trial.exists() and not on_trial.filter(kit_code="").exists()
        assert not on_trial.filter(dose_mg__isnull=False).exists()
    before = CheckIn.objects.filter(patient=done.patient, day__lt=done.start, dose_taken=True)
    assert before.filter(dose_mg__isnull=False).exists()
    counts = (Trial.objects.count(), CheckIn.objects.count())
    _load()
    assert (Trial.objects.count(), CheckIn.objects.count()) == counts
