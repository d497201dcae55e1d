"""A new medicine counts as a new opioid only when the screening has an
opioid finding (by rule id) for that medicine, never because the word
"opioid" appears somewhere in its findings."""

from __future__ import annotations

from datetime import timedelta

from ldncare.screening.engine import ScreeningInput
from ldncare.web.care.screening_services import run_screening
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.services import report_new_medicine


def screened_after_a_finished_washout(world):
    today = patient_today(world.patient)
    run_screening(world.patient, trigger="intake", actor=None,
                  inputs=ScreeningInput(last_opioid_dose=today - timedelta(days=60)))


def events_today(world):
    return set(world.patient.check_ins.get(day=patient_today(world.patient)).data["events"])


def test_full_dose_naltrexone_after_a_finished_washout_is_not_a_new_opioid(world):
    screened_after_a_finished_washout(world)
    screening = report_new_medicine(world.patient, "naltrexone 50 mg", world.users["patient"])
    codes = {f["code"] for f in screening.result["findings"]}
    assert {"opioid-washout-complete", "full-dose-naltrexone"} <= codes
    assert screening.verdict == "contraindicated"
    assert events_today(world) == {"new_medicine"}


def test_tramadol_is_a_new_opioid(world):
    screened_after_a_finished_washout(world)
    report_new_medicine(world.patient, "tramadol 50 mg", world.users["patient"])
    assert events_today(world) == {"new_medicine", "new_opioid"}


def test_buprenorphine_counts_as_a_new_opioid_and_ibuprofen_does_not(world):
    screened_after_a_finished_washout(world)
    report_new_medicine(world.patient, "ibuprofen 400 mg", world.users["patient"])
    assert events_today(world) == {"new_medicine"}
    report_new_medicine(world.patient, "buprenorphine 2 mg", world.users["patient"])
    assert events_today(world) == {"new_medicine", "new_opioid"}
