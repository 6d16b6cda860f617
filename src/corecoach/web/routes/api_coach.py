"""Coach mode in the JSON API: who is signed in, a coach's clients, one client's report, program changes,
and "this hurts" reports. Signing in happens on ``/login`` (the session cookie then works here too).

Access follows the same policy table as the pages (:mod:`corecoach.domain.access`): 401 when
nobody is signed in, 403 for someone else's client.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from corecoach.domain.access import Action, Resource
from corecoach.domain.enums import CoreFunction
from corecoach.services.clients import client_overview, coach_clients
from corecoach.services.coaching import REASON_MAX_CHARS, adjust_rung, record_pain_report
from corecoach.web.deps import (
    CatalogueDep,
    CoachAccount,
    CurrentProfile,
    DatabaseDep,
    RowId,
    SettingsDep,
    SignedIn,
    authorize,
    current_account,
)
from corecoach.web.schemas import ErrorPublic, MePublic, PainReportPublic, exercise_ids_in_schema

router = APIRouter(prefix="/api", tags=["coach mode"])
DENIED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorPublic, "description": "Not signed in"},
    403: {"model": ErrorPublic, "description": "Someone else's data, or not a coach"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorPublic, "description": "No such client, or nothing stored yet"}}


class AdjustmentCreate(BaseModel):
    """Move one ladder to another rung; the reason is shown to the client."""

    model_config = ConfigDict(extra="forbid")

    function: CoreFunction
    exercise_id: str = Field(min_length=1, max_length=80, json_schema_extra=exercise_ids_in_schema)
    reason: str = Field(min_length=1, max_length=REASON_MAX_CHARS)


class PainReportCreate(BaseModel):
    """A "this hurts" press during an exercise."""

    model_config = ConfigDict(extra="forbid")

    exercise_id: str = Field(min_length=1, max_length=80, json_schema_extra=exercise_ids_in_schema)
    pain_nrs: int | None = Field(default=None, ge=0, le=10)


@router.get("/me", response_model=MePublic)
def me(request: Request, settings: SettingsDep) -> dict[str, Any]:
    """Who this request acts as: single-person mode's profile, or the signed-in account (coach mode)."""
    if not settings.coach_mode:
        return {"mode": "single", "profile": settings.profile, "account": None}
    account = current_account(request)
    body = None
    if account is not None:
        body = {"id": account.id, "email": account.email, "display_name": account.display_name, "role": account.role.value}
    return {"mode": "coach", "profile": account.profile_name if account else None, "account": body}


@router.get("/clients", responses=DENIED)
def list_clients(db: DatabaseDep, coach: CoachAccount) -> list[dict[str, Any]]:
    """The signed-in coach's clients, with who is stuck and who needs attention (rules in the dashboard)."""
    return [row.to_json() for row in coach_clients(db, coach.id)]


@router.get("/clients/{client_id}", responses={**DENIED, **NOT_FOUND})
def get_client(client_id: RowId, db: DatabaseDep, account: SignedIn) -> dict[str, Any]:
    """One client's status, pain report (logs and "this hurts" presses, last 6 weeks), red flags and clearances.

    ``clearances``: each doctor's or physio's clearance of "see a doctor before starting" answers the
    client gave, oldest first, as the coach's client page lists them: ``{on, seen_by, seen_on, red_flag_ids}``.
    """
    authorize(db, account, Action.READ, Resource.TRAINING_LOG, client_id)
    overview = client_overview(db, client_id)
    return {
        **overview.row.to_json(),
        "pain_report": [
            {
                "date": p.on.isoformat(),
                "exercise_id": p.exercise_id,
                "kind": p.kind,
                "pain_before": p.pain_before,
                "pain_during": p.pain_during,
                "pain_next_morning": p.pain_next_morning,
                "clean_form": p.clean_form,
            }
            for p in overview.pain
        ],
        "red_flags": overview.red_flags,
        "clearances": overview.clearances,
    }


@router.post("/clients/{client_id}/adjustments", status_code=201, responses={**DENIED, **NOT_FOUND})
def adjust_client_program(
    client_id: RowId, body: AdjustmentCreate, db: DatabaseDep, catalogue: CatalogueDep, account: SignedIn
) -> dict[str, Any]:
    """A coach moves one of their client's ladders, with a reason the client sees (rule ``coach_adjustment``)."""
    profile = authorize(db, account, Action.WRITE, Resource.PROGRAM_ADJUSTMENT, client_id)
    decision = adjust_rung(db, profile, body.function, body.exercise_id, body.reason, account.display_name, catalogue)
    return {
        "function": body.function.value,
        "rule": decision.rule,
        "action": decision.action.value,
        "from_exercise": decision.from_exercise,
        "to_exercise": decision.to_exercise,
        "explanation": decision.explanation.model_dump(),
    }


@router.post("/pain-reports", status_code=201, response_model=PainReportPublic, responses=NOT_FOUND)
def report_pain(body: PainReportCreate, db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile) -> dict[str, int]:
    """Store a "this hurts" press at once (the session player sends it; the coach sees it)."""
    return {"id": record_pain_report(db, profile, body.exercise_id, catalogue, body.pain_nrs)}
