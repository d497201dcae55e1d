"""Recall: which patients received a batch lot, and which batches (and so
which patients) used an ingredient lot — on a page, in the API and in the CLI."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from django.urls import reverse

_spec = importlib.util.spec_from_file_location("pharmacy_world",
                                               Path(__file__).parent / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)

MCC = "microcrystalline cellulose (Avicel)"


def _two_patients_one_powder_lot(world):  # type: ignore[no-untyped-def]
    """Two orders at the world's pharmacy made from powder lot NX-RECALL; a third
    pharmacy's order is made from its own stock."""
    from ldncare.web.care.models import Patient
    from ldncare.web.pharmacy.services import start_batch

    pharmacy_world.add_lot(world, world.pharmacy, lot_number="NX-RECALL")
    pharmacy_world.add_lot(world, world.pharmacy, material=MCC, lot_number="AV-1")
    second = Patient.objects.create(user=world.users["patient"].__class__.objects.create_user(
        email="second@example.org", password="x", role="patient", full_name="Second Patient"),
        clinic=world.clinic)
    batches = []
    for patient in (world.patient, second):
        order = pharmacy_world.make_order(world, patient, stock=False)
        batches.append(start_batch(order, by=world.users["pharmacy_technician"], line="4.5",
                                   formula_key="ldn-capsules-mcc", source="api"))
    return batches


def test_an_ingredient_lot_leads_to_every_batch_and_patient_that_used_it(world):
    from ldncare.web.pharmacy.queries import recall_for

    batches = _two_patients_one_powder_lot(world)
    result = recall_for(world.users["pharmacist"], " nx-recall ")
    assert result.kind == "ingredient"
    assert [b.lot for b in result.batches] == [b.lot for b in batches]
    assert len(result.patients) == 2


def test_a_batch_lot_names_the_patient_who_received_it(world):
    from ldncare.web.pharmacy.queries import recall_for

    batch = _two_patients_one_powder_lot(world)[0]
    result = recall_for(world.users["pharmacy_technician"], batch.lot)
    assert result.kind == "batch"
    assert [p["patient_id"] for p in result.patients] == [world.patient.pk]
    assert any("NX-RECALL" in text for text in result.batches[0].ingredient_lots)


def test_another_pharmacy_cannot_trace_this_pharmacys_lots(world):
    from ldncare.web.accounts.models import User
    from ldncare.web.pharmacy.queries import recall_for

    _two_patients_one_powder_lot(world)
    outsider = User.objects.filter(organisation=world.other_pharmacy, role="pharmacist").first()
    if outsider is None:
        outsider = User.objects.create_user(email="other-ph@example.org", password="x",
                                            role="pharmacist", organisation=world.other_pharmacy)
    assert recall_for(outsider, "NX-RECALL").kind == "none"


def test_the_recall_page_lists_the_batches_and_patients(world, client, login):
    _two_patients_one_powder_lot(world)
    login(world.users["pharmacist"])
    body = client.get(reverse("pharmacy:recall"), {"lot": "NX-RECALL"}).content.decode()
    assert "2 batches, 2 patients" in body and "Second Patient" in body


def test_the_recall_api_answers_the_batches_and_patients(world, client, login):
    _two_patients_one_powder_lot(world)
    login(world.users["pharmacist"])
    answer = client.get(reverse("api:pharmacy_recall"), {"lot": "NX-RECALL"})
    assert answer.status_code == 200
    assert answer.json()["kind"] == "ingredient" and len(answer.json()["patients"]) == 2
    assert client.get(reverse("api:pharmacy_recall"), {"lot": " "}).status_code == 400


def test_the_recall_command_prints_json(world):
    from typer.testing import CliRunner

    from ldncare.cli import build_app

    batches = _two_patients_one_powder_lot(world)
    result = CliRunner().invoke(build_app(),
                                ["recall", "NX-RECALL", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [b["lot"] for b in data["batches"]] == [b.lot for b in batches]
    assert CliRunner().invoke(build_app(),
                              ["recall", " "]).exit_code == 2


def test_a_recall_of_an_unknown_or_odd_lot_number_finds_nothing_and_says_so(world, client, login):
    login(world.users["pharmacist"])
    for text in ("NOPE-1", "A\x00B"):
        answer = client.get(reverse("api:pharmacy_recall"), {"lot": text})
        assert answer.status_code == 200 and answer.json()["kind"] == "none"
    page = client.get(reverse("pharmacy:recall"), {"lot": "NOPE-1"}).content.decode()
    assert "No batch or ingredient lot here has this number" in page
