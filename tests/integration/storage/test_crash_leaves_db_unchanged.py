"""Writes are transactional: a failure or a crash in the middle of a write leaves the database as it was."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from corecoach.catalogue import Catalogue
from corecoach.errors import StorageError
from corecoach.programs.progression import ExerciseLog
from corecoach.screening.intake import Intake
from corecoach.services import coaching
from corecoach.services.coaching import log_session, plan_from_intake, progress_report
from corecoach.storage.database import Database
from corecoach.storage.orm import Profile, Rung

NAME = "sam"


# recent days: a session must lie between the profile's start (minus a grace) and today
D1 = date.today() - timedelta(days=9)
D2 = D1 + timedelta(days=2)


def _rungs(db: Database) -> dict[str, tuple[str, bool, int]]:
    with db.transaction() as s:
        return {r.function: (r.exercise_id, r.unlocked, r.since_log_id) for r in s.scalars(select(Rung))}


@pytest.fixture
def planned(db: Database, intake: Intake, catalogue: Catalogue, entry: Callable[..., ExerciseLog]) -> Database:
    """A profile with a program and one clean dead-bug session logged."""
    plan_from_intake(db, NAME, intake, catalogue)
    log_session(db, NAME, [entry("dead_bug", D1)], catalogue)
    return db


def test_check_constraint_violation_rolls_back_the_whole_session(
    planned: Database, catalogue: Catalogue, entry: Callable[..., ExerciseLog], counts: Callable[..., dict[str, int]]
) -> None:
    db = planned
    before, rungs_before, report_before = counts(db), _rungs(db), progress_report(db, NAME, catalogue)
    good = entry("dead_bug", D2)
    # Bypass pydantic so the bad value reaches the database, where a CHECK constraint must stop it.
    bad = ExerciseLog.model_construct(**{**good.model_dump(), "pain_during": 42})
    with pytest.raises(StorageError, match="rolled back"):
        log_session(db, NAME, [good, bad], catalogue)

    assert counts(db) == before
    assert _rungs(db) == rungs_before
    assert progress_report(db, NAME, catalogue) == report_before
    # and the database still takes the valid session afterwards
    outcome = log_session(db, NAME, [good], catalogue)
    assert [(f.value, d.rule) for f, d in outcome.decisions] == [("anti_extension", "progress_criterion_met")]


@pytest.mark.parametrize(
    "failure, raised",
    [
        (RuntimeError("simulated crash after the rungs moved"), RuntimeError),
        (OperationalError("INSERT INTO programs", {}, Exception("disk I/O error")), StorageError),
    ],
    ids=["bug", "database-error"],
)
def test_failure_after_the_rung_moved_rolls_everything_back(
    planned: Database,
    catalogue: Catalogue,
    entry: Callable[..., ExerciseLog],
    counts: Callable[..., dict[str, int]],
    monkeypatch: pytest.MonkeyPatch,
    failure: Exception,
    raised: type[Exception],
) -> None:
    """The second qualifying session moves the rung and unlocks a phase; then regenerating fails."""
    db = planned
    before, rungs_before = counts(db), _rungs(db)
    assert rungs_before["anti_extension"][0] == "dead_bug"
    assert rungs_before["anti_lateral_flexion"][1] is False

    def crash(*_args: object, **_kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(coaching, "_regenerate", crash)
    with pytest.raises(raised):
        log_session(db, NAME, [entry("dead_bug", D2)], catalogue)

    assert counts(db) == before
    assert _rungs(db) == rungs_before  # not wall_press_dead_bug, carry still locked
    monkeypatch.undo()
    outcome = log_session(db, NAME, [entry("dead_bug", D2)], catalogue)
    assert outcome.decisions[0][1].to_exercise == "wall_press_dead_bug"


def test_failure_inside_plan_keeps_the_old_program(
    planned: Database, intake: Intake, catalogue: Catalogue, counts: Callable[..., dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = planned
    before, rungs_before = counts(db), _rungs(db)

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("generator crashed after the old rungs were deleted")

    monkeypatch.setattr(coaching, "generate_program", crash)
    with pytest.raises(RuntimeError):
        plan_from_intake(db, NAME, intake, catalogue)
    assert counts(db) == before
    assert _rungs(db) == rungs_before


CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import date
    from sqlalchemy import select
    from corecoach.storage.database import Database
    from corecoach.storage.orm import DecisionRecord, ExerciseLogRecord, Profile, ProgramRecord, Rung, SessionRecord

    db = Database(sys.argv[1])
    rows = int(sys.argv[2])
    with db.transaction() as s:
        p = s.scalar(select(Profile).where(Profile.name == "sam"))
        p.stopped_red_flag = True
        for rung in s.scalars(select(Rung).where(Rung.profile_id == p.id)):
            rung.exercise_id = "ab_wheel_rollout"
            rung.unlocked = True
        s.add(Profile(name="ghost"))
        s.add(ProgramRecord(profile_id=p.id, data={"partial": True}))
        for n in range(rows):
            rec = SessionRecord(profile_id=p.id, session_date=date(2026, 2, 1), red_flag_ids=[])
            s.add(rec)
            s.flush()
            s.add(ExerciseLogRecord(
                session_id=rec.id, profile_id=p.id, exercise_id="dead_bug", session_date=date(2026, 2, 1), sets=3,
                reps_per_side=8, clean_form=True, pain_before=1, pain_during=1,
            ))
            s.add(DecisionRecord(
                profile_id=p.id, session_id=rec.id, function="anti_extension", rule="partial" + "x" * 40, action="progress",
                from_exercise="dead_bug", to_exercise="wall_press_dead_bug", explanation_en="e" * 400,
                explanation_nl="n" * 400, decided_on=date(2026, 2, 1),
            ))
        s.flush()
        print("flushed", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    print("unreachable", flush=True)
    """
)


@pytest.mark.parametrize("rows", [3, 3000], ids=["few-rows", "rows-spilled-to-disk"])
def test_sigkill_in_the_middle_of_a_transaction_leaves_no_partial_rows(
    planned: Database,
    db_url: str,
    catalogue: Catalogue,
    counts: Callable[..., dict[str, int]],
    rows: int,
    entry: Callable[..., ExerciseLog],
) -> None:
    db = planned
    before, rungs_before, report_before = counts(db), _rungs(db), progress_report(db, NAME, catalogue)
    db.dispose()

    proc = subprocess.run([sys.executable, "-c", CHILD, db_url, str(rows)], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert "flushed" in proc.stdout and "unreachable" not in proc.stdout
    if db_url.startswith("sqlite") and rows > 100:
        wal = Path(f"{make_url(db_url).database}-wal")
        # the uncommitted rows really reached the disk (spilled into the write-ahead log) before the kill
        assert wal.exists() and wal.stat().st_size > 1_000_000

    reopened = Database(db_url)  # opens (and migrates: a no-op) after the crash
    try:
        assert counts(reopened) == before
        assert _rungs(reopened) == rungs_before
        with reopened.transaction() as s:
            assert s.scalars(select(Profile.name)).all() == [NAME]
            assert s.scalar(select(Profile.stopped_red_flag)) is False
        assert progress_report(reopened, NAME, catalogue) == report_before
        if reopened.engine.dialect.name == "sqlite":
            with reopened.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        # still writable, and the rules carry on from the stored history
        outcome = log_session(reopened, NAME, [entry("dead_bug", D2)], catalogue)
        assert outcome.decisions[0][1].rule == "progress_criterion_met"
    finally:
        reopened.dispose()
