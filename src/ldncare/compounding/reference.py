"""Load and validate the compounding data files (``data/*.yaml``).

Clinical content is data: capsule volumes, fillers, tolerances, syringe
limits, USP <795> categories, stability studies and master formulation
records all live in YAML with their sources. Each file has a ``version`` that
results record, so a stored batch can be reproduced.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ldncare.compounding.errors import ReferenceDataError
from ldncare.datafile import load_yaml

DATA_DIR = Path(__file__).parent / "data"


class BudCategory(StrEnum):
    """USP <795> (2023) preparation categories that set the default BUD."""

    NONPRESERVED_AQUEOUS = "nonpreserved_aqueous"
    PRESERVED_AQUEOUS = "preserved_aqueous"
    NONAQUEOUS_LIQUID = "nonaqueous_liquid"
    SOLID = "solid"


class Storage(StrEnum):
    REFRIGERATOR = "refrigerator"
    ROOM_TEMPERATURE = "room_temperature"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Limits(_Strict):
    hard_maximum_strength_mg: Decimal = Field(gt=0)
    hard_maximum_source: str
    tablet_strength_mg: Decimal = Field(gt=0)
    tablet_source: str
    solubility_mg_per_ml: Decimal = Field(gt=0)
    solubility_source: str
    smallest_titration_dose_mg: Decimal = Field(gt=0)
    smallest_titration_dose_source: str


class ApiPurity(_Strict):
    minimum_percent: Decimal
    maximum_percent: Decimal
    source: str
    note: str = ""


class Balance(_Strict):
    """The pharmacy's balance: what it reads to, and the smallest net weight it
    weighs within the allowed error (every weighing of a batch is at least this)."""

    readability_mg: Decimal = Field(gt=0)
    source: str
    unverified: bool = False
    minimum_weight_mg: Decimal = Field(gt=0)
    minimum_weight_basis: str
    minimum_weight_unverified: bool = False
    maximum_trituration_dilution: int = Field(ge=2)
    maximum_trituration_basis: str


class OralSyringe(_Strict):
    minimum_measurable_ml: Decimal = Field(gt=0)
    graduation_ml: Decimal = Field(gt=0)
    source: str
    assumption: bool = False
    assumption_note: str = ""


class CapsuleSizes(_Strict):
    source: str
    sizes: dict[str, Decimal]


class Filler(_Strict):
    key: str
    name: str
    fast_release: bool
    source: str
    fill_density_g_per_ml: Decimal | None = None
    density_source: str = ""
    assumption: bool = False
    avoid_reason: str = ""


class Tolerances(_Strict):
    individual_percent: Decimal = Field(gt=0)
    individual_source: str
    average_percent: Decimal = Field(gt=0)
    average_source: str
    average_unverified: bool = False


class CompoundingReference(_Strict):
    """``reference.yaml``: limits and physical facts the batch math uses."""

    version: str
    limits: Limits
    api_purity: ApiPurity
    balance: Balance
    oral_syringe: OralSyringe
    capsule_sizes: CapsuleSizes
    fillers: tuple[Filler, ...]
    tolerances: Tolerances

    def filler(self, key: str) -> Filler:
        for filler in self.fillers:
            if filler.key == key:
                return filler
        known = ", ".join(f.key for f in self.fillers)
        raise ReferenceDataError(f"unknown filler {key!r}; known fillers: {known}")

    def capsule_volume_ml(self, size: str) -> Decimal:
        size = size.strip().lstrip("#")
        if size not in self.capsule_sizes.sizes:
            known = ", ".join(self.capsule_sizes.sizes)
            raise ReferenceDataError(f"unknown capsule size {size!r}; known sizes: {known}")
        return self.capsule_sizes.sizes[size]


class CategoryRule(_Strict):
    name: str
    days: int = Field(gt=0)
    storage: tuple[Storage, ...]
    example: str = ""


class StabilityStudy(_Strict):
    """A published stability study, and exactly what it tested: a BUD from it
    applies only to that strength range (mg per capsule, or mg/mL), container,
    category and storage."""

    key: str
    citation: str
    applies_to: str
    category: BudCategory
    days: int = Field(gt=0)
    storage: Storage
    conditions: str
    finding: str
    strength_min: Decimal | None = None
    strength_max: Decimal | None = None
    strength_unit: str = "mg"
    #: Said when the source does not give the strengths it tested.
    strengths_note: str = ""
    container: str | None = None


class BudRules(_Strict):
    """``bud.yaml``: USP <795> default BUDs and citable stability studies."""

    version: str
    rule_source: str
    component_expiry_cap: str
    categories: dict[BudCategory, CategoryRule]
    storage: dict[Storage, str]
    stability_studies: tuple[StabilityStudy, ...]
    extension_caveat: str
    #: The compounding day is day 1 of the BUD (so a 14-day BUD ends on day 14).
    day_one_source: str
    #: The longest BUD any stability study may set, and why.
    extension_cap_days: int = Field(gt=0)
    extension_cap_basis: str

    @model_validator(mode="after")
    def _every_category_has_a_rule(self) -> BudRules:
        missing = set(BudCategory) - set(self.categories)
        if missing:
            raise ValueError(f"bud.yaml lacks categories: {sorted(missing)}")
        return self

    def study(self, key: str) -> StabilityStudy:
        for study in self.stability_studies:
            if study.key == key:
                return study
        known = ", ".join(s.key for s in self.stability_studies)
        raise ReferenceDataError(f"unknown stability study {key!r}; known studies: {known}")


class FormIngredient(_Strict):
    name: str
    role: str
    percent: Decimal | None = None
    basis: str | None = None
    basis_unverified: bool = False
    quantity: str = ""


class Formula(_Strict):
    """A master formulation record: what to mix, how, and how it is dated and labelled."""

    key: str
    version: int = Field(ge=1)
    name: str
    form: str = Field(pattern="^(capsule|liquid)$")
    salt_form: str = "hydrochloride"
    ingredients: tuple[FormIngredient, ...]
    filler: str | None = None
    capsule_size: str | None = None
    method: tuple[str, ...]
    bud_category: BudCategory
    storage: Storage
    stability_studies: tuple[str, ...] = ()
    #: What the preparation is packed in (a stability study applies only to its own).
    container: str | None = None
    label_warnings: tuple[str, ...]
    references: tuple[str, ...]

    @property
    def record_id(self) -> str:
        """``key@version``: what a batch stores to name the formula it followed."""
        return f"{self.key}@{self.version}"


class FormulaBook(_Strict):
    """``formulas.yaml``: the pharmacy's master formulation records."""

    version: str
    common_label_warnings: tuple[str, ...]
    warnings_source: str
    formulas: tuple[Formula, ...]

    def formula(self, key: str) -> Formula:
        for formula in self.formulas:
            if formula.key == key:
                return formula
        known = ", ".join(f.key for f in self.formulas)
        raise ReferenceDataError(f"unknown formula {key!r}; known formulas: {known}")


