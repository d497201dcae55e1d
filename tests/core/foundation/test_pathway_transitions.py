"""The care pathway allows only the steps a real journey takes."""

from __future__ import annotations

import pytest

from ldncare.pathway import ALLOWED, NEXT_FOR_PATIENT, PathwayError, State, check_transition


def test_every_state_says_what_happens_next_for_the_patient():
    assert set(NEXT_FOR_PATIENT) == set(State)


def test_the_happy_path_from_registration_to_active_is_allowed():
    path = [State.REGISTERED, State.INTAKE_SUBMITTED, State.SCREENED, State.IN_REVIEW,
            State.PRESCRIBED, State.SENT_TO_PHARMACY, State.COMPOUNDED, State.VERIFIED,
            State.SHIPPED, State.ACTIVE, State.STOPPED]
    for current, new in zip(path, path[1:], strict=False):
        check_transition(current, new)


@pytest.mark.parametrize(("current", "new"), [(State.REGISTERED, State.PRESCRIBED),
                                              (State.SCREENED, State.SHIPPED),
                                              (State.DECLINED, State.PRESCRIBED),
                                              (State.SENT_TO_PHARMACY, State.VERIFIED)])
def test_skipping_a_step_is_refused_with_both_states_named(current, new):
    with pytest.raises(PathwayError, match=current.label):
        check_transition(current, new)


def test_no_state_is_a_dead_end():
    assert all(ALLOWED[state] for state in State)
