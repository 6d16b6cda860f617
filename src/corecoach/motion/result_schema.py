"""The analysis result's JSON Schema, shipped as ``analysis.schema.json`` (regenerate with
``python -m corecoach.motion.result_schema > src/corecoach/motion/analysis.schema.json``)."""

from __future__ import annotations

import json
from typing import Any

from corecoach.motion.results import SCHEMA_VERSION, AnalysisResult


def build_result_schema() -> dict[str, Any]:
    schema = AnalysisResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"corecoach movement analysis result, version {SCHEMA_VERSION}"
    schema["description"] = (
        "Output of `corecoach analyze --json`. Times in seconds from the clip's start, angles in degrees, messages in "
        "English and Dutch. reps is null for holds; hold_s is null for rep movements (for carries it is the time walked). "
        "A finding is what a coach would point at, with a confidence; never a diagnosis."
    )
    return schema


def render_result_schema() -> str:
    return json.dumps(build_result_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render_result_schema(), end="")
