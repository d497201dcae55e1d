"""Error pages (not found, not allowed, a stale form, our own failure) look like
the rest of LDN Care on a phone: the brand, the main navigation, a mobile
viewport, plain words that say nothing was changed, and where to go next."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied

from ldncare.web.errors import server_error

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def assert_branded(page: str) -> None:
    assert VIEWPORT in page
    assert 'class="brand"' in page and 'aria-label="Main"' in page
    assert 'href="/library/"' in page and 'data-testid="error-page"' in page
    assert "Traceback" not in page and "csrf" not in page.lower().replace("csrfmiddlewaretoken", "")


def test_a_missing_page_says_so_in_plain_words_with_links_onward(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert_branded(page)
    assert "We can't find that page" in page and 'aria-label="Where to next"' in page


def test_a_patient_on_a_clinic_page_gets_the_branded_not_allowed_page(world, client, login):
    login(world.users["patient"])
    response = client.get(reverse("care:patient_list"))
    assert response.status_code == 403
    page = response.content.decode()
    assert_branded(page)
    assert "Not available to you" in page and "for the clinic team" in page
    assert 'href="/journal/"' in page  # a patient is pointed back to their journal


def test_a_refused_permission_anywhere_gets_the_same_page(db):
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Not available to you" in response.content.decode()


def test_a_stale_form_explains_that_nothing_was_saved_and_how_to_retry(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a@b.example", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert_branded(page)
    assert "Please try that again" in page and "nothing was saved" in page
    assert "CSRF" not in page


def test_our_own_failure_gets_a_branded_page_that_works_without_a_request_context():
    response = server_error(RequestFactory().get("/journal/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert_branded(page)
    assert "Something went wrong" in page and "nothing was changed" in page
