"""Dosing: protocol library, titration plans kept as versions, dose changes,
daily schedules, lab-check prompts and supply (first fill and refills).

The web layer calls only the names exported here.
"""

from __future__ import annotations

from ldncare.dosing.changes import (
    advance,
    hold,
    pause,
    reschedule,
    resume,
    step_back,
    stop,
    switch_to_bedtime,
    switch_to_morning,
)
from ldncare.dosing.errors import (
    CeilingExceeded,
    DosingError,
    HardMaximumExceeded,
    OffIncrement,
    PlanChangeError,
    ProtocolError,
    SupplyError,
    UnknownProtocol,
)
from ldncare.dosing.label import LabelDose, label_dose
from ldncare.dosing.labs import LabCheckPrompt, lab_checks_due
from ldncare.dosing.plan import (
    ChangeKind,
    PlanChange,
    PlanStatus,
    TimeOfDay,
    TitrationPlan,
    TitrationStep,
    build_plan,
    current_step,
    dose_on,
    next_change,
)
from ldncare.dosing.protocols import (
    DosingLimits,
    DosingTimes,
    LabCheckRule,
    Protocol,
    ProtocolLibrary,
    custom_protocol,
    data_version,
    dosing_times,
    load_library,
    validate_protocol,
)
from ldncare.dosing.schedule import DoseEvent, dose_events
from ldncare.dosing.supply import (
    Capsules,
    Fill,
    OralLiquid,
    SupplySchedule,
    capsules_for_dose,
    supply_for,
    volume_for_dose,
)
from ldncare.units import canonical_dose, format_dose, parse_dose_mg

__all__ = [
    "Capsules", "CeilingExceeded", "ChangeKind", "DoseEvent", "DosingError", "DosingLimits",
    "DosingTimes", "Fill", "HardMaximumExceeded", "OffIncrement", "LabCheckPrompt", "LabelDose", "LabCheckRule", "OralLiquid",
    "PlanChange", "PlanChangeError", "PlanStatus", "Protocol", "ProtocolError", "ProtocolLibrary",
    "SupplyError", "SupplySchedule", "TimeOfDay", "TitrationPlan", "TitrationStep",
    "UnknownProtocol", "advance", "build_plan", "canonical_dose", "capsules_for_dose", "current_step",
    "custom_protocol", "data_version", "dose_events", "dose_on", "dosing_times", "format_dose",
    "hold", "lab_checks_due", "label_dose", "load_library", "next_change", "parse_dose_mg", "pause", "reschedule", "resume", "step_back", "stop",
    "supply_for", "switch_to_bedtime", "switch_to_morning", "validate_protocol", "volume_for_dose",
]
