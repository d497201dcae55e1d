"""A clinic's settings: where the sources disagree, the clinic chooses, and
every default shows its source.

Reads (``screening_settings_for``, ``dosing_limits_for``,
``protocol_library_for``, ``rule_settings_for``) give the core objects the
other apps pass to the core: the sourced defaults with the clinic's stored
choices applied. The one write, :func:`update_clinic_settings`, validates a
change through the core (the core's own errors become form errors), in one
transaction, under a version check so two admins cannot overwrite each other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ldncare import dosing
from ldncare.dosing import DosingLimits, ProtocolLibrary
from ldncare.journal.errors import JournalError
from ldncare.journal.rules import RuleSettings, load_rulebook, rule_settings
from ldncare.screening import ScreeningSettings, describe_defaults
from ldncare.screening.settings import ScreeningSettingsError
from ldncare.units import Dose
from ldncare.web.access import may_change_clinic_settings
from ldncare.web.accounts.models import ClinicSettings, Organisation, User

#: The fields ``update_clinic_settings`` accepts.
CHANGEABLE = ("screening", "clinic_ceiling_mg", "hard_maximum_mg", "smallest_increment_mg",
              "minimum_age_years", "patient_agrees_to_cost", "default_protocol",
              "protocols", "decision_support")


class ClinicSettingsError(ValueError):
    """A change the core refuses. ``errors`` maps a field name (a screening or
    decision-support setting's own name, ``clinic_ceiling_mg``,
    ``hard_maximum_mg``, ``default_protocol``, ``protocols``; None for the
    whole form) to the message to show beside it."""

    def __init__(self, errors: dict[str | None, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class SettingsChangedMeanwhile(RuntimeError):
    """Another admin saved the settings since this one loaded them."""

    def __init__(self) -> None:
        super().__init__("Someone else changed these clinic settings while you were working on "
                         "them. Nothing was saved; your input is kept below. Check the new values "
                         "and submit again.")


# ---------------------------------------------------------------- reads


def stored_settings(clinic: Organisation) -> ClinicSettings | None:
    """The clinic's stored choices, or None while it uses every default."""
    return ClinicSettings.objects.filter(organisation=clinic).first()


def screening_settings_for(clinic: Organisation) -> ScreeningSettings:
    """The sourced screening defaults with the clinic's choices applied."""
    return _screening(_row_values(stored_settings(clinic))["screening"])


def dosing_limits_for(clinic: Organisation) -> DosingLimits:
    """The clinic's ceiling and hard maximum. A value the clinic chose says so
    in its source, next to the sourced default it replaced."""
    values = _row_values(stored_settings(clinic))
    return _limits(values["clinic_ceiling_mg"], values["hard_maximum_mg"],
                   values["smallest_increment_mg"])


def protocol_library_for(clinic: Organisation) -> ProtocolLibrary:
    """The built-in library plus the clinic's own protocols, with its default."""
    values = _row_values(stored_settings(clinic))
    return _library(values["protocols"], values["default_protocol"])


def rule_settings_for(clinic: Organisation) -> RuleSettings:
    """Decision-support settings: the sourced defaults with the clinic's overrides."""
    return rule_settings(_row_values(stored_settings(clinic))["decision_support"])


#: The age gate's default and where it comes from: a policy, not a clinical fact.
DEFAULT_MINIMUM_AGE = 18
MINIMUM_AGE_SOURCE = ("Clinic policy (LDN Care default): adults only. No LDN source sets an age "
                      "limit; the dose studies the product relies on were in adults, and LDN in "
                      "children is a specialist decision. Set the age your clinic's licence and "
                      "local law allow.")
#: The range a clinic may choose from.
MINIMUM_AGE_RANGE = (0, 30)


def minimum_age_for(clinic: Organisation) -> int:
    """The youngest age ``clinic`` accepts at sign-up."""
    value = _row_values(stored_settings(clinic))["minimum_age_years"]
    return DEFAULT_MINIMUM_AGE if value is None else int(value)


#: Whether the patient agrees to the cost before the prescription is sent: a
#: policy, on by default, because a patient should know what they will pay
#: before the pharmacy makes (and charges for) the medicine.
DEFAULT_PATIENT_AGREES_TO_COST = True
PATIENT_AGREES_TO_COST_SOURCE = (
    "Clinic policy (LDN Care default): the patient sees the monthly cost and the first fill's "
    "cost of the plan their prescriber wrote and agrees to it before the prescription goes to "
    "the pharmacy. Not a clinical fact.")


