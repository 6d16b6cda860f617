"""Property-based tests of the progression engine: it never skips a rung, never progresses on pain or
unclean form, regresses on repeated failure and stops on red flags, whatever the log looks like."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corecoach.catalogue import Exercise, load_catalogue
from corecoach.domain.enums import Level
from corecoach.programs.progression import Action, Decision, ExerciseLog, decide_progression

CATALOGUE = load_catalogue()
ALL_IDS = sorted(e.id for e in CATALOGUE)
LADDER_IDS = sorted(e.id for e in CATALOGUE if e.progression or e.regression)
MEASURES = ("reps_per_side", "reps", "hold_s", "distance_m", "duration_s")
START = date(2026, 1, 5)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def session_logs(draw: st.DrawFn, exercise_id: str, day: int) -> ExerciseLog:
    """One logged session: about half are near-perfect, the rest anything goes, so every rule fires."""
    crit = CATALOGUE[exercise_id].criterion
    target = math.ceil(crit.target)
    before = draw(st.integers(0, 10))
    if draw(st.booleans()):  # a good session, perhaps with one thing off
        measure = crit.measure
        value: float = draw(st.integers(target, target + 2))
        sets = draw(st.integers(crit.sets, crit.sets + 1))
        clean = draw(st.booleans()) if draw(st.integers(0, 5)) == 0 else True
        during = draw(st.integers(0, 5)) if draw(st.integers(0, 5)) == 0 else draw(st.integers(0, 3))
        morning = draw(st.one_of(st.none(), st.integers(0, 10))) if draw(st.integers(0, 5)) == 0 else draw(st.integers(0, before))
    else:
        measure = draw(st.sampled_from([crit.measure] * 9 + [m for m in MEASURES if m != crit.measure]))
        value = draw(st.one_of(st.just(target), st.integers(0, target + 3)))
        sets = draw(st.one_of(st.just(crit.sets), st.integers(0, crit.sets + 2)))
        clean = draw(st.booleans())
        during = draw(st.integers(0, 10))
        morning = draw(st.one_of(st.none(), st.just(before), st.integers(0, 10)))
    if measure in ("hold_s", "distance_m", "duration_s"):
        value = float(value)
    return ExerciseLog(
        exercise_id=exercise_id,
        session_date=START + timedelta(days=day),
        sets=sets,
        clean_form=clean,
        pain_before=before,
        pain_during=during,
        pain_next_morning=morning,
        effort_rpe=draw(st.one_of(st.none(), st.integers(1, 10))),
        **{measure: value},
    )


@st.composite
def histories(draw: st.DrawFn, ids: list[str] = ALL_IDS) -> tuple[str, list[ExerciseLog]]:
    exercise_id = draw(st.sampled_from(ids))
    n = draw(st.integers(0, 6))
    return exercise_id, [draw(session_logs(exercise_id, 2 * i)) for i in range(n)]


def _meets(ex: Exercise, entry: ExerciseLog) -> bool:
    """The criterion, computed here independently of the engine."""
    crit = ex.criterion
    value = getattr(entry, crit.measure)
    return value is not None and entry.sets >= crit.sets and value >= crit.target and (entry.clean_form or not crit.clean_form)


def _rung(exercise_id: str) -> int:
    return CATALOGUE.ladder(exercise_id).index(exercise_id)


def _check_target(ex: Exercise, d: Decision) -> None:
    assert d.from_exercise == ex.id
    allowed = {ex.id} | {x for x in (ex.progression, ex.regression) if x is not None}
    assert d.to_exercise in allowed, "never skips a rung"
    if d.action is Action.PROGRESS:
        assert d.to_exercise == ex.progression
    elif d.action is Action.REGRESS:
        assert d.to_exercise == ex.regression
    else:
        assert d.to_exercise == ex.id
    assert abs(_rung(d.to_exercise) - _rung(ex.id)) <= 1
    assert CATALOGUE.ladder(d.to_exercise) == CATALOGUE.ladder(ex.id), "stays on the same ladder"
    assert d.explanation.en.strip() and d.explanation.nl.strip() and d.explanation.en != d.explanation.nl


@SETTINGS
@given(case=histories(), level=st.sampled_from(list(Level)))
def test_decision_moves_at_most_one_rung(case: tuple[str, list[ExerciseLog]], level: Level) -> None:
    exercise_id, log = case
    ex = CATALOGUE[exercise_id]
    _check_target(ex, decide_progression(CATALOGUE, exercise_id, log, level))


@SETTINGS
@given(case=histories(), level=st.sampled_from(list(Level)))
def test_never_progresses_on_pain_unclean_form_unsettled_or_unmet_criterion(case: tuple[str, list[ExerciseLog]], level: Level) -> None:
    exercise_id, log = case
    ex = CATALOGUE[exercise_id]
    d = decide_progression(CATALOGUE, exercise_id, log, level)
    if d.action is not Action.PROGRESS:
        return
    assert len(log) >= 2
    assert ex.progression is not None and CATALOGUE.offered_at(ex.progression, level)
    for entry in log[-max(2, ex.criterion.consecutive_sessions) :]:
        assert entry.pain_during <= 3
        assert entry.clean_form
        assert entry.pain_next_morning is not None
        assert entry.pain_next_morning <= entry.pain_before
        assert _meets(ex, entry)


@SETTINGS
@given(case=histories(), level=st.sampled_from(list(Level)))
def test_progresses_when_the_last_two_sessions_are_perfect(case: tuple[str, list[ExerciseLog]], level: Level) -> None:
    exercise_id, log = case
    ex = CATALOGUE[exercise_id]
    window = log[-max(2, ex.criterion.consecutive_sessions) :]
    perfect = (
        len(log) >= 2
        and len(window) >= 2
        and all(
            _meets(ex, e) and e.pain_during <= 3 and e.pain_next_morning is not None and e.pain_next_morning <= e.pain_before
            for e in window
        )
    )
    d = decide_progression(CATALOGUE, exercise_id, log, level)
    if perfect:
        if ex.progression is None:
            assert (d.action, d.rule) == (Action.HOLD, "hold_top_of_ladder")
        elif not CATALOGUE.offered_at(ex.progression, level):
            assert (d.action, d.rule) == (Action.HOLD, "hold_level_gate")
        elif CATALOGUE[ex.progression].level is Level.ADVANCED and any(e.pain_before > 0 for e in window):
            assert (d.action, d.rule) == (Action.HOLD, "hold_pain_present_for_advanced")
        else:
            assert (d.action, d.to_exercise) == (Action.PROGRESS, ex.progression)


@SETTINGS
@given(case=histories(), level=st.sampled_from(list(Level)))
def test_unclean_twice_in_a_row_regresses(case: tuple[str, list[ExerciseLog]], level: Level) -> None:
    exercise_id, log = case
    ex = CATALOGUE[exercise_id]
    d = decide_progression(CATALOGUE, exercise_id, log, level)
    if len(log) >= 2 and not log[-1].clean_form and not log[-2].clean_form:
        if ex.regression is None:
            assert d.action is Action.HOLD and d.to_exercise == ex.id
        else:
            assert d.action is Action.REGRESS and d.to_exercise == ex.regression
        assert d.rule.startswith("regress_")


@SETTINGS
@given(case=histories(), level=st.sampled_from(list(Level)))
def test_pain_above_5_regresses(case: tuple[str, list[ExerciseLog]], level: Level) -> None:
    exercise_id, log = case
    ex = CATALOGUE[exercise_id]
    d = decide_progression(CATALOGUE, exercise_id, log, level)
    if log and log[-1].pain_during > 5:
        assert d.rule == "regress_pain_above_5"
        assert d.action is (Action.REGRESS if ex.regression else Action.HOLD)
    if log and log[-1].pain_during > 3:
        assert d.action is not Action.PROGRESS


@SETTINGS
@given(case=histories(), level=st.sampled_from(list(Level)))
def test_next_morning_rise_of_2_regresses_and_of_1_holds(case: tuple[str, list[ExerciseLog]], level: Level) -> None:
    """Silbernagel's 24-hour response, in proportion: a rise of 2 or more steps back, a rise of 1 only holds."""
    exercise_id, log = case
    ex = CATALOGUE[exercise_id]
    d = decide_progression(CATALOGUE, exercise_id, log, level)
    if not log or log[-1].pain_next_morning is None or log[-1].pain_during > 5:
        return
    rise = log[-1].pain_next_morning - log[-1].pain_before
    if rise >= 2:
        assert d.rule == "regress_next_morning_signal"
        assert d.action is (Action.REGRESS if ex.regression else Action.HOLD)
    elif rise == 1:
        unclean_twice = len(log) >= 2 and not log[-1].clean_form and not log[-2].clean_form
        assert d.rule == ("regress_unclean_twice" if unclean_twice else "hold_next_morning_up_1")
        assert d.action is not Action.PROGRESS


