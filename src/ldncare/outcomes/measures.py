"""The measures outcomes can analyse, taken from the journal's own catalogues.

One place for codes: daily ratings come from the check-in catalogue
(``journal/data/checkin.yaml``) and questionnaires from the instrument library
(``journal/data/instruments.yaml``). A responder definition, a condition's
primary measure or an analysis that names anything else is an error when it
is loaded, not a silent "not evaluable" months later.

One historical alias stays: the journal's ``sleep_quality`` rating is called
``sleep`` in the outcomes analysis and the research export.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from ldncare.journal.checkin import load_catalogue
from ldncare.journal.instruments import load_instruments
from ldncare.outcomes.errors import OutcomesDataError

#: Journal rating code → the measure name of the outcomes analysis.
RATING_ALIASES: Mapping[str, str] = {"sleep_quality": "sleep"}


@dataclass(frozen=True)
class Measure:
    """A measure the analysis can read: a daily rating or a questionnaire total."""

    code: str
    label: str
    kind: str  # "rating" (daily 0–10) or "questionnaire"
    worse_when: str  # "high" or "low"
    asks_about_change: bool = False
    meaningful_change: float | None = None

    @property
    def direction(self) -> str:
        """Which way is better, in the analysis's words: ``lower`` or ``higher``."""
        return "lower" if self.worse_when == "high" else "higher"


def _short_name(name: str) -> str:
    """"Patient Health Questionnaire-9 (PHQ-9)" → "PHQ-9": the abbreviation patients see."""
    if name.endswith(")") and "(" in name:
        return name[name.rindex("(") + 1:-1]
    return name


@cache
def measure_catalogue() -> Mapping[str, Measure]:
    """Every measure by code: the check-in ratings, then the instrument library."""
    out: dict[str, Measure] = {}
    for rating in load_catalogue().ratings:
        code = RATING_ALIASES.get(rating.code, rating.code)
        out[code] = Measure(code, rating.label.lower(), "rating", rating.worse_when)
    for instrument in load_instruments().instruments:
        out[instrument.code] = Measure(
            instrument.code, f"{_short_name(instrument.name)} ({instrument.measures})",
            "questionnaire",
            instrument.worse_when, instrument.asks_about_change,
            float(instrument.meaningful_change) if instrument.meaningful_change else None)
    return out


def questionnaire_codes() -> tuple[str, ...]:
    """The instrument codes, as the journal stores them on a questionnaire response."""
    return tuple(m.code for m in measure_catalogue().values() if m.kind == "questionnaire")


def label(code: str) -> str:
    """What a patient reads for ``code`` (never the raw key when the code is known)."""
    known = measure_catalogue().get(code)
    return known.label if known else code.replace("_", " ")


def require_known(codes: Iterable[str], where: str) -> None:
    """Raise :class:`OutcomesDataError` when ``where`` names a measure that does not exist."""
    catalogue = measure_catalogue()
    unknown = sorted(set(codes) - set(catalogue))
    if unknown:
        raise OutcomesDataError(
            f"{where} names {', '.join(repr(u) for u in unknown)}, which is neither a check-in "
            f"rating nor a questionnaire of the instrument library; known: "
            f"{', '.join(sorted(catalogue))}")


def default_directions() -> dict[str, str]:
    """``{code: 'lower' | 'higher'}`` for every known measure (which way is better)."""
    return {code: m.direction for code, m in measure_catalogue().items()}


def default_meaningful_changes() -> dict[str, float]:
    """Meaningful changes the instrument library states (e.g. NRS pain: 2 points)."""
    return {code: m.meaningful_change for code, m in measure_catalogue().items()
            if m.meaningful_change is not None}


def answer_label(code: str, value: int) -> str:
    """The words of answer ``value`` of single-item questionnaire ``code`` (e.g. PGIC 2 →
    "Much improved"); the number itself when the library has no such option."""
    for instrument in load_instruments().instruments:
        if instrument.code == code:
            for option in instrument.options:
                if option.value == value:
                    return option.label
    return str(value)
