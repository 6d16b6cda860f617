"""Regress in proportion, through the coaching service on a real database: next-morning pain is
asked once per session, so its signal steps back every ladder of that session with ONE session
message; pain in one exercise steps back only that ladder; a doctor or physio only when pain keeps
getting worse (issue 9, item 3)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from corecoach.catalogue import Catalogue
from corecoach.programs.progression import ExerciseLog
from corecoach.screening.intake import Intake
from corecoach.services.coaching import LogOutcome, current_program, log_session, plan_from_intake, record_next_morning
from corecoach.storage.database import Database
from corecoach.storage.orm import DecisionRecord, Profile, Rung

Entry = Callable[..., ExerciseLog]
CLINICIAN = re.compile(r"\b(doctor|physio\w*|GP|arts|huisarts|fysio\w*)\b", re.IGNORECASE)


def day(n: int) -> date:
    """n days ago (sessions must lie between the profile's start and today)."""
    return date.today() - timedelta(days=n)


def rungs(db: Database, name: str) -> dict[str, str]:
    with db.transaction() as s:
        p = s.scalar(select(Profile).where(Profile.name == name))
        assert p is not None
        return {r.function: r.exercise_id for r in s.scalars(select(Rung).where(Rung.profile_id == p.id))}


def whole_session(db: Database, catalogue: Catalogue, entry: Entry, on: date, **changes: Any) -> list[ExerciseLog]:
    """Every exercise of the program's first day, each meeting its criterion, 2/10 before and during."""
    items = current_program(db, "sam")["week"][0]["items"]
    out = []
    for item in items:
        crit = catalogue[item["exercise_id"]].criterion
        work: dict[str, Any] = {"sets": crit.sets, crit.measure: crit.target}
        if crit.measure != "reps_per_side":
            work["reps_per_side"] = None
        out.append(entry(item["exercise_id"], on, pain_next_morning=None, **work, **changes))
    return out


def on_ladders(outcome: LogOutcome) -> dict[str, tuple[str, str]]:
    return {f.value: (d.rule, d.action.value) for f, d in outcome.decisions}


def cards_without_clinician(outcome: LogOutcome) -> None:
    for _, d in outcome.decisions:
        assert not CLINICIAN.search(d.explanation.en) and not CLINICIAN.search(d.explanation.nl), d.rule


def test_one_point_more_next_morning_keeps_every_step(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    """2 before, 3 the next morning: no ladder moves, no session message, no doctor."""
    plan_from_intake(db, "sam", intake, catalogue)
    log_session(db, "sam", whole_session(db, catalogue, entry, day(4)), catalogue)
    before = rungs(db, "sam")
    outcome = record_next_morning(db, "sam", 3, catalogue)
    assert outcome.decisions, "each ladder still gets its decision"
    assert {rule for rule, _ in on_ladders(outcome).values()} == {"hold_next_morning_up_1"}
    assert rungs(db, "sam") == before
    assert outcome.session_advice is None
    cards_without_clinician(outcome)


def test_a_rise_of_three_steps_the_session_back_with_one_message(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    """2 before, 5 the next morning: each ladder of the session one step back, and one session message."""
    plan_from_intake(db, "sam", intake, catalogue)
    log_session(db, "sam", whole_session(db, catalogue, entry, day(4)), catalogue)
    before = rungs(db, "sam")
    outcome = record_next_morning(db, "sam", 5, catalogue)
    ladders = on_ladders(outcome)
    assert ladders and {rule for rule, _ in ladders.values()} == {"regress_next_morning_signal"}
    after = rungs(db, "sam")
    for function, (_, action) in ladders.items():
        if function not in before:  # a mobility drill off the ladders: nothing to move, it says to make the range smaller
            assert action == "hold"
            continue
        start = catalogue[before[function]]
        expected = start.regression or start.id
        assert after[function] == expected, "exactly one step back, or stay at the easiest"
        assert action == ("regress" if start.regression else "hold")
    advice = outcome.session_advice
    assert advice is not None and (advice.rule, advice.see_clinician) == ("session_next_morning_signal", False)
    assert not CLINICIAN.search(advice.message.en) and not CLINICIAN.search(advice.message.nl)
    cards_without_clinician(outcome)
    with db.transaction() as s:  # the log keeps one row per ladder, with its rule
        rows = list(s.scalars(select(DecisionRecord.rule).where(DecisionRecord.rule == "regress_next_morning_signal")))
    assert len(rows) == len(ladders)


def test_pain_during_7_on_the_dead_bug_moves_only_that_ladder(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    entries = whole_session(db, catalogue, entry, day(4))
    assert any(e.exercise_id == "dead_bug" for e in entries)
    entries = [e.model_copy(update={"pain_during": 7}) if e.exercise_id == "dead_bug" else e for e in entries]
    before = rungs(db, "sam")
    outcome = log_session(db, "sam", entries, catalogue)
    moved = {f: rule for f, (rule, action) in on_ladders(outcome).items() if action == "regress"}
    assert moved == {"anti_extension": "regress_pain_above_5"}
    after = rungs(db, "sam")
    assert after["anti_extension"] == catalogue["dead_bug"].regression
    assert {f: r for f, r in after.items() if f != "anti_extension"} == {f: r for f, r in before.items() if f != "anti_extension"}
    assert outcome.session_advice is None
    morning = record_next_morning(db, "sam", 2, catalogue)  # settled: nothing more happens
    assert morning.session_advice is None and rungs(db, "sam") == after


def test_worse_two_sessions_in_a_row_gives_the_doctor_advice_once(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    log_session(db, "sam", whole_session(db, catalogue, entry, day(6)), catalogue)
    first = record_next_morning(db, "sam", 5, catalogue)
    assert first.session_advice is not None and not first.session_advice.see_clinician
    log_session(db, "sam", whole_session(db, catalogue, entry, day(3)), catalogue)
    second = record_next_morning(db, "sam", 4, catalogue)
    advice = second.session_advice
    assert advice is not None and (advice.rule, advice.see_clinician) == ("session_pain_persistently_worse", True)
    assert "doctor or physio" in advice.message.en and "huisarts of fysiotherapeut" in advice.message.nl
    cards_without_clinician(second)


def test_a_settled_session_in_between_is_not_persistent(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    for n, morning in ((9, 5), (6, 2), (3, 5)):
        log_session(db, "sam", whole_session(db, catalogue, entry, day(n)), catalogue)
        outcome = record_next_morning(db, "sam", morning, catalogue)
    assert outcome.session_advice is not None and not outcome.session_advice.see_clinician
