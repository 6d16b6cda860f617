"""Alembic migrations on a real, empty database: up from nothing, idempotent, down to base and up again."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from corecoach.storage.database import Database, alembic_config, make_engine, migrate
from corecoach.storage.orm import Base, Profile

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


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _head(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def test_sqlite_file_does_not_exist_before_first_use(sqlite_url: str) -> None:
    path = Path(str(make_url(sqlite_url).database))
    assert not path.exists()
    db = Database(sqlite_url)
    try:
        assert path.is_file()
    finally:
        db.dispose()


def test_sqlite_folder_is_created_on_first_use(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'deep' / 'er' / 'cc.db'}"
    db = Database(url)
    try:
        assert "profiles" in _tables(db.engine)
    finally:
        db.dispose()


def test_up_from_empty_creates_every_table_at_head(db_url: str) -> None:
    probe = make_engine(db_url)
    try:
        assert _tables(probe) == set(), "the database should start empty"
    finally:
        probe.dispose()

    db = Database(db_url)
    try:
        assert _tables(db.engine) == set(APP_TABLES) | {"alembic_version"}
        assert set(Base.metadata.tables) == set(APP_TABLES)
        head = _head(db.engine)
        assert head is not None
        assert _current(db.engine) == head
    finally:
        db.dispose()


def test_migrated_schema_matches_the_models(db: Database) -> None:
    """What the migrations build is what the ORM expects (no pending autogenerate diff)."""
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": conn.dialect.name == "sqlite"})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_schema_has_the_log_index_and_pain_checks(db: Database) -> None:
    insp = inspect(db.engine)
    indexes = {ix["name"]: ix["column_names"] for ix in insp.get_indexes("exercise_logs")}
    assert indexes.get("ix_exercise_logs_profile_exercise") == ["profile_id", "exercise_id", "id"]
    checks = {c["name"] for c in insp.get_check_constraints("exercise_logs")}
    assert {"ck_pain_before_0_10", "ck_pain_during_0_10", "ck_pain_next_morning_0_10", "ck_effort_rpe_1_10"} <= checks
    fks = {(fk["referred_table"], fk["options"].get("ondelete")) for fk in insp.get_foreign_keys("exercise_logs")}
    assert ("profiles", "CASCADE") in fks and ("sessions", "CASCADE") in fks


def test_running_again_is_a_no_op_and_keeps_data(db_url: str) -> None:
    first = Database(db_url)
    try:
        with first.transaction() as s:
            s.add(Profile(name="kept"))
        revision = _current(first.engine)
        tables = _tables(first.engine)
    finally:
        first.dispose()

    for _ in range(2):
        again = Database(db_url)
        try:
            assert _current(again.engine) == revision
            assert _tables(again.engine) == tables
            with again.engine.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
            with again.transaction() as s:
                assert s.scalars(select(Profile.name)).all() == ["kept"]
            migrate(again.engine)  # explicitly, too
            assert _current(again.engine) == revision
        finally:
            again.dispose()


def test_downgrade_to_base_and_upgrade_again(db: Database) -> None:
    cfg = alembic_config(db.engine)
    command.downgrade(cfg, "base")
    assert _tables(db.engine) - {"alembic_version"} == set()
    assert _current(db.engine) is None

    migrate(db.engine)
    assert _tables(db.engine) == set(APP_TABLES) | {"alembic_version"}
    assert _current(db.engine) == _head(db.engine)
    with db.transaction() as s:  # usable again
        s.add(Profile(name="after-roundtrip"))
    with db.transaction() as s:
        assert s.scalars(select(Profile.name)).all() == ["after-roundtrip"]


def test_auto_migrate_false_leaves_the_database_untouched(sqlite_url: str) -> None:
    db = Database(sqlite_url, auto_migrate=False)
    try:
        assert _tables(db.engine) == set()
    finally:
        db.dispose()


@pytest.mark.parametrize("pragma, expected", [("foreign_keys", 1), ("journal_mode", "wal")])
def test_sqlite_connections_enforce_foreign_keys_and_use_wal(sqlite_url: str, pragma: str, expected: object) -> None:
    db = Database(sqlite_url)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text(f"PRAGMA {pragma}")).scalar_one() == expected
    finally:
        db.dispose()


def test_plain_engine_sees_the_same_schema(sqlite_url: str) -> None:
    """The file is an ordinary SQLite database other tools can read."""
    Database(sqlite_url).dispose()
    other = create_engine(sqlite_url)
    try:
        assert _tables(other) == set(APP_TABLES) | {"alembic_version"}
    finally:
        other.dispose()
