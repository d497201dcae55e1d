"""Access-matrix rows for patient requests, staff management, the review
queue's filters and the readable audit trail."""

from __future__ import annotations

from ldntest.access_matrix import ANON_PAGE, Row, everyone


def _thread(world, own):  # type: ignore[no-untyped-def]
    """A thread of the world's patient (own) or of the other clinic's patient."""
    from ldncare.web.care.request_services import open_request

    patient = world.patient if own else world.other_patient
    thread = patient.requests.first() or open_request(
        patient, author=patient.user, kind="question", subject="A question",
        body="When should I take the dose?")
    return {"request_id": thread.pk}


CARE_TEAM = {"prescriber": 200, "clinic_staff": 200, "clinic_admin": 200}
NOT_PHARMACY = {"pharmacist": 403, "pharmacy_technician": 403, "pharmacy_admin": 403}

ROWS: dict[str, Row] = {
    "care:requests": Row(expect={**everyone(200, anonymous=ANON_PAGE), **NOT_PHARMACY}),
    "care:request_thread": Row(
        kwargs=_thread,
        expect={**everyone(404, anonymous=ANON_PAGE), "patient": 200, **CARE_TEAM},
        expect_other=everyone(404, anonymous=ANON_PAGE)),
    "care:request_reply": Row(kwargs=_thread, expect=everyone(405, anonymous=405)),
    "care:request_close": Row(kwargs=_thread, expect=everyone(405, anonymous=405)),
}

ROWS |= {
    "accounts:set_active": Row(kwargs=lambda w, own: {"member_id": w.users["prescriber"].pk},
                               expect=everyone(405, anonymous=405)),
    "accounts:resend_invitation": Row(kwargs=lambda w, own: {"invitation_id": 1},
                                      expect=everyone(405, anonymous=405)),
    "audit:patient_trail_csv": Row(
        kwargs=lambda w, own: {"patient_id": (w.patient if own else w.other_patient).pk},
        expect={**everyone(403, anonymous=ANON_PAGE), "clinic_admin": 200,
                "pharmacy_admin": 200},
        expect_other={**everyone(403, anonymous=ANON_PAGE), "clinic_admin": 404,
                      "pharmacy_admin": 404}),
}
