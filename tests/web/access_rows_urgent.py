"""Access-matrix rows for urgent signals: acknowledging an alert (clinic team,
POST only), the clinic's urgent-care settings (its admin and prescribers) and
the questionnaire API (a patient answers their own)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from ldntest.access_matrix import ANON_PAGE, Row, everyone

CLINIC = ("prescriber", "clinic_staff", "clinic_admin")


def _questionnaire(w, own):  # type: ignore[no-untyped-def]
    from ldncare.web.journal.models import QuestionnairePlan

    QuestionnairePlan.objects.get_or_create(
        patient=w.patient, instrument="phq-9",
        defaults={"start": timezone.now().date(), "every_days": 28, "set_by": w.users["prescriber"]})
    return {"instrument": "phq-9"}


def _suggestion(w, own):  # type: ignore[no-untyped-def]
    from ldncare.web.journal.models import Suggestion

    row, _ = Suggestion.objects.get_or_create(
        patient=w.patient if own else w.other_patient, key="self_harm_thoughts:2026-01-01",
        defaults={"code": "self_harm_thoughts", "urgency": "urgent", "action": "contact_patient",
                  "message": "m", "rationale": "r", "source": "s", "day": date(2026, 1, 1),
                  "rules_version": "t"})
    return {"suggestion_id": row.pk}


def _clinic_post_only() -> dict[str, int]:
    return {**everyone(403, anonymous=ANON_PAGE), **{r: 405 for r in CLINIC}}


ROWS: dict[str, Row] = {
    "journal:acknowledge_suggestion": Row(kwargs=_suggestion, expect=_clinic_post_only(),
                                          expect_other=_clinic_post_only()),
    "journal:urgent_settings": Row(expect={**everyone(403, anonymous=ANON_PAGE),
                                           "prescriber": 200, "clinic_admin": 200}),
    # POST only: a GET is refused for everyone, before anything is read.
    "api:submit_questionnaire": Row(kwargs=_questionnaire, expect=everyone(405, anonymous=405)),
}