def cost_agreement_required_for(clinic: Organisation) -> bool:
    """Whether ``clinic``'s patients agree to a new prescription's cost before it is sent."""
    value = _row_values(stored_settings(clinic))["patient_agrees_to_cost"]
    return DEFAULT_PATIENT_AGREES_TO_COST if value is None else bool(value)


# ---------------------------------------------------------------- the page's rows


@dataclass(frozen=True)
class SettingRow:
    """One setting as the settings page shows it."""

    name: str
    group: str
    unit: str
    current: Any
    default: Any
    source: str
    alternatives: str = ""
    unverified: bool = False

    @property
    def changed(self) -> bool:
        return str(self.current) != str(self.default)

    @property
    def current_words(self) -> Any:
        return _words(self.current)

    @property
    def default_words(self) -> Any:
        return _words(self.default)


def _words(value: Any) -> Any:
    """A yes/no setting as words; any other value as it is."""
    return ("yes" if value else "no") if isinstance(value, bool) else value


def _plain(mg: Decimal) -> Decimal:
    """10.000 → 10 and 4.50 → 4.5: without trailing zeros and never in
    exponent form ("1E+1"), which ``Decimal.normalize()`` alone gives."""
    return Decimal(format(mg.normalize(), "f"))


def setting_rows(clinic: Organisation) -> list[SettingRow]:
    """Every setting with its current value, the sourced default, the source
    and the alternatives the sources give (from the core's data)."""
    screening = screening_settings_for(clinic).as_dict()
    rows = [SettingRow(d["setting"], "screening", d["unit"], screening[d["setting"]], d["default"],
                       d["source"], d.get("alternatives", ""))
            for d in describe_defaults()]
    core_limits, limits = DosingLimits(), dosing_limits_for(clinic)
    rows += [
        SettingRow("clinic_ceiling_mg", "dosing", "mg", _plain(limits.clinic_ceiling.mg),
                   _plain(core_limits.clinic_ceiling.mg), core_limits.clinic_ceiling_source,
                   "may be lowered or raised up to the hard maximum; a prescriber passes it "
                   "only with a recorded reason"),
        SettingRow("hard_maximum_mg", "dosing", "mg", _plain(limits.hard_maximum.mg),
                   _plain(core_limits.hard_maximum.mg), core_limits.hard_maximum_source,
                   "may be lowered, never raised above the sourced maximum"),
        SettingRow("smallest_increment_mg", "dosing", "mg", _plain(limits.smallest_increment.mg),
                   _plain(core_limits.smallest_increment.mg),
                   core_limits.smallest_increment_source,
                   "a finer increment (e.g. 0.1 mg) for clinics that dose in tenths; every new "
                   "plan's doses are multiples of it"),
    ]
    rows.append(SettingRow("minimum_age_years", "patients", "years", minimum_age_for(clinic),
                           DEFAULT_MINIMUM_AGE, MINIMUM_AGE_SOURCE,
                           "any whole number of years from 0 to 30; a younger patient is told "
                           "at sign-up, and nothing is saved"))
    rows.append(SettingRow("patient_agrees_to_cost", "prescriptions", "",
                           cost_agreement_required_for(clinic), DEFAULT_PATIENT_AGREES_TO_COST,
                           PATIENT_AGREES_TO_COST_SOURCE,
                           "no, for clinics that agree the cost with the patient another way: "
                           "approval then sends the prescription to the pharmacy at once"))
    rules = rule_settings_for(clinic)
    rows += [SettingRow(name, "decision_support", "", getattr(rules, name), s.value, s.source,
                        unverified=s.unverified)
             for name, s in load_rulebook().settings.items()]
    return rows


def clinic_protocol_names(clinic: Organisation) -> list[str]:
    """Names of the protocols the clinic added itself."""
    return [p.get("name", "?") for p in _row_values(stored_settings(clinic))["protocols"]]


# ---------------------------------------------------------------- the write


@transaction.atomic
def update_clinic_settings(clinic: Organisation, *, admin: User,
                           expected_version: int | None = None,
                           **changes: Any) -> ClinicSettings:
    """Apply ``changes`` (keys from :data:`CHANGEABLE`) to the clinic's settings.

    Every value is validated through the core before anything is written;
    a value equal to the sourced default is stored as "no override", so the
    default (and its source) keeps showing. Raises :class:`ClinicSettingsError`
    (with each field's message), :class:`SettingsChangedMeanwhile` when
    ``expected_version`` is stale, :class:`PermissionError` for anyone but
    the clinic's admin.
    """
    if not may_change_clinic_settings(admin, clinic):
        raise PermissionError("Only this clinic's admin can change its settings.")
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise ClinicSettingsError({None: f"Unknown setting(s): {', '.join(sorted(unknown))}."})
    ClinicSettings.objects.get_or_create(organisation=clinic)
    row = ClinicSettings.objects.select_for_update().get(organisation=clinic)
    if expected_version is not None and row.version != expected_version:
        raise SettingsChangedMeanwhile()
    values = {**_row_values(row), **changes}
    _validate(values)
    for name, value in _without_defaults(values).items():
        setattr(row, name, value)
    row.version += 1
    row.updated_by, row.updated_at = admin, timezone.now()
    row.save()
    return row


