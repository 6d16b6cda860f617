"""Analyses stored with a profile feed the program: a dead bug that arches goes back a rung, a butt wink adds hip mobility."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import func, select

from corecoach.catalogue import load_catalogue
from corecoach.screening.validation import validate_intake
from corecoach.services.coaching import plan_from_intake, progress_report, record_analysis
from corecoach.services.data_rights import delete_profile, export_profile
from corecoach.storage.database import Database
from corecoach.storage.orm import MovementAnalysisRecord

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "intake.yaml"


def _db(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'cc.db'}")
    raw = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    raw["mobility"]["hip"] = {"squat_lower_back_rounds": False, "hip_flexor_tight": False}
    raw["habits"]["sitting_hours_per_day"] = 2
    plan_from_intake(db, "sam", validate_intake(raw), load_catalogue())
    return db


def test_dead_bug_arching_moves_anti_extension_back_one_rung(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = {
        "movement": "dead_bug",
        "file": "db.mp4",
        "findings": [{"id": "lower_back_arching", "severity": "major", "start_s": 1, "end_s": 2}],
    }
    outcome = record_analysis(db, "sam", result, load_catalogue())
    assert [a[0] for a in outcome.adjustments] == ["video_dead_bug_arching"]
    report = progress_report(db, "sam", load_catalogue())
    anti_ext = next(p for p in report["phases"] if p["function"] == "anti_extension")
    assert anti_ext["exercise_id"] == "dead_bug_toe_tap"  # the example starts at dead_bug
    assert report["decisions"][-1]["rule"] == "video_dead_bug_arching"


def test_butt_wink_adds_hip_drills_to_the_program(tmp_path: Path) -> None:
    db = _db(tmp_path)
    catalogue = load_catalogue()
    before = record_analysis(db, "sam", {"movement": "squat", "file": "a.mp4", "findings": [], "per_rep": []}, catalogue).program
    assert before is not None
    hip_drills = {e.id for e in catalogue.by_function(catalogue["hip_90_90_switch"].primary_function)}
    assert not hip_drills & set(before.mobility)
    wink = {
        "movement": "squat", "file": "b.mp4",
        "findings": [{"id": "lower_back_rounding", "severity": "major", "start_s": 1.0, "end_s": 2.0}],
        "per_rep": [{"bottom_s": 1.5, "metrics": {"knee_flexion_bottom_deg": 105.0}}],
    }  # fmt: skip
    after = record_analysis(db, "sam", wink, catalogue).program
    assert after is not None
    assert hip_drills & set(after.mobility)
    assert any("95°" in n.en for n in after.notes)


def test_analyses_are_exported_and_deleted_with_the_profile(tmp_path: Path) -> None:
    db = _db(tmp_path)
    record_analysis(db, "sam", {"movement": "plank", "file": "p.mp4", "findings": [], "hold_s": 30.0}, load_catalogue())
    assert export_profile(db, "sam")["movement_analyses"][0]["result"]["hold_s"] == 30.0
    delete_profile(db, "sam")
    with db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(MovementAnalysisRecord)) == 0
