"""The coaching use cases end to end on a real database: plan, log, next morning, progress, profiles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import PHASE_ORDER, CoreFunction
from corecoach.errors import InvalidInputError, ProfileNotFoundError
from corecoach.programs.generator import Program
from corecoach.programs.progression import ExerciseLog
from corecoach.screening.intake import Intake
from corecoach.services.coaching import (
    APPROVAL_TEXT,
    current_program,
    log_session,
    plan_from_intake,
    progress_report,
    record_next_morning,
)
from corecoach.storage.database import Database
from corecoach.storage.orm import (
    Acknowledgement,
    DecisionRecord,
    ExerciseLogRecord,
    IntakeRecord,
    Profile,
    ProgramRecord,
    ReferralRecord,
    Rung,
    SessionRecord,
)

# recent days: a session must lie between the profile's start (minus a grace) and today
D1 = date.today() - timedelta(days=14)
D2, D3, D4 = D1 + timedelta(days=2), D1 + timedelta(days=4), D1 + timedelta(days=7)
Entry = Callable[..., ExerciseLog]
Counts = Callable[..., dict[str, int]]


def week_ids(program: Program | dict[str, Any]) -> list[set[str]]:
    data = program.model_dump(mode="json") if isinstance(program, Program) else program
    return [{item["exercise_id"] for item in day["items"]} for day in data["week"]]


def rungs(db: Database, name: str) -> dict[str, tuple[str, bool]]:
    with db.transaction() as s:
        p = s.scalar(select(Profile).where(Profile.name == name))
        assert p is not None
        return {r.function: (r.exercise_id, r.unlocked) for r in s.scalars(select(Rung).where(Rung.profile_id == p.id))}


def decisions(outcome: Any) -> list[tuple[str, str, str, str, str]]:
    return [(f.value, d.rule, d.action.value, d.from_exercise, d.to_exercise) for f, d in outcome.decisions]


# --- plan -------------------------------------------------------------------------------------


def test_plan_stores_profile_intake_rungs_and_program(db: Database, intake: Intake, catalogue: Catalogue, counts: Counts) -> None:
    outcome = plan_from_intake(db, "sam", intake, catalogue)
    assert outcome.referral is None and outcome.program is not None and outcome.assessment is not None

    with db.transaction() as s:
        profile = s.scalar(select(Profile).where(Profile.name == "sam"))
        assert profile is not None
        assert (profile.language, profile.level, profile.stopped_red_flag) == ("en", "beginner", False)
        assert [i.data for i in s.scalars(select(IntakeRecord))] == [intake.model_dump(mode="json")]
        stored_rungs = {r.function: (r.exercise_id, r.unlocked) for r in s.scalars(select(Rung))}
        assert [p.data for p in s.scalars(select(ProgramRecord))] == [outcome.program.model_dump(mode="json")]
    assert stored_rungs == {f.value: (outcome.assessment.placements[f], f in outcome.assessment.unlocked) for f in PHASE_ORDER}
    # the example beginner: breathing and anti-extension open, at the plain dead bug
    assert stored_rungs["anti_extension"] == ("dead_bug", True)
    assert stored_rungs["anti_lateral_flexion"] == ("suitcase_carry", False)
    assert counts(db) == {
        "profiles": 1,
        "intakes": 1,
        "acknowledgements": 0,
        "referrals": 0,
        "programs": 1,
        "rungs": 5,
        "sessions": 0,
        "exercise_logs": 0,
        "decisions": 0,
        "movement_analyses": 0,
        "pain_reports": 0,
        "accounts": 0,
        "web_sessions": 0,
        "invites": 0,
        "login_attempts": 0,
    }
    stored = current_program(db, "sam")
    assert stored == outcome.program.model_dump(mode="json")
    assert Program.model_validate(stored) == outcome.program
    assert [ph["function"] for ph in stored["phases"]] == [f.value for f in PHASE_ORDER]
    assert all("dead_bug" in day for day in week_ids(stored))
    assert not any("suitcase_carry" in day for day in week_ids(stored))


def test_planning_again_keeps_history_and_one_rung_per_phase(db: Database, intake: Intake, catalogue: Catalogue, counts: Counts) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    plan_from_intake(db, "sam", intake, catalogue)
    c = counts(db)
    assert (c["profiles"], c["intakes"], c["programs"], c["rungs"]) == (1, 2, 2, 5)


def test_known_diagnosis_records_the_clinician_acknowledgement(
    db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue
) -> None:
    def hernia(d: dict[str, Any]) -> None:
        d["diagnoses"] = {"hernia": True, "other_back_condition_under_care": False, "approval_acknowledged": True}

    outcome = plan_from_intake(db, "sam", make_intake(hernia), catalogue)
    assert outcome.program is not None
    with db.transaction() as s:
        acks = [(a.kind, a.text) for a in s.scalars(select(Acknowledgement))]
    assert acks == [("clinician_approval", APPROVAL_TEXT)]
    assert any("doctor/physio" in n.en for n in outcome.program.notes)


@pytest.mark.parametrize(
    "flag, urgency",
    [("saddle_numbness", "emergency"), ("fever_with_back_pain", "urgent"), ("no_improvement_after_month", "see_doctor_before_starting")],
)
def test_red_flag_intake_stores_a_referral_and_no_program(
    db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue, counts: Counts, entry: Entry, flag: str, urgency: str
) -> None:
    def set_flag(d: dict[str, Any]) -> None:
        d["red_flags"][flag] = True

    outcome = plan_from_intake(db, "sam", make_intake(set_flag), catalogue)
    assert outcome.program is None and outcome.assessment is None
    assert outcome.referral is not None and outcome.referral.urgency.value == urgency

    with db.transaction() as s:
        profile = s.scalar(select(Profile))
        assert profile is not None and profile.stopped_red_flag is True
        assert [(r.urgency, r.red_flag_ids) for r in s.scalars(select(ReferralRecord))] == [(urgency, [flag])]
    c = counts(db)
    assert (c["programs"], c["rungs"], c["referrals"], c["intakes"]) == (0, 0, 1, 1)

    with pytest.raises(InvalidInputError, match="red flag"):
        current_program(db, "sam")
    with pytest.raises(InvalidInputError, match="red flag"):
        log_session(db, "sam", [entry("dead_bug", D1)], catalogue)
    assert counts(db) == c


def test_red_flag_after_a_program_hides_it_until_a_clean_intake(
    db: Database, intake: Intake, make_intake: Callable[..., Intake], catalogue: Catalogue
) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    flagged = make_intake(lambda d: d["red_flags"].update(night_pain=True))
    assert plan_from_intake(db, "sam", flagged, catalogue).referral is not None
    with pytest.raises(InvalidInputError, match="red flag"):
        current_program(db, "sam")
    # cleared by a doctor: a new intake without red flags opens it again
    again = plan_from_intake(db, "sam", intake, catalogue)
    assert again.program is not None
    assert current_program(db, "sam") == again.program.model_dump(mode="json")


# --- log and progress -------------------------------------------------------------------------


def test_two_qualifying_dead_bug_sessions_progress_and_unlock_the_carry(
    db: Database, intake: Intake, catalogue: Catalogue, entry: Entry, counts: Counts
) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    first = log_session(db, "sam", [entry("dead_bug", D1)], catalogue)
    assert decisions(first) == [("anti_extension", "hold_criterion_not_met", "hold", "dead_bug", "dead_bug")]
    second = log_session(db, "sam", [entry("dead_bug", D2)], catalogue)
    assert decisions(second) == [("anti_extension", "progress_criterion_met", "progress", "dead_bug", "wall_press_dead_bug")]
    explanation = second.decisions[0][1].explanation
    assert "3/10" in explanation.en and "3/10" in explanation.nl

    r = rungs(db, "sam")
    assert r["anti_extension"] == ("wall_press_dead_bug", True)
    assert r["anti_lateral_flexion"] == ("suitcase_carry", True)  # clean dead bugs unlock the carry
    assert r["anti_rotation"][1] is False  # one phase at a time

    assert second.program is not None
    stored = current_program(db, "sam")
    assert stored == second.program.model_dump(mode="json")
    for day in week_ids(stored):
        assert {"suitcase_carry", "wall_press_dead_bug"} <= day
        assert "dead_bug" not in day
    phases = {ph["function"]: ph for ph in stored["phases"]}
    assert phases["anti_lateral_flexion"]["unlocked"] is True

    report = progress_report(db, "sam", catalogue)
    assert report["sessions_logged"] == 2
    assert [(d["rule"], d["date"]) for d in report["decisions"]] == [
        ("hold_criterion_not_met", D1.isoformat()),
        ("progress_criterion_met", D2.isoformat()),
    ]
    ext = next(p for p in report["phases"] if p["function"] == "anti_extension")
    assert ext["exercise_id"] == "wall_press_dead_bug" and ext["rung"] == ext["ladder"].index("dead_bug") + 1
    c = counts(db)
    assert (c["sessions"], c["exercise_logs"], c["decisions"], c["programs"]) == (2, 2, 2, 3)


def test_next_morning_pain_completes_the_criterion(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    first = log_session(db, "sam", [entry("dead_bug", D1, pain_next_morning=None)], catalogue)
    assert decisions(first)[0][1] == "hold_criterion_not_met"
    record_next_morning(db, "sam", 1, catalogue)
    second = log_session(db, "sam", [entry("dead_bug", D2, pain_next_morning=None)], catalogue)
    assert decisions(second)[0][1] == "hold_awaiting_next_morning"
    assert rungs(db, "sam")["anti_extension"][0] == "dead_bug"

    morning = record_next_morning(db, "sam", 2, catalogue)
    assert decisions(morning) == [("anti_extension", "progress_criterion_met", "progress", "dead_bug", "wall_press_dead_bug")]
    assert rungs(db, "sam")["anti_extension"][0] == "wall_press_dead_bug"
    with db.transaction() as s:
        stored = [(e.session_date, e.pain_next_morning) for e in s.scalars(select(ExerciseLogRecord).order_by(ExerciseLogRecord.id))]
    assert stored == [(D1, 1), (D2, 2)]
    assert morning.program is not None and all("suitcase_carry" in d for d in week_ids(morning.program))


def test_next_morning_not_settled_regresses_one_rung(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    """A rise of 3 (2 -> 5) is the next-morning signal: one step back (a rise of 1 only holds, see test_coaching_session_pain)."""
    plan_from_intake(db, "sam", intake, catalogue)
    log_session(db, "sam", [entry("dead_bug", D1, pain_before=2, pain_next_morning=None)], catalogue)
    outcome = record_next_morning(db, "sam", 5, catalogue)
    assert decisions(outcome) == [("anti_extension", "regress_next_morning_signal", "regress", "dead_bug", "dead_bug_toe_tap")]
    assert outcome.session_advice is not None and not outcome.session_advice.see_clinician
    assert rungs(db, "sam")["anti_extension"][0] == "dead_bug_toe_tap"


@pytest.mark.parametrize("bad_pain", [-1, 11])
def test_next_morning_pain_out_of_range_is_rejected(
    db: Database, intake: Intake, catalogue: Catalogue, entry: Entry, counts: Counts, bad_pain: int
) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    log_session(db, "sam", [entry("dead_bug", D1, pain_next_morning=None)], catalogue)
    before = counts(db)
    with pytest.raises(InvalidInputError, match="0 to 10"):
        record_next_morning(db, "sam", bad_pain, catalogue)
    assert counts(db) == before


def test_next_morning_without_a_session_is_rejected(db: Database, intake: Intake, catalogue: Catalogue) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    with pytest.raises(InvalidInputError, match="no logged session"):
        record_next_morning(db, "sam", 2, catalogue)


def test_pain_7_regresses_and_the_program_follows(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    outcome = log_session(db, "sam", [entry("dead_bug", D1, pain_during=7, pain_next_morning=None)], catalogue)
    assert decisions(outcome) == [("anti_extension", "regress_pain_above_5", "regress", "dead_bug", "dead_bug_toe_tap")]
    assert "7/10" in outcome.decisions[0][1].explanation.en
    assert rungs(db, "sam")["anti_extension"] == ("dead_bug_toe_tap", True)
    for day in week_ids(current_program(db, "sam")):
        assert "dead_bug_toe_tap" in day and "dead_bug" not in day


def test_pain_4_holds(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    log_session(db, "sam", [entry("dead_bug", D1)], catalogue)
    outcome = log_session(db, "sam", [entry("dead_bug", D2, pain_during=4)], catalogue)
    assert decisions(outcome)[0][1:3] == ("hold_pain_4_to_5", "hold")
    assert rungs(db, "sam")["anti_extension"][0] == "dead_bug"


def test_unclean_form_twice_regresses(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    log_session(db, "sam", [entry("dead_bug", D1, clean_form=False)], catalogue)
    outcome = log_session(db, "sam", [entry("dead_bug", D2, clean_form=False)], catalogue)
    assert decisions(outcome)[0][1:] == ("regress_unclean_twice", "regress", "dead_bug", "dead_bug_toe_tap")


def test_a_new_rung_starts_a_fresh_history_and_never_skips(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    """After moving up, the two sessions at the old rung don't count for the new one; the ab wheel stays advanced-only."""
    plan_from_intake(db, "sam", intake, catalogue)
    log_session(db, "sam", [entry("dead_bug", D1)], catalogue)
    log_session(db, "sam", [entry("dead_bug", D2)], catalogue)
    third = log_session(db, "sam", [entry("wall_press_dead_bug", D3)], catalogue)
    assert decisions(third)[0][1] == "hold_criterion_not_met"
    fourth = log_session(db, "sam", [entry("wall_press_dead_bug", D4)], catalogue)
    assert decisions(fourth)[0][1:3] == ("hold_level_gate", "hold")  # a beginner never gets the ab-wheel roll-out
    assert rungs(db, "sam")["anti_extension"][0] == "wall_press_dead_bug"