def add_clinic_protocol(clinic: Organisation, *, admin: User, definition: Any,
                        expected_version: int | None = None) -> ClinicSettings:
    """Add (or replace, by name) one of the clinic's own protocols."""
    if not isinstance(definition, dict):
        raise ClinicSettingsError({"protocols": "A protocol is a set of fields (name, title, "
                                                "start_mg, … references), as in dosing.yaml."})
    current = [p for p in _row_values(stored_settings(clinic))["protocols"]
               if p.get("name") != definition.get("name")]
    return update_clinic_settings(clinic, admin=admin, expected_version=expected_version,
                                  protocols=[*current, definition])


def remove_clinic_protocol(clinic: Organisation, *, admin: User, name: str,
                           expected_version: int | None = None) -> ClinicSettings:
    """Remove one of the clinic's own protocols (not while it is the default)."""
    values = _row_values(stored_settings(clinic))
    if values["default_protocol"] == name:
        raise ClinicSettingsError({"protocols": f"'{name}' is the clinic's default protocol; "
                                                "choose another default first."})
    kept = [p for p in values["protocols"] if p.get("name") != name]
    return update_clinic_settings(clinic, admin=admin, expected_version=expected_version,
                                  protocols=kept)


# ---------------------------------------------------------------- helpers


def _row_values(row: ClinicSettings | None) -> dict[str, Any]:
    if row is None:
        return {"screening": {}, "clinic_ceiling_mg": None, "hard_maximum_mg": None,
                "smallest_increment_mg": None, "minimum_age_years": None,
                "patient_agrees_to_cost": None, "default_protocol": "", "protocols": [],
                "decision_support": {}}
    return {name: getattr(row, name) for name in CHANGEABLE}


def _screening(overrides: dict[str, Any]) -> ScreeningSettings:
    return ScreeningSettings(**{**ScreeningSettings().as_dict(), **overrides})


def _limits(ceiling: Decimal | None, hard_maximum: Decimal | None,
            increment: Decimal | None = None) -> DosingLimits:
    core = DosingLimits()
    ceiling_dose = core.clinic_ceiling if ceiling is None else Dose(ceiling)
    maximum_dose = core.hard_maximum if hard_maximum is None else Dose(hard_maximum)
    increment_dose = core.smallest_increment if increment is None else Dose(increment)
    return DosingLimits(
        clinic_ceiling=ceiling_dose, hard_maximum=maximum_dose,
        clinic_ceiling_source=_source(ceiling, core.clinic_ceiling, core.clinic_ceiling_source),
        hard_maximum_source=_source(hard_maximum, core.hard_maximum, core.hard_maximum_source),
        smallest_increment=increment_dose,
        smallest_increment_source=_source(increment, core.smallest_increment,
                                          core.smallest_increment_source))


def _source(chosen: Decimal | None, default: Dose, default_source: str) -> str:
    if chosen is None:
        return default_source
    return f"The clinic's own setting; the sourced default is {default}: {default_source}"


def _library(protocols: list[dict[str, Any]], default_protocol: str) -> ProtocolLibrary:
    library = dosing.load_library()
    if not protocols and not default_protocol:
        return library
    return library.with_clinic_protocols(protocols, default_protocol=default_protocol or None)


def _validate(values: dict[str, Any]) -> None:
    """Build every core object from ``values``; collect each refusal by field."""
    errors: dict[str | None, str] = {}
    errors.update(_screening_errors(values["screening"]))
    errors.update(_dosing_errors(values["clinic_ceiling_mg"], values["hard_maximum_mg"]))
    errors.update(_increment_errors(values["smallest_increment_mg"]))
    errors.update(_minimum_age_errors(values["minimum_age_years"]))
    if values["patient_agrees_to_cost"] not in (None, True, False):
        errors["patient_agrees_to_cost"] = "Say yes or no."
    errors.update(_protocol_errors(values["protocols"], values["default_protocol"]))
    errors.update(_rule_errors(values["decision_support"]))
    if errors:
        raise ClinicSettingsError(errors)


