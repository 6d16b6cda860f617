"""Program generator: beginner, intermediate and advanced intakes -> phased programs and a weekly schedule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from corecoach.assessment.assess import assess
from corecoach.catalogue import Catalogue
from corecoach.domain.enums import MOBILITY_FUNCTIONS, PHASE_ORDER, CoreFunction, Language, Level, Need, Weekday
from corecoach.programs.generator import SETUP_MINUTES, Program, dosage_text, generate_program, spread_days
from corecoach.screening.intake import Intake

MakeIntake = Callable[..., Intake]

INTERMEDIATE: dict[str, Any] = {
    "experience": "intermediate",
    "capability": {
        "dead_bug": {"back_flat": True, "clean_sets": 3, "clean_reps_per_side": 8},
        "suitcase_carry": {"clean_distance_m": 20},
    },
    "equipment": ["mat", "band", "kettlebell"],
}

ADVANCED: dict[str, Any] = {
    "experience": "advanced",
    "pain": {"now_nrs": 0},  # the ab-wheel roll-out is never a start for someone in pain now
    "capability": {
        "dead_bug": {"back_flat": True, "clean_sets": 3, "clean_reps_per_side": 8, "wall_press_clean_3x8": True},
        "suitcase_carry": {"clean_distance_m": 30},
        "pallof_press": {"standing_clean_reps_per_side": 8, "tall_kneeling_clean_reps_per_side": 8},
        "bird_dog": {"clean_reps_per_side": 6},
    },
    "equipment": ["mat", "band", "kettlebell", "ab_wheel"],
    "schedule": {"days": ["mon", "wed", "fri"], "minutes_per_session": 60},
}

LEVEL_PATCHES: dict[str, dict[str, Any]] = {"beginner": {}, "intermediate": INTERMEDIATE, "advanced": ADVANCED}

NO_MOBILITY_NEEDS: dict[str, Any] = {
    "habits": {"sitting_hours_per_day": 2},
    "mobility": {
        "hip": {"knee_to_chest_without_back_rounding": True, "hip_flexor_tight": False, "squat_lower_back_rounds": False},
        "thoracic": {"seated_rotation_left_deg": 60, "seated_rotation_right_deg": 60, "arms_overhead_without_arching": True},
    },
}


def _plan(make_intake: MakeIntake, catalogue: Catalogue, *patches: dict[str, Any]) -> tuple[Intake, Program]:
    intake = make_intake(*patches)
    return intake, generate_program(intake, assess(intake, catalogue), catalogue)


@pytest.fixture(params=list(LEVEL_PATCHES), ids=list(LEVEL_PATCHES))
def plan(request: pytest.FixtureRequest, make_intake: MakeIntake, catalogue: Catalogue) -> tuple[Intake, Program]:
    return _plan(make_intake, catalogue, LEVEL_PATCHES[request.param])


def _kind(function: CoreFunction) -> int:
    if function is CoreFunction.BREATHING:
        return 0
    if function in MOBILITY_FUNCTIONS:
        return 1
    return 2


def test_level_intakes_are_what_they_claim(make_intake: MakeIntake) -> None:
    assert make_intake(LEVEL_PATCHES["beginner"]).experience is Level.BEGINNER
    assert make_intake(INTERMEDIATE).experience is Level.INTERMEDIATE
    assert make_intake(ADVANCED).experience is Level.ADVANCED


def test_program_lists_all_five_phases_in_order(plan: tuple[Intake, Program], catalogue: Catalogue) -> None:
    _, program = plan
    assert tuple(p.function for p in program.phases) == PHASE_ORDER
    assert program.phases[0].unlocked, "breathing is always open"
    for phase in program.phases:
        assert phase.title.en and phase.title.nl
        assert phase.unlock_criterion.en.strip() and phase.unlock_criterion.nl.strip()
        assert phase.unlock_criterion.en != phase.unlock_criterion.nl
        assert phase.next_step.en and phase.next_step.nl
        assert phase.exercise_id in phase.ladder
        assert phase.ladder[phase.rung] == phase.exercise_id
        assert list(phase.ladder) == catalogue.ladder(phase.exercise_id)


def test_unlocked_phases_form_a_prefix(plan: tuple[Intake, Program]) -> None:
    _, program = plan
    flags = [p.unlocked for p in program.phases]
    assert flags == sorted(flags, reverse=True), "a phase is never open while an earlier one is locked"


def test_locked_phases_are_listed_with_their_unlock_criterion(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    _, program = _plan(make_intake, catalogue)  # the example: beginner
    locked = [p for p in program.phases if not p.unlocked]
    assert [p.function for p in locked] == [CoreFunction.ANTI_LATERAL_FLEXION, CoreFunction.ANTI_ROTATION, CoreFunction.INTEGRATION]
    anti_lat = program.phases[2]
    # Clean dead bugs unlock the suitcase carry: the criterion names the dead bug and its 3x8.
    assert catalogue["dead_bug"].name.en in anti_lat.unlock_criterion.en
    assert catalogue["dead_bug"].criterion.description.en in anti_lat.unlock_criterion.en
    assert catalogue["dead_bug"].criterion.description.nl in anti_lat.unlock_criterion.nl


def test_each_day_starts_with_breathing(plan: tuple[Intake, Program]) -> None:
    _, program = plan
    breathing_id = program.phases[0].exercise_id
    for day in program.week:
        assert day.items, day.day
        assert day.items[0].function is CoreFunction.BREATHING
        assert day.items[0].exercise_id == breathing_id
        assert sum(1 for i in day.items if i.function is CoreFunction.BREATHING) == 1


def test_mobility_comes_before_the_core_block(plan: tuple[Intake, Program]) -> None:
    _, program = plan
    for day in program.week:
        kinds = [_kind(i.function) for i in day.items]
        assert kinds == sorted(kinds), [i.exercise_id for i in day.items]


def test_core_block_follows_the_phase_order_with_integration_last(plan: tuple[Intake, Program]) -> None:
    _, program = plan
    for day in program.week:
        core = [i.function for i in day.items if _kind(i.function) == 2]
        assert core == sorted(core, key=PHASE_ORDER.index)


def test_locked_phases_never_appear_in_a_session(plan: tuple[Intake, Program]) -> None:
    _, program = plan
    locked = [p for p in program.phases if not p.unlocked]
    used_ids = {i.exercise_id for d in program.week for i in d.items}
    used_functions = {i.function for d in program.week for i in d.items}
    for phase in locked:
        assert phase.exercise_id not in used_ids
        assert phase.function not in used_functions


def test_every_unlocked_phase_is_trained_at_its_rung(plan: tuple[Intake, Program]) -> None:
    _, program = plan
    for phase in program.phases:
        if not phase.unlocked:
            continue
        days = [d.day for d in program.week if any(i.exercise_id == phase.exercise_id and i.function is phase.function for i in d.items)]
        per_week = next(i.dosage.times_per_week for d in program.week for i in d.items if i.exercise_id == phase.exercise_id)
        expected = min(per_week, len(program.week)) if per_week else len(program.week)
        assert len(days) == expected, phase.function


def test_days_match_the_schedule(plan: tuple[Intake, Program]) -> None:
    intake, program = plan
    assert tuple(d.day for d in program.week) == intake.schedule.days


def test_estimated_minutes_are_positive_and_add_up(plan: tuple[Intake, Program]) -> None:
    _, program = plan
    for day in program.week:
        assert day.estimated_minutes > 0
        assert all(i.estimated_minutes > 0 for i in day.items)
        assert day.estimated_minutes == pytest.approx(SETUP_MINUTES + sum(i.estimated_minutes for i in day.items), abs=0.11)


def test_dosage_comes_from_the_catalogue(plan: tuple[Intake, Program], catalogue: Catalogue) -> None:
    _, program = plan
    for day in program.week:
        for item in day.items:
            ex = catalogue[item.exercise_id]
            assert item.dosage == ex.dosage
            assert item.name == ex.name
            assert item.estimated_minutes == ex.estimated_minutes()
            assert item.function in ex.functions
            assert item.why.en and item.why.nl


def test_program_is_json_serialisable(plan: tuple[Intake, Program]) -> None:
    _, program = plan
    assert Program.model_validate_json(program.model_dump_json()) == program


@pytest.mark.parametrize("level", ["intermediate", "advanced"])
def test_pallof_press_twice_a_week_on_two_of_three_days(make_intake: MakeIntake, catalogue: Catalogue, level: str) -> None:
    intake, program = _plan(make_intake, catalogue, LEVEL_PATCHES[level])
    assert intake.schedule.days == (Weekday.MON, Weekday.WED, Weekday.FRI)
    assert program.phases[3].unlocked
    pallof_days = [d.day for d in program.week if any(i.exercise_id.startswith("pallof_press_") for i in d.items)]
    assert len(pallof_days) == 2
    assert pallof_days == [Weekday.MON, Weekday.FRI], "spread over the week, not on consecutive training days"


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (["mon"], ["mon"]),
        (["tue", "thu"], ["tue", "thu"]),
        (["mon", "wed", "fri"], ["mon", "fri"]),
        (["mon", "tue", "wed", "thu", "fri"], ["mon", "fri"]),
        (["mon", "tue", "wed", "thu", "fri", "sat", "sun"], ["mon", "sun"]),
    ],
)
def test_pallof_days_for_other_schedules(make_intake: MakeIntake, catalogue: Catalogue, days: list[str], expected: list[str]) -> None:
    _, program = _plan(make_intake, catalogue, INTERMEDIATE, {"schedule": {"days": days}})
    pallof_days = [d.day.value for d in program.week if any(i.exercise_id.startswith("pallof_press_") for i in d.items)]
    assert pallof_days == expected
    assert [d.day.value for d in program.week] == days


def test_spread_days_picks_distinct_days() -> None:
    week = tuple(Weekday)
    for n in range(1, 8):
        for times in range(1, 8):
            picked = spread_days(week[:n], times)
            assert len(picked) == min(n, times)
            assert len(set(picked)) == len(picked)
            assert picked == sorted(picked, key=lambda d: d.day_number)


def test_beginner_stays_in_the_first_two_phases(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    _, program = _plan(make_intake, catalogue)
    assert [p.function for p in program.phases if p.unlocked] == [CoreFunction.BREATHING, CoreFunction.ANTI_EXTENSION]
    for day in program.week:
        assert [i.exercise_id for i in day.items if _kind(i.function) == 2] == ["dead_bug"]


def test_intermediate_program(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    _, program = _plan(make_intake, catalogue, INTERMEDIATE)
    unlocked = {p.function: p.exercise_id for p in program.phases if p.unlocked}
    assert unlocked[CoreFunction.ANTI_EXTENSION] == "wall_press_dead_bug"
    assert unlocked[CoreFunction.ANTI_LATERAL_FLEXION] == "kettlebell_crosswalk"
    assert unlocked[CoreFunction.ANTI_ROTATION] == "pallof_press_standing"
    assert CoreFunction.INTEGRATION not in unlocked


def test_advanced_with_strong_capability_reaches_integration(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    _, program = _plan(make_intake, catalogue, ADVANCED)
    assert all(p.unlocked for p in program.phases)
    integration = program.phases[-1]
    assert integration.function is CoreFunction.INTEGRATION
    assert integration.exercise_id == "bird_dog"
    for day in program.week:
        assert day.items[-1].function is CoreFunction.INTEGRATION
        assert day.items[-1].exercise_id == "bird_dog"
    assert program.phases[1].exercise_id == "ab_wheel_rollout"


@pytest.mark.parametrize("level", ["beginner", "intermediate"])
def test_ab_wheel_is_never_prescribed_below_advanced(make_intake: MakeIntake, catalogue: Catalogue, level: str) -> None:
    patch = {
        "experience": level,
        "capability": {"dead_bug": {"back_flat": True, "clean_sets": 3, "clean_reps_per_side": 8, "wall_press_clean_3x8": True}},
    }
    _, program = _plan(make_intake, catalogue, patch)
    assert all(i.exercise_id != "ab_wheel_rollout" for d in program.week for i in d.items)
    assert program.phases[1].exercise_id == "wall_press_dead_bug"


def test_mobility_drills_present_when_needed(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    _, program = _plan(make_intake, catalogue)
    assert {Need.HIP_MOBILITY, Need.THORACIC_MOBILITY} <= set(program.needs)
    primaries = {catalogue[m].primary_function for m in program.mobility}
    assert primaries == {CoreFunction.HIP_MOBILITY, CoreFunction.THORACIC_MOBILITY}
    for day in program.week:
        day_functions = {i.function for i in day.items}
        assert CoreFunction.HIP_MOBILITY in day_functions
        assert CoreFunction.THORACIC_MOBILITY in day_functions


@pytest.mark.parametrize(
    ("patch", "hip", "thoracic"),
    [
        pytest.param({}, False, False, id="none"),
        pytest.param({"mobility": {"hip": {"squat_lower_back_rounds": True}}}, True, False, id="hip-only"),
        pytest.param({"mobility": {"thoracic": {"arms_overhead_without_arching": False}}}, False, True, id="thoracic-only"),
        pytest.param({"habits": {"sitting_hours_per_day": 9}}, True, True, id="sitting"),
    ],
)
def test_mobility_drills_follow_the_needs(
    make_intake: MakeIntake, catalogue: Catalogue, patch: dict[str, Any], hip: bool, thoracic: bool
) -> None:
    _, program = _plan(make_intake, catalogue, NO_MOBILITY_NEEDS, patch)
    primaries = {catalogue[m].primary_function for m in program.mobility}
    assert (CoreFunction.HIP_MOBILITY in primaries) is hip
    assert (CoreFunction.THORACIC_MOBILITY in primaries) is thoracic
    for day in program.week:
        assert [i.exercise_id for i in day.items if i.function in MOBILITY_FUNCTIONS] == list(program.mobility)


def test_missing_equipment_keeps_the_phase_in_a_home_variant_or_a_stand_in(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    # Was: the kettlebell crosswalk prescribed anyway with a "get a kettlebell" note. A trainer uses
    # what is there: shopping bags for the carry; no band or cable, so no Pallof press but a stand-in.
    _, program = _plan(make_intake, catalogue, INTERMEDIATE, {"equipment": ["mat"]})
    items = {i.exercise_id: i for d in program.week for i in d.items}
    crosswalk = catalogue["kettlebell_crosswalk"]
    assert items["kettlebell_crosswalk"].use == crosswalk.variants[-1].use  # the household variant
    assert "shopping bag" in items["kettlebell_crosswalk"].use.en
    assert not any(i.startswith("pallof_press_") for i in items)
    anti_rotation = program.phases[3]
    assert anti_rotation.unlocked and anti_rotation.exercise_id == "pallof_press_standing"
    assert anti_rotation.stand_in_id in items
    assert any(catalogue["pallof_press_standing"].name.en in n.en for n in program.notes)
    assert all(n.en != n.nl for n in program.notes)


def test_known_diagnosis_adds_the_follow_your_doctor_note(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    _, program = _plan(make_intake, catalogue, {"diagnoses": {"hernia": True, "approval_acknowledged": True}})
    assert any("doctor/physio" in n.en and "approval" in n.en for n in program.notes)


def test_program_carries_the_not_a_medical_device_disclaimer(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    _, program = _plan(make_intake, catalogue)
    assert "not a medical device" in program.disclaimer.en
    assert "geen medisch hulpmiddel" in program.disclaimer.nl


def test_stored_rungs_override_the_assessment(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    intake = make_intake()
    assessment = assess(intake, catalogue)
    rungs = dict(assessment.placements)
    rungs[CoreFunction.ANTI_EXTENSION] = "dead_bug_toe_tap"
    program = generate_program(intake, assessment, catalogue, rungs=rungs)
    assert program.phases[1].exercise_id == "dead_bug_toe_tap"
    assert all("dead_bug_toe_tap" in [i.exercise_id for i in d.items] for d in program.week)


@pytest.mark.parametrize(
    ("exercise_id", "en", "nl"),
    [
        ("pallof_press_standing", "3 x 8 per side, tempo 1-2-1-1, 2x a week", "3 x 8 per kant, tempo 1-2-1-1, 2x per week"),
        ("suitcase_carry", "3 x 20 m per side", "3 x 20 m per kant"),
    ],
)
def test_dosage_text(catalogue: Catalogue, exercise_id: str, en: str, nl: str) -> None:
    dosage = catalogue[exercise_id].dosage
    assert dosage_text(dosage, Language.EN) == en
    assert dosage_text(dosage, Language.NL) == nl
