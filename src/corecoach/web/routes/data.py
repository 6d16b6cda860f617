"""The person's data: download it (JSON, CSV) or erase it, with a confirmation."""

from __future__ import annotations

import json

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from corecoach.errors import ProfileNotFoundError
from corecoach.services.data_rights import delete_profile, export_csv, export_profile
from corecoach.storage.database import Database
from corecoach.web.deps import CsrfForm, CurrentProfile, DatabaseDep, JobsDep, LangDep, form_values, render
from corecoach.web.i18n import translate
from corecoach.web.jobs import AnalysisJobs

router = APIRouter(include_in_schema=False)

CSV_FILES = ("exercise_logs.csv", "decisions.csv")


def _has_data(db: Database, profile: str) -> bool:
    try:
        export_profile(db, profile)
    except ProfileNotFoundError:
        return False
    return True


def erase_everything(db: Database, jobs: AnalysisJobs, profile: str) -> None:
    """The profile's rows in one transaction, then its analysis files."""
    try:
        delete_profile(db, profile)
    finally:
        jobs.delete_profile_files(profile)


def attachment(body: str | bytes, media_type: str, file_name: str) -> Response:
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{file_name}"'})


@router.get("/data")
def data_page(request: Request, db: DatabaseDep, profile: CurrentProfile) -> Response:
    """Download everything, or erase everything."""
    return render(request, "data.html.j2", has_data=_has_data(db, profile), error=None)


@router.get("/data/export.json")
def export_json(db: DatabaseDep, profile: CurrentProfile) -> Response:
    """Everything stored about the profile as one JSON document."""
    document = export_profile(db, profile)
    return attachment(json.dumps(document, ensure_ascii=False, indent=2), "application/json", "corecoach-export.json")


@router.get("/data/{file_name}")
def export_csv_file(file_name: str, db: DatabaseDep, profile: CurrentProfile) -> Response:
    """The session log or the decisions as CSV."""
    if file_name not in CSV_FILES:
        raise HTTPException(status_code=404)
    return attachment(export_csv(db, profile)[file_name], "text/csv; charset=utf-8", file_name)


@router.post("/data/delete")
def delete_data(request: Request, form: CsrfForm, db: DatabaseDep, jobs: JobsDep, profile: CurrentProfile, lang: LangDep) -> Response:
    """Erase the profile and its analyses once the box is ticked."""
    if (form_values(form).get("confirm") or [""])[0] != "yes":
        return render(
            request, "data.html.j2", status_code=422, has_data=_has_data(db, profile), error=translate("data.confirm_needed", lang)
        )
    erase_everything(db, jobs, profile)
    return RedirectResponse("/?done=deleted", status_code=303)
