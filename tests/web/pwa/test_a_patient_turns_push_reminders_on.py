"""A patient chooses which reminders come to their phone and registers the
phone's push subscription; the server refuses a subscription that would make
it post somewhere other than a browser's push service."""

from __future__ import annotations

import json

from django.urls import reverse

from ldncare.web.pwa.models import PushPreferences, PushSubscription
from ldntest.push import Browser

FCM = "https://fcm.googleapis.com/fcm/send/abc123"


def _post_json(client, name, data):
    return client.post(reverse(name), json.dumps(data), content_type="application/json")


def test_the_patient_chooses_reminder_kinds_for_the_phone(world, client, login, receiver):
    login(world.users["patient"])
    page = client.get(reverse("pwa:push_settings"))
    assert page.status_code == 200 and b"Turn on notifications on this phone" in page.content
    assert client.post(reverse("pwa:push_settings"), {"dose": "on", "refill": "on"}).status_code == 302
    prefs = PushPreferences.objects.get(patient=world.patient)
    assert (prefs.dose, prefs.refill, prefs.check_in) == (True, True, False)


def test_nothing_is_pushed_until_the_patient_chooses(world):
    from ldncare.web.pwa.services import preferences

    assert not any(preferences(world.patient).wants(k) for k in
                   ("dose", "check_in", "questionnaire", "refill", "follow_up"))


def test_a_phone_subscribes_once_and_can_unsubscribe(world, client, login):
    login(world.users["patient"])
    subscription = Browser().subscription(FCM)
    assert _post_json(client, "pwa:push_subscribe", subscription).status_code == 201
    assert _post_json(client, "pwa:push_subscribe", subscription).status_code == 201
    assert PushSubscription.objects.filter(patient=world.patient).count() == 1
    answer = _post_json(client, "pwa:push_unsubscribe", {"endpoint": FCM})
    assert answer.json() == {"removed": 1} and not PushSubscription.objects.exists()


def test_an_endpoint_that_is_not_a_push_service_is_refused(world, client, login):
    login(world.users["patient"])
    for endpoint in ("https://127.0.0.1:5432/", "http://fcm.googleapis.com/fcm/send/x",
                     "https://fcm.googleapis.com.evil.example/x", "javascript:alert(1)"):
        answer = _post_json(client, "pwa:push_subscribe", Browser().subscription(endpoint))
        assert answer.status_code == 400, endpoint
        assert "push service" in answer.json()["error"]
    assert not PushSubscription.objects.exists()


def test_a_broken_subscription_is_refused_with_a_reason(world, client, login):
    login(world.users["patient"])
    for body in (None, {"endpoint": FCM}, {"endpoint": FCM, "keys": {"p256dh": ""}}, [1]):
        answer = _post_json(client, "pwa:push_subscribe", body)
        assert answer.status_code == 400 and answer.json()["error"]
    bad = client.post(reverse("pwa:push_subscribe"), b"{not json", content_type="application/json")
    assert bad.status_code == 400


def test_a_test_notification_reaches_each_phone_of_the_patient(world, client, login, receiver):
    login(world.users["patient"])
    browser = Browser()
    _post_json(client, "pwa:push_subscribe", browser.subscription(receiver.endpoint("/phone")))
    answer = client.post(reverse("pwa:push_test"), follow=True)
    assert b"on its way to 1 phone" in answer.content
    [message] = receiver.received
    assert json.loads(browser.decrypt(message.body))["body"].startswith("Notifications from")


def test_a_test_notification_without_a_phone_says_to_turn_them_on_first(world, client, login):
    login(world.users["patient"])
    answer = client.post(reverse("pwa:push_test"), follow=True)
    assert b"turn them on first" in answer.content
