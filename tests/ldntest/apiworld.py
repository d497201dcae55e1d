"""A world with data behind every API path: a prescribed patient, their order
and a batch, so that schemathesis reaches each operation's real work, not only
its 404 (used in-process and by the live-server run)."""

from __future__ import annotations

from dataclasses import dataclass

from ldntest.world import ROLE_NAMES, World, build_world


@dataclass
class ApiWorld:
    world: World
    ids: dict[str, int]  # path parameter name -> an object every role's scope question is about


def build_api_world() -> ApiWorld:
    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.models import Order
    from ldncare.web.pharmacy.queries import fill_plan
    from web.pharmacy.pharmacy_world import dispensing_details, stock_lots
    from web.prescribing.prescribing_setup import prescribe

    world = build_world()
    lots = stock_lots(world, world.pharmacy)  # a batch draws on released ingredient lots
    dispensing_details(world.pharmacy)
    prescription = prescribe(world.patient, world.users["prescriber"], world.pharmacy)
    order = Order.objects.filter(prescription=prescription).order_by("id").first()
    line = fill_plan(order).lines[0]
    batch = services.start_batch(order, by=world.users["pharmacy_technician"], line=line.key,
                                 formula_key="ldn-capsules-mcc", source="api")
    return ApiWorld(world, {"patient_id": world.patient.pk, "order_id": order.pk,
                            "batch_id": batch.pk, "lot_id": lots[0].pk})


#: A CSRF secret the API client sends as cookie and header alike (Django's
#: double-submit check), so that writes reach their view instead of a CSRF 403.
CSRF_SECRET = "schemathesisschemathesisschemath"


def api_headers(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Headers of a logged-in API client: session and CSRF cookies, CSRF header."""
    from django.conf import settings

    return {"Cookie": f"{session_cookie(user)}; {settings.CSRF_COOKIE_NAME}={CSRF_SECRET}",
            "X-CSRFToken": CSRF_SECRET}


def session_cookie(user) -> str:  # type: ignore[no-untyped-def]
    """A logged-in session (2FA passed for staff) as a Cookie header value."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from ldntest.world import enrol_totp_session_data

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.update(enrol_totp_session_data(user))
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


__all__ = ["ROLE_NAMES", "ApiWorld", "api_headers", "build_api_world", "session_cookie"]
