"""The attention list ranks in the database and reads one page at a time, in
exactly the order the core's ``rank_patients`` gives for everyone."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from ldncare.journal.attention import rank_patients
from ldncare.journal.rules import Suggestion as CoreSuggestion
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal import queries
from ldncare.web.journal.models import Suggestion
from ldntest.world import make_patient

URGENCIES = ("urgent", "soon", "routine")


def suggest(patient, n, urgency, days_ago, status="open"):
    day = patient_today(patient) - timedelta(days=days_ago)
    data = {"code": f"code_{n}", "urgency": urgency, "action": "review", "message": f"Finding {n}",
            "rationale": "r", "source": "s", "key": f"k{n}", "day": day.isoformat(),
            "rules_version": "t"}
    return Suggestion.objects.create(patient=patient, key=f"k{n}", code=data["code"],
                                     urgency=urgency, action="review", message=data["message"],
                                     rationale="r", source="s", day=day, rules_version="t",
                                     data=data, status=status)


def clinic_of(world, count, seed=7):
    """``count`` patients of clinic A with 1-3 random suggestions each (some
    dismissed), ties on urgency, counts and days included, ids past 10 so the
    text order of references matters."""
    rng = random.Random(seed)
    patients = [world.patient] + [make_patient(f"p{i}@a.example", world.clinic)
                                  for i in range(count - 1)]
    n = 0
    for patient in patients:
        for _ in range(rng.randint(1, 3)):
            n += 1
            suggest(patient, n, rng.choice(URGENCIES), rng.randint(0, 3),
                    status="dismissed" if rng.random() < 0.15 else "open")
    return patients


def core_order(user):
    grouped = {}
    for row in queries.suggestions_visible_to(user).filter(status="open"):
        grouped.setdefault(str(row.patient_id), []).append(CoreSuggestion.from_dict(row.data))
    return [int(e.patient_ref) for e in rank_patients(grouped)]


def test_every_slice_holds_the_patients_the_core_ranks_there(world):
    clinic_of(world, 30)
    prescriber = world.users["prescriber"]
    everyone = core_order(prescriber)
    ranked = queries.attention_list(prescriber)
    assert len(ranked) == len(everyone)
    assert [r.patient.pk for r in ranked] == everyone
    for start, stop in [(0, 20), (0, 7), (7, 14), (14, 40), (29, 30), (5, 5)]:
        assert [r.patient.pk for r in ranked[start:stop]] == everyone[start:stop]
    assert ranked[3].patient.pk == everyone[3] and ranked[-1].patient.pk == everyone[-1]
    with pytest.raises(IndexError):
        ranked[len(everyone)]


def test_a_row_counts_the_open_suggestions_and_shows_the_most_urgent(world):
    suggest(world.patient, 1, "routine", 0)
    suggest(world.patient, 2, "urgent", 2)
    suggest(world.patient, 3, "urgent", 1)
    suggest(world.patient, 4, "soon", 0, status="accepted")
    (row,) = queries.attention_list(world.users["prescriber"])[:20]
    assert row.entry.open_count == 3 and row.entry.urgent == 2
    assert row.entry.top.message == "Finding 2"  # the oldest urgent finding


def test_another_clinics_patients_are_never_listed_or_counted(world):
    suggest(world.patient, 1, "soon", 0)
    suggest(world.other_patient, 2, "urgent", 0)
    ranked = queries.attention_list(world.users["prescriber"])
    assert len(ranked) == 1 and [r.patient for r in ranked[:20]] == [world.patient]
    assert len(queries.attention_list(world.users["patient"])) == 0


def test_a_slice_reads_a_fixed_number_of_queries_however_many_patients(
        world, django_assert_max_num_queries):
    clinic_of(world, 25)
    with django_assert_max_num_queries(3):
        rows = queries.attention_list(world.users["prescriber"])[:20]
        assert all(r.patient.user.full_name for r in rows)


def test_the_page_lists_fifty_patients_and_links_to_the_next_page(world, client, login):
    clinic_of(world, 55, seed=3)
    everyone = core_order(world.users["prescriber"])
    login(world.users["prescriber"])
    first = client.get(reverse("journal:attention"))
    assert first.status_code == 200
    assert [r.patient.pk for r in first.context["rows"]] == everyone[:50]
    assert b"Page 1 of 2" in first.content and b'href="?page=2"' in first.content
    second = client.get(reverse("journal:attention"), {"page": "2"})
    assert [r.patient.pk for r in second.context["rows"]] == everyone[50:]


@pytest.mark.parametrize("bad", ["x", "0", "-3", "999", ""])
def test_a_bad_page_number_shows_a_page_never_an_error(world, client, login, bad):
    suggest(world.patient, 1, "urgent", 0)
    login(world.users["prescriber"])
    response = client.get(reverse("journal:attention"), {"page": bad})
    assert response.status_code == 200
    assert world.patient.user.full_name.encode() in response.content


def test_the_list_pages_with_djangos_paginator(world):
    clinic_of(world, 12)
    everyone = core_order(world.users["prescriber"])
    paginator = Paginator(queries.attention_list(world.users["prescriber"]), 5)
    assert paginator.count == len(everyone)
    assert [r.patient.pk for r in paginator.page(2).object_list] == everyone[5:10]
