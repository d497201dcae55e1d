"""Beyond-use dates: their own field, set by USP <795> category and storage or by
a cited stability study, and never later than the earliest component expiry.

Sources are in ``data/bud.yaml``. The day of compounding is day 1: a 14-day BUD
for a batch made on 1 March ends on 14 March. A stability study applies only to
what it tested (category, storage, strength range, container), and no study
sets more than the data's cap on extended BUDs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ldncare.compounding.errors import CompoundingError
from ldncare.compounding.reference import (
    BudCategory,
    BudRules,
    StabilityStudy,
    Storage,
    data_version,
    load_bud_rules,
)
from ldncare.compounding.serial import Stored
from ldncare.units import format_mg


@dataclass(frozen=True)
class ComponentExpiry(Stored):
    """The expiry of one ingredient lot used in a batch."""

    ingredient: str
    lot: str
    expires_on: dt.date


@dataclass(frozen=True)
class BeyondUseDate(Stored):
    """A batch's beyond-use date with the reason for it.

    ``days`` is the length of the BUD as finally set (shorter than the rule's
    when a component expiry caps it); ``basis`` says which rule or study set it
    and is what labels and records print.
    """

    compounded_on: dt.date
    beyond_use_date: dt.date
    days: int
    category: BudCategory
    storage: Storage
    storage_text: str
    basis: str
    source: str
    study: str | None
    capped_by: ComponentExpiry | None
    caveat: str
    data_version: str
    working: tuple[str, ...]


def storage_allowed(category: BudCategory, storage: Storage,
                    rules: BudRules | None = None) -> bool:
    """Whether USP <795> allows ``storage`` for a preparation of ``category``."""
    rules = rules or load_bud_rules()
    return storage in rules.categories[category].storage


def _default_days(category: BudCategory, storage: Storage, rules: BudRules) -> tuple[int, str, str]:
    rule = rules.categories[category]
    if storage not in rule.storage:
        allowed = " or ".join(s.value.replace("_", " ") for s in rule.storage)
        raise CompoundingError(
            f"preparations that are {rule.name} must be stored in the {allowed}, "
            f"not at {storage.value.replace('_', ' ')}")
    basis = f"USP <795> default for {rule.name}: {rule.days} days"
    return rule.days, basis, rules.rule_source


def _study_days(study: StabilityStudy, category: BudCategory, storage: Storage,
                strength: Decimal | None, container: str | None,
                rules: BudRules) -> tuple[int, str, str]:
    if study.category is not category:
        raise CompoundingError(
            f"stability study {study.key} covers {study.category.value} preparations, "
            f"not {category.value}")
    if study.storage is not storage:
        raise CompoundingError(
            f"stability study {study.key} supports storage in "
            f"{study.storage.value.replace('_', ' ')} only")
    _check_tested_strength(study, strength)
    if study.container and container and container != study.container:
        raise CompoundingError(f"stability study {study.key} tested {study.container}s, not "
                               f"{container}s")
    days = min(study.days, rules.extension_cap_days)
    basis = f"stability study {study.key}: {study.days} days ({study.conditions})"
    if days < study.days:
        basis += (f", limited to {days} days (the longest BUD a study may set here: "
                  f"{' '.join(rules.extension_cap_basis.split())})")
    return days, basis, study.citation


def _check_tested_strength(study: StabilityStudy, strength: Decimal | None) -> None:
    """Refuse a strength outside the range the study tested."""
    low, high = study.strength_min, study.strength_max
    if strength is None or low is None or high is None:
        return
    if not low <= strength <= high:
        tested = (f"{format_mg(low)} {study.strength_unit}" if low == high
                  else f"{format_mg(low)}-{format_mg(high)} {study.strength_unit}")
        raise CompoundingError(
            f"stability study {study.key} tested {tested} only, not "
            f"{format_mg(strength)} {study.strength_unit}: use the USP <795> default")


def _earliest(expiries: Sequence[ComponentExpiry]) -> ComponentExpiry | None:
    return min(expiries, key=lambda e: e.expires_on) if expiries else None


def beyond_use_date(compounded_on: dt.date, category: BudCategory | str,
                    storage: Storage | str, *, study: str | None = None,
                    strength: Decimal | None = None, container: str | None = None,
                    component_expiries: Sequence[ComponentExpiry] = (),
                    rules: BudRules | None = None) -> BeyondUseDate:
    """The BUD of a batch made on ``compounded_on`` (day 1).

    Without ``study`` the USP <795> default for ``category`` and ``storage``
    applies; with it, the named stability study sets the days, up to the cap on
    extended BUDs. The study must match the category and storage, the
    ``strength`` (mg per capsule, or mg/mL) and the ``container``, where both
    are known. Either way the date is moved earlier to the first component
    expiry, if that comes sooner. Raises :class:`CompoundingError` for a storage
    the category does not allow, a study that does not fit, or a component
    already expired.
    """
    if isinstance(compounded_on, dt.datetime):
        raise CompoundingError("give the compounding day as a date, not a datetime")
    rules = rules or load_bud_rules()
    category, storage = _category(category), _storage(storage)
    caveat = ""
    if study is None:
        days, basis, source = _default_days(category, storage, rules)
    else:
        _default_days(category, storage, rules)  # the storage must still be legal
        chosen = rules.study(study)
        days, basis, source = _study_days(chosen, category, storage, strength, container, rules)
        caveat = " ".join(filter(None, [rules.extension_caveat, chosen.strengths_note]))
    working = [f"{basis}, counted from {compounded_on.isoformat()} as day 1"]
    date = compounded_on + dt.timedelta(days=days - 1)
    working.append(f"day 1 is {compounded_on.isoformat()}, so day {days} is {date.isoformat()}")
    first = _earliest(component_expiries)
    capped_by = None
    if first is not None:
        if first.expires_on <= compounded_on:
            raise CompoundingError(
                f"{first.ingredient} lot {first.lot} expired on {first.expires_on.isoformat()}; "
                "it cannot be used")
        if first.expires_on < date:
            capped_by, date = first, first.expires_on
            basis += (f"; capped at the expiry of {first.ingredient} lot {first.lot} "
                      f"({first.expires_on.isoformat()})")
            working.append(f"earliest component expiry {first.expires_on.isoformat()} "
                           f"({first.ingredient} lot {first.lot}) comes first, so the BUD "
                           f"is moved to it ({rules.component_expiry_cap.strip()})")
        else:
            working.append(f"earliest component expiry {first.expires_on.isoformat()} "
                           "is later, so it does not change the BUD")
    return BeyondUseDate(
        compounded_on=compounded_on, beyond_use_date=date,
        days=(date - compounded_on).days + 1, category=category, storage=storage,
        storage_text=rules.storage[storage], basis=basis, source=" ".join(source.split()),
        study=study, capped_by=capped_by, caveat=" ".join(caveat.split()),
        data_version=data_version(), working=tuple(working))


def _category(value: BudCategory | str) -> BudCategory:
    try:
        return BudCategory(value)
    except ValueError:
        known = ", ".join(c.value for c in BudCategory)
        raise CompoundingError(f"unknown BUD category {value!r}; use one of: {known}") from None


def _storage(value: Storage | str) -> Storage:
    try:
        return Storage(value)
    except ValueError:
        known = ", ".join(s.value for s in Storage)
        raise CompoundingError(f"unknown storage {value!r}; use one of: {known}") from None
