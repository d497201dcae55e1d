"""Outcomes core: one patient's n-of-1 analysis, and generating a synthetic clinic."""

from __future__ import annotations

from datetime import date

from benchmarks.harness import Report
from ldncare.outcomes.cohort import cohort_report, summarise_synthetic_patient
from ldncare.outcomes.nof1 import analyse_patient
from ldncare.outcomes.synthetic import generate_clinic, generate_patient


def run(report: Report) -> None:
    start = date(2025, 1, 1)
    end = date(2025, 12, 26)
    report.section("Outcomes core (n-of-1, synthetic clinic)",
                   ".venv/bin/python -m benchmarks outcomes_core")
    # A patient who stays a whole year: the largest single n-of-1 input.
    patient = next(p for p in (generate_patient(i, seed=1, start=start, end=end)
                               for i in range(1, 200))
                   if p.stopped_on is None and p.first_check_in <= date(2025, 1, 15))
    series, periods = patient.series(), patient.dose_periods()
    timing = report.measure(lambda: analyse_patient(series, periods, as_of=patient.last_seen),
                            repeat=20)
    report.row(f"n-of-1, one patient, {len(patient.check_ins)} check-ins, "
               f"{len(series)} measures, {len(periods)} dose periods", timing, goal="< 50 ms")
    clinic_timing = report.measure(lambda: generate_clinic(1000, 12, 1, start), repeat=3,
                                   operations=1000)
    report.row("generate_clinic, 1,000 patients × 12 months (per patient)", clinic_timing)
    clinic = generate_clinic(1000, 12, 1, start)
    summaries = [summarise_synthetic_patient(p) for p in clinic.patients]
    cohort = report.measure(lambda: cohort_report(summaries, as_of=clinic.end), repeat=5)
    report.row("cohort_report from 1,000 patient summaries (pure Python)", cohort)
    report.note(f"{sum(len(p.check_ins) for p in clinic.patients):,} check-ins generated for "
                "1,000 patients (staggered enrolment and dropouts shorten many courses).")
    report.note("The 10,000-patient dashboard goal is measured by the web benchmark, where the "
                "aggregation runs in the database.")
