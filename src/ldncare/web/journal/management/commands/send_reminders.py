"""``ldncare manage send_reminders``: queue due reminders once (or every N seconds),
and escalate overdue urgent alerts in the same pass (so ``make run`` does both)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from ldncare.web.journal.reminders import send_due_reminders
from ldncare.web.journal.urgent_services import escalate_overdue


class Command(BaseCommand):
    help = "Queue every due reminder e-mail exactly once; --every N repeats every N seconds."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--every", type=int, default=0,
                            help="repeat every N seconds (0: run once and exit)")

    def handle(self, *args, every: int = 0, **options):  # type: ignore[no-untyped-def]
        while True:
            self.stdout.write(f"queued {send_due_reminders()} reminder(s)")
            self.stdout.write(f"escalated {escalate_overdue()} urgent alert(s)")
            if every <= 0:
                return
            time.sleep(every)
