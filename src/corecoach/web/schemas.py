"""Schemas of the JSON API (``XCreate`` for what a client sends, ``XPublic`` for what it gets back)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from corecoach.catalogue import Exercise
from corecoach.domain.enums import Urgency
from corecoach.domain.text import Text
from corecoach.programs.generator import Program
from corecoach.screening.red_flags import load_red_flags


class ErrorBody(BaseModel):
    type: str
    message: str
    problems: list[str] = Field(description="`field.path: problem` for each bad field")


class ErrorPublic(BaseModel):
    error: ErrorBody


class ReferralPublic(BaseModel):
    urgency: Urgency
    red_flag_ids: list[str]
    headline: Text
    action: Text
    reported: list[Text]


class RedFlagStopPublic(ErrorPublic):
    """409: a red flag was reported. No program is made; the referral says what to do and how urgently."""

    referral: ReferralPublic
    program: None = None


class RedFlagPublic(BaseModel):
    id: str
    category: str
    urgency: Urgency
    en: str
    nl: str
    source: str


class ExercisePublic(Exercise):
    """An exercise of the catalogue, texts in both languages."""


class ProgramPublic(Program):
    """A program: every phase (also locked ones, with what unlocks them), the week, the reasons and notes."""


class PlanPublic(BaseModel):
    profile: str
    program: ProgramPublic


class EntryCreate(BaseModel):
    """One exercise of a session, in the measure the exercise is dosed in."""

    model_config = ConfigDict(extra="forbid")

    exercise_id: str
    sets: int = Field(ge=0, le=20)
    reps_per_side: int | None = Field(default=None, ge=0, le=100)
    reps: int | None = Field(default=None, ge=0, le=200)
    hold_s: float | None = Field(default=None, ge=0, le=900)
    distance_m: float | None = Field(default=None, ge=0, le=5000)
    duration_s: float | None = Field(default=None, ge=0, le=3600)
    clean_form: bool
    pain_before: int = Field(ge=0, le=10)
    pain_during: int = Field(ge=0, le=10)
    pain_next_morning: int | None = Field(default=None, ge=0, le=10)
    effort_rpe: int | None = Field(default=None, ge=1, le=10)


#: The one red-flag shape (as the intake and ``corecoach log --file``): ``{id: true/false}`` or a list of the
#: reported ids. It is checked by :func:`corecoach.screening.validation.reported_red_flags` in the route, so the
#: API, the CLI and the pages say the same about a bad answer; here it is only described.
RedFlagAnswers = Annotated[
    Any,
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "object",
                    "additionalProperties": {"type": "boolean"},
                    "description": "id -> true/false (false is never a red flag)",
                },
                {"type": "array", "items": {"type": "string"}, "description": "the ids reported"},
                {"type": "null"},
            ]
        }
    ),
]


def _red_flag_ids_in_schema(schema: dict[str, Any]) -> None:
    """Name the known ids in the document (read when the document is made, not at import)."""
    ids = list(load_red_flags())
    mapping, listing, _ = schema["anyOf"]
    mapping["propertyNames"] = {"enum": ids}
    listing["items"] = {"type": "string", "enum": ids}


class SessionCreate(BaseModel):
    """A session as ``corecoach log --file`` reads it."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date | None = Field(default=None, description="Defaults to today")
    red_flags: RedFlagAnswers = Field(
        default_factory=list,
        description="New red-flag symptoms (ids from /api/red-flags): {id: true/false} as in the intake, or a list of the ids reported",
        json_schema_extra=_red_flag_ids_in_schema,
    )
    entries: list[EntryCreate] = Field(default_factory=list)


class MorningCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pain_nrs: int = Field(ge=0, le=10, description="Back pain the morning after the last session, 0-10")


class DecisionPublic(BaseModel):
    function: str
    rule: str
    action: str
    from_exercise: str
    to_exercise: str
    explanation: Text


class SessionAdvicePublic(BaseModel):
    """One message for the whole session (next-morning pain up across it), given once, not per decision."""

    rule: str
    see_clinician: bool = Field(description="True only when pain keeps getting worse: see a doctor or physio")
    message: Text


class SessionPublic(BaseModel):
    session_id: int
    decisions: list[DecisionPublic]
    session_advice: SessionAdvicePublic | None = None


class AnalysisUrls(BaseModel):
    status: str
    page: str
    report: str | None = None
    annotated: str | None = None


class AnalysisJobPublic(BaseModel):
    id: str
    state: str = Field(description="queued, running, writing, done or failed")
    file_name: str
    movement: str
    created_at: str
    frames_done: int
    frames_total: int
    error: str | None = Field(description="Why it failed, for a person to read")
    error_type: str | None
    recorded: bool = Field(description="Stored with the profile, so the program acts on the findings")
    adjustments: list[dict[str, str]]
    urls: AnalysisUrls
    result: dict[str, Any] | None = Field(description="The analysis result document (see `corecoach analyze --json`) once done")
