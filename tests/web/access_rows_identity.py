"""Access-matrix rows for identity and consent: a patient's own "Who you are"
and "Your consents" pages, and the clinic team's identity check."""

from __future__ import annotations

from ldntest.access_matrix import ANON_PAGE, Row, everyone, staff

CLINIC_TEAM = ("prescriber", "clinic_staff", "clinic_admin")


def _patient(w, own):  # type: ignore[no-untyped-def]
    return {"patient_id": (w.patient if own else w.other_patient).pk}


def _patients_only(status: int) -> dict[str, int]:
    return {**everyone(403, anonymous=ANON_PAGE), "patient": status}


ROWS: dict[str, Row] = {
    "care:identity": Row(expect=_patients_only(200)),
    "care:consents": Row(expect=_patients_only(200)),
    # Withdrawing the (optional) research consent, then back to the consents page.
    "care:consent_withdraw": Row(kwargs=lambda w, own: {"code": "research"}, method="post",
                                 expect=_patients_only(302)),
    # With no method given the check is refused with a message (a redirect back).
    "care:verify_identity": Row(
        kwargs=_patient, method="post",
        expect={**staff(403), **{r: 302 for r in CLINIC_TEAM}, "patient": 403,
                "anonymous": ANON_PAGE},
        expect_other={**staff(403), **{r: 404 for r in CLINIC_TEAM}, "patient": 403,
                      "anonymous": ANON_PAGE}),
}
