"""The result document: a versioned JSON schema with the keys the issue requires."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from corecoach.motion.analyse import analyse_track
from corecoach.motion.results import SCHEMA_VERSION, AnalysisResult, Movement

REQUIRED = {"schema_version", "movement", "view", "views", "reps", "reps_per_side", "hold_s", "per_rep", "findings"}
FINDING_KEYS = {"id", "severity", "confidence", "start_s", "end_s", "value", "threshold", "message"}


@pytest.fixture(scope="module")
def squat_doc(fig) -> dict:
    track, bottoms = fig.squat(3, view="side")
    curve = np.full(len(track), -5.0)
    for b in bottoms:
        curve[b - 3 : b + 4] += 25.0
    result = analyse_track(dataclasses.replace(track, back_curvature=curve), Movement.SQUAT, "squat.mp4")
    return json.loads(result.model_dump_json())


def test_schema_version_and_required_keys(squat_doc: dict) -> None:
    assert SCHEMA_VERSION == "1.0"
    assert squat_doc["schema_version"] == "1.0"
    assert REQUIRED <= set(squat_doc)
    assert squat_doc["movement"] == "squat"
    assert squat_doc["file"] == "squat.mp4"
    assert squat_doc["view"] == "side"
    assert isinstance(squat_doc["reps"], int) and squat_doc["reps"] == 3
    assert squat_doc["hold_s"] is None
    assert squat_doc["reps_per_side"] is None


def test_views_and_per_rep_entries(squat_doc: dict) -> None:
    for v in squat_doc["views"]:
        assert set(v) >= {"start_s", "end_s", "view", "confidence"}
        assert 0.0 <= v["confidence"] <= 1.0
    assert len(squat_doc["per_rep"]) == 3
    for rep in squat_doc["per_rep"]:
        assert set(rep) >= {"index", "start_s", "bottom_s", "end_s", "metrics", "clean"}


def test_findings_carry_every_field(squat_doc: dict) -> None:
    assert squat_doc["findings"], "the constructed butt wink should give findings"
    for f in squat_doc["findings"]:
        assert FINDING_KEYS <= set(f)
        assert f["severity"] in ("info", "minor", "major")
        assert 0.0 <= f["confidence"] <= 1.0
        assert f["start_s"] <= f["end_s"]
        assert set(f["message"]) == {"en", "nl"} and f["message"]["en"] != f["message"]["nl"]


def test_hold_and_per_side_documents(fig) -> None:
    hold = json.loads(analyse_track(fig.plank(3.0, before_s=1.0, after_s=1.0), Movement.PLANK, "p.mp4").model_dump_json())
    assert hold["reps"] is None and isinstance(hold["hold_s"], float)
    track, _ = fig.dead_bug("LR")
    sides = json.loads(analyse_track(track, Movement.DEAD_BUG, "d.mp4").model_dump_json())
    assert sides["reps_per_side"] == {"left": 1, "right": 1}
    assert [r["side"] for r in sides["per_rep"]] == ["left", "right"]


def test_document_round_trips_and_schema_lists_the_keys(squat_doc: dict) -> None:
    again = AnalysisResult.model_validate(squat_doc)
    assert json.loads(again.model_dump_json()) == squat_doc
    schema = AnalysisResult.model_json_schema()
    assert REQUIRED <= set(schema["properties"])
    assert set(schema["required"]) >= REQUIRED - {"schema_version"}
