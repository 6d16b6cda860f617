"""The JSON API under ``/api``: the same operations as the pages, documented by OpenAPI.

Status codes come from :mod:`corecoach.web.errors` (one table). A red flag that stops answers
**409 Conflict** with the referral in the body: the request itself is fine, but the person's
state rules out a program until a doctor has seen them. What stops: an emergency or urgent
answer, always; a "see a doctor before starting" answer without a clearance (the referral's
``how_to_confirm`` says to send the intake again with ``clearance``). In a session, a "see a
doctor" answer that the current clearance covers does not stop (``red_flags_covered``). 403 is
kept for requests refused for security (a write from another site; later: permissions).
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException, Query, Request
from pydantic import ValidationError
from starlette.responses import JSONResponse, Response

from corecoach.domain.enums import CoreFunction
from corecoach.errors import InvalidInputError, ProfileNotFoundError, RedFlagStop
from corecoach.programs.progression import ExerciseLog, SessionAdvice
from corecoach.screening.intake_schema import build_intake_schema
from corecoach.screening.red_flags import load_red_flags
from corecoach.screening.validation import reported_red_flags
from corecoach.services.coaching import current_safety_net, log_session, progress_report, record_next_morning
from corecoach.services.data_rights import export_csv, export_profile
from corecoach.web.deps import CatalogueDep, CurrentProfile, DatabaseDep, JobsDep, LangDep, SettingsDep
from corecoach.web.flows import MOVEMENT_CHOICES, accept_upload, plan_or_refer
from corecoach.web.jobs import AnalysisJob, AnalysisJobs
from corecoach.web.routes.analyses import ApiUploadForm
from corecoach.web.routes.data import erase_everything
from corecoach.web.schemas import (
    AnalysisJobPublic,
    AnalysisUrls,
    CurrentProgramPublic,
    ErrorPublic,
    ExercisePublic,
    MorningCreate,
    PlanPublic,
    ProgressPublic,
    RedFlagPublic,
    RedFlagStopPublic,
    SessionCreate,
    SessionPublic,
    clearance_document,
)
from corecoach.web.views import decision_documents, load_state

Responses = dict[int | str, dict[str, Any]]
RED_FLAG: Responses = {
    409: {
        "model": RedFlagStopPublic,
        "description": "A red flag stops: an emergency or urgent answer (always), or a 'see a doctor before starting' answer "
        "without a clearance (in a session: one the current clearance does not cover). No program; the body carries the "
        "referral, whose how_to_confirm says how to come back once cleared (send the intake again with clearance)",
    }
}
INVALID: Responses = {422: {"model": ErrorPublic, "description": "Invalid input: each problem names its field"}}
NOT_FOUND: Responses = {404: {"model": ErrorPublic, "description": "Nothing stored yet"}}

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/exercises", response_model=list[ExercisePublic])
def list_exercises(catalogue: CatalogueDep, function: CoreFunction | None = None) -> list[dict[str, Any]]:
    """The exercise catalogue, optionally only the exercises that train one core function."""
    return [e.model_dump(mode="json") for e in catalogue if function is None or function in e.functions]


@router.get("/exercises/{exercise_id}", response_model=ExercisePublic, responses=NOT_FOUND)
def get_exercise(exercise_id: str, catalogue: CatalogueDep) -> dict[str, Any]:
    """One exercise by its stable id."""
    if exercise_id not in catalogue:
        raise HTTPException(status_code=404, detail=f"There is no exercise with id '{exercise_id}'.")
    return catalogue[exercise_id].model_dump(mode="json")


@router.get("/red-flags", response_model=list[RedFlagPublic])
def list_red_flags() -> list[RedFlagPublic]:
    """Every red-flag question, as ``corecoach screen --list-red-flags --json`` lists them."""
    return [
        RedFlagPublic(id=f.id, category=f.category, urgency=f.urgency, en=f.question.en, nl=f.question.nl, source=f.source)
        for f in load_red_flags().values()
    ]


@router.get("/intake-schema")
def intake_schema() -> dict[str, Any]:
    """The JSON Schema of the intake document that ``POST /api/plan`` takes."""
    return build_intake_schema()


INTAKE_COMPONENT = "IntakeCreate"


def document_intake_body(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare the intake's JSON Schema (``GET /api/intake-schema``) as the body of ``POST /api/plan``.

    The route takes a plain object and validates it itself, naming every bad field; the document says
    what a valid one is. The schema's own definitions become components ``Intake<Name>``.
    """
    intake = build_intake_schema()
    defs: dict[str, Any] = intake.pop("$defs", {})
    for key in ("$schema", "$id"):  # an $id would move the base the references resolve against
        intake.pop(key, None)

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                node = {**node, "$ref": "#/components/schemas/Intake" + ref.removeprefix("#/$defs/")}
            return {k: rewrite(v) for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    components: dict[str, Any] = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in defs.items():
        components[f"Intake{name}"] = rewrite(definition)
    components[INTAKE_COMPONENT] = rewrite(intake)
    body = schema["paths"]["/api/plan"]["post"]["requestBody"]
    body["content"]["application/json"]["schema"] = {"$ref": f"#/components/schemas/{INTAKE_COMPONENT}"}
    return schema


@router.post("/plan", response_model=PlanPublic, responses={**RED_FLAG, **INVALID})
def make_plan(
    db: DatabaseDep,
    catalogue: CatalogueDep,
    profile: CurrentProfile,
    intake: Annotated[dict[str, Any], Body(description="The intake document (schema: GET /api/intake-schema)")],
) -> dict[str, Any]:
    """Screen, assess and prescribe from an intake.

    An emergency or urgent answer, or a "see a doctor before starting" answer without ``clearance``:
    409 with the referral, and no program. "See a doctor" answers with ``clearance``
    (``{"seen_by": "doctor"|"physio", "seen_on": "YYYY-MM-DD"}``): the program, with ``clearance``
    (who, when, the answers it covers and the warning signs to keep watching for).
    """
    result = plan_or_refer(db, profile, intake, catalogue)
    if result.referral is not None:
        raise RedFlagStop(result.referral)
    assert result.program is not None
    return {"profile": profile, "program": result.program.model_dump(mode="json"), "clearance": clearance_document(result.safety_net)}


def _active_program(db: DatabaseDep, profile: str) -> CurrentProgramPublic:
    state = load_state(db, profile)
    if state.referral is not None:
        raise RedFlagStop(state.referral)
    if state.program is None:
        raise ProfileNotFoundError("There is no program yet: POST an intake to /api/plan.")
    return CurrentProgramPublic.model_validate(
        {**state.program.model_dump(), "clearance": clearance_document(current_safety_net(db, profile))}
    )


@router.get("/program", response_model=CurrentProgramPublic, responses={**RED_FLAG, **NOT_FOUND})
def get_program(db: DatabaseDep, profile: CurrentProfile) -> CurrentProgramPublic:
    """The current program, with ``clearance`` when it was made after a doctor's or physio's clearance (else null)."""
    return _active_program(db, profile)


def _advice(advice: SessionAdvice | None) -> dict[str, Any] | None:
    """The session-wide message, once per response (not repeated in each decision)."""
    return None if advice is None else advice.model_dump(mode="json")


@router.post("/sessions", status_code=201, response_model=SessionPublic, responses={**RED_FLAG, **INVALID, **NOT_FOUND})
def post_session(body: SessionCreate, db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile) -> dict[str, Any]:
    """Log a session and get each decision with its rule. Red flags sent with it are stored with the session.

    An emergency or urgent red flag: 409 with the referral. A "see a doctor before starting" one that the
    current clearance covers does not stop: 201, with ``red_flags_covered`` (covered by the clearance of
    that date, and the warning signs once). One it does not cover: 409 with the referral, whose
    ``how_to_confirm`` says how to come back.

    ``red_flags`` takes the intake's shape ``{id: true/false}`` (a false answer is never a red flag) or a
    list of the ids reported; an unknown id or an answer that is not true/false is 422 naming it.
    """
    problems: list[str] = []
    try:
        red_flags = reported_red_flags(body.red_flags, field="red_flags")
    except InvalidInputError as exc:
        red_flags, problems = [], list(exc.problems)
    on = body.date or date.today()
    entries: list[ExerciseLog] = []
    for n, entry in enumerate(body.entries):
        try:
            entries.append(ExerciseLog(session_date=on, **entry.model_dump()))
        except ValidationError as exc:
            problems += [f"entries.{n}: {e['msg']}" for e in exc.errors()]
    if problems:
        raise InvalidInputError("The session is not valid:", problems)
    outcome = log_session(db, profile, entries, catalogue, red_flags)
    if outcome.referral is not None:
        raise RedFlagStop(outcome.referral)
    covered = outcome.red_flags_covered
    return {
        "session_id": outcome.session_id,
        "decisions": decision_documents(outcome.decisions),
        "session_advice": _advice(outcome.session_advice),
        "red_flags_covered": None if covered is None else covered.to_json(),
    }


@router.post("/morning", response_model=SessionPublic, responses={**INVALID, **NOT_FOUND})
def post_morning(body: MorningCreate, db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile) -> dict[str, Any]:
    """Add next-morning pain to the last session; the rules decide again with it."""
    outcome = record_next_morning(db, profile, body.pain_nrs, catalogue)
    return {
        "session_id": outcome.session_id,
        "decisions": decision_documents(outcome.decisions),
        "session_advice": _advice(outcome.session_advice),
    }


@router.get("/progress", response_model=ProgressPublic, responses=NOT_FOUND)
def get_progress(db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile) -> dict[str, Any]:
    """The rung on each ladder, every decision with its rule, pain per session (as ``corecoach progress --json``)."""
    return progress_report(db, profile, catalogue)


@router.get(
    "/export",
    responses={
        200: {"content": {"application/json": {}, "application/zip": {}}, "description": "JSON, or a zip of the CSV files"},
        **NOT_FOUND,
    },
)
def get_export(db: DatabaseDep, profile: CurrentProfile, format: Literal["json", "csv"] = Query("json")) -> Response:
    """Everything stored about the profile: one JSON document, or ``exercise_logs.csv`` and ``decisions.csv`` in a zip."""
    if format == "json":
        return JSONResponse(export_profile(db, profile))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in export_csv(db, profile).items():
            zf.writestr(name, text)
    return Response(
        buffer.getvalue(), media_type="application/zip", headers={"Content-Disposition": 'attachment; filename="corecoach-export.zip"'}
    )


@router.delete("/profile", status_code=204, responses=NOT_FOUND)
def delete_profile(db: DatabaseDep, jobs: JobsDep, profile: CurrentProfile) -> Response:
    """Erase the profile, everything stored with it, and its analyses."""
    erase_everything(db, jobs, profile)
    return Response(status_code=204)


def job_document(jobs: AnalysisJobs, job: AnalysisJob) -> AnalysisJobPublic:
    base = f"/analyses/{job.id}"
    return AnalysisJobPublic(
        id=job.id,
        state=job.state.value,
        file_name=job.file_name,
        movement=job.movement,
        created_at=job.created_at,
        frames_done=job.frames_done,
        frames_total=job.frames_total,
        error=job.error,
        error_type=job.error_type,
        recorded=job.recorded,
        adjustments=job.adjustments,
        urls=AnalysisUrls(
            status=f"/api/analyses/{job.id}",
            page=base,
            report=f"{base}/files/report.html" if "report.html" in job.outputs else None,
            annotated=f"{base}/files/{job.annotated}" if job.annotated else None,
        ),
        result=jobs.result(job),
    )


_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "mp4, mov, webm, avi, mkv, jpg or png"},
                        "movement": {
                            "type": "string",
                            "enum": [m.value for m in MOVEMENT_CHOICES],
                            "default": "auto",
                            "description": "What the clip shows; auto lets corecoach tell",
                        },
                    },
                }
            }
        },
    }
}


