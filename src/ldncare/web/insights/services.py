"""Writes of the insights app: building the de-identified research export.

(The export writes nothing to the database; it lives here because it is the
one place where stored rows become a core ``ResearchExport``.)
"""

from __future__ import annotations

import secrets

from django.db import transaction

from ldncare.outcomes import CHECK_IN_COLUMNS, ResearchExport, deidentify
from ldncare.web.accounts.models import User
from ldncare.web.insights.queries import research_rows


@transaction.atomic  # one consistent snapshot of the clinic's rows
def build_research_export(user: User, k: int = 5) -> ResearchExport:
    """De-identified check-ins of ``user``'s clinic: study ids, shifted dates, small
    groups suppressed. A fresh random seed each time, so the study-id key and the
    date shifts cannot be recomputed from the export."""
    return deidentify(list(research_rows(user)), CHECK_IN_COLUMNS, seed=secrets.randbits(63), k=k)
