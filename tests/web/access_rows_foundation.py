"""Access-matrix rows for the foundation's URLs. Each app adds its own
``access_rows_<app>.py`` beside this file; the matrix test collects them all.

A row: URL name → (kwargs builder, expected statuses). ``expect`` maps each
role (plus "anonymous") to the status for the object in that user's scope;
``expect_other`` (for URLs about one object) to the status for an object
outside it. Builders get the World and ``own`` (True/False)."""

from __future__ import annotations

from ldntest.access_matrix import ANON_PAGE, Row, everyone, staff

ROWS: dict[str, Row] = {
    "home": Row(expect={**everyone(200, anonymous=ANON_PAGE), "pharmacist": 302,
                        "pharmacy_technician": 302, "pharmacy_admin": 302}),
    "healthz": Row(expect=everyone(200, anonymous=200)),
    "favicon": Row(expect=everyone(302, anonymous=302)),
    "accounts:login": Row(expect=everyone(302, anonymous=200)),
    "accounts:logout": Row(expect=everyone(405, anonymous=405)),
    "accounts:sign_up": Row(expect=everyone(200, anonymous=200)),
    "accounts:verify_email": Row(kwargs=lambda w, own: {"token": "not-a-token"},
                                 expect=everyone(400, anonymous=400)),
    "accounts:resend_verification": Row(expect=everyone(302, anonymous=ANON_PAGE)),
    "accounts:otp_setup": Row(expect={**everyone(302, anonymous=ANON_PAGE), "patient": 200}),
    "accounts:otp_verify": Row(expect={**everyone(200, anonymous=ANON_PAGE), "patient": 302}),
    "accounts:confirm_identity": Row(expect=everyone(200, anonymous=ANON_PAGE)),
    "accounts:profile": Row(expect=everyone(200, anonymous=ANON_PAGE)),
    "accounts:team": Row(expect={**everyone(403, anonymous=ANON_PAGE),
                                 "clinic_admin": 200, "pharmacy_admin": 200}),
    "accounts:change_role": Row(
        kwargs=lambda w, own: {"member_id": w.users["prescriber"].pk},
        expect={**everyone(405, anonymous=405)}),
    "accounts:accept_invitation": Row(kwargs=lambda w, own: {"token": "nope"},
                                      expect=everyone(400, anonymous=400)),
    "accounts:password_reset": Row(expect=everyone(200, anonymous=200)),
    "accounts:password_reset_done": Row(expect=everyone(200, anonymous=200)),
    "accounts:password_reset_confirm": Row(
        kwargs=lambda w, own: {"uidb64": "MQ", "token": "set-password"},
        expect=everyone(200, anonymous=200)),
    "care:patient_list": Row(expect={**everyone(403, anonymous=ANON_PAGE),
                                     "prescriber": 200, "clinic_staff": 200, "clinic_admin": 200}),
    "care:patient_chart": Row(
        kwargs=lambda w, own: {"patient_id": (w.patient if own else w.other_patient).pk},
        expect={**staff(200), "patient": 200, "anonymous": ANON_PAGE},
        expect_other={**staff(404), "patient": 404, "anonymous": ANON_PAGE}),
    "audit:patient_trail": Row(
        kwargs=lambda w, own: {"patient_id": (w.patient if own else w.other_patient).pk},
        expect={**everyone(403, anonymous=ANON_PAGE), "clinic_admin": 200,
                "pharmacy_admin": 200},
        expect_other={**everyone(403, anonymous=ANON_PAGE), "clinic_admin": 404,
                      "pharmacy_admin": 404}),
    "api:api-root": Row(expect=everyone(404, anonymous=404)),
    "api:openapi-json": Row(expect=everyone(200, anonymous=200)),
    "api:openapi-view": Row(expect=everyone(200, anonymous=200)),
    "api:list_patients": Row(expect=everyone(200, anonymous=401)),
    "api:get_patient": Row(
        kwargs=lambda w, own: {"patient_id": (w.patient if own else w.other_patient).pk},
        expect=everyone(200, anonymous=401),
        expect_other=everyone(404, anonymous=401)),
    "api:get_timeline": Row(
        kwargs=lambda w, own: {"patient_id": (w.patient if own else w.other_patient).pk},
        expect=everyone(200, anonymous=401),
        expect_other=everyone(404, anonymous=401)),
}
