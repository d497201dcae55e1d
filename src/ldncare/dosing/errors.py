"""Typed errors of the dosing core. Each message says what was wrong and what to do."""

from __future__ import annotations


class DosingError(ValueError):
    """Base class: a dosing request that cannot be carried out as asked."""


class ProtocolError(DosingError):
    """A protocol definition (from the library or a clinic) is not usable."""


class UnknownProtocol(DosingError):
    """No protocol of that name exists in the library."""


class CeilingExceeded(DosingError):
    """A dose above the clinic ceiling was asked for without an override reason.

    The prescriber may pass it by recording why (``override_reason``)."""


class HardMaximumExceeded(DosingError):
    """A dose above the hard maximum was asked for. No override can pass it."""


class PlanChangeError(DosingError):
    """A dose change (advance, hold, step back, ...) does not fit the plan as it is."""


class SupplyError(DosingError):
    """The plan's doses cannot be made from the chosen form (strengths, concentration)."""


class OffIncrement(DosingError):
    """A new plan's dose is not a multiple of the clinic's smallest increment;
    ``nearest`` is the nearest valid (start, step, target) in mg."""

    def __init__(self, message: str, nearest: tuple[object, ...]) -> None:
        super().__init__(message)
        self.nearest = nearest
