"""``ldncare manage evaluate_suggestions``: the nightly decision-support run."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ldncare.pathway import State
from ldncare.web.care.models import Patient
from ldncare.web.journal.services import evaluate_suggestions


class Command(BaseCommand):
    help = "Re-run decision support over every active patient's journal (run nightly)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        created = 0
        for patient in Patient.objects.filter(state=State.ACTIVE).select_related("user"):
            created += len(evaluate_suggestions(patient))
        self.stdout.write(f"{created} new suggestion(s)")
