"""Each published point is a test with the tolerance stated in data/validation.yaml."""

from __future__ import annotations

import pytest

from ldncare.pharmacology.validation import load_validation, validation_table

ROWS = {row.point.id: row for row in validation_table()}


@pytest.mark.parametrize("point_id", [p.id for p in load_validation().points if not p.known_miss])
def test_the_model_reproduces_the_published_point_within_tolerance(point_id):
    row = ROWS[point_id]
    assert row.within_tolerance, f"{row.point.quantity}: published {row.point.published}, predicted {row.predicted}"


@pytest.mark.xfail(strict=True, reason=(
    "known miss: Lee 1988 blockade half-time 72-108 h; the model gives ~30 h. No source gives the size of "
    "the 96 h terminal plasma phase Lee cites, so none is added (docs/pharmacology.md)"))
def test_the_model_reproduces_lee_1988_blockade_half_time():
    assert ROWS["pet_lee_1988_blockade_half_time"].within_tolerance


def test_every_point_names_its_source():
    assert all(len(p.source) > 20 for p in load_validation().points)
