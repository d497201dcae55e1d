"""The intake questionnaire (FHIR R4B Questionnaire-shaped data) and its answers.

``load_questionnaire()`` gives the definition the web form is generated from.
``answers_to_input(answers)`` checks a dict of answers keyed by linkId and turns
it into a :class:`ScreeningInput`; every problem is reported at once, per
linkId, in :class:`IntakeAnswersError`, so a form can show each beside its field.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from ldncare.datafile import load_yaml
from ldncare.screening.engine import MAX_MEDICATION_LENGTH, ScreeningInput

_YES = {"true", "yes", "y", "1", "on"}
_NO = {"false", "no", "n", "0", "off"}


class IntakeAnswersError(ValueError):
    """Answers that cannot be used; ``errors`` maps each linkId to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


@dataclass(frozen=True)
class Question:
    """One answerable item of the questionnaire."""

    link_id: str
    text: str
    type: str
    required: bool
    repeats: bool
    options: tuple[str, ...]
    enable_when: tuple[dict[str, Any], ...]


@lru_cache(maxsize=1)
def load_questionnaire() -> dict[str, Any]:
    """The questionnaire definition as a FHIR R4B Questionnaire-shaped dict.

    Treat it as read-only (it is cached); ``["version"]`` is stored with answers.
    """
    text = resources.files("ldncare.screening").joinpath(
        "data/intake_questionnaire.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


def _walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        if item["type"] != "group":
            yield item
        yield from _walk(item.get("item", []))


def questions(definition: dict[str, Any] | None = None) -> tuple[Question, ...]:
    """Every answerable item, in form order."""
    definition = definition or load_questionnaire()
    return tuple(
        Question(
            link_id=item["linkId"], text=item["text"], type=item["type"],
            required=bool(item.get("required", False)), repeats=bool(item.get("repeats", False)),
            options=tuple(o["valueCoding"]["code"] for o in item.get("answerOption", [])),
            enable_when=tuple(item.get("enableWhen", [])),
        )
        for item in _walk(definition["item"])
    )


def _as_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    raise ValueError("answer yes or no")


def _as_date(value: Any) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _as_strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError("give a list of texts")
    lines = tuple(v.strip() for v in value if v.strip())
    too_long = [v for v in lines if len(v) > MAX_MEDICATION_LENGTH]
    if too_long:
        raise ValueError(f"one item per line, at most {MAX_MEDICATION_LENGTH} characters")
    return lines


def _read(question: Question, value: Any) -> Any:
    if question.type == "boolean":
        return _as_boolean(value)
    if question.type == "date":
        return _as_date(value)
    if question.type == "choice":
        if value not in question.options:
            raise ValueError(f"choose one of {', '.join(question.options)}")
        return value
    if question.repeats:
        return _as_strings(value)
    if not isinstance(value, str):
        raise ValueError("give a text")
    return value.strip()


def conditions_met(enable_when: Sequence[dict[str, Any]], values: dict[str, Any]) -> bool:
    """FHIR enableWhen with "any" behaviour, for the boolean questions this form uses.
    The portal hides exactly what :func:`read_answers` would drop."""
    if not enable_when:
        return True
    for condition in enable_when:
        answer = values.get(condition["question"])
        expected = condition["answerBoolean"]
        if condition["operator"] == "=" and answer is expected:
            return True
        if condition["operator"] == "!=" and answer is not expected:
            return True
    return False


def read_answers(answers: dict[str, Any], definition: dict[str, Any] | None = None
                 ) -> dict[str, Any]:
    """Check ``answers`` against the questionnaire; return typed values of enabled items.

    Answers to disabled items (a date left over after "no surgery") are dropped.
    Raises :class:`IntakeAnswersError` naming every linkId with a problem.
    """
    all_questions = questions(definition)
    known = {q.link_id for q in all_questions}
    errors = {k: "this question is not in the questionnaire" for k in answers if k not in known}
    values: dict[str, Any] = {}
    for question in all_questions:  # form order: enableWhen targets come first
        if not conditions_met(question.enable_when, values):
            continue
        value = answers.get(question.link_id)
        if value is None or value == "" or value == []:
            if question.required:
                errors[question.link_id] = "please answer this question"
            continue
        try:
            values[question.link_id] = _read(question, value)
        except ValueError as problem:
            errors[question.link_id] = str(problem)
    if errors:
        raise IntakeAnswersError(errors)
    return values


def answers_to_input(answers: dict[str, Any], definition: dict[str, Any] | None = None,
                     today: date | None = None) -> ScreeningInput:
    """Turn questionnaire answers (keyed by linkId) into a :class:`ScreeningInput`.

    With ``today``, dates that cannot be true (a last opioid dose in the
    future) are refused too.
    """
    values = read_answers(answers, definition)
    last_dose = values.get("last_opioid_dose")
    if today is not None and last_dose is not None and last_dose > today:
        raise IntakeAnswersError({"last_opioid_dose": "the last dose cannot be after today"})
    last_depot = values.get("last_depot_date")
    if today is not None and last_depot is not None and last_depot > today:
        raise IntakeAnswersError({"last_depot_date": "this date cannot be after today"})
    return ScreeningInput(
        medications=values.get("medications", ()),
        pregnant=values.get("pregnant", False),
        breastfeeding=values.get("breastfeeding", False),
        liver=values.get("liver", "none"),
        last_opioid_dose=last_dose,
        last_opioid_long_acting=values.get("last_opioid_long_acting", False),
        planned_surgery=values.get("planned_surgery"),
        currently_taking_opioids=values.get("currently_taking_opioids", False),
        opioid_use_disorder_treatment=values.get("opioid_use_disorder_treatment", False),
        thyroid_treatment=values.get("thyroid_treatment", False),
        immunosuppressant_or_transplant=values.get("immunosuppressant_or_transplant", False),
        naltrexone_allergy=values.get("naltrexone_allergy", False),
        naloxone_or_nalmefene_allergy=values.get("naloxone_or_nalmefene_allergy", False),
        drinks_alcohol=values.get("drinks_alcohol", False),
        taking_full_dose_naltrexone=values.get("naltrexone_history") == "full-dose-current",
        depot_product=values.get("depot_product"),
        last_depot_date=last_depot,
    )
