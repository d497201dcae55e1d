"""When a bug raises, people see a plain page and API clients the one error
body: no traceback, nothing about the patient."""

from __future__ import annotations

import json

from django.test import RequestFactory

from ldncare.web.errors import server_error


def test_a_page_request_gets_the_plain_500_page():
    response = server_error(RequestFactory().get("/patients/1/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page and "Traceback" not in page and "<style" not in page


def test_an_api_request_gets_the_one_error_body():
    response = server_error(RequestFactory().get("/api/care/patients"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert set(json.loads(response.content)) == {"detail", "errors"}
