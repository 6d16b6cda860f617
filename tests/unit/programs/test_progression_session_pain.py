"""Regress in proportion: next-morning pain read per session, one message for the whole session, and
the doctor or physio only when pain keeps getting worse (Silbernagel's pain-monitoring model)."""

from __future__ import annotations

import inspect
import re
from datetime import date, timedelta
from typing import Any

import pytest

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Level
from corecoach.errors import InvalidInputError
from corecoach.programs import progression
from corecoach.programs.progression import (
    NEXT_MORNING_RISE_SIGNAL,
    PAIN_HOLD_MAX,
    PERSISTENT_SIGNAL_SESSIONS,
    PERSISTENT_WITHIN_DAYS,
    Action,
    Decision,
    ExerciseLog,
    MorningResponse,
    SessionPain,
    decide_progression,
    morning_response,
    pain_persistently_worse,
    session_advice,
)

START = date(2026, 1, 5)
CLINICIAN = re.compile(r"\b(doctor|physio\w*|GP|arts|huisarts|fysio\w*)\b", re.IGNORECASE)

# one session of a beginner's week: one exercise per ladder, each dosed in its own measure
SESSION = ("wall_press_dead_bug", "pallof_press_standing", "suitcase_carry", "crocodile_breathing")


def entry(exercise_id: str, day: int, **overrides: Any) -> ExerciseLog:
    """A clean entry, 3 x 8 per side, 2/10 before and during, next morning not yet logged, unless overridden."""
    fields: dict[str, Any] = {
        "exercise_id": exercise_id,
        "session_date": START + timedelta(days=day),
        "sets": 3,
        "reps_per_side": 8,
        "clean_form": True,
        "pain_before": 2,
        "pain_during": 2,
        "pain_next_morning": None,
    }
    fields.update(overrides)
    return ExerciseLog(**fields)


def session(catalogue: Catalogue, day: int, morning: int | None, during: dict[str, int] | None = None) -> list[ExerciseLog]:
    """Every exercise of one session, with the session's one next-morning pain stored on each entry (as the service does)."""
    out = []
    for ex_id in SESSION:
        crit = catalogue[ex_id].criterion
        work = {"sets": crit.sets, crit.measure: crit.target}
        if crit.measure != "reps_per_side":
            work["reps_per_side"] = None
        out.append(entry(ex_id, day, pain_next_morning=morning, pain_during=(during or {}).get(ex_id, 2), **work))
    return out


def decide_session(catalogue: Catalogue, entries: list[ExerciseLog]) -> dict[str, Decision]:
    """Each ladder decided from its own entry of the session (one session at its rung, as after a step up)."""
    return {e.exercise_id: decide_progression(catalogue, e.exercise_id, [e], Level.BEGINNER) for e in entries}


def no_clinician(text: str) -> bool:
    return CLINICIAN.search(text) is None


@pytest.mark.parametrize(
    ("before", "morning", "expected"),
    [
        (2, None, MorningResponse.UNKNOWN),
        (2, 0, MorningResponse.SETTLED),
        (2, 2, MorningResponse.SETTLED),
        (2, 3, MorningResponse.SMALL_RISE),
        (2, 2 + NEXT_MORNING_RISE_SIGNAL, MorningResponse.SIGNAL),
        (0, 10, MorningResponse.SIGNAL),
        (9, 10, MorningResponse.SMALL_RISE),
    ],
)
def test_morning_response(before: int, morning: int | None, expected: MorningResponse) -> None:
    assert morning_response(before, morning) is expected


def test_thresholds_are_the_model_s_numbers() -> None:
    """5/10 during (clinical.md 9.6), 2 points = the minimal important change on the pain scale (3.3)."""
    assert (PAIN_HOLD_MAX, NEXT_MORNING_RISE_SIGNAL, PERSISTENT_SIGNAL_SESSIONS, PERSISTENT_WITHIN_DAYS) == (5, 2, 2, 14)


