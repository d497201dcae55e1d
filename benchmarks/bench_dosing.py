"""Dosing: building plans, a year of daily doses, supply for a year, and the .ics."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from benchmarks.harness import Report
from ldncare.dosing import Capsules, OralLiquid, build_plan, dose_events, load_library, supply_for
from ldncare.interop.ical import plan_to_ical
from ldncare.units import Dose

START = date(2026, 1, 1)
YEAR_END = date(2026, 12, 31)


def run(report: Report) -> None:
    report.section("Dosing: plans, schedules, supply, calendar",
                   ".venv/bin/python -m benchmarks dosing")
    gentle = load_library().get("gentle")
    plan = build_plan(gentle, START)
    report.row("build_plan (gentle, 9 steps)",
               report.measure(lambda: [build_plan(gentle, START) for _ in range(200)], operations=200))
    report.row("dose_events: one year of daily doses",
               report.measure(lambda: list(dose_events(plan, START, YEAR_END)), operations=1))
    report.row("supply_for: liquid, 12 monthly fills",
               report.measure(lambda: supply_for(plan, OralLiquid(Decimal("1")), days_per_fill=30,
                                                 refills=11)))
    report.row("supply_for: 0.5 + 1.5 mg capsules, 12 monthly fills",
               report.measure(lambda: supply_for(plan, Capsules((Dose("0.5"), Dose("1.5"))),
                                                 days_per_fill=30, refills=11)))
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    report.row("plan_to_ical: one year, Europe/Oslo",
               report.measure(lambda: plan_to_ical(plan, tz="Europe/Oslo", last=YEAR_END,
                                                   generated_at=stamp), repeat=3))
    report.note("No goals are set: these feed a page render or a nightly reminder job.")