@router.post(
    "/analyses",
    status_code=202,
    response_model=AnalysisJobPublic,
    openapi_extra=_UPLOAD_BODY,
    responses={
        413: {"model": ErrorPublic, "description": "Larger than the upload limit (refused before reading it)"},
        415: {"model": ErrorPublic, "description": "Not a video or photo (by name or by content)"},
        **INVALID,
    },
)
async def post_analysis(
    request: Request, profile: CurrentProfile, form: ApiUploadForm, jobs: JobsDep, settings: SettingsDep, lang: LangDep
) -> JSONResponse:
    """Upload a video or photo; its analysis runs in the background. Poll ``urls.status``."""
    # the body is read by ApiUploadForm, only after sign-in and role are checked (and the size by the middleware)
    job = await accept_upload(form, jobs, profile, lang, settings.max_upload_bytes)
    doc = job_document(jobs, job)
    return JSONResponse(doc.model_dump(mode="json"), status_code=202, headers={"Location": doc.urls.status})


@router.get("/analyses", response_model=list[AnalysisJobPublic])
def list_analyses(jobs: JobsDep, profile: CurrentProfile) -> list[AnalysisJobPublic]:
    """The profile's analyses, newest first (results left out: get one by id)."""
    return [job_document(jobs, j).model_copy(update={"result": None}) for j in jobs.list_jobs(profile)]


@router.get("/analyses/{job_id}", response_model=AnalysisJobPublic, responses=NOT_FOUND)
def get_analysis(job_id: str, jobs: JobsDep, profile: CurrentProfile) -> AnalysisJobPublic:
    """One analysis: its state and progress, why it failed, or its result and files."""
    return job_document(jobs, jobs.get(profile, job_id))