def _read(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ReferenceDataError(f"cannot read {path}: {error}") from None


def _validated(model: type[BaseModel], path: Path) -> Any:
    try:
        return model.model_validate(_read(path))
    except ValidationError as error:
        raise ReferenceDataError(f"{path} is not valid: {error}") from None


@lru_cache(maxsize=8)
def load_reference(path: Path | None = None) -> CompoundingReference:
    """The compounding reference data (defaults to the packaged file)."""
    return _validated(CompoundingReference, path or DATA_DIR / "reference.yaml")


@lru_cache(maxsize=8)
def load_bud_rules(path: Path | None = None) -> BudRules:
    """USP <795> BUD categories and stability studies (defaults to the packaged file)."""
    return _validated(BudRules, path or DATA_DIR / "bud.yaml")


@lru_cache(maxsize=8)
def load_formulas(path: Path | None = None) -> FormulaBook:
    """Master formulation records; pass ``path`` to load the pharmacy's own edited copy.

    Every stability study a formula names must exist in the BUD rules.
    """
    book: FormulaBook = _validated(FormulaBook, path or DATA_DIR / "formulas.yaml")
    rules = load_bud_rules()
    reference = load_reference()
    for formula in book.formulas:
        for key in formula.stability_studies:
            rules.study(key)
        if formula.filler is not None:
            filler = reference.filler(formula.filler)
            if not filler.fast_release:
                raise ReferenceDataError(
                    f"formula {formula.key} uses {filler.name}, which LDN must avoid: "
                    f"{filler.avoid_reason}")
    return book


def data_version() -> str:
    """One string naming the versions of all three data files, for stored results."""
    return "+".join((load_reference().version, load_bud_rules().version,
                     load_formulas().version))
