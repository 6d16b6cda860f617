"""What a coach sees and changes, on a real database: the dashboard rows, one client's pain report,
ladder changes with a reason, and "this hurts" presses stored the moment they happen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import CoreFunction
from corecoach.errors import InvalidInputError, ProfileNotFoundError
from corecoach.programs.client_status import Concern
from corecoach.programs.progression import Action, ExerciseLog
from corecoach.screening.intake import Intake
from corecoach.services.accounts import AccountInfo, accept_invite, create_coach, create_invite
from corecoach.services.clients import ClientRef, ClientRow, client_overview, client_ref, coach_changes, coach_clients
from corecoach.services.coaching import (
    COACH_ADJUSTMENT_RULE,
    adjust_rung,
    current_program,
    log_session,
    plan_from_intake,
    record_pain_report,
)
from corecoach.storage.database import Database
from corecoach.storage.orm import DecisionRecord, PainReport, Profile, ProgramRecord, Rung, utcnow

Entry = Callable[..., ExerciseLog]
Counts = Callable[..., dict[str, int]]

PASSWORD = "correct horse battery"
TODAY = date.today()  # adjust_rung dates its decision with the real day


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def make_coach(db: Database, name: str = "Carla", email: str = "carla@example.com") -> AccountInfo:
    return create_coach(db, email, name, PASSWORD)


def make_client(
    db: Database, coach: AccountInfo, name: str, intake: Intake | None = None, catalogue: Catalogue | None = None
) -> AccountInfo:
    """A client invited by ``coach``; with an intake, also planned (so they have a program)."""
    token, _ = create_invite(db, coach.id, name)
    client = accept_invite(db, token, f"{name.lower()}@example.com", name, PASSWORD, PASSWORD)
    if intake is not None:
        assert catalogue is not None
        plan_from_intake(db, profile(client), intake, catalogue)
    return client


def profile(client: AccountInfo) -> str:
    assert client.profile_name is not None
    return client.profile_name


def rows_by_name(db: Database, coach: AccountInfo) -> dict[str, ClientRow]:
    return {r.display_name: r for r in coach_clients(db, coach.id, today=TODAY)}


def concerns(row: ClientRow) -> tuple[list[Concern], list[Concern]]:
    return [f.concern for f in row.status.stuck], [f.concern for f in row.status.attention]


def rung_of(db: Database, name: str, function: CoreFunction) -> str:
    with db.transaction() as s:
        rung = s.scalar(
            select(Rung).join(Profile, Profile.id == Rung.profile_id).where(Profile.name == name, Rung.function == function.value)
        )
        assert rung is not None
        return rung.exercise_id


def program_exercises(db: Database, name: str) -> set[str]:
    return {item["exercise_id"] for day in current_program(db, name)["week"] for item in day["items"]}


def age_programs(db: Database, name: str, days: int) -> None:
    """Pretend the profile's programs were made ``days`` ago (the service reads their creation time)."""
    with db.transaction() as s:
        pid = s.scalar(select(Profile.id).where(Profile.name == name))
        s.execute(update(ProgramRecord).where(ProgramRecord.profile_id == pid).values(created_at=utcnow() - timedelta(days=days)))


def held(entry: Entry, exercise_id: str, on: date, **changes: Any) -> ExerciseLog:
    """A log that does not meet the criterion (1 set), so the rung holds and the exercise stays in the program."""
    fields: dict[str, Any] = {"sets": 1}
    fields.update(changes)
    return entry(exercise_id, on, **fields)


# --- record_pain_report -----------------------------------------------------------------------


def test_a_this_hurts_press_is_stored_at_once(db: Database, intake: Intake, catalogue: Catalogue, pid_of: Callable[..., int]) -> None:
    coach = make_coach(db)
    sam = make_client(db, coach, "Sam", intake, catalogue)
    before = utcnow()
    first = record_pain_report(db, profile(sam), "dead_bug", catalogue, 7)
    second = record_pain_report(db, profile(sam), "side_plank", catalogue)
    assert first != second
    with db.transaction() as s:
        rows = [
            (r.id, r.profile_id, r.exercise_id, r.pain_nrs, r.reported_at) for r in s.scalars(select(PainReport).order_by(PainReport.id))
        ]
    pid = pid_of(db, profile(sam))
    assert [r[:4] for r in rows] == [(first, pid, "dead_bug", 7), (second, pid, "side_plank", None)]
    assert all(before - timedelta(seconds=5) <= r[4] <= utcnow() + timedelta(seconds=5) for r in rows)