@SETTINGS
@given(
    case=histories(),
    level=st.sampled_from(list(Level)),
    flags=st.lists(st.sampled_from(["saddle_numbness", "night_pain", "trauma", "structural_deformity"]), min_size=1, max_size=3),
)
def test_red_flags_always_stop(case: tuple[str, list[ExerciseLog]], level: Level, flags: list[str]) -> None:
    exercise_id, log = case
    d = decide_progression(CATALOGUE, exercise_id, log, level, new_red_flags=flags)
    assert (d.action, d.rule, d.to_exercise) == (Action.STOP, "red_flag_stop", exercise_id)


@SETTINGS
@given(case=histories(), level=st.sampled_from(list(Level)))
def test_without_red_flags_never_stops(case: tuple[str, list[ExerciseLog]], level: Level) -> None:
    exercise_id, log = case
    assert decide_progression(CATALOGUE, exercise_id, log, level).action is not Action.STOP


@SETTINGS
@given(case=histories(), level=st.sampled_from(list(Level)))
def test_only_the_latest_sessions_matter(case: tuple[str, list[ExerciseLog]], level: Level) -> None:
    exercise_id, log = case
    ex = CATALOGUE[exercise_id]
    keep = max(2, ex.criterion.consecutive_sessions)
    assert decide_progression(CATALOGUE, exercise_id, log, level) == decide_progression(CATALOGUE, exercise_id, log[-keep:], level)


