"""The analysis result: a versioned, documented JSON schema (``AnalysisResult.model_json_schema()``).

Times are seconds from the start of the clip; angles are degrees; every message is in English
and Dutch. A finding is what a trainer would point at, with how sure we are, never a diagnosis.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from corecoach.domain.text import Text

SCHEMA_VERSION = "1.0"


class Movement(StrEnum):
    SQUAT = "squat"
    POSTURE = "posture"
    PLANK = "plank"
    SIDE_PLANK = "side_plank"
    DEAD_BUG = "dead_bug"
    BIRD_DOG = "bird_dog"
    PALLOF_PRESS = "pallof_press"
    SUITCASE_CARRY = "suitcase_carry"
    KETTLEBELL_CROSSWALK = "kettlebell_crosswalk"
    AUTO = "auto"
    UNKNOWN = "unknown"


class Severity(StrEnum):
    INFO = "info"
    MINOR = "minor"
    MAJOR = "major"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class ViewOut(_Model):
    start_s: float
    end_s: float
    view: str
    confidence: float = Field(ge=0, le=1)


class Finding(_Model):
    id: str
    severity: Severity
    confidence: float = Field(ge=0, le=1)
    start_s: float
    end_s: float
    value: float | None
    threshold: float | None
    unit: str
    message: Text


class RepOut(_Model):
    index: int
    side: str | None = None
    start_s: float
    bottom_s: float
    end_s: float
    metrics: dict[str, float | None]
    clean: bool


class FrameStats(_Model):
    analysed: int
    with_person: int
    full_body: int
    fps: float
    duration_s: float
    people_max: int


class AnalysisResult(_Model):
    schema_version: str = SCHEMA_VERSION
    file: str
    movement: Movement
    movement_confidence: float = Field(ge=0, le=1)
    view: str
    view_confidence: float = Field(ge=0, le=1)
    views: list[ViewOut]
    reps: int | None
    reps_per_side: dict[str, int] | None
    hold_s: float | None
    per_rep: list[RepOut]
    findings: list[Finding]
    notes: list[Text]
    frames: FrameStats
    next_steps: list[Text] = []