@pytest.mark.parametrize("pain", [0, 10])
def test_pain_reports_accept_the_ends_of_the_scale(db: Database, intake: Intake, catalogue: Catalogue, pain: int) -> None:
    sam = make_client(db, make_coach(db), "Sam", intake, catalogue)
    record_pain_report(db, profile(sam), "dead_bug", catalogue, pain)
    with db.transaction() as s:
        assert [r.pain_nrs for r in s.scalars(select(PainReport))] == [pain]


@pytest.mark.parametrize(
    ("exercise_id", "pain", "field"),
    [("no_such_exercise", 3, "exercise_id"), ("dead_bug", 11, "pain_nrs"), ("dead_bug", -1, "pain_nrs")],
)
def test_a_bad_pain_report_is_refused_and_nothing_stored(
    db: Database, intake: Intake, catalogue: Catalogue, counts: Counts, exercise_id: str, pain: int, field: str
) -> None:
    sam = make_client(db, make_coach(db), "Sam", intake, catalogue)
    before = counts(db)
    with pytest.raises(InvalidInputError) as caught:
        record_pain_report(db, profile(sam), exercise_id, catalogue, pain)
    assert [p.split(":")[0] for p in caught.value.problems] == [field]
    assert counts(db) == before


def test_a_pain_report_for_an_unknown_profile_is_refused(db: Database, catalogue: Catalogue, counts: Counts) -> None:
    with pytest.raises(ProfileNotFoundError):
        record_pain_report(db, "nobody", "dead_bug", catalogue, 4)
    assert counts(db)["pain_reports"] == 0


# --- adjust_rung ------------------------------------------------------------------------------


def test_a_coach_moves_a_rung_down_with_a_reason(db: Database, intake: Intake, catalogue: Catalogue, counts: Counts) -> None:
    sam = make_client(db, make_coach(db), "Sam", intake, catalogue)
    name = profile(sam)
    assert rung_of(db, name, CoreFunction.ANTI_EXTENSION) == "dead_bug"
    before = counts(db)

    decision = adjust_rung(
        db, name, CoreFunction.ANTI_EXTENSION, "dead_bug_toe_tap", "  Hip flexors   cramp; a week on toe taps. ", "Carla", catalogue
    )
    reason = "Hip flexors cramp; a week on toe taps."
    assert (decision.rule, decision.action, decision.from_exercise, decision.to_exercise) == (
        COACH_ADJUSTMENT_RULE,
        Action.REGRESS,
        "dead_bug",
        "dead_bug_toe_tap",
    )
    assert reason in decision.explanation.en and reason in decision.explanation.nl and "Carla" in decision.explanation.en

    with db.transaction() as s:
        (stored,) = s.scalars(select(DecisionRecord))
        assert (stored.rule, stored.action, stored.function, stored.from_exercise, stored.to_exercise) == (
            "coach_adjustment",
            "regress",
            "anti_extension",
            "dead_bug",
            "dead_bug_toe_tap",
        )
        assert (stored.author, stored.session_id, stored.decided_on) == ("Carla", None, TODAY)
        assert reason in stored.explanation_en and reason in stored.explanation_nl
        assert stored.explanation_en != stored.explanation_nl
    assert rung_of(db, name, CoreFunction.ANTI_EXTENSION) == "dead_bug_toe_tap"
    # the program was made again with the new exercise
    after = counts(db)
    assert (after["programs"], after["decisions"]) == (before["programs"] + 1, before["decisions"] + 1)
    exercises = program_exercises(db, name)
    assert "dead_bug_toe_tap" in exercises and "dead_bug" not in exercises


def test_a_coach_moves_a_rung_up(db: Database, intake: Intake, catalogue: Catalogue) -> None:
    name = profile(make_client(db, make_coach(db), "Sam", intake, catalogue))
    decision = adjust_rung(db, name, CoreFunction.ANTI_EXTENSION, "wall_press_dead_bug", "Form looked great on video.", "Carla", catalogue)
    assert decision.action is Action.PROGRESS
    assert rung_of(db, name, CoreFunction.ANTI_EXTENSION) == "wall_press_dead_bug"
    assert "wall_press_dead_bug" in program_exercises(db, name)


