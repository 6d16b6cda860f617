"""Video upload, the progress of its analysis (polled by htmx), and the result with the report.

Both upload routes (this page's and ``POST /api/analyses``) take their form through
:data:`PageUploadForm` / :data:`ApiUploadForm`, which read the body only after everything that the
request head can settle: the declared size (the ``BodySizeLimit`` middleware, before routing: 413),
who is asking and whether they may upload (:data:`CurrentProfile`), and, for the page, the CSRF token.
That token therefore travels in the request head too: in the form's action URL (``?csrf_token=``,
so the page works without scripts) or htmx's ``X-CSRF-Token`` header; a token only in the body is
refused. The API needs no token (it is guarded by the same-origin check, also before the body).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, RedirectResponse
from starlette.datastructures import FormData
from starlette.responses import Response

from corecoach.domain.enums import Language
from corecoach.errors import InvalidInputError, MediaError
from corecoach.motion.results import Movement
from corecoach.presentation.analysis_text import finding_label, movement_name, view_name
from corecoach.web.deps import MAX_FIELD_BYTES, CurrentProfile, JobsDep, LangDep, SettingsDep, csrf_tokens, render
from corecoach.web.errors import CsrfError, status_for
from corecoach.web.flows import MOVEMENT_CHOICES, accept_upload
from corecoach.web.i18n import format_size
from corecoach.web.jobs import AnalysisJobs
from corecoach.web.security import CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, REPORT_CSP

router = APIRouter(include_in_schema=False)

#: The file, the movement, the CSRF token (also sent as a field by the form), and a little room.
UPLOAD_MAX_FIELDS = 10


async def _read_upload_form(request: Request) -> FormData:
    return await request.form(max_files=1, max_fields=UPLOAD_MAX_FIELDS, max_part_size=MAX_FIELD_BYTES)


async def page_upload_form(request: Request, profile: CurrentProfile) -> FormData:
    """The upload page's form, read only once the person may upload and the head's CSRF token matches.

    ``profile`` is resolved first (FastAPI solves a dependency's own dependencies before it): nobody
    signed in goes to the sign-in page, a coach to their own pages, before a byte of the upload is read.
    """
    submitted = request.query_params.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    if not csrf_tokens(request).matches(request.cookies.get(CSRF_COOKIE), submitted):
        raise CsrfError("The upload's security token is missing or does not match.")
    return await _read_upload_form(request)


async def api_upload_form(request: Request, profile: CurrentProfile) -> FormData:
    """The API upload's form, read only once the person may upload (401/403 first)."""
    return await _read_upload_form(request)


PageUploadForm = Annotated[FormData, Depends(page_upload_form)]
ApiUploadForm = Annotated[FormData, Depends(api_upload_form)]

_MEDIA_TYPES = {".mp4": "video/mp4", ".png": "image/png", ".json": "application/json", ".html": "text/html; charset=utf-8"}


def _upload_page(
    request: Request, jobs: AnalysisJobs, profile: str, settings: SettingsDep, error: str | None = None, status_code: int = 200
) -> Response:
    return render(
        request,
        "analyses.html.j2",
        status_code=status_code,
        jobs=jobs.list_jobs(profile),
        movements=MOVEMENT_CHOICES,
        movement_name=movement_name,
        max_size=format_size(settings.max_upload_bytes),
        error=error,
    )


@router.get("/analyses")
def analyses_page(request: Request, jobs: JobsDep, profile: CurrentProfile, settings: SettingsDep) -> Response:
    """Upload a video or photo; earlier analyses."""
    return _upload_page(request, jobs, profile, settings)


@router.post("/analyses")
async def upload(
    request: Request, profile: CurrentProfile, form: PageUploadForm, jobs: JobsDep, settings: SettingsDep, lang: LangDep
) -> Response:
    """Check the file before trusting it, queue the analysis, and go to its page."""
    try:
        job = await accept_upload(form, jobs, profile, lang, settings.max_upload_bytes)
    except (InvalidInputError, MediaError) as exc:
        message = exc.problems[0].split(": ", 1)[-1] if isinstance(exc, InvalidInputError) and exc.problems else str(exc)
        return _upload_page(request, jobs, profile, settings, error=message, status_code=status_for(exc))
    return RedirectResponse(f"/analyses/{job.id}", status_code=303)


def result_view(jobs: AnalysisJobs, job_id: str, profile: str, lang: Language) -> dict[str, Any]:
    job = jobs.get(profile, job_id)
    result = jobs.result(job)
    return {
        "job": job,
        "result": result,
        "movement": movement_name(Movement(result["movement"]), lang) if result else movement_name(Movement(job.movement), lang),
        "view": view_name(str(result["view"]), lang) if result else "",
        "finding_label": lambda finding_id: finding_label(finding_id, lang),
    }


@router.get("/analyses/{job_id}")
def analysis_page(request: Request, job_id: str, jobs: JobsDep, profile: CurrentProfile, lang: LangDep) -> Response:
    """While it runs: a progress bar that htmx refreshes. Then: the result, the annotated video, the report."""
    return render(request, "analysis.html.j2", **result_view(jobs, job_id, profile, lang))


@router.get("/analyses/{job_id}/status")
def analysis_status(request: Request, job_id: str, jobs: JobsDep, profile: CurrentProfile) -> Response:
    """The progress fragment htmx polls; once finished it asks htmx to reload the whole page."""
    job = jobs.get(profile, job_id)
    response = render(request, "_analysis_status.html.j2", job=job)
    if job.state.finished and request.headers.get("hx-request") == "true":
        response.headers["HX-Refresh"] = "true"
    return response


@router.get("/analyses/{job_id}/files/{name}")
def analysis_file(job_id: str, name: str, jobs: JobsDep, profile: CurrentProfile) -> Response:
    """A file the analysis wrote (annotated video, plot, report); the report runs without scripts."""
    return output_file(jobs, profile, job_id, name)


def output_file(jobs: AnalysisJobs, profile: str, job_id: str, name: str) -> Response:
    """One written file of a profile's analysis, with the right type (and no scripts for the report)."""
    job = jobs.get(profile, job_id)
    path = jobs.output_path(job, name)
    suffix = path.suffix.lower()
    response = FileResponse(path, media_type=_MEDIA_TYPES.get(suffix))
    if suffix == ".html":
        response.headers["Content-Security-Policy"] = REPORT_CSP
    return response
