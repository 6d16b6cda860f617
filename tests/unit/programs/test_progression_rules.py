"""Progression engine: one example per named rule, each explained in English and Dutch."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Level
from corecoach.errors import InvalidInputError
from corecoach.programs.progression import Action, Decision, ExerciseLog, check_log_matches, criterion_met, decide_progression

START = date(2026, 1, 5)


def log(exercise_id: str = "dead_bug", day: int = 0, **overrides: Any) -> ExerciseLog:
    """A clean, pain-free 3x8-per-side session that settled by the next morning, unless overridden."""
    fields: dict[str, Any] = {
        "exercise_id": exercise_id,
        "session_date": START + timedelta(days=day),
        "sets": 3,
        "clean_form": True,
        "pain_before": 2,
        "pain_during": 2,
        "pain_next_morning": 2,
    }
    if not {"reps_per_side", "reps", "hold_s", "distance_m", "duration_s"} & set(overrides):
        fields["reps_per_side"] = 8
    fields.update(overrides)
    return ExerciseLog(**fields)


def history(exercise_id: str = "dead_bug", *entries: dict[str, Any]) -> list[ExerciseLog]:
    return [log(exercise_id, day=2 * i, **e) for i, e in enumerate(entries)]


def check(decision: Decision, rule: str, action: Action, from_id: str, to_id: str) -> None:
    assert decision.rule == rule
    assert decision.action is action
    assert decision.from_exercise == from_id
    assert decision.to_exercise == to_id
    en, nl = decision.explanation.en, decision.explanation.nl
    assert en.strip() and nl.strip()
    assert en != nl, "the explanation is translated"


CLINICIAN = re.compile(r"\b(doctor|physio\w*|GP|arts|huisarts|fysio\w*)\b", re.IGNORECASE)


def assert_no_clinician(decision: Decision) -> None:
    """Per-exercise cards never send anyone to a clinician; only the session-level persistence rule does."""
    for text in (decision.explanation.en, decision.explanation.nl):
        assert not CLINICIAN.search(text), text


def test_progress_criterion_met(catalogue: Catalogue) -> None:
    d = decide_progression(catalogue, "dead_bug", history("dead_bug", {}, {}), Level.BEGINNER)
    check(d, "progress_criterion_met", Action.PROGRESS, "dead_bug", "wall_press_dead_bug")
    assert catalogue["wall_press_dead_bug"].name.en in d.explanation.en
    assert catalogue["wall_press_dead_bug"].name.nl in d.explanation.nl


@pytest.mark.parametrize(
    ("exercise_id", "expected"),
    [
        ("dead_bug_heel_slide", "dead_bug_toe_tap"),
        ("dead_bug_toe_tap", "dead_bug"),
        ("pallof_press_standing", "pallof_press_tall_kneeling"),
        ("pallof_press_tall_kneeling", "pallof_press_half_kneeling"),
        ("crocodile_breathing", "breathing_90_90"),
        ("suitcase_carry", "kettlebell_crosswalk"),
    ],
)
def test_progress_moves_exactly_one_rung(catalogue: Catalogue, exercise_id: str, expected: str) -> None:
    crit = catalogue[exercise_id].criterion
    done = {"sets": crit.sets, crit.measure: crit.target}
    if crit.measure != "reps_per_side":
        done["reps_per_side"] = None
    d = decide_progression(catalogue, exercise_id, history(exercise_id, done, done), Level.BEGINNER)
    check(d, "progress_criterion_met", Action.PROGRESS, exercise_id, expected)


def test_progress_reads_only_the_latest_sessions(catalogue: Catalogue) -> None:
    old_bad = [{"clean_form": False, "pain_during": 7, "pain_next_morning": 9}] * 5
    d = decide_progression(catalogue, "dead_bug", history("dead_bug", *old_bad, {}, {}), Level.BEGINNER)
    check(d, "progress_criterion_met", Action.PROGRESS, "dead_bug", "wall_press_dead_bug")


@pytest.mark.parametrize("pain", [4, 5])
def test_hold_pain_4_to_5(catalogue: Catalogue, pain: int) -> None:
    d = decide_progression(catalogue, "dead_bug", history("dead_bug", {}, {"pain_during": pain}), Level.BEGINNER)
    check(d, "hold_pain_4_to_5", Action.HOLD, "dead_bug", "dead_bug")
    assert f"{pain}/10" in d.explanation.en and f"{pain}/10" in d.explanation.nl


@pytest.mark.parametrize(
    "entries",
    [
        pytest.param(({},), id="only-one-session"),
        pytest.param(({}, {"reps_per_side": 7}), id="7-reps"),
        pytest.param(({}, {"sets": 2}), id="2-sets"),
        pytest.param(({"reps_per_side": 6}, {}), id="earlier-session-short"),
        pytest.param(({"clean_form": False}, {}), id="earlier-session-unclean"),
        pytest.param(({}, {"clean_form": False}), id="last-session-unclean"),
        pytest.param(({}, {"reps_per_side": None, "reps": 16}), id="wrong-measure"),
    ],
)
def test_hold_criterion_not_met(catalogue: Catalogue, entries: tuple[dict[str, Any], ...]) -> None:
    d = decide_progression(catalogue, "dead_bug", history("dead_bug", *entries), Level.BEGINNER)
    check(d, "hold_criterion_not_met", Action.HOLD, "dead_bug", "dead_bug")
    assert catalogue["dead_bug"].criterion.description.en in d.explanation.en
    assert catalogue["dead_bug"].criterion.description.nl in d.explanation.nl


@pytest.mark.parametrize("which", [0, 1])
def test_hold_awaiting_next_morning(catalogue: Catalogue, which: int) -> None:
    entries: list[dict[str, Any]] = [{}, {}]
    entries[which] = {"pain_next_morning": None}
    d = decide_progression(catalogue, "dead_bug", history("dead_bug", *entries), Level.BEGINNER)
    check(d, "hold_awaiting_next_morning", Action.HOLD, "dead_bug", "dead_bug")


@pytest.mark.parametrize(
    "earlier",
    [
        pytest.param({"pain_during": 4}, id="earlier-pain-4"),
        pytest.param({"pain_during": 5}, id="earlier-pain-5"),
        pytest.param({"pain_before": 1, "pain_next_morning": 3}, id="earlier-not-settled"),
    ],
)
def test_hold_pain_above_3_in_the_earlier_session(catalogue: Catalogue, earlier: dict[str, Any]) -> None:
    d = decide_progression(catalogue, "dead_bug", history("dead_bug", earlier, {}), Level.BEGINNER)
    check(d, "hold_pain_above_3", Action.HOLD, "dead_bug", "dead_bug")


@pytest.mark.parametrize("morning", [4, 5, 10])
def test_regress_next_morning_signal(catalogue: Catalogue, morning: int) -> None:
    """A rise of 2 or more that has not settled by the next morning: one step back, without a doctor line."""
    d = decide_progression(catalogue, "dead_bug", history("dead_bug", {}, {"pain_before": 2, "pain_next_morning": morning}), Level.BEGINNER)
    check(d, "regress_next_morning_signal", Action.REGRESS, "dead_bug", "dead_bug_toe_tap")
    assert f"{morning}/10" in d.explanation.en and "2/10" in d.explanation.en
    assert f"{morning}/10" in d.explanation.nl and "2/10" in d.explanation.nl
    assert_no_clinician(d)


def test_one_point_more_next_morning_holds(catalogue: Catalogue) -> None:
    """The issue's scenario: 2 before, 3 the next morning, three days after a step up: the step is kept."""
    d = decide_progression(
        catalogue,
        "wall_press_dead_bug",
        [log("wall_press_dead_bug", day=3, pain_before=2, pain_during=2, pain_next_morning=3)],
        Level.BEGINNER,
    )
    check(d, "hold_next_morning_up_1", Action.HOLD, "wall_press_dead_bug", "wall_press_dead_bug")
    assert "3/10" in d.explanation.en and "2/10" in d.explanation.en
    assert_no_clinician(d)