def test_one_point_more_next_morning_moves_no_ladder(catalogue: Catalogue) -> None:
    """The issue's scenario: 2 before, 3 the next morning: every ladder holds, no session message, no doctor."""
    entries = session(catalogue, 3, morning=3)
    decisions = decide_session(catalogue, entries)
    assert {d.action for d in decisions.values()} == {Action.HOLD}
    assert {d.rule for d in decisions.values()} == {"hold_next_morning_up_1"}
    assert all(d.to_exercise == ex_id for ex_id, d in decisions.items())
    assert session_advice([SessionPain.of(entries)]) is None
    assert all(no_clinician(d.explanation.en) and no_clinician(d.explanation.nl) for d in decisions.values())


def test_a_rise_of_three_steps_every_ladder_back_with_one_message(catalogue: Catalogue) -> None:
    """2 before, 5 the next morning: session-wide evidence, so every ladder one step back, and one message."""
    entries = session(catalogue, 3, morning=5)
    decisions = decide_session(catalogue, entries)
    assert {d.rule for d in decisions.values()} == {"regress_next_morning_signal"}
    for ex_id, d in decisions.items():
        ex = catalogue[ex_id]
        if ex.regression is None:
            assert (d.action, d.to_exercise) == (Action.HOLD, ex_id)
        else:
            assert (d.action, d.to_exercise) == (Action.REGRESS, ex.regression), "exactly one step"
    advice = session_advice([SessionPain.of(entries)])
    assert advice is not None
    assert (advice.rule, advice.see_clinician) == ("session_next_morning_signal", False)
    assert "5/10" in advice.message.en and "2/10" in advice.message.en
    assert "5/10" in advice.message.nl and "2/10" in advice.message.nl
    assert no_clinician(advice.message.en) and no_clinician(advice.message.nl), "one bad morning never sends anyone to a doctor"
    for d in decisions.values():
        for card, whole in ((d.explanation.en, advice.message.en), (d.explanation.nl, advice.message.nl)):
            assert no_clinician(card)
            assert "as a whole" not in card and "als geheel" not in card, "the card does not repeat the session message"
            assert not set(whole.split(". ")) & set(card.split(". "))


def test_pain_during_7_on_the_dead_bug_moves_only_the_dead_bug(catalogue: Catalogue) -> None:
    entries = session(catalogue, 3, morning=2, during={"wall_press_dead_bug": 7})
    decisions = decide_session(catalogue, entries)
    moved = {ex_id: d for ex_id, d in decisions.items() if d.action is Action.REGRESS}
    assert list(moved) == ["wall_press_dead_bug"]
    assert (moved["wall_press_dead_bug"].rule, moved["wall_press_dead_bug"].to_exercise) == ("regress_pain_above_5", "dead_bug")
    assert all(d.rule.startswith("hold_") for ex_id, d in decisions.items() if ex_id != "wall_press_dead_bug")
    assert session_advice([SessionPain.of(entries)]) is None, "pain in one exercise is that exercise's own, not the session's"


def test_a_rise_over_two_sessions_in_a_row_gives_the_doctor_advice_once(catalogue: Catalogue) -> None:
    first = SessionPain.of(session(catalogue, 0, morning=5))
    second_entries = session(catalogue, 3, morning=4)
    second = SessionPain.of(second_entries)
    assert session_advice([first]) is not None and not session_advice([first]).see_clinician  # type: ignore[union-attr]
    advice = session_advice([first, second])
    assert advice is not None
    assert (advice.rule, advice.see_clinician) == ("session_pain_persistently_worse", True)
    assert "doctor or physio" in advice.message.en
    assert "huisarts of fysiotherapeut" in advice.message.nl
    assert "4/10" in advice.message.en and "2/10" in advice.message.en
    # the cards of that session still step back one step each, and none of them says it
    decisions = decide_session(catalogue, second_entries)
    assert all(no_clinician(d.explanation.en) and no_clinician(d.explanation.nl) for d in decisions.values())


