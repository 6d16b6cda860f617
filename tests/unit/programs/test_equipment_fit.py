"""Every program fits the equipment the person declared (plus what every home has).

The checks read the catalogue's variants directly: an item is doable when one of its exercise's
variants needs nothing beyond the declared equipment and the household items, and the item must
say to use the first such variant (the coach's preference).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corecoach.assessment.assess import assess
from corecoach.catalogue import Catalogue, Exercise, load_catalogue
from corecoach.catalogue.schema import HOUSEHOLD_ITEMS, HouseholdItem, Variant
from corecoach.domain.enums import PHASE_ORDER, CoreFunction, Equipment, Language
from corecoach.domain.phases import PHASES
from corecoach.programs.generator import Program, generate_program
from corecoach.screening.intake import Intake

MakeIntake = Callable[..., Intake]

DECLARABLE = tuple(e for e in Equipment if e is not Equipment.NONE)

LEVELS: dict[str, dict[str, Any]] = {
    "beginner": {},
    "intermediate": {
        "experience": "intermediate",
        "capability": {
            "dead_bug": {"back_flat": True, "clean_sets": 3, "clean_reps_per_side": 8},
            "suitcase_carry": {"clean_distance_m": 20},
        },
    },
    "advanced": {
        "experience": "advanced",
        "pain": {"now_nrs": 0},
        "capability": {
            "dead_bug": {"back_flat": True, "clean_sets": 3, "clean_reps_per_side": 8, "wall_press_clean_3x8": True},
            "suitcase_carry": {"clean_distance_m": 30},
            "pallof_press": {"standing_clean_reps_per_side": 8, "tall_kneeling_clean_reps_per_side": 8},
            "bird_dog": {"clean_reps_per_side": 6},
        },
        "schedule": {"days": ["mon", "wed", "fri"], "minutes_per_session": 60},
    },
}

EQUIPMENT_SETS: dict[str, list[str]] = {
    "nothing": [],
    "none-declared": ["none"],
    **{f"only-{e.value}": [e.value] for e in DECLARABLE},
    "mat+band": ["mat", "band"],
    "gym": [e.value for e in DECLARABLE],
}


def _doable_variants(exercise: Exercise, declared: set[str]) -> list[Variant]:
    """Straight from the data: every need is declared or a household item."""
    have = declared | {h.value for h in HouseholdItem}
    return [v for v in exercise.variants if {str(n) for n in v.needs} <= have]


def _assert_fits(program: Program, catalogue: Catalogue, equipment: list[str]) -> None:
    declared = {e for e in equipment if e != "none"}
    for day in program.week:
        for item in day.items:
            ex = catalogue[item.exercise_id]
            doable = _doable_variants(ex, declared)
            assert doable, f"{item.exercise_id} is not doable with {sorted(declared)}"
            assert item.use == doable[0].use, f"{item.exercise_id}: not the preferred doable variant"
            assert item.use is not None and item.use.en != item.use.nl


def _assert_no_silent_gap(program: Program, catalogue: Catalogue) -> None:
    """Every unlocked phase is trained at its rung, or a note names its exercise and the stand-in (if any) is trained."""
    used = {i.exercise_id for d in program.week for i in d.items}
    for phase in program.phases:
        if not phase.unlocked:
            assert phase.stand_in_id is None
            continue
        if phase.stand_in_id is None and phase.exercise_id in used:
            continue
        name = catalogue[phase.exercise_id].name
        assert any(name.en in n.en and name.nl in n.nl for n in program.notes), f"{phase.function}: left out without a note"
        if phase.stand_in_id is not None:
            assert phase.stand_in_id in used
            assert phase.function in catalogue[phase.stand_in_id].functions


def _plan(make_intake: MakeIntake, catalogue: Catalogue, level: str, equipment: list[str]) -> Program:
    intake = make_intake(LEVELS[level], {"equipment": equipment})
    return generate_program(intake, assess(intake, catalogue), catalogue)


@pytest.mark.parametrize("equipment", list(EQUIPMENT_SETS.values()), ids=list(EQUIPMENT_SETS))
@pytest.mark.parametrize("level", list(LEVELS))
def test_every_item_is_doable_with_the_declared_equipment(
    make_intake: MakeIntake, catalogue: Catalogue, level: str, equipment: list[str]
) -> None:
    program = _plan(make_intake, catalogue, level, equipment)
    assert all(d.items for d in program.week)
    _assert_fits(program, catalogue, equipment)
    _assert_no_silent_gap(program, catalogue)


def test_household_items_are_the_documented_four() -> None:
    assert {h.value for h in HOUSEHOLD_ITEMS} == {"wall", "chair", "towel", "shopping_bag"}
    assert not ({h.value for h in HOUSEHOLD_ITEMS} - {"wall"}) & {e.value for e in Equipment}


def test_the_mat_and_band_person_gets_the_band_and_no_balloon(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    # Issue 9's person: a mat and a band. At the 90/90 breathing rung they breathe out through pursed lips.
    intake = make_intake({"equipment": ["mat", "band"]})
    assessment = assess(intake, catalogue)
    rungs = dict(assessment.placements)
    rungs[CoreFunction.BREATHING] = "breathing_90_90"
    program = generate_program(intake, assessment, catalogue, rungs=rungs, unlocked=PHASE_ORDER[:4])
    items = {i.exercise_id: i for d in program.week for i in d.items}
    breathing = items["breathing_90_90"].use
    assert breathing is not None and "No balloon" in breathing.en and "Geen ballon" in breathing.nl
    pallof = items["pallof_press_standing"].use
    assert pallof is not None and "resistance band" in pallof.en and "weerstandsband" in pallof.nl
    carry = items["suitcase_carry"].use
    assert carry is not None and "shopping bag" in carry.en
    assert all(Equipment.BALLOON not in _doable_variants(catalogue[i], {"mat", "band"})[0].needs for i in items)


def test_no_kettlebell_means_a_shopping_bag_for_the_carry(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    program = _plan(make_intake, catalogue, "intermediate", ["mat"])
    carry = next(i for d in program.week for i in d.items if i.function is CoreFunction.ANTI_LATERAL_FLEXION)
    assert carry.use is not None and "shopping bag" in carry.use.en and "boodschappentas" in carry.use.nl
    with_bell = _plan(make_intake, catalogue, "intermediate", ["mat", "kettlebell"])
    carry = next(i for d in with_bell.week for i in d.items if i.function is CoreFunction.ANTI_LATERAL_FLEXION)
    assert carry.use is not None and "kettlebell" in carry.use.en.lower() and "shopping bag" not in carry.use.en


def test_no_ab_wheel_holds_on_the_wall_press_dead_bug_with_a_note(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    with_wheel = _plan(make_intake, catalogue, "advanced", ["mat", "band", "kettlebell", "ab_wheel"])
    assert with_wheel.phases[1].exercise_id == "ab_wheel_rollout" and with_wheel.phases[1].stand_in_id is None
    program = _plan(make_intake, catalogue, "advanced", ["mat", "band", "kettlebell"])
    phase = program.phases[1]
    assert phase.exercise_id == "ab_wheel_rollout", "the earned rung is kept, not lost"
    assert phase.stand_in_id == "wall_press_dead_bug", "one rung down the same ladder, never a jump"
    used = {i.exercise_id for d in program.week for i in d.items}
    assert "ab_wheel_rollout" not in used and "wall_press_dead_bug" in used
    note = next(n for n in program.notes if catalogue["ab_wheel_rollout"].name.en in n.en)
    assert "an ab wheel" in note.en and "een buikrol" in note.nl
    assert catalogue["wall_press_dead_bug"].name.en in note.en and catalogue["wall_press_dead_bug"].name.nl in note.nl
    assert "ab_wheel" not in note.en and "ab_wheel" not in note.nl, "no internal ids in what people read"


def test_no_band_and_no_cable_gives_a_same_function_stand_in_with_a_note(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    program = _plan(make_intake, catalogue, "intermediate", ["mat", "kettlebell"])
    phase = program.phases[3]
    assert phase.function is CoreFunction.ANTI_ROTATION and phase.unlocked
    assert phase.stand_in_id is not None
    stand_in = catalogue[phase.stand_in_id]
    assert CoreFunction.ANTI_ROTATION in stand_in.functions and stand_in.regression is None
    used = [i for d in program.week for i in d.items]
    assert not any(i.exercise_id.startswith("pallof_press_") for i in used)
    assert any(i.exercise_id == stand_in.id and i.function is CoreFunction.ANTI_ROTATION for i in used)
    note = next(n for n in program.notes if catalogue["pallof_press_standing"].name.en in n.en)
    assert "a cable machine or a resistance band" in note.en
    assert "een kabelapparaat of een weerstandsband" in note.nl
    assert stand_in.name.en in note.en and stand_in.name.nl in note.nl
    assert program.notes.count(note) == 1


def test_a_stand_in_already_trained_elsewhere_is_not_added_twice(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    # Advanced person at the bird dog in "putting it together", but without band or cable.
    program = _plan(make_intake, catalogue, "advanced", ["mat", "kettlebell", "ab_wheel"])
    assert program.phases[3].stand_in_id is None
    for day in program.week:
        ids = [i.exercise_id for i in day.items]
        assert len(ids) == len(set(ids))
        assert not any(i.startswith("pallof_press_") for i in ids)
    pallof = catalogue[program.phases[3].exercise_id]
    assert pallof.id.startswith("pallof_press_")
    note = next(n for n in program.notes if pallof.name.en in n.en)
    assert catalogue["bird_dog"].name.en in note.en and catalogue["bird_dog"].name.nl in note.nl


def test_the_export_shows_what_to_use(make_intake: MakeIntake, catalogue: Catalogue) -> None:
    from corecoach.presentation.plan_export import render_html, render_markdown

    program = _plan(make_intake, catalogue, "intermediate", ["mat"])
    for lang in Language:
        md = render_markdown(program, catalogue, lang)
        html = render_html(program, catalogue, lang)
        for d in program.week:
            for item in d.items:
                assert item.use is not None
                assert item.use(lang) in md
        assert "boodschappentas" in html if lang is Language.NL else "shopping bag" in html


_CATALOGUE = load_catalogue()
_LADDERS = {spec.function: _CATALOGUE.ladder(spec.entry_exercise) for spec in PHASES}


@st.composite
def _rungs(draw: st.DrawFn) -> tuple[dict[CoreFunction, str], tuple[CoreFunction, ...]]:
    rungs = {f: draw(st.sampled_from(ladder)) for f, ladder in _LADDERS.items()}
    open_count = draw(st.integers(min_value=1, max_value=len(PHASE_ORDER)))
    return rungs, PHASE_ORDER[:open_count]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    equipment=st.lists(st.sampled_from([e.value for e in Equipment]), unique=True),
    level=st.sampled_from(list(LEVELS)),
    placed=_rungs(),
)
def test_any_equipment_subset_and_any_rungs_give_a_doable_program(
    make_intake: MakeIntake,
    equipment: list[str],
    level: str,
    placed: tuple[Mapping[CoreFunction, str], tuple[CoreFunction, ...]],
) -> None:
    catalogue = _CATALOGUE
    intake = make_intake(LEVELS[level], {"equipment": equipment})
    rungs, unlocked = placed
    program = generate_program(intake, assess(intake, catalogue), catalogue, rungs=rungs, unlocked=unlocked)
    _assert_fits(program, catalogue, equipment)
    _assert_no_silent_gap(program, catalogue)
    for phase in program.phases:
        assert phase.exercise_id == rungs[phase.function], "fitting the equipment never moves a stored rung"
        if phase.stand_in_id is not None and phase.stand_in_id in _LADDERS[phase.function]:
            ladder = _LADDERS[phase.function]
            assert ladder.index(phase.stand_in_id) < ladder.index(phase.exercise_id), "only ever down the ladder"
