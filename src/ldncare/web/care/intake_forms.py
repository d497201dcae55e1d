"""The intake form, generated from the questionnaire definition
(``ldncare.screening.load_questionnaire()``), and the checks a draft passes.

Answers are kept as the questionnaire reads them, keyed by linkId: booleans as
true/false, dates as "YYYY-MM-DD" text, choices as their code, repeating items
as lists of texts. The form only collects; :func:`ldncare.screening.answers_to_input`
decides what is valid at submission, and its errors are put beside each question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ldncare.screening import load_questionnaire
from ldncare.screening.questionnaire import conditions_met
from ldncare.web.care.models import Screening

#: Generous limits on what a draft may hold; the real checks run on submission.
MAX_DRAFT_TEXT = 1000
MAX_DRAFT_ITEMS = 60
YES_NO = [("yes", "Yes"), ("no", "No")]


class DraftAnswersError(ValueError):
    """Draft answers of the wrong shape; ``errors`` maps each linkId to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def _items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for item in items:
        if item["type"] != "group":
            found.append(item)
        found += _items(item.get("item", []))
    return found


def answerable_items(definition: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Each answerable item of the questionnaire by linkId, in form order."""
    return {item["linkId"]: item for item in _items((definition or load_questionnaire())["item"])}


def _draft_problem(item: dict[str, Any], value: Any) -> str | None:
    if value is None:
        return None
    if item.get("repeats"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "give a list of texts"
        if len(value) > MAX_DRAFT_ITEMS or any(len(v) > MAX_DRAFT_TEXT for v in value):
            return f"at most {MAX_DRAFT_ITEMS} lines of {MAX_DRAFT_TEXT} characters"
        return None
    if item["type"] == "boolean" and isinstance(value, bool):
        return None
    if not isinstance(value, str):
        return "give a text" if item["type"] != "boolean" else "answer yes or no"
    if len(value) > MAX_DRAFT_TEXT:
        return f"at most {MAX_DRAFT_TEXT} characters"
    return None


def check_draft(answers: Any) -> dict[str, Any]:
    """Return ``answers`` if a draft may hold them (known linkIds, values of the
    right shape); raise :class:`DraftAnswersError` otherwise. Half-typed dates
    and unanswered questions are fine in a draft."""
    if not isinstance(answers, dict):
        raise DraftAnswersError({"answers": "give an object of answers keyed by linkId"})
    items = answerable_items()
    errors = {str(k): "this question is not in the questionnaire"
              for k in answers if k not in items}
    for link_id, value in answers.items():
        if link_id in items and (problem := _draft_problem(items[link_id], value)):
            errors[link_id] = problem
    if errors:
        raise DraftAnswersError(errors)
    return {k: v for k, v in answers.items() if v is not None}


class RepeatingTextInput(forms.Widget):
    """One text box per entry (a medicine, a supplement), plus blank ones to add more."""

    def __init__(self, blank_rows: int = 2, item_label: str = "Entry",
                 attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.blank_rows = blank_rows
        self.item_label = item_label

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return data.getlist(name) if hasattr(data, "getlist") else list(data.get(name) or [])

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        filled = [v for v in (value or []) if str(v).strip()]
        rows = filled + [""] * self.blank_rows
        first_id = (attrs or {}).get("id") or f"id_{name}"
        cells = format_html_join(
            "", '<li><input type="text" name="{}" value="{}" id="{}" maxlength="{}" '
                'aria-label="{} {}" autocomplete="off"></li>',
            ((name, text, first_id if i == 0 else f"{first_id}_{i}", MAX_DRAFT_TEXT,
              self.item_label, i + 1) for i, text in enumerate(rows)))
        return format_html('<ol class="repeating" data-testid="{}-list">{}</ol>', name, cells)


class RepeatingTextField(forms.Field):
    widget = RepeatingTextInput

    def to_python(self, value: Any) -> list[str]:
        return [v.strip() for v in (value or []) if isinstance(v, str) and v.strip()]


class LinesField(forms.CharField):
    """A repeating text item answered in a text area, one entry per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value


def _enable_hint(item: dict[str, Any], items: dict[str, dict[str, Any]]) -> str:
    """Say in words when a conditional question applies (the form shows them all)."""
    hints = []
    for condition in item.get("enableWhen", []):
        other = items[condition["question"]]["text"]
        said = "yes" if condition["answerBoolean"] else "no"
        if condition["operator"] == "=":
            hints.append(f"Answer this if you said {said} to \u201c{other}\u201d")
        else:
            hints.append(f"Not needed if you said {said} to \u201c{other}\u201d")
    return " or ".join(hints)


def _field(item: dict[str, Any], items: dict[str, dict[str, Any]], blank_rows: int
           ) -> forms.Field:
    label, hint = item["text"], _enable_hint(item, items)
    common: dict[str, Any] = {"label": label, "required": False, "help_text": hint}
    kind = item["type"]
    if kind == "boolean" and not item.get("required"):
        return forms.BooleanField(**common)
    if kind == "boolean":
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if kind == "choice":
        options = [(o["valueCoding"]["code"], o["valueCoding"]["display"])
                   for o in item["answerOption"]]
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    if kind == "date":
        return forms.CharField(max_length=20, widget=forms.DateInput(attrs={"type": "date"}),
                               **common)
    if item.get("repeats") and item["linkId"] == "medications":
        return RepeatingTextField(widget=RepeatingTextInput(blank_rows, "Medicine or supplement"),
                                  **common)
    if item.get("repeats"):
        return LinesField(max_length=MAX_DRAFT_TEXT * 4, **common)
    return forms.CharField(max_length=MAX_DRAFT_TEXT, **common)


def controlling_questions(items: dict[str, dict[str, Any]]) -> set[str]:
    """The linkIds other questions' ``enableWhen`` depend on."""
    return {c["question"] for item in items.values() for c in item.get("enableWhen", [])}


def is_enabled(item: dict[str, Any], answers: dict[str, Any]) -> bool:
    """Whether ``item`` applies given ``answers``: the rule submission applies."""
    return conditions_met(item.get("enableWhen", ()), answers)


def _ask_for_dependents(field: forms.Field, link_id: str) -> None:
    """When this answer changes, htmx posts the form and swaps in the questions
    that depend on it, hidden or shown (out of band, by their ids). Attributes
    only: the CSP forbids inline script and hx-on."""
    field.widget.attrs.update({
        "hx-post": reverse("care:intake_questions", args=[link_id]),
        "hx-trigger": "change", "hx-include": "closest form", "hx-swap": "none",
    })


def to_initial(answers: dict[str, Any]) -> dict[str, Any]:
    """Stored answers as the form's initial values."""
    items = answerable_items()
    initial: dict[str, Any] = {}
    for link_id, value in answers.items():
        item = items.get(link_id)
        if item and item["type"] == "boolean" and item.get("required") and isinstance(value, bool):
            value = "yes" if value else "no"
        initial[link_id] = value
    return initial


@dataclass
class QuestionRow:
    """One question, shaped like a form for ``form_fields.html``. ``conditional``
    questions get a wrapper htmx can swap; ``shown`` is False when their
    ``enableWhen`` is not met by the answers so far (and they have no error)."""

    field: forms.BoundField
    conditional: bool
    shown: bool

    def visible_fields(self) -> list[forms.BoundField]:
        return [self.field]

    def hidden_fields(self) -> list[forms.BoundField]:
        return []

    def non_field_errors(self) -> list[str]:
        return []


@dataclass
class Section:
    """One group of the questionnaire, shaped like a form for ``form_fields.html``."""

    title: str
    fields: list[forms.BoundField]
    form: IntakeForm

    def visible_fields(self) -> list[forms.BoundField]:
        return self.fields

    def hidden_fields(self) -> list[forms.BoundField]:
        return []

    def non_field_errors(self) -> list[str]:
        return []

    def rows(self) -> list[QuestionRow]:
        return [self.form.row(field.name) for field in self.fields]


#: Questions that apply only to someone who could be pregnant.
PREGNANCY_QUESTIONS = frozenset({"pregnant", "breastfeeding"})


class IntakeForm(forms.Form):
    """Every answerable item of the questionnaire as a field named by its linkId.

    No field is required here: a draft may be half done. ``answers()`` gives
    the cleaned values in the stored shape.
    """

    def __init__(self, *args: Any, blank_rows: int = 2,
                 not_asked: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = load_questionnaire()
        self.items = answerable_items(self.definition)
        #: Yes/no questions that do not apply to this patient (the pregnancy
        #: questions when their sex at birth is male): not shown, answered "no".
        self.not_asked = frozenset(k for k in not_asked if k in self.items
                                   and self.items[k]["type"] == "boolean"
                                   and not self.items[k].get("enableWhen"))
        for link_id in self.not_asked:
            del self.items[link_id]
        for link_id, item in self.items.items():
            self.fields[link_id] = _field(item, self.items, blank_rows)
        for link_id in controlling_questions(self.items):
            _ask_for_dependents(self.fields[link_id], link_id)
        self._answers_so_far: dict[str, Any] | None = None

    def answers_so_far(self) -> dict[str, Any]:
        """The answers the conditions read: what was posted (bound) or stored (initial)."""
        if self._answers_so_far is None:
            if self.is_bound:
                self.errors  # noqa: B018 -- cleans the form once, so cleaned_data exists
                self._answers_so_far = self.answers()
            else:
                self._answers_so_far = {k: self._stored(k, v) for k, v in self.initial.items()}
        return self._answers_so_far

    def _stored(self, link_id: str, value: Any) -> Any:
        item = self.items.get(link_id, {})
        if item.get("type") == "boolean" and value in ("yes", "no"):
            return value == "yes"
        return value

    def row(self, link_id: str) -> QuestionRow:
        item, bound = self.items[link_id], self[link_id]
        conditional = bool(item.get("enableWhen"))
        shown = (not conditional or bool(bound.errors)
                 or is_enabled(item, self.answers_so_far()))
        return QuestionRow(bound, conditional, shown)

    def dependents_of(self, link_id: str) -> list[QuestionRow]:
        """The questions whose ``enableWhen`` names ``link_id``, in form order."""
        return [self.row(k) for k, item in self.items.items()
                if any(c["question"] == link_id for c in item.get("enableWhen", []))]

    def sections(self) -> list[Section]:
        found = []
        for group in self.definition["item"]:
            names = [i["linkId"] for i in _items(group.get("item", []))
                     if i["linkId"] in self.fields]
            if names:
                found.append(Section(group["text"], [self[n] for n in names], self))
        return found

    def answers(self) -> dict[str, Any]:
        """The cleaned values as stored answers; unanswered items are left out."""
        answers: dict[str, Any] = dict.fromkeys(sorted(self.not_asked), False)
        for link_id, item in self.items.items():
            value = self.cleaned_data.get(link_id)
            if item["type"] == "boolean" and not item.get("required"):
                if value:
                    answers[link_id] = True
            elif item["type"] == "boolean":
                if value:
                    answers[link_id] = value == "yes"
            elif item.get("repeats"):
                lines = value if isinstance(value, list) else (value or "").splitlines()
                lines = [line.strip() for line in lines if line.strip()]
                if lines:
                    answers[link_id] = lines
            elif value:
                answers[link_id] = value.strip()
        return answers

    def add_answer_errors(self, errors: dict[str, str]) -> None:
        """Put each linkId's problem beside its question (others above the form)."""
        for link_id, message in errors.items():
            self.add_error(link_id if link_id in self.fields else None, message[:1].upper()
                           + message[1:] + ("" if message.endswith(".") else "."))


class ScreeningDecisionForm(forms.Form):
    """A prescriber's decision on a screening that needs one; the reason is required."""

    decision = forms.ChoiceField(label="Your decision", widget=forms.RadioSelect,
                                 choices=Screening.Decision.choices)
    reason = forms.CharField(label="Reason", max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}), help_text="Recorded on the patient's timeline for the clinic team.")


