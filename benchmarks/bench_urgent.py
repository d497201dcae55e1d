"""Urgent signals (core): what working out the patient's guidance adds to each
check-in and questionnaire, against recording the check-in itself.

Every check-in asks :func:`ldncare.journal.guidance.triggered` which guidance
its answers raise, and a red flag then builds the texts with the clinic's
choices (:func:`guidance_for`). Both must stay small beside the check-in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from benchmarks.harness import Report
from ldncare.journal.checkin import record_check_in
from ldncare.journal.guidance import ClinicGuidance, guidance_for, load_guidance, triggered

DAY = date(2026, 3, 1)
AT = datetime(2026, 3, 1, 21, tzinfo=UTC)
CLINIC = ClinicGuidance(country="GB", crisis_line="0800 111 222",
                        texts={"liver_warning": "Ring us today."})
RED_FLAGS = {"low_mood_or_self_harm_thoughts": "severe", "rash_or_swelling": "moderate",
             "liver_warning_signs": "mild", "headache": "severe"}


def _check_in(side_effects: dict[str, str]):  # type: ignore[no-untyped-def]
    return record_check_in(day=DAY, recorded_at=AT, time_zone="UTC", ratings={"pain": 4},
                           side_effects=side_effects, events=frozenset({"new_opioid"})
                           if side_effects else frozenset())


N = 2000


def _times(action):  # type: ignore[no-untyped-def]
    def many() -> None:
        for _ in range(N):
            action()
    return many


def run(report: Report) -> None:
    load_guidance()  # cached after the first read, as in a running server
    ordinary, flagged = _check_in({"headache": "mild"}), _check_in(RED_FLAGS)
    report.section("Urgent signals: guidance per check-in (core only)",
                   ".venv/bin/python -m benchmarks urgent")
    record = report.measure(_times(lambda: _check_in({"headache": "mild"})), repeat=7,
                            operations=N)
    report.row("record one check-in (the baseline)", record)
    report.row("which guidance an ordinary check-in raises (none)",
               report.measure(_times(lambda: triggered(ordinary)), repeat=7, operations=N),
               baseline=record)
    report.row("guidance for a check-in with 5 red flags, clinic texts applied",
               report.measure(_times(lambda: guidance_for(triggered(flagged), CLINIC)), repeat=7,
                              operations=N), baseline=record)
    report.note("Ratio = time to record a check-in / time of the case: above 1 means the "
                "guidance costs less than the check-in it follows.")
    report.note("The ordinary path (no red flag, nearly every check-in) is a lookup in an index "
                "built once; building the texts runs only when a red flag was reported.")
