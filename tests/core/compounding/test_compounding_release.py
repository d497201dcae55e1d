from __future__ import annotations

from ldncare.compounding import check_weights, release_decision


def test_a_passed_check_verified_by_a_second_person_may_be_released():
    decision = release_decision("tech.ana", "rph.ben", check_weights("225", ["224", "226"]))
    assert decision.may_release and decision.reasons == ()


def test_the_preparer_cannot_verify_their_own_batch():
    decision = release_decision("rph.ben", " RPH.Ben ", check_weights("225", ["225"]))
    assert not decision.may_release
    assert "different person" in decision.reasons[0]


def test_a_weight_outside_tolerance_blocks_release():
    decision = release_decision("tech.ana", "rph.ben", check_weights("225", ["225", "260"]))
    assert not decision.may_release
    assert "unit 2" in decision.reasons[0]


def test_no_recorded_weights_blocks_release():
    decision = release_decision("tech.ana", "rph.ben", None)
    assert not decision.may_release and decision.reasons == ("no weights were recorded",)


def test_both_people_must_be_named():
    assert not release_decision("", "rph.ben", check_weights("225", ["225"])).may_release
