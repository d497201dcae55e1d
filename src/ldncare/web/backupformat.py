"""The serialization format of backups: Django's JSON fixtures, but with
timestamps and times at full (microsecond) precision.

Django's ``DjangoJSONEncoder`` cuts microseconds to milliseconds, so a
round trip through ``dumpdata``/``loaddata`` would change every timestamp a
little. Registered under the name :data:`FORMAT` while a backup or restore runs.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

FORMAT = "ldncarejson"

__all__ = ["Deserializer", "FullPrecisionEncoder", "Serializer", "FORMAT"]


class FullPrecisionEncoder(DjangoJSONEncoder):
    """ISO 8601 with every microsecond kept."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self) -> None:
        super()._init_options()  # type: ignore[misc]  # present in Django 5.2, not in its stubs
        self.json_kwargs["cls"] = FullPrecisionEncoder


Deserializer = JSONDeserializer


def register() -> None:
    """Make :data:`FORMAT` known to ``dumpdata`` and ``loaddata`` (idempotent)."""
    from django.core import serializers

    serializers.register_serializer(FORMAT, "ldncare.web.backupformat")
