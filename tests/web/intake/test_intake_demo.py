"""The demo clinic's patients have intakes and screenings that fit their state."""

from __future__ import annotations

import pytest

from ldncare.web.care.demo import INTAKES, load_demo
from ldncare.web.care.models import Intake, Screening
from ldncare.web.care.screening_services import reproduce


@pytest.mark.django_db
def test_demo_patients_past_registered_have_a_screening_fitting_their_state():
    from ldncare.web.demo import load_demo_clinic

    orgs = load_demo_clinic()
    load_demo(orgs["riverside"], orgs["northgate"])  # a second run adds nothing
    mine = Screening.objects.filter(trigger="intake", patient__user__email__in=INTAKES)
    assert mine.count() == Intake.objects.filter(patient__user__email__in=INTAKES).count() == 6
    by_email = {s.patient.user.email: s for s in mine.select_related("patient__user")}
    assert not Intake.objects.filter(patient__user__email="new@patients.example").exists()
    assert by_email["review@patients.example"].verdict == "needs_review"
    assert by_email["review@patients.example"].decision == ""
    declined = by_email["declined@patients.example"]
    assert (declined.verdict, declined.decision) == ("contraindicated", "decline")
    for email in ["pharmacy@patients.example", "patient@patients.example"]:
        assert not by_email[email].blocks_approval
    assert all(reproduce(s).verdict == s.verdict for s in by_email.values())
