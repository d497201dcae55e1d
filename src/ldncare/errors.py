"""The one shape of an input error that belongs beside a form field."""

from __future__ import annotations


class FieldError(ValueError):
    """Input that cannot be used; says why. ``field`` names the form field or
    input the message belongs beside (None: the whole form or request)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
