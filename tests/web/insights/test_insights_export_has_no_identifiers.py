"""The research export carries no names, e-mails or exact dates."""

from __future__ import annotations

import csv
import io
import re

from ldncare.web.accounts.models import User
from ldncare.web.journal.models import CheckIn
from ldncare.web.synthetic import load_synthetic_clinic


def _download(client, part="data", k="5"):
    response = client.get("/insights/export/", {"download": "1", "k": k, "part": part})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode()


def test_the_export_has_no_names_emails_or_exact_dates(world, login, client):
    loaded = load_synthetic_clinic(world.clinic, world.pharmacy, patients=15, months=4, seed=2)
    login(world.users["prescriber"])
    text = _download(client)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == CheckIn.objects.filter(patient__clinic=world.clinic).count()
    users = User.objects.filter(patient__clinic=world.clinic)
    body = text.split("\n", 1)[1]  # the header names columns, not people
    for user in users:
        assert user.full_name not in body and user.email not in body
    assert "@" not in body
    real_days = {(str(c.patient_id), c.day.isoformat()) for c in CheckIn.objects.all()}
    exported = {row["day"] for row in rows}
    # Dates are shifted per patient: the set of exported days is not the set of real days.
    assert exported != {d for _, d in real_days}
    assert all(re.fullmatch(r"S\d{4,}", row["patient_id"]) for row in rows)
    assert not {row["patient_id"] for row in rows} & {str(pk) for pk in loaded.patient_ids.values()}


def test_each_patients_dates_move_by_one_offset(world, login, client):
    load_synthetic_clinic(world.clinic, world.pharmacy, patients=6, months=2, seed=4)
    login(world.users["prescriber"])
    rows = list(csv.DictReader(io.StringIO(_download(client, k="2"))))
    by_study: dict[str, list[str]] = {}
    for row in rows:
        by_study.setdefault(row["patient_id"], []).append(row["day"])
    real = sorted(CheckIn.objects.filter(patient__clinic=world.clinic).values_list(
        "patient_id", "day"))
    real_counts = sorted(len([d for p, d in real if p == pid]) for pid in {p for p, _ in real})
    assert sorted(len(v) for v in by_study.values()) == real_counts


def test_the_data_dictionary_describes_every_column(world, login, client):
    login(world.users["clinic_admin"])
    dictionary = list(csv.DictReader(io.StringIO(_download(client, part="dictionary"))))
    assert {d["column"] for d in dictionary} >= {"patient_id", "condition", "day", "pain"}
    assert all(d["treatment"] for d in dictionary)
