"""Every parameter the brain-retention model adds says where it comes from, and what it
was fitted to is never also counted as validation for it."""

from __future__ import annotations

import re

from ldncare.pharmacology.models import BRAIN_RETENTION, PLASMA_DRIVEN, get_model, structural_models
from ldncare.pharmacology.validation import model_validation

FOLLOWABLE = re.compile(r"(https?://|doi:|PMID|J Nucl Med|Clin Pharmacol Ther)")


def test_every_added_parameter_cites_a_source_a_reader_can_follow():
    for model in structural_models().values():
        for name, entry in model.extra_parameters.items():
            assert FOLLOWABLE.search(entry.source), f"{model.name}.{name}: {entry.source}"
            assert re.search(r"(19|20)\d\d", entry.source)


def test_a_fitted_parameter_names_its_data_and_that_data_is_calibration_for_the_model():
    model = get_model(BRAIN_RETENTION)
    fitted = [e for e in model.extra_parameters.values() if e.tag == "fitted"]
    assert fitted and all("Fitted" in e.source and "Lee" in e.source for e in fitted)
    lee = next(r for r in model_validation(BRAIN_RETENTION) if r.point.id == "pet_lee_1988_blockade_half_time")
    assert lee.role == "calibration"


def test_the_plasma_driven_model_adds_nothing_and_has_no_slow_brain():
    model = get_model(PLASMA_DRIVEN)
    assert model.extra_parameters == {} and model.parameters.slow_brain_gain == 0


def test_every_point_added_for_the_tail_cites_a_doi_or_url():
    for row in model_validation(BRAIN_RETENTION):
        if row.point.id.startswith(("pet_2005", "label_")):
            assert re.search(r"(doi:|https?://)", row.point.source)
