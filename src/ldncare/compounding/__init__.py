"""Compounding: capsule and liquid batch math, beyond-use dates, master
formulation records, weight checks, label and batch-record content.

Pure core: values in, values out; every result carries ``working`` (the steps
in words), ``data_version``, ``as_dict()`` and ``from_dict()``.
"""

from __future__ import annotations

from ldncare.compounding.bud import BeyondUseDate, ComponentExpiry, beyond_use_date, storage_allowed
from ldncare.compounding.capsules import (
    CapsuleBatch,
    TabletFit,
    TitrationKit,
    capsule_batch,
    placebo_capsule_batch,
    tablet_fit,
    titration_kit,
)
from ldncare.compounding.common import Ingredient, Source, Trituration, Weighing
from ldncare.compounding.documents import (
    BatchRecord,
    Dispenser,
    DispensingLabel,
    Label,
    LotLine,
    batch_record,
    capsule_label,
    dispensing_label,
    liquid_label,
    lot_number,
    parse_lot_number,
    rx_number,
)
from ldncare.compounding.errors import (
    BelowMinimumWeight,
    CompoundingError,
    NotMeasurable,
    ReferenceDataError,
    TabletsDoNotDivide,
    UnsafeRequest,
)
from ldncare.compounding.liquid import (
    DoseVolume,
    LiquidBatch,
    LiquidVolumeFit,
    dose_volume,
    liquid_batch,
    liquid_volume_fit,
)
from ldncare.compounding.quality import (
    ReleaseDecision,
    WeightCheck,
    WeightItem,
    check_weights,
    release_decision,
)
from ldncare.compounding.reference import (
    BudCategory,
    Formula,
    Storage,
    data_version,
    load_bud_rules,
    load_formulas,
    load_reference,
)

__all__ = [
    "BatchRecord", "BelowMinimumWeight", "Trituration", "Weighing", "BeyondUseDate", "BudCategory", "CapsuleBatch", "ComponentExpiry",
    "CompoundingError", "DoseVolume", "Formula", "Ingredient", "Label", "LiquidBatch", "LotLine", "Dispenser", "DispensingLabel",
    "dispensing_label", "rx_number",
    "LiquidVolumeFit", "NotMeasurable", "ReferenceDataError", "ReleaseDecision", "Source",
    "Storage", "TabletFit", "TabletsDoNotDivide", "TitrationKit", "UnsafeRequest",
    "WeightCheck", "WeightItem", "batch_record", "beyond_use_date", "capsule_batch", "placebo_capsule_batch",
    "capsule_label", "check_weights", "data_version", "dose_volume", "liquid_batch",
    "liquid_label", "liquid_volume_fit", "load_bud_rules", "load_formulas", "load_reference",
    "lot_number", "parse_lot_number", "release_decision", "storage_allowed", "tablet_fit",
    "titration_kit",
]
