"""Compounding batch math: how fast a pharmacy screen or API call can work a batch."""

from __future__ import annotations

import datetime as dt

from benchmarks.harness import Report
from ldncare.compounding import (
    beyond_use_date,
    capsule_batch,
    check_weights,
    liquid_batch,
    tablet_fit,
    titration_kit,
)


def run(report: Report) -> None:
    report.section("Compounding batch math", ".venv/bin/python -m benchmarks compounding")
    report.note("Each operation builds a full result with its working steps; data files are "
                "loaded once and cached.")
    n = 200
    capsules = report.measure(lambda: [capsule_batch("4.5", 30, assay_percent="99.2",
                                                     overage_percent="5") for _ in range(n)],
                              operations=n)
    report.row("capsule batch from powder (4.5 mg × 30, assay + overage)", capsules,
               goal="well under 1 ms: interactive")
    liquids = report.measure(lambda: [liquid_batch("1", "100", source="tablets", dose="4.5")
                                      for _ in range(n)], operations=n)
    report.row("oral liquid from tablets with a dose volume", liquids, baseline=capsules)
    fit = report.measure(lambda: tablet_fit("1.234", 30), repeat=5, operations=1)
    report.row("whole-tablet proposal, worst case (1.234 mg: 25,000-capsule search)", fit,
               goal="under 100 ms")
    kit = report.measure(lambda: titration_kit([("1.5", 14), ("3", 14), ("4.5", 30)]),
                         operations=1)
    report.row("three-strength titration kit", kit, baseline=capsules)
    weights = [str(220 + i % 10) for i in range(1000)]
    check = report.measure(lambda: check_weights("225", weights), operations=1)
    report.row("weight check of 1,000 capsules", check)
    day = dt.date(2026, 11, 22)
    bud = report.measure(lambda: [beyond_use_date(day, "solid", "room_temperature")
                                  for _ in range(n)], operations=n)
    report.row("USP <795> beyond-use date", bud)
