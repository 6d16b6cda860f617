"""The shipped intake JSON Schema matches the model, and the example intake validates against it."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from corecoach.screening.intake_schema import build_intake_schema, render_intake_schema

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "intake.yaml"


def _shipped() -> str:
    return resources.files("corecoach.screening").joinpath("intake.schema.json").read_text(encoding="utf-8")


def test_shipped_schema_is_up_to_date() -> None:
    assert _shipped() == render_intake_schema(), (
        "regenerate: python -m corecoach.screening.intake_schema > src/corecoach/screening/intake.schema.json"
    )


def test_example_intake_is_valid_against_schema() -> None:
    jsonschema.validate(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")), json.loads(_shipped()))


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda d: d.update(favourite_colour="blue"), "favourite_colour"),
        (lambda d: d["red_flags"].update(made_up_flag=False), "made_up_flag"),
        (lambda d: d["red_flags"].pop("saddle_numbness"), "saddle_numbness"),
        (lambda d: d["pain"].update(now_nrs=11), "11"),
    ],
)
def test_schema_rejects_bad_intakes(edit, fragment: str) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    edit(data)
    with pytest.raises(jsonschema.ValidationError) as info:
        jsonschema.validate(data, build_intake_schema())
    assert fragment in str(info.value.message)