@pytest.mark.parametrize(
    ("function", "exercise_id", "reason", "field"),
    [
        (CoreFunction.ANTI_EXTENSION, "dead_bug_toe_tap", "ab", "reason"),
        (CoreFunction.ANTI_EXTENSION, "dead_bug_toe_tap", "  ab   ", "reason"),
        (CoreFunction.ANTI_EXTENSION, "dead_bug_toe_tap", "x" * 501, "reason"),
        (CoreFunction.ANTI_EXTENSION, "suitcase_carry", "Carry instead.", "exercise_id"),
        (CoreFunction.ANTI_EXTENSION, "no_such_exercise", "Something else.", "exercise_id"),
        (CoreFunction.HIP_MOBILITY, "hip_90_90_switch", "More hips.", "function"),
    ],
)
def test_a_refused_adjustment_changes_nothing(
    db: Database,
    intake: Intake,
    catalogue: Catalogue,
    counts: Counts,
    function: CoreFunction,
    exercise_id: str,
    reason: str,
    field: str,
) -> None:
    name = profile(make_client(db, make_coach(db), "Sam", intake, catalogue))
    before = counts(db)
    program_before = current_program(db, name)
    with pytest.raises(InvalidInputError) as caught:
        adjust_rung(db, name, function, exercise_id, reason, "Carla", catalogue)
    assert [p.split(":")[0] for p in caught.value.problems] == [field]
    assert counts(db) == before
    assert rung_of(db, name, CoreFunction.ANTI_EXTENSION) == "dead_bug"
    assert current_program(db, name) == program_before


def test_a_reason_of_three_characters_is_enough(db: Database, intake: Intake, catalogue: Catalogue) -> None:
    name = profile(make_client(db, make_coach(db), "Sam", intake, catalogue))
    adjust_rung(db, name, CoreFunction.ANTI_EXTENSION, "dead_bug_toe_tap", " a  b ", "Carla", catalogue)  # "a b"
    assert rung_of(db, name, CoreFunction.ANTI_EXTENSION) == "dead_bug_toe_tap"


def test_no_adjustment_without_a_program_or_after_a_red_flag(
    db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue, counts: Counts
) -> None:
    coach = make_coach(db)
    fresh = make_client(db, coach, "Fresh")
    with pytest.raises(ProfileNotFoundError):
        adjust_rung(db, profile(fresh), CoreFunction.ANTI_EXTENSION, "dead_bug_toe_tap", "Step back.", "Carla", catalogue)
    flagged = make_client(db, coach, "Flagged", make_intake(lambda d: d["red_flags"].update(saddle_numbness=True)), catalogue)
    before = counts(db)
    with pytest.raises(InvalidInputError, match="red flag"):
        adjust_rung(db, profile(flagged), CoreFunction.ANTI_EXTENSION, "dead_bug_toe_tap", "Step back.", "Carla", catalogue)
    assert counts(db) == before


# --- coach_changes ----------------------------------------------------------------------------


