from __future__ import annotations

from datetime import date

import pytest

from ldncare.outcomes.synthetic import generate_clinic


@pytest.fixture(scope="session")
def clinic():
    """A synthetic clinic shared by the tests (deterministic)."""
    return generate_clinic(400, 12, 7, date(2025, 1, 1))