def test_one_point_more_next_morning_blocks_a_step_up(catalogue: Catalogue) -> None:
    """A criterion met twice, but the last morning 1 point up: hold, neither up nor back."""
    d = decide_progression(catalogue, "dead_bug", history("dead_bug", {}, {"pain_before": 2, "pain_next_morning": 3}), Level.BEGINNER)
    check(d, "hold_next_morning_up_1", Action.HOLD, "dead_bug", "dead_bug")


def test_unclean_twice_beats_a_one_point_rise(catalogue: Catalogue) -> None:
    """The 1-point hold does not hide this exercise's own reason to step back."""
    entries = history("dead_bug", {"clean_form": False}, {"clean_form": False, "pain_before": 2, "pain_next_morning": 3})
    d = decide_progression(catalogue, "dead_bug", entries, Level.BEGINNER)
    check(d, "regress_unclean_twice", Action.REGRESS, "dead_bug", "dead_bug_toe_tap")


def test_next_morning_at_the_same_level_counts_as_settled(catalogue: Catalogue) -> None:
    d = decide_progression(catalogue, "dead_bug", history("dead_bug", {}, {"pain_before": 3, "pain_next_morning": 3}), Level.BEGINNER)
    assert d.action is Action.PROGRESS


def test_regress_unclean_twice(catalogue: Catalogue) -> None:
    d = decide_progression(catalogue, "dead_bug", history("dead_bug", {"clean_form": False}, {"clean_form": False}), Level.BEGINNER)
    check(d, "regress_unclean_twice", Action.REGRESS, "dead_bug", "dead_bug_toe_tap")