def test_two_entries_in_one_session_are_not_two_sessions(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    outcome = log_session(db, "sam", [entry("dead_bug", D1), entry("dead_bug", D1)], catalogue)
    assert [d[2] for d in decisions(outcome)] != ["progress"]
    assert rungs(db, "sam")["anti_extension"][0] == "dead_bug"


def test_logging_the_same_day_twice_is_still_one_session(db: Database, intake: Intake, catalogue: Catalogue, entry: Entry) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    log_session(db, "sam", [entry("dead_bug", D1)], catalogue)
    again = log_session(db, "sam", [entry("dead_bug", D1)], catalogue)
    assert decisions(again)[0][2] != "progress"
    assert rungs(db, "sam")["anti_extension"][0] == "dead_bug"
    # a second day then completes the two sessions
    assert decisions(log_session(db, "sam", [entry("dead_bug", D2)], catalogue))[0][1] == "progress_criterion_met"


def test_new_red_flag_in_a_log_stores_the_session_refers_and_stops(
    db: Database, intake: Intake, catalogue: Catalogue, entry: Entry, counts: Counts
) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    outcome = log_session(db, "sam", [entry("dead_bug", D1)], catalogue, ["saddle_numbness"])
    assert outcome.referral is not None and outcome.referral.urgency.value == "emergency"
    assert outcome.decisions == []
    with db.transaction() as s:
        assert [x.red_flag_ids for x in s.scalars(select(SessionRecord))] == [["saddle_numbness"]]
        assert [x.red_flag_ids for x in s.scalars(select(ReferralRecord))] == [["saddle_numbness"]]
        assert s.scalar(select(Profile.stopped_red_flag)) is True
        assert s.scalars(select(DecisionRecord)).all() == []
    after = counts(db)
    with pytest.raises(InvalidInputError, match="red flag"):
        log_session(db, "sam", [entry("dead_bug", D2)], catalogue)
    with pytest.raises(InvalidInputError, match="red flag"):
        record_next_morning(db, "sam", 1, catalogue)
    assert counts(db) == after
    assert progress_report(db, "sam", catalogue)["stopped_red_flag"] is True


def test_red_flag_alone_without_exercises_is_a_valid_log(db: Database, intake: Intake, catalogue: Catalogue) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    outcome = log_session(db, "sam", [], catalogue, ["bilateral_leg_weakness"])
    assert outcome.referral is not None


@pytest.mark.parametrize(
    "make_entries, flags, message",
    [
        (lambda e: [e("dead_bug", D1)], ["not_a_flag"], "not_a_flag"),
        (lambda e: [e("suitcase_carry", D1, reps_per_side=None, distance_m=20)], [], "not in your current program"),
        (lambda e: [e("dead_bug", D1, reps_per_side=None, hold_s=30)], [], "reps per side"),
        (lambda e: [], [], "Nothing to log"),
    ],
    ids=["unknown-red-flag", "locked-exercise", "wrong-measure", "empty"],
)
def test_invalid_logs_are_rejected_and_nothing_is_stored(
    db: Database, intake: Intake, catalogue: Catalogue, entry: Entry, counts: Counts, make_entries: Any, flags: list[str], message: str
) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    before = counts(db)
    with pytest.raises(InvalidInputError, match=message):
        log_session(db, "sam", make_entries(entry), catalogue, flags)
    assert counts(db) == before


def test_logging_for_an_unknown_profile_says_so(db: Database, catalogue: Catalogue, entry: Entry, counts: Counts) -> None:
    with pytest.raises(ProfileNotFoundError, match="nobody"):
        log_session(db, "nobody", [entry("dead_bug", D1)], catalogue)
    with pytest.raises(ProfileNotFoundError):
        progress_report(db, "nobody", catalogue)
    with pytest.raises(ProfileNotFoundError):
        current_program(db, "nobody")
    assert counts(db)["profiles"] == 0


# --- several profiles -------------------------------------------------------------------------


def test_several_profiles_in_one_database_stay_separate(
    db: Database, intake: Intake, make_intake: Callable[..., Intake], catalogue: Catalogue, entry: Entry, counts: Counts, pid_of: Any
) -> None:
    def bob_edit(d: dict[str, Any]) -> None:
        d["language"] = "nl"
        d["experience"] = "intermediate"
        d["capability"]["dead_bug"] = {"back_flat": False, "toe_taps_back_flat": False}

    bob = make_intake(bob_edit)
    plan_from_intake(db, "alice", intake, catalogue)
    plan_from_intake(db, "bob", bob, catalogue)
    bob_program = current_program(db, "bob")
    bob_rungs = rungs(db, "bob")
    assert bob_rungs["anti_extension"] == ("dead_bug_heel_slide", True)

    # alice logs and moves up; interleave a bob session so log ids mix
    log_session(db, "alice", [entry("dead_bug", D1)], catalogue)
    bob_log = log_session(db, "bob", [entry("dead_bug_heel_slide", D1)], catalogue)
    assert decisions(bob_log)[0][1] == "hold_criterion_not_met"  # alice's log does not count for bob
    log_session(db, "alice", [entry("dead_bug", D2)], catalogue)

    assert rungs(db, "alice")["anti_extension"][0] == "wall_press_dead_bug"
    assert rungs(db, "bob") == bob_rungs
    assert current_program(db, "bob") == bob_program
    alice_report = progress_report(db, "alice", catalogue)
    bob_report = progress_report(db, "bob", catalogue)
    assert (alice_report["sessions_logged"], bob_report["sessions_logged"]) == (2, 1)
    assert {d["from_exercise"] for d in bob_report["decisions"]} == {"dead_bug_heel_slide"}
    assert {d["from_exercise"] for d in alice_report["decisions"]} == {"dead_bug"}
    with db.transaction() as s:
        langs = {n: lang for n, lang in s.execute(select(Profile.name, Profile.language))}
    assert langs == {"alice": "en", "bob": "nl"}
    a, b = counts(db, pid_of(db, "alice")), counts(db, pid_of(db, "bob"))
    assert (a["sessions"], a["exercise_logs"], b["sessions"], b["exercise_logs"]) == (2, 2, 1, 1)
    assert {k: a[k] + b[k] for k in a} == {k: v for k, v in counts(db).items() if k in a}

    # a red flag for bob stops bob only
    log_session(db, "bob", [], catalogue, ["trauma"])
    with pytest.raises(InvalidInputError):
        current_program(db, "bob")
    assert current_program(db, "alice")["week"]


@pytest.mark.parametrize("day_count", [1, 7])
def test_plans_follow_the_chosen_days(db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue, day_count: int) -> None:
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][:day_count]
    outcome = plan_from_intake(db, "sam", make_intake(lambda d: d["schedule"].update(days=days)), catalogue)
    assert outcome.program is not None
    assert [d.day.value for d in outcome.program.week] == days


def test_every_function_keeps_its_value_spelling(db: Database, intake: Intake, catalogue: Catalogue) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    assert set(rungs(db, "sam")) == {f.value for f in PHASE_ORDER}
    assert all(CoreFunction(f) in PHASE_ORDER for f in rungs(db, "sam"))
