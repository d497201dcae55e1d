"""The patient's home page invites them to fill in the intake exactly in the
pathway states from which an intake may be sent (it asks the patient record,
``Patient.may_start_intake``, the rule the intake service enforces)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ldncare.pathway import PathwayError, State, check_transition

INVITE = "Fill in your intake questionnaire"


def _pathway_allows_intake(state: State) -> bool:
    try:
        check_transition(state, State.INTAKE_SUBMITTED)
    except PathwayError:
        return False
    return True


@pytest.mark.parametrize("state", list(State))
def test_the_invitation_follows_the_pathway(world, login, state):
    patient = world.patient
    patient.state = state.value
    patient.save(update_fields=["state"])
    page = login(world.users["patient"]).get(reverse("home")).content.decode()
    assert (INVITE in page) == _pathway_allows_intake(state), state
