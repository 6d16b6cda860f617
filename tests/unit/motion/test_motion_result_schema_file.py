"""The shipped analysis JSON Schema is the model's, and real result documents validate against it."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema

from corecoach.motion.analyse import analyse_track
from corecoach.motion.result_schema import render_result_schema
from corecoach.motion.results import Movement


def _shipped() -> str:
    return resources.files("corecoach.motion").joinpath("analysis.schema.json").read_text(encoding="utf-8")


def test_shipped_schema_is_up_to_date() -> None:
    assert _shipped() == render_result_schema(), (
        "regenerate: python -m corecoach.motion.result_schema > src/corecoach/motion/analysis.schema.json"
    )


def test_a_result_document_validates(fig) -> None:
    track, _ = fig.squat(3, view="side")
    doc = analyse_track(track, Movement.SQUAT, "x.mp4").model_dump(mode="json")
    jsonschema.validate(doc, json.loads(_shipped()))
