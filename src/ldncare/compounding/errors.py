"""Typed errors of the compounding core. Each message says what to change."""

from __future__ import annotations


class CompoundingError(ValueError):
    """A compounding request that cannot be made as asked; the message says why."""


class UnsafeRequest(CompoundingError):
    """The request is outside a safety limit (e.g. above the hard maximum strength)."""


class NotMeasurable(CompoundingError):
    """A dose volume too small to measure in an oral syringe."""


class TabletsDoNotDivide(CompoundingError):
    """Whole 50 mg tablets cannot make the batch exactly; ``fit`` holds the proposal."""

    def __init__(self, message: str, fit: object) -> None:
        super().__init__(message)
        self.fit = fit


class BelowMinimumWeight(CompoundingError):
    """Something would be weighed below the balance's minimum weight, and no
    trituration helps; ``smallest`` is the smallest batch that can be weighed
    (capsules, or mL for a liquid), or None when none is within reach."""

    def __init__(self, message: str, smallest: object) -> None:
        super().__init__(message)
        self.smallest = smallest


class ReferenceDataError(CompoundingError):
    """A compounding data file is missing, malformed or refers to something unknown."""
