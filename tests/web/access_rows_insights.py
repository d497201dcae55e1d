"""Access-matrix rows for the insights URLs (pages and API)."""

from __future__ import annotations

from ldntest.access_matrix import ANON_PAGE, ROLES, Row, everyone


def _patient(w, own):  # type: ignore[no-untyped-def]
    return {"patient_id": (w.patient if own else w.other_patient).pk}


CLINIC_TEAM = {"prescriber": 200, "clinic_staff": 200, "clinic_admin": 200}

ROWS: dict[str, Row] = {
    "insights:dashboard": Row(expect={**everyone(403, anonymous=ANON_PAGE), **CLINIC_TEAM}),
    "insights:my_summary": Row(expect={**everyone(403, anonymous=ANON_PAGE), "patient": 200}),
    "insights:patient_summary": Row(
        kwargs=_patient, expect={**everyone(403, anonymous=ANON_PAGE), **CLINIC_TEAM},
        expect_other={**everyone(403, anonymous=ANON_PAGE),
                      **{role: 404 for role in CLINIC_TEAM}}),
    # An empty form answers 400 in scope (no measure chosen), 404 out of scope.
    "insights:choose_primary": Row(
        kwargs=_patient, method="post",
        expect={**{r: 403 for r in ROLES}, "prescriber": 400, "anonymous": ANON_PAGE},
        expect_other={**{r: 403 for r in ROLES}, "prescriber": 404, "anonymous": ANON_PAGE}),
    "insights:export": Row(expect={**everyone(403, anonymous=ANON_PAGE), "prescriber": 200,
                                   "clinic_admin": 200}),
    "api:get_my_summary": Row(expect={**everyone(404, anonymous=401), "patient": 200}),
    "api:get_patient_summary": Row(
        kwargs=_patient, expect={**everyone(403, anonymous=401), **CLINIC_TEAM},
        expect_other={**everyone(403, anonymous=401), **{role: 404 for role in CLINIC_TEAM}}),
    "api:get_dashboard": Row(expect={**everyone(403, anonymous=401), **CLINIC_TEAM}),
}
