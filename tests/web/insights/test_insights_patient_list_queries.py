"""The prescriber's patient list costs the same number of queries at any length."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ldntest.world import make_patient


def _add_patients(clinic, start, count):
    for i in range(start, start + count):
        make_patient(f"list-{clinic.pk}-{i}@patients.example", clinic)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/patients/", "/api/care/patients"])
def test_the_patient_list_uses_a_constant_number_of_queries(world, login, client, url,
                                                            django_assert_num_queries):
    login(world.users["prescriber"])
    _add_patients(world.clinic, 0, 4)  # 5 with the world's patient
    client.get(url)  # warm: session, 2FA device, content types
    few = _queries(client, url)
    _add_patients(world.clinic, 4, 45)  # 50
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200
