"""Who a patient is: age from a date of birth, and the clinic's age gate.

Pure values only; the web shell stores the identity and passes the clinic's
minimum age in.
"""

from __future__ import annotations

from datetime import date

from ldncare.errors import FieldError

#: Oldest believable age; a date of birth before it is a typing slip.
OLDEST_AGE = 120


class IdentityError(FieldError):
    """An identity detail that cannot be accepted; ``field`` names the form field."""


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years of age on ``day`` (a 29 February birthday counts on 1 March
    in a common year)."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def check_date_of_birth(date_of_birth: date, *, today: date, minimum_age: int) -> date:
    """``date_of_birth`` when the person is at least ``minimum_age`` today;
    else :class:`IdentityError` with a message the patient can act on."""
    if date_of_birth > today:
        raise IdentityError("The date of birth is in the future; check the year.", "date_of_birth")
    age = age_on(date_of_birth, today)
    if age > OLDEST_AGE:
        raise IdentityError("Check the year of birth: that would make you over "
                            f"{OLDEST_AGE}.", "date_of_birth")
    if age < minimum_age:
        raise IdentityError(f"This clinic treats people aged {minimum_age} or over, so we "
                            "cannot create an account for you. Nothing was saved. If you think "
                            "this is wrong, check your date of birth.", "date_of_birth")
    return date_of_birth