def test_coach_changes_lists_the_coachs_adjustments_newest_first(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    coach = make_coach(db)
    sam = profile(make_client(db, coach, "Sam", intake, catalogue))
    kim = profile(make_client(db, coach, "Kim", intake, catalogue))
    log_session(db, sam, [held(entry, "dead_bug", ago(1))], catalogue)  # a rule's decision: not a coach change
    adjust_rung(db, sam, CoreFunction.ANTI_EXTENSION, "dead_bug_toe_tap", "First step back.", "Carla", catalogue)
    adjust_rung(db, sam, CoreFunction.ANTI_EXTENSION, "dead_bug_heel_slide", "Second step back.", "Dirk", catalogue)
    adjust_rung(db, kim, CoreFunction.ANTI_EXTENSION, "wall_press_dead_bug", "Kim's own change.", "Carla", catalogue)

    changes = coach_changes(db, sam)
    assert [(c["from_exercise"], c["to_exercise"], c["author"]) for c in changes] == [
        ("dead_bug_toe_tap", "dead_bug_heel_slide", "Dirk"),
        ("dead_bug", "dead_bug_toe_tap", "Carla"),
    ]
    assert all(c["date"] == TODAY and c["function"] == "anti_extension" for c in changes)
    assert "Second step back." in changes[0]["explanation"]["en"] and "Second step back." in changes[0]["explanation"]["nl"]
    assert [c["to_exercise"] for c in coach_changes(db, sam, limit=1)] == ["dead_bug_heel_slide"]
    assert [c["author"] for c in coach_changes(db, kim)] == ["Carla"]
    assert coach_changes(db, "no-such-profile") == []


# --- client_ref -------------------------------------------------------------------------------


def test_client_ref_is_the_client_their_coach_and_their_profile(db: Database) -> None:
    coach = make_coach(db)
    sam = make_client(db, coach, "Sam")
    assert client_ref(db, sam.id) == ClientRef(sam.id, coach.id, profile(sam))
    assert client_ref(db, coach.id) is None
    assert client_ref(db, 9999) is None


# --- coach_clients ----------------------------------------------------------------------------


def test_a_coach_sees_only_their_own_clients(db: Database) -> None:
    carla = make_coach(db)
    dirk = make_coach(db, "Dirk", "dirk@example.com")
    lonely = make_coach(db, "Lonely", "lonely@example.com")
    make_client(db, carla, "Sam")
    make_client(db, carla, "Kim")
    make_client(db, dirk, "Olga")
    assert sorted(rows_by_name(db, carla)) == ["Kim", "Sam"]
    assert sorted(rows_by_name(db, dirk)) == ["Olga"]
    assert coach_clients(db, lonely.id, today=TODAY) == []


def test_pain_7_in_a_log_needs_attention(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    coach = make_coach(db)
    zoe = make_client(db, coach, "Zoe", intake, catalogue)
    log_session(db, profile(zoe), [entry("dead_bug", ago(1), pain_during=7)], catalogue)
    row = rows_by_name(db, coach)["Zoe"]
    assert concerns(row) == ([], [Concern.PAIN_ABOVE_5])
    assert row.status.attention[0].on == ago(1)
    assert "7/10" in row.status.attention[0].detail.en
    assert (row.has_program, row.last_session_on, row.sessions_last_7_days) == (True, ago(1), 1)


def test_no_session_for_8_days_is_stuck(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    coach = make_coach(db)
    yves = make_client(db, coach, "Yves", intake, catalogue)
    log_session(db, profile(yves), [held(entry, "dead_bug", ago(8))], catalogue)
    row = rows_by_name(db, coach)["Yves"]
    assert concerns(row) == ([Concern.NO_SESSION_7_DAYS], [])
    assert row.status.stuck[0].on == ago(8)
    assert (row.last_session_on, row.sessions_last_7_days) == (ago(8), 0)
    # six days after that session they were not stuck yet
    (earlier,) = coach_clients(db, coach.id, today=ago(2))
    assert earlier.status.ok


def test_the_days_without_a_session_count_from_the_program(db: Database, intake: Intake, catalogue: Catalogue) -> None:
    coach = make_coach(db)
    new = make_client(db, coach, "New", intake, catalogue)
    assert rows_by_name(db, coach)["New"].status.ok
    age_programs(db, profile(new), days=8)
    row = rows_by_name(db, coach)["New"]
    assert concerns(row) == ([Concern.NO_SESSION_7_DAYS], [])
    assert "nothing logged" in row.status.stuck[0].detail.en
    age_programs(db, profile(new), days=30)
    assert concerns(rows_by_name(db, coach)["New"]) == ([Concern.NO_SESSION_7_DAYS, Concern.NO_PROGRESSION_4_WEEKS], [])


def test_a_step_up_within_4_weeks_is_not_stuck(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    coach = make_coach(db)
    sam = make_client(db, coach, "Sam", intake, catalogue)
    log_session(db, profile(sam), [entry("dead_bug", ago(3))], catalogue)
    outcome = log_session(db, profile(sam), [entry("dead_bug", ago(1))], catalogue)
    assert [d.action for _, d in outcome.decisions] == [Action.PROGRESS]
    age_programs(db, profile(sam), days=40)
    assert rows_by_name(db, coach)["Sam"].status.ok


def test_sessions_in_the_last_7_days_are_counted(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    coach = make_coach(db)
    sam = make_client(db, coach, "Sam", intake, catalogue)
    for days in (9, 7, 3, 1):
        log_session(db, profile(sam), [held(entry, "dead_bug", ago(days))], catalogue)
    row = rows_by_name(db, coach)["Sam"]
    assert (row.last_session_on, row.sessions_last_7_days) == (ago(1), 2)
    assert row.status.ok


def test_this_hurts_presses_reach_the_dashboard(db: Database, intake: Intake, catalogue: Catalogue) -> None:
    coach = make_coach(db)
    sam = make_client(db, coach, "Sam", intake, catalogue)
    record_pain_report(db, profile(sam), "dead_bug", catalogue)
    assert concerns(rows_by_name(db, coach)["Sam"]) == ([], [Concern.THIS_HURTS])
    record_pain_report(db, profile(sam), "dead_bug", catalogue, 8)
    assert concerns(rows_by_name(db, coach)["Sam"]) == ([], [Concern.PAIN_ABOVE_5, Concern.THIS_HURTS])


def test_a_red_flag_needs_attention_and_is_never_called_stuck(
    db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue
) -> None:
    coach = make_coach(db)
    flagged = make_client(db, coach, "Flagged", make_intake(lambda d: d["red_flags"].update(saddle_numbness=True)), catalogue)
    row = rows_by_name(db, coach)["Flagged"]
    assert concerns(row) == ([], [Concern.RED_FLAG])
    assert row.status.attention_has_red_flag
    assert row.has_program is False
    # still flagged, and still not "stuck", long after
    (later,) = coach_clients(db, coach.id, today=TODAY + timedelta(days=60))
    assert concerns(later) == ([], [Concern.RED_FLAG])
    ref = client_ref(db, flagged.id)
    assert ref is not None and (ref.account_id, ref.coach_id) == (flagged.id, coach.id)


def test_clients_needing_attention_come_first_then_the_stuck_then_by_name(
    db: Database, intake: Intake, catalogue: Catalogue, entry: Entry
) -> None:
    coach = make_coach(db)
    make_client(db, coach, "anna", intake, catalogue)  # fine
    make_client(db, coach, "Bert")  # no program yet: fine
    yves = make_client(db, coach, "Yves", intake, catalogue)
    adam = make_client(db, coach, "Adam", intake, catalogue)
    xena = make_client(db, coach, "Xena", intake, catalogue)
    log_session(db, profile(yves), [held(entry, "dead_bug", ago(8))], catalogue)  # stuck
    log_session(db, profile(adam), [entry("dead_bug", ago(1), pain_during=7)], catalogue)  # attention
    log_session(db, profile(xena), [held(entry, "dead_bug", ago(9), pain_during=6)], catalogue)  # attention and stuck

    rows = coach_clients(db, coach.id, today=TODAY)
    # by name alone it would be Adam, anna, Bert, Xena, Yves
    assert [r.display_name for r in rows] == ["Xena", "Adam", "Yves", "anna", "Bert"]
    by_name = {r.display_name: r for r in rows}
    assert concerns(by_name["Xena"]) == ([Concern.NO_SESSION_7_DAYS], [Concern.PAIN_ABOVE_5])
    assert by_name["Bert"].has_program is False and by_name["Bert"].status.ok
    assert by_name["anna"].has_program is True and by_name["anna"].status.ok
    # what the pages and the API get
    data = by_name["Adam"].to_json()
    assert [f["concern"] for f in data["needs_attention"]] == ["pain_above_5"] and data["stuck"] == []
    assert data["last_session_on"] == ago(1).isoformat()


# --- client_overview --------------------------------------------------------------------------


def test_client_overview_has_the_logs_and_the_this_hurts_presses(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    coach = make_coach(db)
    sam = make_client(db, coach, "Sam", intake, catalogue)
    name = profile(sam)
    log_session(db, name, [held(entry, "dead_bug", ago(50), pain_during=3)], catalogue)  # older than the report reaches
    log_session(db, name, [held(entry, "dead_bug", ago(2), pain_before=3, pain_during=4, pain_next_morning=3, clean_form=False)], catalogue)
    record_pain_report(db, name, "dead_bug", catalogue, 6)
    record_pain_report(db, name, "bird_dog", catalogue)
    pressed_on = utcnow().date()

    overview = client_overview(db, sam.id, today=TODAY)
    rows = [(p.kind, p.on, p.exercise_id, p.pain_before, p.pain_during, p.pain_next_morning, p.clean_form) for p in overview.pain]
    assert sorted(rows, key=str) == sorted(
        [
            ("log", ago(2), "dead_bug", 3, 4, 3, False),
            ("this_hurts", pressed_on, "dead_bug", None, 6, None, None),
            ("this_hurts", pressed_on, "bird_dog", None, None, None, None),
        ],
        key=str,
    )
    assert [p.on for p in overview.pain] == sorted((p.on for p in overview.pain), reverse=True)  # newest first
    assert overview.red_flags == []
    assert overview.row == rows_by_name(db, coach)["Sam"]
    assert concerns(overview.row) == ([], [Concern.PAIN_ABOVE_5, Concern.THIS_HURTS])


def test_client_overview_lists_reported_red_flags(db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue) -> None:
    coach = make_coach(db)
    flagged = make_client(db, coach, "Flagged", make_intake(lambda d: d["red_flags"].update(saddle_numbness=True)), catalogue)
    overview = client_overview(db, flagged.id, today=TODAY)
    assert [(r["urgency"], r["red_flag_ids"]) for r in overview.red_flags] == [("emergency", ["saddle_numbness"])]
    assert overview.red_flags[0]["on"] == utcnow().date().isoformat()
    assert overview.pain == []


def test_client_overview_of_no_client_is_refused(db: Database) -> None:
    coach = make_coach(db)
    with pytest.raises(ProfileNotFoundError):
        client_overview(db, coach.id, today=TODAY)
    with pytest.raises(ProfileNotFoundError):
        client_overview(db, 9999, today=TODAY)
