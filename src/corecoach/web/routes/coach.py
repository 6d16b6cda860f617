"""Coach mode's coach pages: the dashboard (who trained, who is stuck, who needs attention), invite
links, and one client's page (pain report, ladders, decisions, and changing a ladder with a reason).

Every client page goes through :func:`corecoach.web.deps.authorize` with the policy table in
:mod:`corecoach.domain.access`: a coach sees only their own clients, a client only themself.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from corecoach.catalogue import Catalogue
from corecoach.domain.access import Action, Resource, Role
from corecoach.domain.enums import PHASE_ORDER, Language
from corecoach.errors import InvalidInputError, ProfileNotFoundError
from corecoach.programs.client_status import ATTENTION, DEFINITIONS, STUCK
from corecoach.screening.red_flags import load_red_flags
from corecoach.services.accounts import create_invite, pending_invites
from corecoach.services.clients import client_overview, coach_clients
from corecoach.services.coaching import adjust_rung, progress_report
from corecoach.storage.database import Database
from corecoach.web.charts import pain_chart
from corecoach.web.deps import (
    CatalogueDep,
    CoachAccount,
    CsrfForm,
    DatabaseDep,
    JobsDep,
    LangDep,
    RowId,
    SignedIn,
    authorize,
    render,
)
from corecoach.web.errors import AnalysisNotFoundError
from corecoach.web.i18n import translate, translate_problem
from corecoach.web.jobs import AnalysisJobs
from corecoach.web.routes.analyses import output_file, result_view
from corecoach.web.views import progress_rows

router = APIRouter(include_in_schema=False)


def _dashboard(request: Request, db: Database, catalogue: Catalogue, coach_id: int, new_invite: dict[str, Any] | None = None) -> Response:
    return render(
        request,
        "coach.html.j2",
        catalogue=catalogue,
        clients=coach_clients(db, coach_id),
        definitions={"stuck": [(c, DEFINITIONS[c]) for c in STUCK], "attention": [(c, DEFINITIONS[c]) for c in ATTENTION]},
        invites=pending_invites(db, coach_id),
        new_invite=new_invite,
    )


@router.get("/coach")
def dashboard(request: Request, db: DatabaseDep, catalogue: CatalogueDep, coach: CoachAccount) -> Response:
    """All of this coach's clients, those who need attention first."""
    return _dashboard(request, db, catalogue, coach.id)


@router.post("/coach/invites")
def make_invite(request: Request, form: CsrfForm, db: DatabaseDep, catalogue: CatalogueDep, coach: CoachAccount) -> Response:
    """A one-time invite link for a new client, shown once."""
    name = str(form.get("client_name") or "").strip()[:80]
    token, expires = create_invite(db, coach.id, name or None)
    link = f"{request.base_url}invite/{token}"
    return _dashboard(request, db, catalogue, coach.id, new_invite={"link": link, "name": name, "expires": expires.date()})


def _client_page(
    request: Request,
    db: Database,
    jobs: AnalysisJobs,
    catalogue: Catalogue,
    account: SignedIn,
    client_id: int,
    lang: Language,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    adjusted: bool = False,
    status_code: int = 200,
) -> Response:
    authorize(db, account, Action.READ, Resource.TRAINING_LOG, client_id)
    overview = client_overview(db, client_id)
    try:
        report: dict[str, Any] | None = progress_report(db, overview.row.profile_name, catalogue)
    except ProfileNotFoundError:
        report = None
    has_ladders = bool(report and report["phases"])
    ladders = {p["function"]: [(ex, catalogue[ex].name(lang)) for ex in p["ladder"]] for p in report["phases"]} if report else {}
    return render(
        request,
        "client.html.j2",
        status_code=status_code,
        overview=overview,
        report=report if has_ladders else None,
        rows=progress_rows(report, catalogue, lang) if report and has_ladders else [],
        ladders=ladders,
        catalogue=catalogue,
        can_adjust=account.role is Role.COACH and has_ladders and not overview.row.status.attention_has_red_flag,
        errors=errors or {},
        values=values or {},
        adjusted=adjusted,
        pain_svg=pain_chart(report["sessions"], lang) if report and report["sessions"] else None,
        analyses=[j for j in jobs.list_jobs(overview.row.profile_name) if j.state.finished],
        red_flag_questions={f.id: f.question(lang) for f in load_red_flags().values()} if overview.clearances else {},
    )


@router.get("/clients/{client_id}")
def client_page(
    request: Request,
    client_id: RowId,
    db: DatabaseDep,
    jobs: JobsDep,
    catalogue: CatalogueDep,
    account: SignedIn,
    lang: LangDep,
    adjusted: int = 0,
) -> Response:
    """One client: what needs attention, the pain report, the ladders and every decision."""
    return _client_page(request, db, jobs, catalogue, account, client_id, lang, adjusted=bool(adjusted))


@router.get("/clients/{client_id}/analyses/{job_id}")
def client_analysis(
    request: Request, client_id: RowId, job_id: str, db: DatabaseDep, jobs: JobsDep, account: SignedIn, lang: LangDep
) -> Response:
    """One of the client's finished video analyses, read-only (the coach's view of it)."""
    profile = authorize(db, account, Action.READ, Resource.VIDEO_ANALYSIS, client_id)
    view = result_view(jobs, job_id, profile, lang)
    if not view["job"].state.finished:
        raise AnalysisNotFoundError("This analysis has not finished yet.")
    base = f"/clients/{client_id}/analyses/{job_id}"
    return render(
        request, "analysis.html.j2", base=base, back=f"/clients/{client_id}", back_label=translate("client.back_to_client", lang), **view
    )


@router.get("/clients/{client_id}/analyses/{job_id}/files/{name}")
def client_analysis_file(client_id: RowId, job_id: str, name: str, db: DatabaseDep, jobs: JobsDep, account: SignedIn) -> Response:
    """A file of the client's analysis (annotated video, report)."""
    profile = authorize(db, account, Action.READ, Resource.VIDEO_ANALYSIS, client_id)
    return output_file(jobs, profile, job_id, name)


@router.post("/clients/{client_id}/adjust")
def client_adjust(
    request: Request,
    client_id: RowId,
    form: CsrfForm,
    db: DatabaseDep,
    jobs: JobsDep,
    catalogue: CatalogueDep,
    account: SignedIn,
    lang: LangDep,
) -> Response:
    """Move one of the client's ladders to another rung, with a reason the client sees."""
    profile = authorize(db, account, Action.WRITE, Resource.PROGRAM_ADJUSTMENT, client_id)
    values = {k: str(form.get(k) or "") for k in ("function", "exercise_id", "reason")}
    errors: dict[str, str] = {}
    function = next((f for f in PHASE_ORDER if f.value == values["function"]), None)
    if function is None:
        errors["function"] = translate_problem("Input should be '", lang)
    else:
        try:
            adjust_rung(db, profile, function, values["exercise_id"], values["reason"], account.display_name, catalogue)
        except InvalidInputError as exc:
            for problem in exc.problems or [str(exc)]:
                name, _, message = problem.partition(": ")
                errors[name if name in values else "reason"] = translate_problem(message or problem, lang)
    if errors:
        return _client_page(request, db, jobs, catalogue, account, client_id, lang, errors=errors, values=values, status_code=422)
    return RedirectResponse(f"/clients/{client_id}?adjusted=1", status_code=303)
