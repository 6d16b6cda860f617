"""Strict intake validation: the example is valid, every bad input names its field, every red flag refers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from corecoach.domain.enums import Language, Level, Weekday
from corecoach.errors import InvalidInputError
from corecoach.screening.intake import Intake
from corecoach.screening.red_flags import load_red_flags, make_referral
from corecoach.screening.validation import validate_intake

Mutation = Callable[[dict[str, Any]], object]


def test_the_example_intake_is_valid(example_raw: dict[str, Any]) -> None:
    intake = validate_intake(example_raw)
    assert isinstance(intake, Intake)
    assert intake.language is Language.EN
    assert intake.experience is Level.BEGINNER
    assert intake.pain.now_nrs == 3
    assert intake.reported_red_flags == []
    assert set(intake.red_flags) == set(load_red_flags())
    assert intake.schedule.days == (Weekday.MON, Weekday.WED, Weekday.FRI)
    assert make_referral(intake.reported_red_flags) is None


def _set(path: str, value: object) -> Mutation:
    def mutate(raw: dict[str, Any]) -> None:
        *parents, leaf = path.split(".")
        node: Any = raw
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[leaf] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(raw: dict[str, Any]) -> None:
        *parents, leaf = path.split(".")
        node: Any = raw
        for part in parents:
            node = node[part]
        del node[leaf]

    return mutate


BAD_INPUTS: list[Any] = [
    pytest.param(_set("favourite_colour", "blue"), ["favourite_colour", "unknown field"], id="unknown-top-level-field"),
    pytest.param(_set("pain.sharpness", 3), ["pain.sharpness", "unknown field"], id="unknown-nested-field"),
    pytest.param(
        _set("capability.dead_bug.clean_set", 3), ["capability.dead_bug.clean_set", "unknown field"], id="unknown-deeply-nested-field"
    ),
    pytest.param(_set("pain.now_nrs", 11), ["pain.now_nrs", "10"], id="pain-11"),
    pytest.param(_set("pain.now_nrs", -1), ["pain.now_nrs", "0"], id="pain-minus-1"),
    pytest.param(_set("pain.worst_last_week_nrs", 12), ["pain.worst_last_week_nrs"], id="worst-pain-12"),
    pytest.param(_delete("pain"), ["pain", "missing"], id="pain-missing"),
    pytest.param(_set("red_flags.alien_abduction", False), ["red_flags.alien_abduction", "unknown red-flag id"], id="unknown-red-flag-id"),
    pytest.param(_delete("red_flags.saddle_numbness"), ["red_flags", "saddle_numbness", "missing"], id="missing-red-flag-answer"),
    pytest.param(_set("red_flags.saddle_numbness", "maybe"), ["red_flags.saddle_numbness"], id="red-flag-answer-not-bool"),
    pytest.param(_delete("red_flags"), ["red_flags", "missing"], id="red-flags-missing"),
    pytest.param(
        _set("diagnoses", {"hernia": True, "approval_acknowledged": False}),
        ["diagnoses.approval_acknowledged", "hernia"],
        id="hernia-without-approval",
    ),
    pytest.param(
        _set("diagnoses", {"other_back_condition_under_care": True}),
        ["diagnoses.approval_acknowledged"],
        id="other-condition-without-approval",
    ),
    pytest.param(
        _set("psfs", [{"activity": f"activity {i}", "score": 5} for i in range(6)]),
        ["psfs", "5"],
        id="psfs-six-activities",
    ),
    pytest.param(_set("psfs.0.score", 11), ["psfs.0.score", "10"], id="psfs-score-11"),
    pytest.param(_set("psfs.1.score", -1), ["psfs.1.score"], id="psfs-score-negative"),
    pytest.param(_set("psfs.0.activity", ""), ["psfs.0.activity"], id="psfs-empty-activity"),
    pytest.param(_set("schedule.days", ["mon", "wed", "mon"]), ["schedule.days", "only once"], id="duplicate-schedule-day"),
    pytest.param(_set("schedule.days", ["mon", "funday"]), ["schedule.days"], id="unknown-schedule-day"),
    pytest.param(_set("schedule.days", []), ["schedule.days"], id="no-schedule-days"),
    pytest.param(_set("language", "de"), ["language"], id="unknown-language"),
    pytest.param(_set("experience", "expert"), ["experience"], id="unknown-level"),
    pytest.param(_set("breathing.hand_test", "shoulders"), ["breathing.hand_test"], id="unknown-hand-test"),
    pytest.param(_set("habits.sitting_hours_per_day", 25), ["habits.sitting_hours_per_day"], id="sitting-25h"),
    pytest.param(_set("person.age_years", 12), ["person.age_years"], id="under-16"),
    pytest.param(_set("endurance.extensor_s", 0), ["endurance.extensor_s"], id="zero-hold"),
    pytest.param(_set("equipment", ["mat", "mat"]), ["equipment", "only once"], id="duplicate-equipment"),
    pytest.param(_set("equipment", ["trampoline"]), ["equipment"], id="unknown-equipment"),
]


@pytest.mark.parametrize(("mutate", "must_mention"), BAD_INPUTS)
def test_bad_input_raises_an_error_naming_the_field(example_raw: dict[str, Any], mutate: Mutation, must_mention: list[str]) -> None:
    mutate(example_raw)
    with pytest.raises(InvalidInputError) as info:
        validate_intake(example_raw)
    message = str(info.value)
    for part in must_mention:
        assert part in message, f"{part!r} not in {message!r}"
    assert info.value.problems, "the problems are listed one by one"


@pytest.mark.parametrize("raw", [None, [], ["pain", 3], "pain: 3", 42, 3.5, True], ids=repr)
def test_non_mapping_input_is_rejected(raw: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        validate_intake(raw)
    assert "(top level)" in str(info.value)
    assert type(raw).__name__ in str(info.value)


def test_every_problem_is_reported_at_once(example_raw: dict[str, Any]) -> None:
    example_raw["pain"]["now_nrs"] = 11
    example_raw["favourite_colour"] = "blue"
    example_raw["psfs"][0]["score"] = 11
    with pytest.raises(InvalidInputError) as info:
        validate_intake(example_raw)
    problems = "\n".join(info.value.problems)
    for field in ("pain.now_nrs", "favourite_colour", "psfs.0.score"):
        assert field in problems


def test_unknown_and_missing_red_flags_reported_together(example_raw: dict[str, Any]) -> None:
    del example_raw["red_flags"]["trauma"]
    example_raw["red_flags"]["traumaa"] = False
    with pytest.raises(InvalidInputError) as info:
        validate_intake(example_raw)
    assert any("red_flags.traumaa" in p for p in info.value.problems)
    assert any("trauma" in p and "missing" in p for p in info.value.problems)


@pytest.mark.parametrize("condition", ["hernia", "other_back_condition_under_care"])
def test_known_diagnosis_with_approval_is_accepted(example_raw: dict[str, Any], condition: str) -> None:
    example_raw["diagnoses"] = {condition: True, "approval_acknowledged": True}
    intake = validate_intake(example_raw)
    assert intake.diagnoses.any
    assert intake.diagnoses.approval_acknowledged


def test_five_psfs_activities_are_allowed(example_raw: dict[str, Any]) -> None:
    example_raw["psfs"] = [{"activity": f"activity {i}", "score": i * 2} for i in range(5)]
    assert len(validate_intake(example_raw).psfs) == 5


@pytest.mark.parametrize("nrs", [0, 10])
def test_pain_scale_bounds_are_inclusive(example_raw: dict[str, Any], nrs: int) -> None:
    example_raw["pain"]["now_nrs"] = nrs
    assert validate_intake(example_raw).pain.now_nrs == nrs


def test_schedule_days_are_sorted_into_week_order(example_raw: dict[str, Any]) -> None:
    example_raw["schedule"]["days"] = ["fri", "mon", "wed"]
    assert validate_intake(example_raw).schedule.days == (Weekday.MON, Weekday.WED, Weekday.FRI)


@pytest.mark.parametrize("flag_id", list(load_red_flags()))
def test_every_red_flag_stops_the_plan(example_raw: dict[str, Any], flag_id: str) -> None:
    example_raw["red_flags"][flag_id] = True
    intake = validate_intake(example_raw)
    assert intake.reported_red_flags == [flag_id]
    referral = make_referral(intake.reported_red_flags)
    assert referral is not None
    assert referral.red_flag_ids == (flag_id,)
    assert referral.urgency is load_red_flags()[flag_id].urgency