def test_unclean_once_then_clean_does_not_regress(catalogue: Catalogue) -> None:
    d = decide_progression(catalogue, "dead_bug", history("dead_bug", {"clean_form": False}, {}), Level.BEGINNER)
    assert d.action is Action.HOLD


@pytest.mark.parametrize("pain", [6, 8, 10])
def test_regress_pain_above_5(catalogue: Catalogue, pain: int) -> None:
    d = decide_progression(catalogue, "wall_press_dead_bug", history("wall_press_dead_bug", {}, {"pain_during": pain}), Level.BEGINNER)
    check(d, "regress_pain_above_5", Action.REGRESS, "wall_press_dead_bug", "dead_bug")
    assert f"{pain}/10" in d.explanation.en


def test_regress_at_the_bottom_rung_holds(catalogue: Catalogue) -> None:
    assert catalogue["dead_bug_heel_slide"].regression is None
    d = decide_progression(catalogue, "dead_bug_heel_slide", history("dead_bug_heel_slide", {}, {"pain_during": 7}), Level.BEGINNER)
    check(d, "regress_pain_above_5", Action.HOLD, "dead_bug_heel_slide", "dead_bug_heel_slide")
    assert "easiest" in d.explanation.en and "smaller" in d.explanation.en
    assert "makkelijkste" in d.explanation.nl and "kleiner" in d.explanation.nl
    assert_no_clinician(d)


def test_next_morning_signal_at_the_bottom_rung_holds_without_a_doctor_line(catalogue: Catalogue) -> None:
    entries = history("dead_bug_heel_slide", {}, {"pain_before": 2, "pain_next_morning": 6})
    d = decide_progression(catalogue, "dead_bug_heel_slide", entries, Level.BEGINNER)
    check(d, "regress_next_morning_signal", Action.HOLD, "dead_bug_heel_slide", "dead_bug_heel_slide")
    assert "smaller" in d.explanation.en and "kleiner" in d.explanation.nl
    assert_no_clinician(d)


@pytest.mark.parametrize("level", [Level.BEGINNER, Level.INTERMEDIATE])
def test_hold_level_gate_for_the_ab_wheel(catalogue: Catalogue, level: Level) -> None:
    d = decide_progression(catalogue, "wall_press_dead_bug", history("wall_press_dead_bug", {}, {}), level)
    check(d, "hold_level_gate", Action.HOLD, "wall_press_dead_bug", "wall_press_dead_bug")
    assert catalogue["ab_wheel_rollout"].name.en in d.explanation.en


PAIN_FREE = {"pain_before": 0, "pain_during": 0, "pain_next_morning": 0}


def test_advanced_progresses_to_the_ab_wheel(catalogue: Catalogue) -> None:
    d = decide_progression(catalogue, "wall_press_dead_bug", history("wall_press_dead_bug", PAIN_FREE, PAIN_FREE), Level.ADVANCED)
    check(d, "progress_criterion_met", Action.PROGRESS, "wall_press_dead_bug", "ab_wheel_rollout")


def test_advanced_rung_waits_for_pain_free_sessions(catalogue: Catalogue) -> None:
    """The ab-wheel roll-out is not for anyone with current back pain (its contraindication)."""
    d = decide_progression(catalogue, "wall_press_dead_bug", history("wall_press_dead_bug", PAIN_FREE, {}), Level.ADVANCED)
    check(d, "hold_pain_present_for_advanced", Action.HOLD, "wall_press_dead_bug", "wall_press_dead_bug")


