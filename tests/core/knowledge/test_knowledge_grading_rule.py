"""Grade and direction follow the written rule from each condition's studies."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from ldncare.knowledge import check, load_knowledge
from ldncare.knowledge.grading import assess, counts
from ldncare.knowledge.models import Direction, Grade, Study, StudyKind, StudyResult

KB = load_knowledge()


def study(n: int, kind: StudyKind = StudyKind.RANDOMISED_TRIAL, result: StudyResult = StudyResult.POSITIVE,
          **changes) -> Study:
    base = {"id": f"s{n}", "authors": (f"Author{n} A",), "title": f"Trial {n}", "journal": "J Test",
            "doi": f"10.1000/test.{n}", "kind": kind, "design": "test", "result": result, "verified": True}
    return Study(**{**base, **changes})


def test_every_packaged_condition_has_the_grade_and_direction_the_rule_gives():
    for condition in KB.conditions:
        expected = assess(KB.studies_for(condition))
        assert (condition.grade, condition.direction) == (expected.grade, expected.direction), condition.id


def test_knowledge_check_flags_a_condition_whose_grade_disagrees_with_the_rule():
    hashimoto = KB.condition("hashimotos-thyroiditis").model_copy(update={"direction": Direction.NULL})
    conditions = tuple(hashimoto if c.id == hashimoto.id else c for c in KB.conditions)
    problems = [p for p in check(replace(KB, conditions=conditions)) if p.rule == "grade-not-per-rule"]
    assert [p.entry for p in problems] == ["condition:hashimotos-thyroiditis"]
    assert "insufficient" in problems[0].message


def test_a_prescribing_register_study_alone_is_bronze_and_insufficient_never_null():
    register = study(1, StudyKind.OBSERVATIONAL, StudyResult.NULL)
    assert (assess([register]).grade, assess([register]).direction) == (Grade.BRONZE, Direction.INSUFFICIENT)


def test_hashimotos_direction_is_insufficient_because_only_a_prescribing_proxy_exists():
    hashimoto = KB.condition("hashimotos-thyroiditis")
    assert hashimoto.direction is Direction.INSUFFICIENT
    assert not any(s.kind is StudyKind.RANDOMISED_TRIAL for s in KB.studies_for(hashimoto))


def test_one_randomised_trial_makes_gold_but_cannot_set_a_direction_alone():
    assert (assess([study(1)]).grade, assess([study(1)]).direction) == (Grade.GOLD, Direction.INSUFFICIENT)


def test_a_positive_and_a_null_trial_conflict():
    assert assess([study(1), study(2, result=StudyResult.NULL)]).direction is Direction.CONFLICTING


def test_two_null_trials_are_null_and_two_positive_trials_positive():
    assert assess([study(1, result=StudyResult.NULL), study(2, result=StudyResult.NULL)]).direction is Direction.NULL
    assert assess([study(1), study(2)]).direction is Direction.POSITIVE


def test_a_trial_nobody_can_find_does_not_count():
    unfindable = study(1, doi=None, journal=None)
    assert not counts(unfindable)
    assert assess([unfindable]).grade is Grade.BRONZE


def test_a_trial_with_a_stated_reason_not_to_count_is_left_out():
    weight_based = study(1, not_counted="weight-based dose, above the LDN range")
    assert assess([weight_based]).grade is Grade.BRONZE


def test_a_review_counts_like_a_trial_only_when_it_pools_randomised_trials():
    review = study(1, StudyKind.META_ANALYSIS)
    assert assess([review]).grade is Grade.BRONZE
    assert assess([review.model_copy(update={"pools_rcts": True})]).grade is Grade.GOLD


def test_two_consistent_uncontrolled_studies_by_different_groups_are_silver_but_direction_insufficient():
    cohort = [study(1, StudyKind.OBSERVATIONAL), study(2, StudyKind.NON_RANDOMISED_TRIAL)]
    assert (assess(cohort).grade, assess(cohort).direction) == (Grade.SILVER, Direction.INSUFFICIENT)
    same_group = [study(1, StudyKind.OBSERVATIONAL), study(2, StudyKind.OBSERVATIONAL, authors=("Author1 A",))]
    assert assess(same_group).grade is Grade.BRONZE


def test_case_reports_never_lift_the_grade_above_bronze():
    cases = [study(n, StudyKind.CASE_REPORT) for n in range(5)]
    assert assess(cases).grade is Grade.BRONZE


results = st.sampled_from([StudyResult.POSITIVE, StudyResult.NULL, StudyResult.NEGATIVE, StudyResult.MIXED])
kinds = st.sampled_from(list(StudyKind))


@given(st.lists(st.tuples(kinds, results, st.booleans()), max_size=8))
def test_the_rule_never_calls_a_direction_without_two_counting_controlled_results(specs):
    studies = [study(n, kind, result, pools_rcts=pools) for n, (kind, result, pools) in enumerate(specs)]
    verdict = assess(studies)
    if verdict.grade is not Grade.GOLD or len(verdict.deciding) < 2:
        assert verdict.direction is Direction.INSUFFICIENT


@given(st.lists(st.tuples(kinds, results), max_size=8), st.randoms())
def test_the_order_of_the_studies_does_not_change_the_verdict(specs, rng):
    studies = [study(n, kind, result) for n, (kind, result) in enumerate(specs)]
    shuffled = studies[:]
    rng.shuffle(shuffled)
    assert (assess(studies).grade, assess(studies).direction) == (assess(shuffled).grade, assess(shuffled).direction)
