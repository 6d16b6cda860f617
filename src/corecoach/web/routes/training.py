"""The program, today's session with its log, the next-morning check and the progress page."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from corecoach.domain.enums import Language
from corecoach.errors import InvalidInputError, ProfileNotFoundError
from corecoach.presentation.demo_markup import DemoMarkup
from corecoach.presentation.plan_export import render_html, render_ics
from corecoach.screening.red_flags import load_red_flags
from corecoach.services.clients import coach_changes
from corecoach.services.coaching import current_safety_net, log_session, progress_report, record_next_morning, record_pain_report
from corecoach.web.charts import pain_chart, rung_chart
from corecoach.web.deps import (
    CatalogueDep,
    CsrfForm,
    CurrentProfile,
    DatabaseDep,
    LangDep,
    SettingsDep,
    form_values,
    render,
    request_language,
)
from corecoach.web.i18n import translate, translate_problem
from corecoach.web.page_cache import cached_page
from corecoach.web.routes.onboarding import referral_page
from corecoach.web.security import REPORT_CSP
from corecoach.web.session_form import default_log_values, parse_log_form, session_rows
from corecoach.web.views import ProfileState, decision_views, load_state, pick_day, progress_rows

router = APIRouter(include_in_schema=False)

ICS_WEEKS = 4


def _not_active(request: Request, state: ProfileState, lang: Language) -> Response:
    """What a page that needs a program shows instead: the referral, or the way to get a program."""
    if state.referral is not None:
        return referral_page(request, state.referral, lang)
    return render(request, "no_program.html.j2")


@router.get("/program")
async def program_page(
    request: Request, db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile, lang: LangDep, settings: SettingsDep, made: int = 0
) -> Response:
    """All phases (locked ones with what unlocks them), this week's sessions and why each exercise is there."""

    def draw() -> Response:
        state = load_state(db, profile)
        if state.program is None:
            return _not_active(request, state, lang)
        return render(
            request,
            "program.html.j2",
            program=state.program,
            catalogue=catalogue,
            made=bool(made),
            coach_changes=coach_changes(db, profile) if settings.coach_mode else [],
            safety_net=current_safety_net(db, profile),
            demos=DemoMarkup(catalogue, lang),
        )

    return await cached_page(request, db, profile, draw)


@router.get("/program/print")
def program_print(db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile, lang: LangDep) -> Response:
    """The program as a page to print (the same as ``corecoach export --format html``)."""
    state = load_state(db, profile)
    if state.program is None:
        raise ProfileNotFoundError("There is no program yet.")
    response = HTMLResponse(render_html(state.program, catalogue, lang, current_safety_net(db, profile)))
    response.headers["Content-Security-Policy"] = REPORT_CSP
    return response


@router.get("/program.ics")
def program_calendar(db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile, lang: LangDep) -> Response:
    """The coming weeks' sessions as a calendar file."""
    state = load_state(db, profile)
    if state.program is None:
        raise ProfileNotFoundError("There is no program yet.")
    body = render_ics(state.program, catalogue, lang, date.today(), weeks=ICS_WEEKS, owner=profile)
    return Response(body, media_type="text/calendar", headers={"Content-Disposition": 'attachment; filename="corecoach.ics"'})