@pytest.mark.parametrize(
    ("exercise_id", "done"),
    [
        ("ab_wheel_rollout", {"reps_per_side": None, "reps": 6}),
        ("pallof_press_half_kneeling", {}),
        ("breathing_90_90", None),
    ],
)
def test_hold_top_of_ladder(catalogue: Catalogue, exercise_id: str, done: dict[str, Any] | None) -> None:
    ex = catalogue[exercise_id]
    assert ex.progression is None
    if done is None:
        crit = ex.criterion
        done = {"sets": crit.sets, crit.measure: crit.target, "reps_per_side": None} if crit.measure != "reps_per_side" else {}
    d = decide_progression(catalogue, exercise_id, history(exercise_id, done, done), Level.ADVANCED)
    check(d, "hold_top_of_ladder", Action.HOLD, exercise_id, exercise_id)


@pytest.mark.parametrize("entries", [(), ({},), ({}, {}), ({}, {"pain_during": 9})])
def test_red_flag_stop(catalogue: Catalogue, entries: tuple[dict[str, Any], ...]) -> None:
    d = decide_progression(catalogue, "dead_bug", history("dead_bug", *entries), Level.BEGINNER, new_red_flags=["saddle_numbness"])
    check(d, "red_flag_stop", Action.STOP, "dead_bug", "dead_bug")
    assert "doctor" in d.explanation.en and "arts" in d.explanation.nl


def test_hold_no_log(catalogue: Catalogue) -> None:
    d = decide_progression(catalogue, "dead_bug", [], Level.BEGINNER)
    check(d, "hold_no_log", Action.HOLD, "dead_bug", "dead_bug")


def test_rule_priority_pain_above_5_beats_unclean_twice(catalogue: Catalogue) -> None:
    d = decide_progression(
        catalogue, "dead_bug", history("dead_bug", {"clean_form": False}, {"clean_form": False, "pain_during": 6}), Level.BEGINNER
    )
    assert d.rule == "regress_pain_above_5"


def test_unknown_exercise_raises(catalogue: Catalogue) -> None:
    with pytest.raises(InvalidInputError, match="no_such_drill"):
        decide_progression(catalogue, "no_such_drill", [], Level.BEGINNER)


def test_log_needs_some_work_measure() -> None:
    with pytest.raises(ValidationError, match="reps per side"):
        log(reps_per_side=None)


@pytest.mark.parametrize("field", ["pain_before", "pain_during", "pain_next_morning"])
@pytest.mark.parametrize("value", [-1, 11])
def test_log_pain_is_on_the_0_to_10_scale(field: str, value: int) -> None:
    with pytest.raises(ValidationError, match=field):
        log(**{field: value})


def test_log_rejects_unknown_fields() -> None:
    with pytest.raises(ValidationError, match="mood"):
        log(mood="great")


def test_check_log_matches_the_exercise_measure(catalogue: Catalogue) -> None:
    check_log_matches(catalogue["dead_bug"], log())
    with pytest.raises(InvalidInputError, match="reps per side"):
        check_log_matches(catalogue["dead_bug"], log(reps_per_side=None, reps=16))
    with pytest.raises(InvalidInputError, match="distance"):
        check_log_matches(catalogue["suitcase_carry"], log("suitcase_carry"))
    check_log_matches(catalogue["suitcase_carry"], log("suitcase_carry", reps_per_side=None, distance_m=20))


@pytest.mark.parametrize(
    ("overrides", "met"),
    [
        ({}, True),
        ({"sets": 4, "reps_per_side": 10}, True),
        ({"sets": 2}, False),
        ({"reps_per_side": 7}, False),
        ({"clean_form": False}, False),
        ({"reps_per_side": None, "hold_s": 30}, False),
    ],
)
def test_criterion_met(catalogue: Catalogue, overrides: dict[str, Any], met: bool) -> None:
    assert criterion_met(catalogue["dead_bug"], log(**overrides)) is met


@pytest.mark.parametrize(("before", "morning", "settled"), [(2, 2, True), (3, 1, True), (2, 3, False), (2, None, None)])
def test_settled(before: int, morning: int | None, settled: bool | None) -> None:
    assert log(pain_before=before, pain_next_morning=morning).settled is settled


def test_two_entries_on_one_day_are_one_session(catalogue: Catalogue) -> None:
    same_day = [log(day=0), log(day=0)]
    d = decide_progression(catalogue, "dead_bug", same_day, Level.BEGINNER)
    assert d.action is Action.HOLD
    assert d.rule == "hold_criterion_not_met"
