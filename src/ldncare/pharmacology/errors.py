"""Typed errors of the pharmacology package; each message says what to change."""

from __future__ import annotations


class PharmacologyError(ValueError):
    """Base class: a simulation that cannot be run as asked."""


class ParameterError(PharmacologyError):
    """A parameter file or a parameter value that the model cannot use."""


class RegimenError(PharmacologyError):
    """A dosing regimen that cannot be simulated (negative time, empty plan...)."""


class TimeGridError(PharmacologyError):
    """Times that cannot be simulated (negative, unsorted, too many points)."""