@st.composite
def journeys(draw: st.DrawFn) -> tuple[str, Level, list[dict[str, Any]]]:
    start = draw(st.sampled_from(LADDER_IDS))
    level = draw(st.sampled_from(list(Level)))
    steps = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "hit": st.booleans(),
                    "clean": st.booleans(),
                    "before": st.integers(0, 6),
                    "during": st.one_of(st.integers(0, 3), st.integers(0, 10)),
                    "morning_delta": st.one_of(st.just(0), st.just(-1), st.integers(-2, 3), st.none()),
                }
            ),
            min_size=1,
            max_size=30,
        )
    )
    return start, level, steps


@SETTINGS
@given(journey=journeys())
def test_a_long_journey_never_skips_a_rung(journey: tuple[str, Level, list[dict[str, Any]]]) -> None:
    """Log session after session, move as the engine says: every move is one adjacent rung."""
    current, level, steps = journey
    log: list[ExerciseLog] = []
    for day, step in enumerate(steps):
        ex = CATALOGUE[current]
        crit = ex.criterion
        value: float = crit.target if step["hit"] else max(0.0, crit.target - 1)
        if crit.measure in ("reps_per_side", "reps"):
            value = int(value)
        morning = None if step["morning_delta"] is None else min(10, max(0, step["before"] + step["morning_delta"]))
        log.append(
            ExerciseLog(
                exercise_id=current,
                session_date=START + timedelta(days=day),
                sets=crit.sets,
                clean_form=step["clean"],
                pain_before=step["before"],
                pain_during=step["during"],
                pain_next_morning=morning,
                **{crit.measure: value},
            )
        )
        d = decide_progression(CATALOGUE, current, log, level)
        _check_target(ex, d)
        if d.to_exercise != current:
            assert abs(_rung(d.to_exercise) - _rung(current)) == 1
            if d.action is Action.PROGRESS:
                assert CATALOGUE.offered_at(d.to_exercise, level), "an advanced rung is never reached below advanced"
            current = d.to_exercise
            log = []  # the log at a new rung starts empty