def answer_text(item: dict[str, Any] | None, value: Any) -> str:
    """One stored answer in the words the patient chose it by: Yes/No, an
    option's label (never its code), a list joined by commas."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value if str(v).strip()) or "None given"
    options = {o["valueCoding"]["code"]: o["valueCoding"]["display"]
               for o in (item or {}).get("answerOption", [])}
    if value in options:
        return str(options[value])
    return str(value)


def answer_sections(answers: dict[str, Any], not_asked: frozenset[str] = frozenset()
                    ) -> list[tuple[str, list[tuple[str, str]]]]:
    """The stored answers as (section title, [(question, answer)]) in form
    order, leaving out questions the patient did not answer or was not asked
    (``not_asked``: link ids, e.g. the pregnancy questions)."""
    definition = load_questionnaire()
    items = answerable_items(definition)
    found = []
    for group in definition["item"]:
        rows = [(item["text"], answer_text(item, answers[item["linkId"]]))
                for item in _items(group.get("item", []))
                if item["linkId"] not in not_asked
                and answers.get(item["linkId"]) not in (None, "", [])]
        if rows:
            found.append((group["text"], rows))
    known = set(items)
    extra = [(key, answer_text(None, value)) for key, value in answers.items()
             if key not in known and key not in not_asked and value not in (None, "", [])]
    return found + ([("Other answers", extra)] if extra else [])
