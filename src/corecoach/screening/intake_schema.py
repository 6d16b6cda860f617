"""The intake's JSON Schema, generated from the model plus the red-flag list.

The package ships the result as ``intake.schema.json`` (regenerate with
``python -m corecoach.screening.intake_schema > src/corecoach/screening/intake.schema.json``);
a test keeps the shipped file equal to what this module generates.
"""

from __future__ import annotations

import json
from typing import Any

from corecoach.screening.intake import Intake
from corecoach.screening.red_flags import load_red_flags

SCHEMA_ID = "https://corecoach.invalid/schemas/intake.schema.json"


def build_intake_schema() -> dict[str, Any]:
    """Model schema with ``red_flags`` spelled out: every id required, nothing else allowed."""
    schema = Intake.model_json_schema()
    flags = load_red_flags()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "corecoach intake"
    schema["description"] = "One person's answers to the corecoach screen and assessment. Unknown fields are rejected."
    schema["properties"]["red_flags"] = {
        "type": "object",
        "description": "Answer every red-flag question true or false. A true emergency or urgent answer stops the program "
        "and refers to a doctor; a true 'see a doctor before starting' answer does too, unless `clearance` says a doctor "
        "or physio has seen you for it and agrees you can start.",
        "properties": {f.id: {"type": "boolean", "description": f"{f.question.en} ({f.urgency.value})"} for f in flags.values()},
        "required": list(flags),
        "additionalProperties": False,
    }
    return schema


def render_intake_schema() -> str:
    return json.dumps(build_intake_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render_intake_schema(), end="")
