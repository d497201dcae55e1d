"""Demo content for `make run`: a small synthetic clinic (fictional patients with
months of journals) so the outcomes dashboard has something to show.
Idempotent: patients already loaded are skipped."""

from __future__ import annotations

from ldncare.web.accounts.models import Organisation

DEMO_PATIENTS, DEMO_MONTHS, DEMO_SEED = 40, 6, 1


def load_demo(clinic: Organisation, pharmacy: Organisation) -> None:
    from ldncare.web.synthetic import load_synthetic_clinic

    load_synthetic_clinic(clinic, pharmacy, DEMO_PATIENTS, DEMO_MONTHS, DEMO_SEED)
