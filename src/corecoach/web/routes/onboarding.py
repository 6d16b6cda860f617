"""Welcome, the safety check and assessment form, and the referral."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from corecoach.domain.access import Role
from corecoach.domain.enums import Language
from corecoach.errors import InvalidInputError
from corecoach.screening.intake import CLEARANCE_MAX_AGE_DAYS
from corecoach.screening.red_flags import ConfirmChannel, Referral, load_red_flags
from corecoach.screening.validation import validate_intake
from corecoach.web.deps import (
    CatalogueDep,
    CsrfForm,
    CurrentProfile,
    DatabaseDep,
    LangDep,
    SettingsDep,
    current_account,
    current_profile,
    form_values,
    render,
    request_language,
)
from corecoach.web.flows import plan_or_refer, reported_red_flags
from corecoach.web.intake_form import (
    FormSection,
    all_fields,
    default_values,
    intake_sections,
    parse_intake_form,
    remap_psfs_errors,
    split_problems,
)
from corecoach.web.page_cache import cached_page
from corecoach.web.views import load_state, referral_view

router = APIRouter(include_in_schema=False)


@router.get("/")
async def welcome(request: Request, db: DatabaseDep, settings: SettingsDep, done: str | None = None) -> Response:
    """The welcome page: what corecoach is and is not, and where to go next (coach mode: sign in first)."""
    if settings.coach_mode:
        account = current_account(request)
        if account is None:
            return render(request, "welcome.html.j2", state="signed_out", deleted=done == "deleted")
        if account.role is Role.COACH:
            return RedirectResponse("/coach", status_code=303)
    profile = current_profile(request, settings)

    def draw() -> Response:
        return render(request, "welcome.html.j2", state=load_state(db, profile).kind, deleted=done == "deleted")

    return await cached_page(request, db, profile, draw)


def _intake_page(
    request: Request,
    sections: tuple[FormSection, ...],
    values: dict[str, list[str]],
    errors: dict[str, str] | None = None,
    general: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    lang = request_language(request)
    return render(
        request,
        "intake.html.j2",
        status_code=status_code,
        labels={name: f.label_text(lang) for name, f in all_fields(sections).items()},
        sections=sections,
        values=values,
        errors=errors or {},
        general=general or [],
        clearance_days=CLEARANCE_MAX_AGE_DAYS,
    )


def referral_page(request: Request, referral: Referral, lang: Language) -> Response:
    """The referral; a "see a doctor before starting" one also says how to come back with the doctor's or physio's agreement."""
    how = referral.how_to_confirm(ConfirmChannel.FORM)
    return render(request, "referral.html.j2", referral=referral_view(referral, lang), how_to_confirm=how(lang) if how else None)


@router.get("/intake")
def intake_form(request: Request, profile: CurrentProfile) -> Response:
    """The safety check and assessment as one form, safety questions first."""
    sections = intake_sections(load_red_flags())
    return _intake_page(request, sections, default_values(sections))


@router.post("/intake")
def submit_intake(
    request: Request, form: CsrfForm, db: DatabaseDep, catalogue: CatalogueDep, profile: CurrentProfile, lang: LangDep
) -> Response:
    """Validate the answers; a red flag ends with the referral, bad answers come back marked, else the program."""
    sections = intake_sections(load_red_flags())
    values = form_values(form)
    parsed = parse_intake_form(values, sections, lang)
    if not reported_red_flags(parsed.document) and parsed.errors:
        # unanswered safety questions: report them together with every other problem, save nothing
        problems: list[str] = []
        try:
            validate_intake(parsed.document)
        except InvalidInputError as exc:
            problems = exc.problems
        by_field, general = split_problems(problems, all_fields(sections), lang, have_flag_errors=True)
        errors = {**parsed.errors, **remap_psfs_errors(by_field, values)}
        return _intake_page(request, sections, values, errors, general, status_code=422)
    try:
        result = plan_or_refer(db, profile, parsed.document, catalogue)
    except InvalidInputError as exc:
        by_field, general = split_problems(exc.problems, all_fields(sections), lang)
        if not exc.problems:
            general = [str(exc)]
        return _intake_page(request, sections, values, remap_psfs_errors(by_field, values), general, status_code=422)
    if result.referral is not None:
        return referral_page(request, result.referral, lang)
    return RedirectResponse("/program?made=1", status_code=303)


@router.get("/referral")
def referral(request: Request, db: DatabaseDep, profile: CurrentProfile, lang: LangDep) -> Response:
    """The stored referral of a profile stopped by a red flag."""
    state = load_state(db, profile)
    if state.referral is None:
        return RedirectResponse("/", status_code=303)
    return referral_page(request, state.referral, lang)
