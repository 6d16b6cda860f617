"""Assessment table tests: intake answers -> ladder placements, unlocked phases and needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from corecoach.assessment.assess import assess, breathing_ok, place_on_ladders, unlocked_phases
from corecoach.catalogue import Catalogue
from corecoach.domain.enums import PHASE_ORDER, CoreFunction, Need
from corecoach.screening.intake import Intake

MakeIntake = Callable[..., Intake]

# No mobility or breathing findings, little sitting: a baseline where needs come only from the row under test.
QUIET: dict[str, Any] = {
    "breathing": {"hand_test": "belly", "ribs_stay_down_90_90": True, "control_pause_s": 30},
    "habits": {"sitting_hours_per_day": 2, "stands_on_one_leg": False},
    "mobility": {
        "hip": {"knee_to_chest_without_back_rounding": True, "hip_flexor_tight": False, "squat_lower_back_rounds": False},
        "thoracic": {"seated_rotation_left_deg": 60, "seated_rotation_right_deg": 60, "arms_overhead_without_arching": True},
    },
    "endurance": None,
}


def _dead_bug(**answers: Any) -> dict[str, Any]:
    test = {"back_flat": True, "clean_sets": 0, "clean_reps_per_side": 0, "toe_taps_back_flat": None, "wall_press_clean_3x8": False}
    test.update(answers)
    return {"capability": {"dead_bug": test}}


@pytest.mark.parametrize(
    ("experience", "dead_bug", "expected"),
    [
        pytest.param("beginner", {"clean_sets": 3, "clean_reps_per_side": 8}, "wall_press_dead_bug", id="3x8-clean-beginner"),
        pytest.param("intermediate", {"clean_sets": 3, "clean_reps_per_side": 8}, "wall_press_dead_bug", id="3x8-clean-intermediate"),
        pytest.param("beginner", {"clean_sets": 4, "clean_reps_per_side": 10}, "wall_press_dead_bug", id="more-than-3x8"),
        pytest.param("beginner", {"clean_sets": 1, "clean_reps_per_side": 5}, "dead_bug", id="flat-but-1x5"),
        pytest.param("beginner", {"clean_sets": 3, "clean_reps_per_side": 7}, "dead_bug", id="flat-but-3x7"),
        pytest.param("beginner", {"clean_sets": 2, "clean_reps_per_side": 8}, "dead_bug", id="flat-but-2x8"),
        pytest.param("beginner", {"clean_sets": 0, "clean_reps_per_side": 0}, "dead_bug", id="flat-none-counted"),
        pytest.param(
            "advanced",
            {"clean_sets": 3, "clean_reps_per_side": 8, "wall_press_clean_3x8": True},
            "ab_wheel_rollout",
            id="wall-press-clean-advanced",
        ),
        pytest.param(
            "beginner",
            {"clean_sets": 3, "clean_reps_per_side": 8, "wall_press_clean_3x8": True},
            "wall_press_dead_bug",
            id="wall-press-clean-beginner",
        ),
        pytest.param(
            "intermediate",
            {"clean_sets": 3, "clean_reps_per_side": 8, "wall_press_clean_3x8": True},
            "wall_press_dead_bug",
            id="wall-press-clean-intermediate",
        ),
        pytest.param(
            "advanced",
            {"clean_sets": 3, "clean_reps_per_side": 8, "wall_press_clean_3x8": False},
            "wall_press_dead_bug",
            id="advanced-without-wall-press",
        ),
        pytest.param(
            "advanced",
            {"clean_sets": 1, "clean_reps_per_side": 5, "wall_press_clean_3x8": True},
            "dead_bug",
            id="wall-press-claimed-but-dead-bug-not-clean-never-skips",
        ),
        pytest.param("beginner", {"back_flat": False, "toe_taps_back_flat": True}, "dead_bug_toe_tap", id="not-flat-toe-taps-flat"),
        pytest.param("beginner", {"back_flat": False, "toe_taps_back_flat": False}, "dead_bug_heel_slide", id="not-flat-toe-taps-not-flat"),
        pytest.param("beginner", {"back_flat": False, "toe_taps_back_flat": None}, "dead_bug_heel_slide", id="not-flat-toe-taps-untested"),
        pytest.param(
            "advanced",
            {"back_flat": False, "clean_sets": 3, "clean_reps_per_side": 8, "wall_press_clean_3x8": True, "toe_taps_back_flat": True},
            "dead_bug_toe_tap",
            id="not-flat-overrides-counts",
        ),
    ],
)
def test_anti_extension_placement(
    make_intake: MakeIntake, catalogue: Catalogue, experience: str, dead_bug: dict[str, Any], expected: str
) -> None:
    intake = make_intake({"experience": experience, "pain": {"now_nrs": 0}, **_dead_bug(**dead_bug)})
    placement = place_on_ladders(intake, catalogue)[CoreFunction.ANTI_EXTENSION]
    assert placement == expected
    if not intake.capability.dead_bug.back_flat:
        assert placement.startswith("dead_bug_")
    assert placement in catalogue.ladder("dead_bug")


@pytest.mark.parametrize(
    ("pallof", "experience", "expected"),
    [
        pytest.param({}, "beginner", "pallof_press_standing", id="untested"),
        pytest.param({"standing_clean_reps_per_side": 7}, "beginner", "pallof_press_standing", id="standing-7"),
        pytest.param({"standing_clean_reps_per_side": 8}, "beginner", "pallof_press_tall_kneeling", id="standing-8"),
        pytest.param({"standing_clean_reps_per_side": 12}, "beginner", "pallof_press_tall_kneeling", id="standing-12"),
        pytest.param(
            {"standing_clean_reps_per_side": 8, "tall_kneeling_clean_reps_per_side": 8},
            "intermediate",
            "pallof_press_half_kneeling",
            id="standing-and-tall-8",
        ),
        pytest.param(
            {"standing_clean_reps_per_side": 8, "tall_kneeling_clean_reps_per_side": 7},
            "intermediate",
            "pallof_press_tall_kneeling",
            id="tall-7",
        ),
        pytest.param(
            {"standing_clean_reps_per_side": 0, "tall_kneeling_clean_reps_per_side": 8, "half_kneeling_clean_reps_per_side": 8},
            "advanced",
            "pallof_press_standing",
            id="kneeling-without-standing-never-skips",
        ),
    ],
)
def test_anti_rotation_placement(
    make_intake: MakeIntake, catalogue: Catalogue, pallof: dict[str, int], experience: str, expected: str
) -> None:
    intake = make_intake({"experience": experience, "capability": {"pallof_press": pallof}})
    assert place_on_ladders(intake, catalogue)[CoreFunction.ANTI_ROTATION] == expected


@pytest.mark.parametrize(
    ("distance", "expected"),
    [(0, "suitcase_carry"), (19, "suitcase_carry"), (20, "kettlebell_crosswalk"), (40, "kettlebell_crosswalk")],
)
def test_anti_lateral_flexion_placement(make_intake: MakeIntake, catalogue: Catalogue, distance: float, expected: str) -> None:
    intake = make_intake({"capability": {"suitcase_carry": {"clean_distance_m": distance}}})
    assert place_on_ladders(intake, catalogue)[CoreFunction.ANTI_LATERAL_FLEXION] == expected


@pytest.mark.parametrize(
    ("reps", "expected"), [(0, "bird_dog_single_limb"), (5, "bird_dog_single_limb"), (6, "bird_dog"), (10, "bird_dog")]
)
def test_integration_placement(make_intake: MakeIntake, catalogue: Catalogue, reps: int, expected: str) -> None:
    intake = make_intake({"capability": {"bird_dog": {"clean_reps_per_side": reps}}})
    assert place_on_ladders(intake, catalogue)[CoreFunction.INTEGRATION] == expected


def test_every_phase_gets_a_placement_on_its_own_ladder(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    placements = place_on_ladders(make_intake(), catalogue)
    assert set(placements) == set(PHASE_ORDER)
    for function, exercise_id in placements.items():
        assert function in catalogue[exercise_id].functions


@pytest.mark.parametrize(
    ("breathing", "ok", "placement"),
    [
        ({"hand_test": "belly", "ribs_stay_down_90_90": True}, True, "breathing_90_90"),
        ({"hand_test": "belly", "ribs_stay_down_90_90": False}, False, "crocodile_breathing"),
        ({"hand_test": "mixed", "ribs_stay_down_90_90": True}, False, "crocodile_breathing"),
        ({"hand_test": "chest", "ribs_stay_down_90_90": True}, False, "crocodile_breathing"),
        ({"hand_test": "chest", "ribs_stay_down_90_90": False}, False, "crocodile_breathing"),
    ],
)
def test_breathing_placement(make_intake: MakeIntake, catalogue: Catalogue, breathing: dict[str, Any], ok: bool, placement: str) -> None:
    intake = make_intake(QUIET, {"breathing": breathing})
    assert breathing_ok(intake) is ok
    result = assess(intake, catalogue)
    assert result.breathing_ok is ok
    assert result.placements[CoreFunction.BREATHING] == placement
    assert (Need.BREATHING in result.needs) is not ok


def test_chest_breathing_keeps_only_the_breathing_phase_open(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    strong = {
        "breathing": {"hand_test": "chest"},
        "experience": "advanced",
        "capability": {
            "dead_bug": {"back_flat": True, "clean_sets": 3, "clean_reps_per_side": 8, "wall_press_clean_3x8": True},
            "suitcase_carry": {"clean_distance_m": 20},
            "pallof_press": {"standing_clean_reps_per_side": 8},
        },
    }
    result = assess(make_intake(QUIET, strong), catalogue)
    assert Need.BREATHING in result.needs
    assert result.placements[CoreFunction.BREATHING] == "crocodile_breathing"
    assert result.unlocked == (CoreFunction.BREATHING,)
    assert any(r.need is Need.BREATHING for r in result.reasons)


@pytest.mark.parametrize(
    ("dead_bug", "unlocked"),
    [
        pytest.param({"clean_sets": 3, "clean_reps_per_side": 8}, True, id="clean-3x8-unlocks"),
        pytest.param({"clean_sets": 1, "clean_reps_per_side": 5}, False, id="1x5-stays-locked"),
        pytest.param({"clean_sets": 3, "clean_reps_per_side": 7}, False, id="3x7-stays-locked"),
        pytest.param({"back_flat": False, "toe_taps_back_flat": True}, False, id="not-flat-stays-locked"),
    ],
)
def test_clean_dead_bugs_unlock_anti_lateral_flexion(
    make_intake: MakeIntake, catalogue: Catalogue, dead_bug: dict[str, Any], unlocked: bool
) -> None:
    result = assess(make_intake(QUIET, _dead_bug(**dead_bug)), catalogue)
    assert CoreFunction.BREATHING in result.unlocked
    assert CoreFunction.ANTI_EXTENSION in result.unlocked
    assert (CoreFunction.ANTI_LATERAL_FLEXION in result.unlocked) is unlocked
    assert result.placements[CoreFunction.ANTI_LATERAL_FLEXION] == "suitcase_carry"
    if not unlocked:
        assert result.unlocked == (CoreFunction.BREATHING, CoreFunction.ANTI_EXTENSION)


def test_phases_unlock_in_order_only(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    # A strong carry and Pallof press do not open anything while the dead bug is not mastered.
    strong_elsewhere = {"capability": {"suitcase_carry": {"clean_distance_m": 30}, "pallof_press": {"standing_clean_reps_per_side": 10}}}
    result = assess(make_intake(QUIET, _dead_bug(clean_sets=1, clean_reps_per_side=5), strong_elsewhere), catalogue)
    assert result.unlocked == (CoreFunction.BREATHING, CoreFunction.ANTI_EXTENSION)


def test_everything_shown_unlocks_every_phase(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    shown = {"capability": {"suitcase_carry": {"clean_distance_m": 20}, "pallof_press": {"standing_clean_reps_per_side": 8}}}
    result = assess(make_intake(QUIET, _dead_bug(clean_sets=3, clean_reps_per_side=8), shown), catalogue)
    assert result.unlocked == PHASE_ORDER


def test_unlocked_phases_is_a_prefix_of_the_phase_order(catalogue: Catalogue) -> None:
    placements = {
        CoreFunction.BREATHING: "breathing_90_90",
        CoreFunction.ANTI_EXTENSION: "dead_bug",
        CoreFunction.ANTI_LATERAL_FLEXION: "kettlebell_crosswalk",
        CoreFunction.ANTI_ROTATION: "pallof_press_half_kneeling",
        CoreFunction.INTEGRATION: "bird_dog",
    }
    assert unlocked_phases(placements, catalogue) == (CoreFunction.BREATHING, CoreFunction.ANTI_EXTENSION)


@pytest.mark.parametrize(
    ("patch", "present", "absent"),
    [
        pytest.param({}, set(), {Need.HIP_MOBILITY, Need.THORACIC_MOBILITY, Need.BREATHING}, id="quiet"),
        pytest.param(
            {"habits": {"sitting_hours_per_day": 8}}, {Need.HIP_MOBILITY, Need.THORACIC_MOBILITY}, {Need.BREATHING}, id="sitting-8h"
        ),
        pytest.param({"habits": {"sitting_hours_per_day": 6}}, {Need.HIP_MOBILITY, Need.THORACIC_MOBILITY}, set(), id="sitting-6h"),
        pytest.param({"habits": {"sitting_hours_per_day": 4}}, set(), {Need.HIP_MOBILITY, Need.THORACIC_MOBILITY}, id="sitting-4h"),
        pytest.param(
            {"mobility": {"hip": {"squat_lower_back_rounds": True}}}, {Need.HIP_MOBILITY}, {Need.THORACIC_MOBILITY}, id="butt-wink"
        ),
        pytest.param(
            {"mobility": {"hip": {"hip_flexor_tight": True}}}, {Need.HIP_MOBILITY}, {Need.THORACIC_MOBILITY}, id="tight-hip-flexors"
        ),
        pytest.param(
            {"mobility": {"hip": {"knee_to_chest_without_back_rounding": False}}},
            {Need.HIP_MOBILITY},
            {Need.THORACIC_MOBILITY},
            id="knee-to-chest-rounds",
        ),
        pytest.param(
            {"mobility": {"thoracic": {"seated_rotation_left_deg": 30}}},
            {Need.THORACIC_MOBILITY},
            {Need.HIP_MOBILITY},
            id="stiff-rotation-left",
        ),
        pytest.param(
            {"mobility": {"thoracic": {"arms_overhead_without_arching": False}}},
            {Need.THORACIC_MOBILITY},
            {Need.HIP_MOBILITY},
            id="arms-overhead-arching",
        ),
        pytest.param(
            {"breathing": {"hand_test": "chest"}}, {Need.BREATHING}, {Need.HIP_MOBILITY, Need.THORACIC_MOBILITY}, id="chest-breathing"
        ),
        pytest.param({"breathing": {"hand_test": "mixed"}}, {Need.BREATHING}, set(), id="mixed-breathing"),
        pytest.param({"breathing": {"ribs_stay_down_90_90": False}}, {Need.BREATHING}, set(), id="ribs-flare"),
        pytest.param({"breathing": {"control_pause_s": 10}}, {Need.BREATHING}, set(), id="short-control-pause"),
    ],
)
def test_needs_from_findings(
    make_intake: MakeIntake, catalogue: Catalogue, patch: dict[str, Any], present: set[Need], absent: set[Need]
) -> None:
    result = assess(make_intake(QUIET, patch), catalogue)
    assert Need.LUMBAR_STABILITY in result.needs, "the lower back always wants stability"
    assert present <= set(result.needs)
    assert not (absent & set(result.needs))
    for need in result.needs:
        assert any(r.need is need for r in result.reasons), f"{need} has a stated reason"
    for reason in result.reasons:
        assert reason.reason.en and reason.reason.nl and reason.reason.en != reason.reason.nl


def test_needs_follow_the_enum_order_without_duplicates(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    result = assess(make_intake(), catalogue)
    assert len(result.needs) == len(set(result.needs))
    assert list(result.needs) == [n for n in Need if n in result.needs]


def test_the_example_intake_assessment(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    result = assess(make_intake(), catalogue)
    assert result.placements[CoreFunction.ANTI_EXTENSION] == "dead_bug"
    assert result.placements[CoreFunction.BREATHING] == "breathing_90_90"
    assert result.unlocked == (CoreFunction.BREATHING, CoreFunction.ANTI_EXTENSION)
    assert {Need.HIP_MOBILITY, Need.THORACIC_MOBILITY, Need.LUMBAR_STABILITY} <= set(result.needs)
    assert len(result.endurance) == 4
    result.model_dump_json()  # JSON-serialisable


def _breathing_hand_reason(make_intake: MakeIntake, catalogue: Catalogue, hand_test: str) -> tuple[str, str]:
    result = assess(make_intake(QUIET, {"breathing": {"hand_test": hand_test}}), catalogue)
    reasons = [r.reason for r in result.reasons if r.need is Need.BREATHING]
    assert len(reasons) == 1
    return reasons[0].en, reasons[0].nl


def test_chest_breathing_reason_says_the_chest_in_both_languages(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    en, nl = _breathing_hand_reason(make_intake, catalogue, "chest")
    assert "chest" in en
    assert "borst" in nl


def test_mixed_breathing_reason_is_not_a_chest_finding(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    en, nl = _breathing_hand_reason(make_intake, catalogue, "mixed")
    assert "mixed hand" not in en
    assert "borstkas beweegt het meest" not in nl.lower()


def test_no_ab_wheel_start_for_someone_in_pain_now(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    """The ab-wheel roll-out's own contraindication: not for anyone with current back pain."""
    dead_bug = _dead_bug(clean_sets=3, clean_reps_per_side=8, wall_press_clean_3x8=True)
    in_pain = make_intake({"experience": "advanced", "pain": {"now_nrs": 2}, **dead_bug})
    pain_free = make_intake({"experience": "advanced", "pain": {"now_nrs": 0}, **dead_bug})
    assert place_on_ladders(in_pain, catalogue)[CoreFunction.ANTI_EXTENSION] == "wall_press_dead_bug"
    assert place_on_ladders(pain_free, catalogue)[CoreFunction.ANTI_EXTENSION] == "ab_wheel_rollout"
