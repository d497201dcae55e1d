"""Journal core: decision-support evaluation and the prescriber's attention list.

The issue asks for the attention list of a clinic of 5,000 patients with a
year of check-ins each. This measures the core part: evaluating every
patient's rules and ranking them (the web layer adds the queries). Patients
are built from 25 seeded journal archetypes shared between patients (the work
per patient is the same; it keeps memory small).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from benchmarks.harness import Report
from ldncare.journal.attention import rank_patients
from ldncare.journal.checkin import CheckIn, DoseRecord, Severity, SideEffectReport
from ldncare.journal.rules import PlanStep, days_needed, evaluate, rule_settings

PATIENTS = 5_000
DAYS = 365
TODAY = date(2026, 12, 31)
START = TODAY - timedelta(days=DAYS - 1)
STEPS = (PlanStep(START, Decimal("1.5")), PlanStep(START + timedelta(days=14), Decimal("3")),
         PlanStep(START + timedelta(days=28), Decimal("4.5")))


def _journal(seed: int) -> tuple[CheckIn, ...]:
    rng = random.Random(seed)
    out = []
    for n in range(DAYS):
        day = START + timedelta(days=n)
        effects = ()
        if rng.random() < 0.05:
            effects = (SideEffectReport(rng.choice(["headache", "insomnia", "nausea"]),
                                        rng.choice(list(Severity))),)
        out.append(CheckIn(
            day=day, recorded_at=datetime(day.year, day.month, day.day, 21, tzinfo=UTC),
            dose=DoseRecord(rng.random() > 0.08, Decimal("4.5")),
            ratings={"pain": rng.randint(2, 8), "fatigue": rng.randint(2, 8), "mood": rng.randint(3, 8)},
            vivid_dreams=rng.random() < 0.1, side_effects=effects,
            events=frozenset({"new_opioid"}) if rng.random() < 0.001 else frozenset()))
    return tuple(out)


def run(report: Report) -> None:
    archetypes = [_journal(seed) for seed in range(25)]
    clinic = {f"patient-{i:05d}": archetypes[i % len(archetypes)] for i in range(PATIENTS)}
    settings = rule_settings()
    a, b, c, d = days_needed(STEPS, TODAY, settings)
    windowed = {ref: tuple(x for x in j if a <= x.day <= b or c <= x.day <= d)
                for ref, j in clinic.items()}

    report.section("Journal: decision support and attention list (core only)",
                   ".venv/bin/python -m benchmarks journal")
    one = archetypes[0]
    single = report.measure(lambda: evaluate(one, STEPS, TODAY, settings=settings), repeat=20,
                            operations=1)
    report.row("evaluate one patient, a year of check-ins (365)", single)
    one_window = windowed["patient-00000"]
    report.row(f"evaluate one patient, only the days needed ({len(one_window)})",
               report.measure(lambda: evaluate(one_window, STEPS, TODAY, settings=settings),
                              repeat=20), baseline=single)

    def attention(journals):
        return rank_patients({ref: evaluate(j, STEPS, TODAY, settings=settings)
                              for ref, j in journals.items()})

    full = report.measure(lambda: attention(clinic), repeat=3, operations=1)
    report.row(f"attention list, {PATIENTS:,} patients x {DAYS} days (whole year passed)", full)
    report.row(f"attention list, {PATIENTS:,} patients, days_needed() windows",
               report.measure(lambda: attention(windowed), repeat=3, operations=1), baseline=full)
    suggestions = {ref: evaluate(j, STEPS, TODAY, settings=settings) for ref, j in windowed.items()}
    report.row(f"rank {PATIENTS:,} patients' stored open suggestions",
               report.measure(lambda: rank_patients(suggestions), repeat=5))
    report.note("Pure core, one process, no database; the web benchmark (check-in under load) is "
                "built with the Django app. Ratio = whole-year time / windowed time.")
    report.note("For the home page the web layer should store suggestions after each check-in and "
                "nightly, and rank the stored open ones (last row), not re-evaluate 5,000 journals per request.")
