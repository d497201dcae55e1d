from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.compounding import (
    BudCategory,
    ComponentExpiry,
    CompoundingError,
    Storage,
    beyond_use_date,
)

DAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize("category, storage, days", [
    (BudCategory.NONPRESERVED_AQUEOUS, Storage.REFRIGERATOR, 14),
    (BudCategory.PRESERVED_AQUEOUS, Storage.REFRIGERATOR, 35),
    (BudCategory.PRESERVED_AQUEOUS, Storage.ROOM_TEMPERATURE, 35),
    (BudCategory.NONAQUEOUS_LIQUID, Storage.ROOM_TEMPERATURE, 90),
    (BudCategory.NONAQUEOUS_LIQUID, Storage.REFRIGERATOR, 90),
    (BudCategory.SOLID, Storage.ROOM_TEMPERATURE, 180),
    (BudCategory.SOLID, Storage.REFRIGERATOR, 180),
])
def test_every_usp_category_gets_its_default_bud(category, storage, days):
    bud = beyond_use_date(DAY, category, storage)
    assert bud.days == days
    assert bud.beyond_use_date == DAY + dt.timedelta(days=days - 1)  # the compounding day is day 1
    assert "USP <795>" in bud.basis and bud.source
    assert bud.study is None and bud.capped_by is None


def test_a_nonpreserved_aqueous_liquid_cannot_be_kept_at_room_temperature():
    with pytest.raises(CompoundingError, match="refrigerator"):
        beyond_use_date(DAY, "nonpreserved_aqueous", "room_temperature")


def test_a_selected_stability_study_is_named_and_capped_at_the_longest_bud_allowed():
    bud = beyond_use_date(DAY, "solid", "room_temperature", study="cote-2018")
    assert bud.days == 180  # the study found 360 days; no study sets more than 180 here
    assert "cote-2018" in bud.basis and "limited to 180 days" in bud.basis
    assert "Int J Pharm Compd" in bud.source
    assert "UNCONFIRMED" in bud.caveat
    assert "does not give the capsule strengths tested" in bud.caveat


def test_the_fawcett_study_gives_sixty_days_refrigerated_and_thirty_at_room_temperature():
    cold = beyond_use_date(DAY, "preserved_aqueous", "refrigerator", study="fawcett-1997-refrigerated")
    warm = beyond_use_date(DAY, "preserved_aqueous", "room_temperature", study="fawcett-1997-room")
    assert (cold.days, warm.days) == (60, 30)


def test_a_study_applies_only_to_the_strength_and_container_it_tested():
    tested = beyond_use_date(DAY, "preserved_aqueous", "refrigerator",
                             study="fawcett-1997-refrigerated", strength=Decimal("1"),
                             container="amber plastic bottle")
    assert tested.days == 60
    with pytest.raises(CompoundingError, match="tested 1 mg/mL only, not 2 mg/mL"):
        beyond_use_date(DAY, "preserved_aqueous", "refrigerator",
                        study="fawcett-1997-refrigerated", strength=Decimal("2"))
    with pytest.raises(CompoundingError, match="tested amber plastic bottles, not glass"):
        beyond_use_date(DAY, "preserved_aqueous", "refrigerator",
                        study="fawcett-1997-refrigerated", container="glass bottle")


def test_the_compounding_day_is_day_one_and_the_working_says_so():
    bud = beyond_use_date(dt.date(2026, 3, 1), "nonpreserved_aqueous", "refrigerator")
    assert bud.beyond_use_date == dt.date(2026, 3, 14)
    assert any("as day 1" in step for step in bud.working)


def test_a_study_for_another_category_or_storage_is_refused():
    with pytest.raises(CompoundingError, match="covers solid"):
        beyond_use_date(DAY, "preserved_aqueous", "refrigerator", study="cote-2018")
    with pytest.raises(CompoundingError, match="supports storage"):
        beyond_use_date(DAY, "preserved_aqueous", "room_temperature", study="fawcett-1997-refrigerated")
    with pytest.raises(CompoundingError, match="known studies"):
        beyond_use_date(DAY, "solid", "room_temperature", study="made-up-2020")


def test_an_earlier_component_expiry_caps_the_bud_and_the_basis_says_why():
    lot = ComponentExpiry("naltrexone hydrochloride", "A123", dt.date(2027, 1, 31))
    bud = beyond_use_date(DAY, "solid", "room_temperature", component_expiries=[lot])
    assert bud.beyond_use_date == dt.date(2027, 1, 31)
    assert bud.capped_by == lot
    assert "capped at the expiry of naltrexone hydrochloride lot A123" in bud.basis


def test_a_later_component_expiry_does_not_lengthen_the_bud():
    lot = ComponentExpiry("microcrystalline cellulose", "M9", dt.date(2030, 1, 1))
    bud = beyond_use_date(DAY, "solid", "room_temperature", component_expiries=[lot])
    assert bud.days == 180 and bud.capped_by is None


def test_an_expired_component_cannot_be_used():
    lot = ComponentExpiry("ascorbic acid", "X1", DAY)
    with pytest.raises(CompoundingError, match="expired"):
        beyond_use_date(DAY, "preserved_aqueous", "refrigerator", component_expiries=[lot])


def test_unknown_categories_and_storage_are_refused_with_the_choices():
    with pytest.raises(CompoundingError, match="solid"):
        beyond_use_date(DAY, "gel", "refrigerator")
    with pytest.raises(CompoundingError, match="refrigerator"):
        beyond_use_date(DAY, "solid", "freezer")


@settings(max_examples=80, deadline=None)
@given(category=st.sampled_from(list(BudCategory)),
       day=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2035, 1, 1)),
       expiry_offsets=st.lists(st.integers(min_value=1, max_value=800), max_size=4))
def test_the_bud_never_passes_a_component_expiry_nor_the_rule(category, day, expiry_offsets):
    expiries = [ComponentExpiry(f"ingredient {n}", f"L{n}", day + dt.timedelta(days=offset))
                for n, offset in enumerate(expiry_offsets)]
    bud = beyond_use_date(day, category, Storage.REFRIGERATOR, component_expiries=expiries)
    defaults = {"nonpreserved_aqueous": 14, "preserved_aqueous": 35,
                "nonaqueous_liquid": 90, "solid": 180}
    assert 0 < bud.days <= defaults[category.value]
    assert all(bud.beyond_use_date <= e.expires_on for e in expiries)
    assert bud.beyond_use_date == day + dt.timedelta(days=bud.days - 1)
