"""A reminder pushed to a patient's phone arrives at their push service
encrypted to the phone's keys (RFC 8291, aes128gcm) and signed with the
server's VAPID key (RFC 8292); a subscription the push service says has ended
is forgotten."""

from __future__ import annotations

import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from ldncare.web.pwa import services, vapid
from ldncare.web.pwa.models import PushSubscription
from ldntest.push import Browser, b64url_decode


def _subscribe(patient, browser, endpoint):
    return services.subscribe(patient, services.parse_subscription(browser.subscription(endpoint)))


def _vapid_jwt_is_valid(authorization: str, audience: str) -> bool:
    """``vapid t=<JWT>, k=<public key>``: the JWT is ES256-signed by that key, for this audience."""
    parts = dict(p.strip().split("=", 1) for p in authorization.removeprefix("vapid ").split(","))
    head, claims, signature = parts["t"].split(".")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(parts["k"]))
    raw = b64url_decode(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        public.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    payload = json.loads(b64url_decode(claims))
    return (payload["aud"] == audience and payload["sub"].startswith("mailto:")
            and parts["k"] == vapid.application_server_key())


def test_the_reminder_arrives_encrypted_to_the_phone_and_signed_by_the_server(world, receiver):
    browser = Browser()
    _subscribe(world.patient, browser, receiver.endpoint("/phone-1"))
    accepted = services.push_to_patient(world.patient.pk, "LDN Care", "Time for your LDN dose",
                                        "/journal/", "7/dose/2026-03-10")
    assert accepted == 1
    [message] = receiver.received
    assert message.path == "/phone-1"
    assert message.headers["content-encoding"] == "aes128gcm"
    assert int(message.headers["ttl"]) > 0
    assert _vapid_jwt_is_valid(message.headers["authorization"],
                               f"http://127.0.0.1:{receiver.port}")
    shown = json.loads(browser.decrypt(message.body))
    assert shown == {"title": "LDN Care", "body": "Time for your LDN dose", "url": "/journal/",
                     "tag": "7/dose/2026-03-10"}
    assert b"LDN dose" not in message.body  # the push service cannot read it


def test_a_subscription_the_push_service_calls_gone_or_unknown_is_deleted(world, receiver):
    receiver.gone.add("/old-phone")
    receiver.unknown.add("/lost-phone")
    for path in ("/old-phone", "/lost-phone", "/phone"):
        _subscribe(world.patient, Browser(), receiver.endpoint(path))
    assert services.push_to_patient(world.patient.pk, "LDN Care", "x", "/", "t") == 1
    assert [s.endpoint for s in PushSubscription.objects.all()] == [receiver.endpoint("/phone")]


def test_a_failing_push_service_keeps_the_subscription_for_next_time(world, receiver, settings):
    _subscribe(world.patient, Browser(), receiver.endpoint("/phone"))
    receiver.server.shutdown()
    receiver.server.server_close()
    assert services.push_to_patient(world.patient.pk, "LDN Care", "x", "/", "t") == 0
    assert PushSubscription.objects.count() == 1


def test_the_vapid_key_is_generated_once_into_the_data_dir_readable_by_the_owner_only(receiver,
                                                                                       settings):
    first = vapid.application_server_key()
    path = vapid.key_path()
    assert path.parent == settings.DATA_DIR and oct(path.stat().st_mode & 0o777) == "0o600"
    vapid.server_key.cache_clear()
    assert vapid.application_server_key() == first


def test_processes_starting_at_once_all_use_the_same_vapid_key(receiver):
    from concurrent.futures import ThreadPoolExecutor

    from ldncare.web.pwa.vapid import _generate, key_path

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: _generate(key_path()), range(8)))
    assert [p.name for p in key_path().parent.iterdir()] == ["vapid_private.pem"]
    vapid.server_key.cache_clear()
    assert vapid.application_server_key()
