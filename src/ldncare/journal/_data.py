"""Loading of the journal's YAML data files, validated with pydantic."""

from __future__ import annotations

from importlib import resources
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ldncare import datafile
from ldncare.journal.errors import JournalDataError

Model = TypeVar("Model", bound=BaseModel)


def load_yaml(name: str, model: type[Model]) -> Model:
    """Read ``data/<name>`` from this package and validate it as ``model``."""
    text = resources.files("ldncare.journal").joinpath("data", name).read_text(encoding="utf-8")
    return parse_yaml(text, model, name)


def parse_yaml(text: str, model: type[Model], name: str = "<text>") -> Model:
    """Validate YAML ``text`` as ``model``; errors name the file and the field."""
    try:
        raw = datafile.load_yaml(text)
    except yaml.YAMLError as error:
        raise JournalDataError(f"{name}: not valid YAML ({error})") from None
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise JournalDataError(f"{name}: {error}") from None
