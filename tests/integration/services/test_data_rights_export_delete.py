"""A person's data is theirs: the export holds everything stored about one profile, and erasure removes it all."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from corecoach.catalogue import Catalogue
from corecoach.errors import ProfileNotFoundError
from corecoach.programs.progression import ExerciseLog
from corecoach.screening.intake import Intake
from corecoach.screening.validation import validate_intake
from corecoach.services.coaching import (
    current_program,
    log_session,
    plan_from_intake,
    progress_report,
    record_analysis,
    record_next_morning,
    record_pain_report,
)
from corecoach.services.data_rights import DECISION_COLUMNS, LOG_COLUMNS, delete_profile, export_csv, export_profile
from corecoach.storage.database import Database
from corecoach.storage.orm import Account, Profile, ProgramRecord

# recent days: a session must lie between the profile's start (minus a grace) and today
D1 = date.today() - timedelta(days=9)
D2 = D1 + timedelta(days=2)


def _with_hernia(d: dict[str, Any]) -> None:
    d["diagnoses"] = {"hernia": True, "other_back_condition_under_care": False, "approval_acknowledged": True}


def _with_red_flag(d: dict[str, Any]) -> None:
    d["red_flags"]["trauma"] = True


def build_full_profile(
    db: Database, name: str, make_intake: Callable[..., Intake], catalogue: Catalogue, entry: Callable[..., ExerciseLog]
) -> list[ExerciseLog]:
    """A profile with a row in every table: referral, acknowledgement, programs, rungs, sessions, logs, decisions."""
    plan_from_intake(db, name, make_intake(_with_red_flag), catalogue)
    plan_from_intake(db, name, make_intake(_with_hernia), catalogue)
    logs = [entry("dead_bug", D1, effort_rpe=6), entry("dead_bug", D2, pain_next_morning=None, effort_rpe=7)]
    for e in logs:
        log_session(db, name, [e], catalogue)
    record_next_morning(db, name, 1, catalogue)
    record_analysis(db, name, {"movement": "plank", "file": "plank.mp4", "findings": [], "hold_s": 20.0}, catalogue)
    record_pain_report(db, name, "dead_bug", catalogue, 7)
    with db.transaction() as s:  # coach mode: the profile's sign-in account
        profile = s.scalar(select(Profile).where(Profile.name == name))
        assert profile is not None
        s.add(Account(email=f"{name}@example.com", display_name=name, role="client", password_hash="x", profile_id=profile.id))
    return [logs[0], logs[1].model_copy(update={"pain_next_morning": 1})]


def _expected_row(e: ExerciseLog) -> dict[str, Any]:
    dumped = e.model_dump(mode="json")
    return {c: dumped[c] for c in LOG_COLUMNS}


def test_export_holds_everything_stored_and_round_trips_through_json(
    db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue, entry: Callable[..., ExerciseLog], counts: Any, pid_of: Any
) -> None:
    logged = build_full_profile(db, "sam", make_intake, catalogue, entry)
    plan_from_intake(db, "qzx-neighbour", make_intake(), catalogue)  # must not leak into sam's export
    doc = export_profile(db, "sam")

    assert json.loads(json.dumps(doc, ensure_ascii=False)) == doc
    assert (doc["format"], doc["version"]) == ("corecoach-export", 1)
    assert doc["profile"]["name"] == "sam"
    assert doc["profile"]["stopped_red_flag"] is False
    mine = counts(db, pid_of(db, "sam"))
    assert len(doc["intakes"]) == mine["intakes"] == 2
    assert len(doc["referrals"]) == mine["referrals"] == 1
    assert len(doc["acknowledgements"]) == mine["acknowledgements"] == 1
    assert len(doc["programs"]) == mine["programs"]
    assert len(doc["rungs"]) == mine["rungs"] == 5
    assert len(doc["sessions"]) == mine["sessions"] == 2
    assert len(doc["decisions"]) == mine["decisions"]
    assert len(doc["pain_reports"]) == mine["pain_reports"] == 1
    assert doc["pain_reports"][0]["pain_nrs"] == 7
    assert doc["account"]["email"] == "sam@example.com"
    assert "password" not in json.dumps(doc["account"])

    assert [i["data"] for i in doc["intakes"]] == [
        make_intake(_with_red_flag).model_dump(mode="json"),
        make_intake(_with_hernia).model_dump(mode="json"),
    ]
    assert doc["referrals"][0]["red_flag_ids"] == ["trauma"]
    assert [e for s in doc["sessions"] for e in s["entries"]] == [_expected_row(e) for e in logged]
    assert [s["date"] for s in doc["sessions"]] == [D1.isoformat(), D2.isoformat()]

    report = progress_report(db, "sam", catalogue)
    assert [(d["decided_on"], d["rule"], d["to_exercise"]) for d in doc["decisions"]] == [
        (d["date"], d["rule"], d["to_exercise"]) for d in report["decisions"]
    ]
    assert {r["function"]: r["exercise_id"] for r in doc["rungs"]} == {p["function"]: p["exercise_id"] for p in report["phases"]}
    assert doc["programs"][-1]["data"] == current_program(db, "sam")
    assert "qzx-neighbour" not in json.dumps(doc)


def test_exported_intake_rebuilds_the_same_program_elsewhere(
    db: Database, intake: Intake, catalogue: Catalogue, sqlite_url: str, tmp_path: Any
) -> None:
    """Round trip: take the exported intake to a new database and get the same first program."""
    plan_from_intake(db, "sam", intake, catalogue)
    doc = export_profile(db, "sam")
    reread = validate_intake(copy.deepcopy(doc["intakes"][0]["data"]))
    assert reread == intake
    other = Database(f"sqlite:///{tmp_path / 'elsewhere.db'}")
    try:
        again = plan_from_intake(other, "sam", reread, catalogue)
        assert again.program is not None
        assert again.program.model_dump(mode="json") == doc["programs"][0]["data"]
    finally:
        other.dispose()


def test_csv_export_matches_the_log_and_the_decisions(
    db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue, entry: Callable[..., ExerciseLog]
) -> None:
    logged = build_full_profile(db, "sam", make_intake, catalogue, entry)
    files = export_csv(db, "sam")
    assert set(files) == {"exercise_logs.csv", "decisions.csv"}
    rows = list(csv.DictReader(io.StringIO(files["exercise_logs.csv"])))
    assert [tuple(r) for r in rows][:1] == [LOG_COLUMNS]
    assert [(r["session_date"], r["exercise_id"], r["sets"], r["reps_per_side"], r["pain_next_morning"]) for r in rows] == [
        (e.session_date.isoformat(), e.exercise_id, str(e.sets), str(e.reps_per_side), str(e.pain_next_morning)) for e in logged
    ]
    decisions = list(csv.DictReader(io.StringIO(files["decisions.csv"])))
    assert decisions and tuple(decisions[0]) == DECISION_COLUMNS
    assert [d["rule"] for d in decisions] == [d["rule"] for d in progress_report(db, "sam", catalogue)["decisions"]]


def test_delete_removes_every_row_of_the_profile_and_nothing_else(
    db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue, entry: Callable[..., ExerciseLog], counts: Any, pid_of: Any
) -> None:
    build_full_profile(db, "sam", make_intake, catalogue, entry)
    build_full_profile(db, "kim", make_intake, catalogue, entry)
    sam_id, kim_id = pid_of(db, "sam"), pid_of(db, "kim")
    sam_rows, kim_rows, total = counts(db, sam_id), counts(db, kim_id), counts(db)
    assert all(n > 0 for n in sam_rows.values()), sam_rows  # every table really holds something of sam's
    kim_export = export_profile(db, "kim")

    delete_profile(db, "sam")

    assert counts(db, sam_id) == dict.fromkeys(sam_rows, 0)
    assert counts(db, kim_id) == kim_rows
    assert counts(db) == {t: total[t] - sam_rows.get(t, 0) for t in total}
    assert export_profile(db, "kim") == kim_export
    with pytest.raises(ProfileNotFoundError):
        export_profile(db, "sam")
    with pytest.raises(ProfileNotFoundError):
        progress_report(db, "sam", catalogue)
    with pytest.raises(ProfileNotFoundError):
        delete_profile(db, "sam")

    # the name can be used again and starts empty
    plan_from_intake(db, "sam", make_intake(), catalogue)
    assert progress_report(db, "sam", catalogue)["sessions_logged"] == 0
    with db.transaction() as s:
        assert len(s.scalars(select(ProgramRecord).join(Profile).where(Profile.name == "sam")).all()) == 1


def test_deleting_an_unknown_profile_changes_nothing(db: Database, intake: Intake, catalogue: Catalogue, counts: Any) -> None:
    plan_from_intake(db, "sam", intake, catalogue)
    before = counts(db)
    with pytest.raises(ProfileNotFoundError, match="nobody"):
        delete_profile(db, "nobody")
    assert counts(db) == before
