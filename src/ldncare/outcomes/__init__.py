"""Outcomes: n-of-1 analysis per patient, clinic cohort statistics, research export,
and a synthetic clinic generator. Pure Python + numpy; never imports Django.

Public API (see docs/outcomes.md):

- :func:`analyse_patient` → :class:`NOf1Report` (``as_dict``/``from_dict``)
- :func:`classify_response`, :func:`load_definitions` (data/responders.yaml)
- :func:`cohort_report` → :class:`CohortReport` from :class:`PatientSummary` rows
- :func:`deidentify` → :class:`ResearchExport`; :func:`write_csv`, :func:`write_dictionary_csv`
- :func:`generate_clinic` → :class:`SyntheticClinic`
"""

from __future__ import annotations

from ldncare.outcomes.cohort import (
    CohortReport,
    PatientSummary,
    SideEffectSummary,
    cohort_report,
    summarise_synthetic_patient,
)
from ldncare.outcomes.deidentify import (
    CHECK_IN_COLUMNS,
    ColumnSpec,
    ResearchExport,
    deidentify,
    export_to_strings,
    suppress_small_counts,
    write_csv,
    write_dictionary_csv,
)
from ldncare.outcomes.errors import OutcomesDataError, OutcomesError
from ldncare.outcomes.nof1 import AnalysisSettings, DosePeriod, NOf1Report, Verdict, analyse_patient
from ldncare.outcomes.responders import (
    ResponderResult,
    Response,
    classify_response,
    load_definitions,
)
from ldncare.outcomes.synthetic import SyntheticClinic, SyntheticPatient, generate_clinic

__all__ = [
    "CHECK_IN_COLUMNS", "AnalysisSettings", "CohortReport", "ColumnSpec", "DosePeriod",
    "NOf1Report", "OutcomesDataError", "OutcomesError", "PatientSummary", "ResearchExport",
    "ResponderResult", "Response", "SideEffectSummary", "SyntheticClinic", "SyntheticPatient",
    "Verdict", "analyse_patient", "classify_response", "cohort_report", "deidentify",
    "export_to_strings", "generate_clinic", "load_definitions", "summarise_synthetic_patient",
    "suppress_small_counts", "write_csv", "write_dictionary_csv",
]
