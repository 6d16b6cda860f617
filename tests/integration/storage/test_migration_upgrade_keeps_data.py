"""A database made by an older version (revision 0001) upgrades to head without losing anything."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import inspect

from corecoach.catalogue import load_catalogue
from corecoach.screening.validation import validate_intake
from corecoach.services.coaching import current_program, plan_from_intake
from corecoach.storage.database import Database, make_engine, migrate

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "intake.yaml"


def test_upgrade_from_0001_keeps_profiles_and_programs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = make_engine(url)
    migrate(old, "0001")
    assert "movement_analyses" not in inspect(old).get_table_names()
    # write with the old schema: everything the first release stored lives in 0001's tables
    db_old = Database(url, auto_migrate=False)
    plan_from_intake(db_old, "sam", validate_intake(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))), load_catalogue())
    db_old.dispose()
    old.dispose()
    db = Database(url)  # opening migrates to head
    assert "movement_analyses" in inspect(db.engine).get_table_names()
    assert current_program(db, "sam")["phases"][1]["exercise_id"] == "dead_bug"