def _screening_errors(overrides: Any) -> dict[str | None, str]:
    known = {d["setting"] for d in describe_defaults()}
    if not isinstance(overrides, dict) or set(overrides) - known:
        return {None: f"Screening settings are: {', '.join(sorted(known))}."}
    try:
        _screening(overrides)
    except (ScreeningSettingsError, TypeError) as error:
        # The core names the setting in its message; show it beside that field.
        named = [n for n in sorted(known, key=len, reverse=True) if n in str(error)]
        return {named[0] if named else None: str(error)}
    return {}


def _dosing_errors(ceiling: Decimal | None, hard_maximum: Decimal | None) -> dict[str | None, str]:
    core = DosingLimits()
    if hard_maximum is not None:
        if Decimal(hard_maximum) > core.hard_maximum.mg:
            return {"hard_maximum_mg": f"The hard maximum can be lowered but never raised above "
                                       f"the sourced {core.hard_maximum}. "
                                       f"Source: {core.hard_maximum_source}"}
        if Decimal(hard_maximum) <= 0:
            return {"hard_maximum_mg": "The hard maximum must be more than 0 mg."}
    try:
        _limits(ceiling, hard_maximum)
    except (dosing.DosingError, ValueError) as error:
        return {"clinic_ceiling_mg": str(error)}
    return {}


def _increment_errors(increment: Decimal | None) -> dict[str | None, str]:
    """An increment is a whole number of micrograms, above 0 and at most 1 mg."""
    if increment is None:
        return {}
    try:
        dose = Dose(increment)
    except ValueError as error:
        return {"smallest_increment_mg": str(error)}
    if not Decimal("0") < dose.mg <= Decimal("1"):
        return {"smallest_increment_mg": "The smallest dose increment must be more than 0 mg "
                                         "and at most 1 mg."}
    return {}


def _minimum_age_errors(age: Any) -> dict[str | None, str]:
    low, high = MINIMUM_AGE_RANGE
    if age is None:
        return {}
    if not isinstance(age, int) or isinstance(age, bool) or not low <= age <= high:
        return {"minimum_age_years": f"The minimum age is a whole number of years from {low} "
                                     f"to {high}."}
    return {}


def _protocol_errors(protocols: Any, default_protocol: str) -> dict[str | None, str]:
    if not isinstance(protocols, list):
        return {"protocols": "The clinic's protocols must be a list."}
    try:
        json.dumps(protocols)
    except (TypeError, ValueError):
        return {"protocols": "A protocol may hold only text, numbers and lists (no dates)."}
    for definition in protocols:
        try:
            dosing.validate_protocol(definition)
        except (dosing.DosingError, AttributeError) as error:
            return {"protocols": str(error)}
    try:
        _library(protocols, default_protocol)
    except dosing.DosingError as error:
        return {"default_protocol": str(error)}
    return {}


def _rule_errors(overrides: Any) -> dict[str | None, str]:
    if not isinstance(overrides, dict):
        return {None: "Decision-support settings must be a set of names and numbers."}
    try:
        rule_settings(overrides)
    except JournalError as error:
        named = [n for n in overrides if f"'{n}'" in str(error)]
        return {named[0] if named else None: str(error)}
    return {}


def _without_defaults(values: dict[str, Any]) -> dict[str, Any]:
    """Store only real overrides, so an untouched setting keeps its source."""
    core_screening = ScreeningSettings().as_dict()
    core_rules = {name: s.value for name, s in load_rulebook().settings.items()}
    core_limits = DosingLimits()
    library_default = dosing.load_library().default_protocol
    return {
        "screening": {k: v for k, v in values["screening"].items() if core_screening[k] != v},
        "clinic_ceiling_mg": _unless_equal(values["clinic_ceiling_mg"], core_limits.clinic_ceiling),
        "hard_maximum_mg": _unless_equal(values["hard_maximum_mg"], core_limits.hard_maximum),
        "smallest_increment_mg": _unless_equal(values["smallest_increment_mg"],
                                               core_limits.smallest_increment),
        "minimum_age_years": (None if values["minimum_age_years"] == DEFAULT_MINIMUM_AGE
                              else values["minimum_age_years"]),
        "patient_agrees_to_cost": (None if values["patient_agrees_to_cost"]
                                   in (None, DEFAULT_PATIENT_AGREES_TO_COST)
                                   else values["patient_agrees_to_cost"]),
        "default_protocol": ("" if values["default_protocol"] == library_default
                             else values["default_protocol"] or ""),
        "protocols": values["protocols"],
        "decision_support": {k: v for k, v in values["decision_support"].items()
                             if core_rules[k] != v},
    }


def _unless_equal(value: Decimal | None, default: Dose) -> Decimal | None:
    if value is None or Decimal(value) == default.mg:
        return None
    return Decimal(value)
