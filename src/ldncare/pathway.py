"""The care pathway: the states a patient's journey passes through, and which
step may follow which. Pure data and functions; the web records each step as
an append-only event (who, when, what, why).

intake submitted → screened → in review → prescribed | declined →
sent to pharmacy → compounded → verified → shipped → active → stopped
"""

from __future__ import annotations

from enum import StrEnum


class PathwayError(ValueError):
    """A step that cannot follow the patient's current state."""


class State(StrEnum):
    REGISTERED = "registered"
    INTAKE_SUBMITTED = "intake_submitted"
    SCREENED = "screened"
    IN_REVIEW = "in_review"
    PRESCRIBED = "prescribed"
    DECLINED = "declined"
    SENT_TO_PHARMACY = "sent_to_pharmacy"
    COMPOUNDED = "compounded"
    VERIFIED = "verified"
    SHIPPED = "shipped"
    ACTIVE = "active"
    STOPPED = "stopped"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS: dict[State, str] = {
    State.REGISTERED: "Registered",
    State.INTAKE_SUBMITTED: "Intake submitted",
    State.SCREENED: "Screened",
    State.IN_REVIEW: "In review",
    State.PRESCRIBED: "Prescribed",
    State.DECLINED: "Declined",
    State.SENT_TO_PHARMACY: "Sent to pharmacy",
    State.COMPOUNDED: "Compounded",
    State.VERIFIED: "Verified",
    State.SHIPPED: "Shipped",
    State.ACTIVE: "Active",
    State.STOPPED: "Stopped",
}

#: Which states may follow each state. A new intake may follow a decline or a
#: stop (the patient asks again); a re-screening may follow any clinical state.
ALLOWED: dict[State, frozenset[State]] = {
    State.REGISTERED: frozenset({State.INTAKE_SUBMITTED, State.STOPPED}),
    State.INTAKE_SUBMITTED: frozenset({State.SCREENED, State.STOPPED}),
    State.SCREENED: frozenset({State.IN_REVIEW, State.DECLINED, State.PRESCRIBED, State.STOPPED}),
    State.IN_REVIEW: frozenset({State.PRESCRIBED, State.DECLINED, State.SCREENED, State.STOPPED}),
    State.PRESCRIBED: frozenset({State.SENT_TO_PHARMACY, State.STOPPED}),
    State.DECLINED: frozenset({State.INTAKE_SUBMITTED, State.IN_REVIEW}),
    State.SENT_TO_PHARMACY: frozenset({State.COMPOUNDED, State.STOPPED}),
    State.COMPOUNDED: frozenset({State.VERIFIED, State.STOPPED}),
    State.VERIFIED: frozenset({State.SHIPPED, State.STOPPED}),
    State.SHIPPED: frozenset({State.ACTIVE, State.STOPPED}),
    State.ACTIVE: frozenset({State.SENT_TO_PHARMACY, State.SCREENED, State.STOPPED}),
    State.STOPPED: frozenset({State.INTAKE_SUBMITTED}),
}

#: What the patient sees as "what happens next" in each state.
NEXT_FOR_PATIENT: dict[State, str] = {
    State.REGISTERED: "Fill in the intake questionnaire so that a prescriber can review you.",
    State.INTAKE_SUBMITTED: "Your answers are being checked for safety.",
    State.SCREENED: "A prescriber will review your intake.",
    State.IN_REVIEW: "A prescriber is reviewing your intake.",
    State.PRESCRIBED: ("Your prescription is written. It goes to the pharmacy once you agree to "
                       "its cost on your home page."),
    State.DECLINED: "Your prescriber explained why LDN was not prescribed; you can ask again.",
    State.SENT_TO_PHARMACY: "The pharmacy is preparing your medicine.",
    State.COMPOUNDED: "Your medicine has been made and is waiting for a pharmacist's check.",
    State.VERIFIED: "A pharmacist has checked your medicine; it will ship soon.",
    State.SHIPPED: ("Your medicine is on its way. When it arrives, press \"I have received it\": "
                    "your treatment starts the next day."),
    State.ACTIVE: "Take your dose as scheduled and log how you feel each day.",
    State.STOPPED: "Your treatment is stopped. Contact your clinic to start again.",
}

#: States in which a patient waits for the prescriber (the review queue).
REVIEW_QUEUE = frozenset({State.INTAKE_SUBMITTED, State.SCREENED, State.IN_REVIEW})


def check_transition(current: State, new: State) -> None:
    """Raise :class:`PathwayError` unless ``new`` may follow ``current``."""
    if new not in ALLOWED[current]:
        raise PathwayError(f"a patient who is '{current.label}' cannot move to '{new.label}'")
