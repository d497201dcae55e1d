"""Daily check-ins: the 30-second path, validation, late marking, revisions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from ldncare.journal.errors import CheckInError
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.models import CheckIn, SideEffectEntry
from ldncare.web.journal.services import CheckInAnswers, StaleEntry, save_check_in


def today_of(patient):
    return patient_today(patient)


def test_a_patient_checks_in_with_the_defaults_and_the_dose_is_marked_taken(world, client, login):
    login(world.users["patient"])
    day = today_of(world.patient)
    response = client.post(reverse("journal:home"), {
        "day": day.isoformat(), "dose_taken": "yes", "rating_pain": "4", "rating_sleep_quality": "7",
        "side_effect_headache": "mild"})
    assert response.status_code == 302
    row = CheckIn.objects.get(patient=world.patient, day=day)
    assert row.dose_taken is True and row.pain == 4 and row.sleep_quality == 7
    assert not row.late and row.revision == 1
    assert SideEffectEntry.objects.get(check_in=row).severity == "mild"


def test_a_rating_above_ten_is_refused_beside_the_field_and_nothing_is_saved(world, client, login):
    login(world.users["patient"])
    response = client.post(reverse("journal:home"), {
        "day": today_of(world.patient).isoformat(), "dose_taken": "yes", "rating_pain": "11"})
    assert response.status_code == 400
    assert b"less than or equal to 10" in response.content
    assert not CheckIn.objects.exists()


def test_a_day_that_has_not_started_is_refused(world, client, login):
    login(world.users["patient"])
    response = client.post(reverse("journal:home"), {
        "day": (today_of(world.patient) + timedelta(days=2)).isoformat(), "dose_taken": "yes"})
    assert response.status_code == 400
    assert b"has not started yet" in response.content
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("bad", [{"day": "not-a-date"}, {"rating_pain": "x"},
                                 {"side_effect_nausea": "terrible"}, {"note": "n" * 2001},
                                 {"dose_time": "25:99"}, {"events": ["made_up"]}])
def test_bad_input_is_a_400_with_a_message_never_a_500(world, client, login, bad):
    login(world.users["patient"])
    data = {"day": today_of(world.patient).isoformat(), "dose_taken": "yes", **bad}
    response = client.post(reverse("journal:home"), data)
    assert response.status_code == 400
    assert b'class="error"' in response.content
    assert not CheckIn.objects.exists()


def test_a_past_day_entered_later_is_marked_late(world):
    now = timezone.now()
    day = patient_today(world.patient, now) - timedelta(days=3)
    row = save_check_in(world.patient, day, CheckInAnswers(ratings={"pain": 5}), now=now)
    assert row.late is True


def test_late_is_judged_in_the_patients_time_zone(world):
    user = world.patient.user
    user.time_zone = "Pacific/Auckland"
    user.save(update_fields=["time_zone"])
    world.patient.created_at = datetime(2026, 2, 1, tzinfo=UTC)  # registered before those days
    world.patient.save(update_fields=["created_at"])
    # 11:00 UTC on 1 March is already 00:00 on 2 March in Auckland (UTC+13).
    now = datetime(2026, 3, 1, 11, 30, tzinfo=UTC)
    row = save_check_in(world.patient, date(2026, 3, 1), CheckInAnswers(), now=now)
    assert row.late is True
    same_day = save_check_in(world.patient, date(2026, 3, 2), CheckInAnswers(), now=now)
    assert same_day.late is False


def test_editing_a_day_adds_a_revision_and_the_audit_log_keeps_the_old_value(world):
    day = today_of(world.patient)
    first = save_check_in(world.patient, day, CheckInAnswers(ratings={"pain": 6}))
    second = save_check_in(world.patient, day, CheckInAnswers(ratings={"pain": 3}),
                           expected_revision=1)
    assert second.pk == first.pk and second.revision == 2 and second.pain == 3
    assert second.data["revision"] == 2 and second.data["revised_at"]
    changes = LogEntry.objects.get_for_object(second).order_by("timestamp")
    assert any('"6"' in str(e.changes) or "6" in str(e.changes.get("pain", "")) for e in changes)


def test_a_stale_edit_is_refused_and_nothing_changes(world):
    day = today_of(world.patient)
    save_check_in(world.patient, day, CheckInAnswers(ratings={"pain": 6}))
    save_check_in(world.patient, day, CheckInAnswers(ratings={"pain": 5}), expected_revision=1)
    with pytest.raises(StaleEntry):
        save_check_in(world.patient, day, CheckInAnswers(ratings={"pain": 1}), expected_revision=1)
    assert CheckIn.objects.get(day=day).pain == 5


def test_a_stale_edit_in_the_form_answers_409_and_keeps_the_input(world, client, login):
    day = today_of(world.patient)
    save_check_in(world.patient, day, CheckInAnswers(ratings={"pain": 6}))
    save_check_in(world.patient, day, CheckInAnswers(ratings={"pain": 5}), expected_revision=1)
    login(world.users["patient"])
    response = client.post(reverse("journal:home"), {
        "day": day.isoformat(), "dose_taken": "yes", "rating_pain": "2", "expected_revision": "1"})
    assert response.status_code == 409
    assert b"changed" in response.content and b'value="2"' in response.content


def test_a_rating_the_patient_does_not_track_is_refused_by_the_core(world):
    world.patient.condition = "fibromyalgia"
    with pytest.raises(CheckInError):
        save_check_in(world.patient, today_of(world.patient),
                      CheckInAnswers(ratings={"not_a_rating": 3}))


def test_the_api_records_a_check_in_and_answers_400_for_bad_input(world, client, login):
    login(world.users["patient"])
    url = reverse("api:record_check_in")
    day = today_of(world.patient).isoformat()
    ok = client.post(url, {"day": day, "ratings": {"pain": 3}}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["ratings"] == {"pain": 3}
    bad = client.post(url, {"day": day, "ratings": {"pain": 30}}, content_type="application/json")
    assert bad.status_code == 400 and "0 to 10" in bad.json()["detail"]
    junk = client.post(url, {"day": "nope"}, content_type="application/json")
    assert junk.status_code == 422
