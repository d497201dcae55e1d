"""The clinic's response rate reads the PGIC as the journal stores it (1 = very much
improved … 7 = very much worse): "much worse" is never counted as a response."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ldncare.outcomes import Response
from ldncare.pathway import State
from ldncare.web.care.models import PathwayEvent
from ldncare.web.insights.queries import patient_summaries
from ldncare.web.journal.models import QuestionnaireResponse
from web.prescribing.prescribing_setup import prescribe


@pytest.mark.parametrize(("answer", "expected"), [(1, Response.RESPONDER),
                                                  (2, Response.RESPONDER),
                                                  (4, Response.NON_RESPONDER),
                                                  (6, Response.NON_RESPONDER),
                                                  (7, Response.NON_RESPONDER)])
def test_the_pgic_answer_counts_in_its_published_direction(world, answer, expected):
    prescribe(world.patient, world.users["prescriber"], world.pharmacy)
    PathwayEvent.objects.create(patient=world.patient, state=State.ACTIVE,
                                actor=world.users["prescriber"], summary="first dose",
                                at=timezone.now() - timedelta(days=1))
    QuestionnaireResponse.objects.create(
        patient=world.patient, instrument="pgic", instrument_version="t", answers={},
        score=Decimal(answer), day=timezone.localdate())
    (summary,) = patient_summaries(world.users["prescriber"])
    assert summary.response is expected
