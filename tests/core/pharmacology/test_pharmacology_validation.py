"""Each published point is a test, per model, with the tolerance stated in data/validation.yaml.

The brain-retention model must pass every row (it is the default because it does);
the plasma-driven model must miss the long-blockade rows, so the page's claim that
it under-predicts how long blockade lasts stays true.
"""

from __future__ import annotations

import pytest

from ldncare.pharmacology.models import BRAIN_RETENTION, PLASMA_DRIVEN, structural_models
from ldncare.pharmacology.validation import default_model_name, load_validation, model_validation

POINT_IDS = [p.id for p in load_validation().points]
LONG_BLOCKADE = ("pet_lee_1988_blockade_half_time", "pet_2005_50mg_72h_significant",
                 "pet_2005_50mg_144h_significant", "label_heroin_blockade_equal_occupancy",
                 "label_ch_every_other_day_50mg_48h")


def _row(model, point_id):
    return next(row for row in model_validation(model) if row.point.id == point_id)


@pytest.mark.parametrize("point_id", POINT_IDS)
def test_the_brain_retention_model_reproduces_the_published_point_within_tolerance(point_id):
    row = _row(BRAIN_RETENTION, point_id)
    assert row.within_tolerance, f"{row.point.quantity}: published {row.point.published}, predicted {row.predicted}"


def test_the_brain_retention_model_puts_the_blockade_half_time_inside_lee_1988s_range():
    assert 72 <= _row(BRAIN_RETENTION, "pet_lee_1988_blockade_half_time").predicted <= 108


@pytest.mark.parametrize("point_id", [i for i in POINT_IDS if i not in LONG_BLOCKADE])
def test_the_plasma_driven_model_reproduces_the_early_and_plasma_points(point_id):
    assert _row(PLASMA_DRIVEN, point_id).within_tolerance


@pytest.mark.parametrize("point_id", LONG_BLOCKADE)
def test_the_plasma_driven_model_misses_how_long_blockade_lasts(point_id):
    assert not _row(PLASMA_DRIVEN, point_id).within_tolerance


def test_the_model_that_passes_validation_is_the_default():
    assert default_model_name() == BRAIN_RETENTION


def test_a_point_fitted_for_a_model_is_shown_as_calibration_for_it_and_only_for_it():
    assert _row(BRAIN_RETENTION, "pet_lee_1988_blockade_half_time").role == "calibration"
    assert _row(PLASMA_DRIVEN, "pet_lee_1988_blockade_half_time").role == "validation"


def test_every_model_has_independent_validation_rows_beyond_its_calibration():
    for model in structural_models():
        roles = [row.role for row in model_validation(model)]
        assert roles.count("validation") >= 8


def test_the_calibration_lists_name_only_published_points():
    for model in structural_models().values():
        assert model.calibrated_on <= set(POINT_IDS)


def test_every_point_names_its_source():
    assert all(len(p.source) > 20 for p in load_validation().points)