@pytest.mark.parametrize(
    ("sessions", "persistent"),
    [
        pytest.param([(0, 2, 4), (3, 2, 4)], True, id="two-signals-in-a-row"),
        pytest.param([(0, 2, 4), (3, 2, None), (5, 2, 4)], True, id="a-session-without-morning-between-is-skipped"),
        pytest.param([(0, 2, 4), (3, 2, 2), (5, 2, 4)], False, id="settled-in-between"),
        pytest.param([(0, 2, 4), (3, 2, 3), (5, 2, 4)], False, id="one-point-in-between"),
        pytest.param([(0, 2, 4)], False, id="one-bad-morning"),
        pytest.param([(0, 2, 4), (PERSISTENT_WITHIN_DAYS, 2, 4)], True, id="at-the-window-edge"),
        pytest.param([(0, 2, 4), (PERSISTENT_WITHIN_DAYS + 1, 2, 4)], False, id="too-far-apart"),
        pytest.param([(0, 2, 4), (3, 2, 4), (5, 2, 2)], False, id="settled-at-last"),
        pytest.param([(0, 2, 4), (3, 2, 2), (1, 2, 4)], False, id="the-session-answered-is-the-last-given"),
    ],
)
def test_pain_persistently_worse(sessions: list[tuple[int, int, int | None]], persistent: bool) -> None:
    pains = [SessionPain(session_date=START + timedelta(days=d), pain_before=b, pain_next_morning=m) for d, b, m in sessions]
    assert pain_persistently_worse(pains) is persistent


def test_no_advice_when_the_latest_session_settled_even_after_earlier_signals() -> None:
    pains = [SessionPain(session_date=START + timedelta(days=d), pain_before=2, pain_next_morning=m) for d, m in [(0, 5), (2, 5), (4, 2)]]
    assert session_advice(pains) is None
    assert session_advice([]) is None


def test_session_pain_takes_the_highest_level_before() -> None:
    """A rise is only called a rise above every level the person started the session with."""
    entries = [entry("wall_press_dead_bug", 0, pain_before=1, pain_next_morning=3), entry("pallof_press_standing", 0, pain_before=2)]
    pain = SessionPain.of(entries)
    assert (pain.pain_before, pain.pain_next_morning, pain.response) == (2, 3, MorningResponse.SMALL_RISE)
    with pytest.raises(InvalidInputError):
        SessionPain.of([])


def test_the_module_docstring_lists_every_rule_in_the_order_they_are_checked() -> None:
    """Keep the documentation true: every rule id in the code is in the docstring, in the order of the code."""
    doc = progression.__doc__ or ""
    code = inspect.getsource(progression.decide_progression)
    in_code = list(dict.fromkeys(re.findall(r'"((?:red_flag|regress|hold|progress)_[a-z0-9_]+)"', code)))
    numbered = re.findall(r"^\s*\d+\. ``([a-z0-9_]+)``", doc, re.MULTILINE)
    assert numbered == [r for r in in_code if r in numbered]
    assert set(in_code) - {"hold_no_log"} <= set(re.findall(r"``([a-z0-9_]+)``", doc))
    session_rules = set(re.findall(r'rule="(session_[a-z_]+)"', inspect.getsource(progression.session_advice)))
    assert session_rules == {"session_next_morning_signal", "session_pain_persistently_worse"}
    assert session_rules <= set(re.findall(r"``([a-z0-9_]+)``", doc))
    for name in ("PAIN_PROGRESS_MAX", "PAIN_HOLD_MAX", "NEXT_MORNING_RISE_SIGNAL", "PERSISTENT_SIGNAL_SESSIONS", "PERSISTENT_WITHIN_DAYS"):
        source = inspect.getsource(progression)
        after = source.split(f"\n{name} = ", 1)[1].split("\n", 2)[1]
        assert after.startswith('"""') and "clinical.md" in source.split(f"\n{name} = ", 1)[1].split('"""')[1], name
