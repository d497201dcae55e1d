"""Signals the accounts app sends to the apps above it.

accounts is the lowest web layer (an import-linter contract keeps it so): it
creates the person, and the care app, which owns the patient record, listens
(``CareConfig.ready``) and opens the record in the same transaction."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent inside the sign-up transaction with ``user`` and ``clinic``.
patient_signed_up = Signal()
