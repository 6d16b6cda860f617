"""Fixtures for integration tests: a real database (SQLite file, or PostgreSQL when configured),
the shipped catalogue, validated intakes, log entries and row counts straight from the tables."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from corecoach.catalogue import Catalogue, load_catalogue
from corecoach.programs.progression import ExerciseLog
from corecoach.screening.intake import Intake
from corecoach.screening.validation import validate_intake
from corecoach.storage.database import Database
from corecoach.storage.orm import Base, Profile

#: Every table the schema has, besides Alembic's own.
APP_TABLES = frozenset(
    {
        "profiles",
        "intakes",
        "acknowledgements",
        "referrals",
        "programs",
        "rungs",
        "sessions",
        "exercise_logs",
        "decisions",
        "movement_analyses",
        "pain_reports",
        "accounts",
        "web_sessions",
        "invites",
        "login_attempts",
    }
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    """An empty database: the test's SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return sqlite_url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def intake(example_intake: dict[str, Any]) -> Intake:
    return validate_intake(example_intake)


@pytest.fixture
def make_intake(example_intake: dict[str, Any]) -> Callable[..., Intake]:
    """``make_intake(edit)``: the example intake after ``edit(data)`` changed a deep copy of it."""

    def make(edit: Callable[[dict[str, Any]], None] | None = None) -> Intake:
        data = copy.deepcopy(example_intake)
        if edit is not None:
            edit(data)
        return validate_intake(data)

    return make


def log_entry(exercise_id: str, on: date, **changes: Any) -> ExerciseLog:
    """A clean 3 x 8 per side entry with low pain that settled; ``changes`` override any field."""
    fields: dict[str, Any] = {
        "exercise_id": exercise_id,
        "session_date": on,
        "sets": 3,
        "reps_per_side": 8,
        "clean_form": True,
        "pain_before": 2,
        "pain_during": 2,
        "pain_next_morning": 2,
    }
    fields.update(changes)
    return ExerciseLog(**fields)


@pytest.fixture
def entry() -> Callable[..., ExerciseLog]:
    """``entry(exercise_id, on, **changes)``: see :func:`log_entry`."""
    return log_entry


def profile_id(db: Database, name: str) -> int:
    with db.transaction() as s:
        pid = s.scalar(select(Profile.id).where(Profile.name == name))
    assert pid is not None, f"no profile {name!r}"
    return int(pid)


def row_counts(db: Database, pid: int | None = None) -> dict[str, int]:
    """Rows per application table, all of them or only those of one profile."""
    counts: dict[str, int] = {}
    with db.transaction() as s:
        for table in Base.metadata.sorted_tables:
            query = select(func.count()).select_from(table)
            if pid is not None:
                if table.name != "profiles" and "profile_id" not in table.c:
                    continue  # accounts' sessions, invites and login attempts belong to no profile
                key = table.c.id if table.name == "profiles" else table.c.profile_id
                query = query.where(key == pid)
            counts[table.name] = int(s.scalar(query) or 0)
    assert set(counts) <= APP_TABLES and (pid is not None or set(counts) == APP_TABLES)
    return counts


@pytest.fixture
def counts() -> Callable[..., dict[str, int]]:
    """``counts(db, profile_id=None)``: rows per table, see :func:`row_counts`."""
    return row_counts


@pytest.fixture
def pid_of() -> Callable[[Database, str], int]:
    """``pid_of(db, name)``: the id of a stored profile."""
    return profile_id