def _session_page(
    request: Request,
    state: ProfileState,
    catalogue: CatalogueDep,
    day_key: str | None,
    values: dict[str, list[str]] | None = None,
    errors: dict[str, str] | None = None,
    general: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    assert state.program is not None
    today = date.today()
    day, is_today = pick_day(state.program, today, day_key)
    rows = session_rows(day, catalogue)
    return render(
        request,
        "session.html.j2",
        status_code=status_code,
        program=state.program,
        day=day,
        is_today=is_today,
        rows=rows,
        values=values if values is not None else default_log_values(rows, today),
        errors=errors or {},
        general=general or [],
        red_flags=list(load_red_flags().values()),
        demos=DemoMarkup(catalogue, request_language(request)),
    )


@router.get("/session")
async def session_page(
    request: Request, db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile, lang: LangDep, day: str | None = None
) -> Response:
    """Today's session: each exercise with instructions, cues, per-side sets and timers, then the log."""

    def draw() -> Response:
        state = load_state(db, profile)
        if state.program is None:
            return _not_active(request, state, lang)
        return _session_page(request, state, catalogue, day)

    return await cached_page(request, db, profile, draw)


@router.post("/session")
def log_session_form(
    request: Request, form: CsrfForm, db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile, lang: LangDep
) -> Response:
    """Store the session log and show each decision with its rule; a new red flag shows the referral."""
    state = load_state(db, profile)
    if state.program is None:
        return _not_active(request, state, lang)
    values = form_values(form)
    day_key = next(iter(values.get("day", [])), None)
    day, _ = pick_day(state.program, date.today(), day_key)
    rows = session_rows(day, catalogue)
    parsed = parse_log_form(values, rows, lang, list(load_red_flags()))
    if parsed.errors or parsed.general:
        return _session_page(request, state, catalogue, day.day.value, values, parsed.errors, parsed.general, 422)
    try:
        outcome = log_session(db, profile, parsed.entries, catalogue, parsed.red_flags)
    except InvalidInputError as exc:
        general = exc.problems or [str(exc)]
        return _session_page(request, state, catalogue, day.day.value, values, {}, general, 422)
    if outcome.referral is not None:
        return referral_page(request, outcome.referral, lang)
    return render(
        request,
        "logged.html.j2",
        message=translate("log.saved", lang),
        decisions=decision_views(outcome.decisions, catalogue, lang),
        session_advice=outcome.session_advice,
        remind_morning=True,
    )


def _last_session(db: DatabaseDep, profile: str, catalogue: CatalogueDep) -> dict[str, Any] | None:
    try:
        report = progress_report(db, profile, catalogue)
    except ProfileNotFoundError:
        return None
    sessions: list[dict[str, Any]] = report["sessions"]
    return sessions[-1] if sessions else None


@router.post("/session/hurt")
def this_hurts(form: CsrfForm, db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile) -> Response:
    """A "this hurts" press, stored the moment it happens (the session player calls this)."""
    exercise_id = str(form.get("exercise_id") or "")
    raw = str(form.get("pain_nrs") or "").strip()
    if raw and not raw.isdigit():
        raise InvalidInputError("Pain must be a whole number from 0 to 10.", [f"pain_nrs: '{raw[:10]}' is not a whole number"])
    report_id = record_pain_report(db, profile, exercise_id, catalogue, int(raw) if raw else None)
    return JSONResponse({"id": report_id}, status_code=201)


@router.get("/morning")
def morning_page(request: Request, db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile, lang: LangDep) -> Response:
    """How the back feels the morning after the last session."""
    state = load_state(db, profile)
    if state.program is None:
        return _not_active(request, state, lang)
    return render(request, "morning.html.j2", last=_last_session(db, profile, catalogue), values={}, errors={})


@router.post("/morning")
def morning_submit(
    request: Request, form: CsrfForm, db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile, lang: LangDep
) -> Response:
    """Add next-morning pain to the last session; the rules decide again with it."""
    values = form_values(form)
    raw = (values.get("pain") or [""])[0].strip()
    error = None
    if not raw:
        error = translate_problem("required field is missing", lang)
    elif not raw.isdigit() or not 0 <= int(raw) <= 10:
        error = translate_problem("Input should be less than or equal to 10" if raw.isdigit() else "Input should be a valid integer", lang)
    if error is None:
        try:
            outcome = record_next_morning(db, profile, int(raw), catalogue)
        except InvalidInputError as exc:
            error = str(exc)
        else:
            return render(
                request,
                "logged.html.j2",
                message=translate("log.saved", lang),
                decisions=decision_views(outcome.decisions, catalogue, lang),
                session_advice=outcome.session_advice,
                remind_morning=False,
            )
    return render(
        request, "morning.html.j2", status_code=422, last=_last_session(db, profile, catalogue), values=values, errors={"pain": error}
    )


@router.get("/progress")
async def progress_page(request: Request, db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile, lang: LangDep) -> Response:
    """Charts of pain per session and of the rung per core function, and every decision with its rule."""

    def draw() -> Response:
        try:
            report = progress_report(db, profile, catalogue)
        except ProfileNotFoundError:
            return render(request, "no_program.html.j2")
        return render(
            request,
            "progress.html.j2",
            report=report,
            rows=progress_rows(report, catalogue, lang),
            pain_svg=pain_chart(report["sessions"], lang),
            rung_svg=rung_chart(report, lang, date.today()),
            catalogue=catalogue,
        )

    return await cached_page(request, db, profile, draw)
