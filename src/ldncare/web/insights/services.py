"""Writes of the insights app: the primary measure chosen for a plan, and
building the de-identified research export.

(The export writes nothing to the database; it lives here because it is the
one place where stored rows become a core ``ResearchExport``.)
"""

from __future__ import annotations

import secrets

from django.db import transaction

from ldncare.outcomes import CHECK_IN_COLUMNS, ResearchExport, deidentify
from ldncare.outcomes.measures import measure_catalogue
from ldncare.web.accounts.models import User
from ldncare.web.care.models import Patient
from ldncare.web.insights.models import PrimaryMeasureChoice
from ldncare.web.insights.queries import newest_prescription, research_rows


class NoPlanError(ValueError):
    """There is no prescription to store the choice with."""


@transaction.atomic
def choose_primary_measure(patient: Patient, *, measure: str, reason: str,
                           chosen_by: User) -> PrimaryMeasureChoice:
    """Store ``measure`` as the primary measure of ``patient``'s newest plan.

    A new row each time (the history is kept). Raises :class:`NoPlanError` when
    the patient has no prescription yet and ``ValueError`` for a measure that
    is not in the journal's catalogues; nothing is written then.
    """
    measures = measure_catalogue()
    if measure not in measures or measures[measure].asks_about_change:
        raise ValueError(f"{measure!r} cannot be a primary measure")
    prescription = newest_prescription(patient)
    if prescription is None:
        raise NoPlanError("There is no plan yet to store a main measure with; prescribe first.")
    return PrimaryMeasureChoice.objects.create(prescription=prescription, measure=measure,
                                               reason=reason.strip(), chosen_by=chosen_by)


@transaction.atomic  # one consistent snapshot of the clinic's rows
def build_research_export(user: User, k: int = 5) -> ResearchExport:
    """De-identified check-ins of ``user``'s clinic: study ids, shifted dates, small
    groups suppressed. A fresh random seed each time, so the study-id key and the
    date shifts cannot be recomputed from the export."""
    return deidentify(list(research_rows(user)), CHECK_IN_COLUMNS, seed=secrets.randbits(63), k=k)
