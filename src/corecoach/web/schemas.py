"""Schemas of the JSON API (``XCreate`` for what a client sends, ``XPublic`` for what it gets back)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from corecoach.catalogue import Exercise, load_catalogue
from corecoach.domain.enums import Language, Urgency
from corecoach.domain.text import Text
from corecoach.programs.generator import Program
from corecoach.screening.red_flags import load_red_flags
from corecoach.screening.triage import SafetyNet


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
    how_to_confirm: Text | None = Field(
        default=None,
        description="Only for 'see a doctor before starting' answers: how to come back once a doctor or physio has seen "
        "the person and agrees (send the intake again to POST /api/plan with `clearance`); null for emergency and urgent answers",
    )


class RedFlagStopPublic(ErrorPublic):
    """409: a red flag stops. No program; the referral says what to do, how urgently and, when it can be cleared, how to come back."""

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


class ClearancePublic(BaseModel):
    """The safety net of a program made after a doctor's or physio's clearance of 'see a doctor before starting' answers."""

    seen_by: Literal["doctor", "physio"] = Field(description="Who saw the person and agreed they can start")
    seen_on: dt.date = Field(description="The date they saw the person")
    red_flag_ids: list[str] = Field(description="The answers the clearance covers")
    reported: list[Text] = Field(description="Those answers' questions, in both languages")
    watch_for: list[Text] = Field(description="The warning signs to keep watching for, and what to do then")
    advice: dict[str, list[str]] = Field(description="The whole advice as lines of text, per language (en, nl)")


def clearance_document(net: SafetyNet | None) -> dict[str, Any] | None:
    """A safety net as :class:`ClearancePublic` reads it (``SafetyNet.to_json`` plus the texts in both languages)."""
    if net is None:
        return None
    flags = load_red_flags()
    return {
        **net.to_json(),
        "reported": [flags[i].question.model_dump() for i in net.red_flag_ids if i in flags],
        "watch_for": [{"en": en, "nl": nl} for en, nl in zip(net.watch(Language.EN), net.watch(Language.NL), strict=True)],
    }


class PlanPublic(BaseModel):
    profile: str
    program: ProgramPublic
    clearance: ClearancePublic | None = Field(
        default=None, description="Set when the program was made after a clearance: who, when, what it covers, the warning signs"
    )


class CurrentProgramPublic(ProgramPublic):
    """The current program, with the clearance it was made after (null when none was needed)."""

    clearance: ClearancePublic | None = None


def exercise_ids_in_schema(schema: dict[str, Any]) -> None:
    """Name the catalogue's ids in the document (read when the document is made, not at import).

    The field stays a plain string: the route answers an unknown id with a 422 that names it.
    """
    schema["enum"] = [exercise.id for exercise in load_catalogue()]


class EntryCreate(BaseModel):
    """One exercise of a session, in the measure the exercise is dosed in."""

    model_config = ConfigDict(extra="forbid")

    exercise_id: str = Field(
        description="An exercise of the current program (ids from /api/exercises)", json_schema_extra=exercise_ids_in_schema
    )
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


class CoveredRedFlagsPublic(BaseModel):
    """'See a doctor before starting' answers sent with a session that the current clearance covers: stored, no stop."""

    red_flag_ids: list[str]
    seen_by: Literal["doctor", "physio"]
    seen_on: dt.date = Field(description="The date of the clearance that covers them")
    reported: list[Text]
    watch_for: list[Text] = Field(description="The warning signs, repeated once")
    message: Text = Field(description="The whole message: covered by the clearance of that date, then the warning signs")


class SessionPublic(BaseModel):
    session_id: int
    decisions: list[DecisionPublic]
    session_advice: SessionAdvicePublic | None = None
    red_flags_covered: CoveredRedFlagsPublic | None = Field(
        default=None, description="Red flags the current clearance covers: recorded with the session, the program goes on"
    )


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


class BothLanguages(BaseModel):
    """A text in English and Dutch as stored (a coach's words may read the same in both)."""

    en: str
    nl: str


class LadderPublic(BaseModel):
    function: str
    exercise_id: str
    rung: int = Field(description="0 is the ladder's first (easiest) exercise")
    ladder: list[str]
    unlocked: bool


class SessionPainPublic(BaseModel):
    date: dt.date
    pain_before: int | None
    pain_during: int | None
    pain_next_morning: int | None
    clean_form: bool


class ProgressDecisionPublic(BaseModel):
    date: dt.date
    function: str
    rule: str
    action: str
    from_exercise: str
    to_exercise: str
    explanation: BothLanguages
    author: str | None = Field(description="The coach who made the change; null for the rules")


class ProgressPublic(BaseModel):
    """As ``corecoach progress --json``: the rung on each ladder, pain per session, every decision with its rule."""

    profile: str
    stopped_red_flag: bool
    sessions_logged: int
    phases: list[LadderPublic]
    sessions: list[SessionPainPublic]
    decisions: list[ProgressDecisionPublic]


class AccountPublic(BaseModel):
    id: int
    email: str
    display_name: str
    role: str


class MePublic(BaseModel):
    mode: Literal["single", "coach"]
    profile: str | None = Field(description="The profile every call is about; null in coach mode when nobody is signed in")
    account: AccountPublic | None


class PainReportPublic(BaseModel):
    id: int
