"""The patient's copy of their sent intake, and the prescriber's review of it,
read in words: conditions as written, options by their label, never a code."""

from __future__ import annotations

from django.urls import reverse

from ldncare.web.care.models import Patient

from .test_intake_submission import post


def _sent(world, login):  # type: ignore[no-untyped-def]
    client = login(world.users["patient"])
    assert post(client, "submit").status_code == 302
    return client


def test_the_patients_copy_shows_conditions_whole_and_options_by_their_label(world, login):
    page = _sent(world, login).get(reverse("care:intake")).content.decode()
    assert "<dd>Fibromyalgia</dd>" in page
    assert "F, i, b" not in page
    assert "<dd>none</dd>" not in page and "<dd>never</dd>" not in page
    assert "vitamin d, magnesium glycinate" in page


def test_the_prescribers_review_shows_options_by_their_label(world, login):
    _sent(world, login)
    patient = Patient.objects.get(pk=world.patient.pk)
    client = login(world.users["prescriber"])
    page = client.get(reverse("care:review", args=[patient.pk])).content.decode()
    assert "Fibromyalgia" in page
    assert ">none<" not in page and ">never<" not in page
