"""Access-matrix rows for the public library: every page and API operation
answers everyone, logged in or not, the same way (nothing here is patient data)."""

from __future__ import annotations

from ldntest.access_matrix import Row, everyone

PUBLIC = everyone(200, anonymous=200)


def _condition(w, own):  # type: ignore[no-untyped-def]
    return {"condition": "long-covid"}


ROWS: dict[str, Row] = {
    "library:index": Row(expect=PUBLIC),
    "library:monograph": Row(expect=PUBLIC),
    "library:conditions": Row(expect=PUBLIC),
    "library:condition": Row(kwargs=_condition, expect=PUBLIC),
    "library:condition_handout": Row(kwargs=_condition, expect=PUBLIC),
    "library:side_effects": Row(expect=PUBLIC),
    "library:contraindications": Row(expect=PUBLIC),
    "library:faq": Row(expect=PUBLIC),
    "library:references": Row(expect=PUBLIC),
    "library:search": Row(expect=PUBLIC),
    "library:simulator": Row(expect=PUBLIC),
    "api:library_conditions": Row(expect=PUBLIC),
    "api:library_condition": Row(kwargs=_condition, expect=PUBLIC),
    "api:library_studies": Row(expect=PUBLIC),
    "api:library_side_effects": Row(expect=PUBLIC),
    "api:library_contraindications": Row(expect=PUBLIC),
    "api:library_faq": Row(expect=PUBLIC),
    "api:library_monograph": Row(expect=PUBLIC),
    "api:library_search": Row(expect=PUBLIC),
    # The matrix posts no body: the declared 400 ("Cannot parse request body"), for everyone.
    "api:library_simulate": Row(expect=everyone(400, anonymous=400), method="post"),
}
