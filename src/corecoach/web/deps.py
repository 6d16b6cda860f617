"""Typed dependencies of the routes, and page rendering.

``CurrentProfile`` is whose data a request reads and writes. In single-person mode it is the
configured profile (``CORECOACH_PROFILE``, default ``default``, the same as the CLI's). In coach
mode it is the signed-in client's own profile: nobody signed in -> :class:`LoginRequiredError`
(pages redirect to the sign-in page), a coach -> :class:`CoachOnlyPagesError` (coaches see their
clients under ``/clients/{id}``, checked against :mod:`corecoach.domain.access`). Every route that
touches personal data asks for it through this one dependency, so none can forget the check.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Path, Request
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from corecoach.catalogue import Catalogue
from corecoach.domain.access import Action, Actor, Owner, Resource, Role, permitted
from corecoach.domain.enums import Language
from corecoach.errors import LoginRequiredError, PermissionDeniedError
from corecoach.programs.generator import dosage_text
from corecoach.services.accounts import AccountInfo
from corecoach.services.clients import client_ref
from corecoach.storage.database import Database
from corecoach.web.errors import CoachOnlyPagesError, CsrfError
from corecoach.web.i18n import LANG_COOKIE, format_date, format_number, format_percent, resolve_language, translate, weekday_name
from corecoach.web.jobs import AnalysisJobs
from corecoach.web.security import CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, CsrfTokens
from corecoach.web.settings import WebSettings

SESSION_COOKIE = "corecoach_session"
MAX_FORM_FIELDS = 400
MAX_FIELD_BYTES = 64 * 1024


@dataclass
class Resources:
    """What the app opens in its lifespan and closes at shutdown."""

    db: Database
    catalogue: Catalogue
    jobs: AnalysisJobs


def get_settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def get_resources(request: Request) -> Resources:
    resources: Resources | None = getattr(request.app.state, "resources", None)
    if resources is None:
        raise RuntimeError("The app's resources are opened in its lifespan: run it with uvicorn, or use `with TestClient(app)`.")
    return resources


async def _settings(request: Request) -> WebSettings:
    return get_settings(request)


SettingsDep = Annotated[WebSettings, Depends(_settings)]


def current_account(request: Request) -> AccountInfo | None:
    """The signed-in account (coach mode; looked up once per request by the app's middleware)."""
    account: AccountInfo | None = getattr(request.state, "account", None)
    return account


def signed_in(request: Request) -> AccountInfo:
    account = current_account(request)
    if account is None:
        raise LoginRequiredError("Please sign in to see this page.")
    return account


def signed_in_coach(request: Request, settings: SettingsDep) -> AccountInfo:
    """A coach's own pages exist in coach mode only."""
    if not settings.coach_mode:
        raise PermissionDeniedError("The coach pages exist in coach mode only (corecoach serve --coach).")
    account = signed_in(request)
    if account.role is not Role.COACH:
        raise PermissionDeniedError("This page is for coaches.")
    return account


def current_profile(request: Request, settings: SettingsDep) -> str:
    """Whose data this request is about: the configured profile, or (coach mode) the signed-in client's."""
    if not settings.coach_mode:
        return settings.profile
    account = signed_in(request)
    if account.role is Role.COACH or account.profile_name is None:
        raise CoachOnlyPagesError("Coaches see their clients' data on the client pages.")
    return account.profile_name


def authorize(db: Database, account: AccountInfo, action: Action, resource: Resource, client_account_id: int) -> str:
    """The client's profile name, once the policy table lets ``account`` do ``action`` on their ``resource``; else 403."""
    client = client_ref(db, client_account_id)
    if client is None or not permitted(Actor(account.id, account.role), action, resource, Owner(client.account_id, client.coach_id)):
        raise PermissionDeniedError("This page belongs to someone else.")
    return client.profile_name


def request_language(request: Request) -> Language:
    lang = getattr(request.state, "lang", None)
    if isinstance(lang, Language):
        return lang
    return resolve_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


def csrf_tokens(request: Request) -> CsrfTokens:
    tokens: CsrfTokens = request.app.state.csrf
    return tokens


async def csrf_checked_form(request: Request) -> FormData:
    """The POSTed form, once its CSRF token matches the cookie's; otherwise 403."""
    form = await request.form(max_files=1, max_fields=MAX_FORM_FIELDS, max_part_size=MAX_FIELD_BYTES)
    submitted = form.get(CSRF_FIELD)
    token = submitted if isinstance(submitted, str) else request.headers.get(CSRF_HEADER)
    if not csrf_tokens(request).matches(request.cookies.get(CSRF_COOKIE), token):
        raise CsrfError("The form's security token is missing or does not match.")
    return form


# FastAPI runs plain ``def`` dependencies in its thread pool, one hop each; none of these does I/O,
# so the dependencies the routes use are these ``async`` twins of the functions above (which stay
# plain functions for direct calls).


async def _db(request: Request) -> Database:
    return get_resources(request).db


async def _catalogue(request: Request) -> Catalogue:
    return get_resources(request).catalogue


async def _jobs(request: Request) -> AnalysisJobs:
    return get_resources(request).jobs


async def _profile(request: Request) -> str:
    return current_profile(request, get_settings(request))


async def _coach(request: Request) -> AccountInfo:
    return signed_in_coach(request, get_settings(request))


async def _signed_in(request: Request) -> AccountInfo:
    return signed_in(request)


async def _language(request: Request) -> Language:
    return request_language(request)


#: The dependencies that answer 401 (coach mode, nobody signed in) or 403 (someone else's data, a
#: coach on a client's own route): the OpenAPI document declares both on every route that uses one.
SIGNED_IN_DEPENDENCIES: tuple[Callable[[Request], Awaitable[Any]], ...] = (_profile, _coach, _signed_in)

#: The dependencies that reach the database (the analyses keep their jobs there): a route that uses one
#: answers 503 while the database cannot be read or written, and the OpenAPI document says so.
STORAGE_DEPENDENCIES: tuple[Callable[[Request], Awaitable[Any]], ...] = (_db, _jobs)

#: A database row id in a path (``/clients/{client_id}``): ids past a 64-bit integer answer 422 with
#: our error page or JSON instead of an overflow deep in the database driver.
MAX_ROW_ID = 2**63 - 1
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="A positive 64-bit id")]

DatabaseDep = Annotated[Database, Depends(_db)]
CatalogueDep = Annotated[Catalogue, Depends(_catalogue)]
JobsDep = Annotated[AnalysisJobs, Depends(_jobs)]
CurrentProfile = Annotated[str, Depends(_profile)]
CoachAccount = Annotated[AccountInfo, Depends(_coach)]
SignedIn = Annotated[AccountInfo, Depends(_signed_in)]
LangDep = Annotated[Language, Depends(_language)]
CsrfForm = Annotated[FormData, Depends(csrf_checked_form)]


def form_values(form: FormData) -> dict[str, list[str]]:
    """Text fields of a form as lists (files left out)."""
    out: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if not isinstance(value, UploadFile):
            out.setdefault(key, []).append(value)
    return out


def page_context(request: Request) -> dict[str, Any]:
    """What every template gets: language, translate, CSRF token, formatting, the language-switch links."""
    lang = request_language(request)

    def t(key: str, **values: Any) -> str:
        return translate(key, lang, **values)

    def lang_url(code: str) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", code)]
        return f"{request.url.path}?{urlencode(params)}"

    return {
        "lang": lang,
        "t": t,
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "lang_url": lang_url,
        "path": request.url.path,
        "fmt_date": lambda value, weekday=False: format_date(value, lang, weekday=weekday),
        "fmt_number": lambda value, digits=1: format_number(value, lang, digits),
        "fmt_percent": lambda value: format_percent(value, lang),
        "day_name": lambda day, short=False: weekday_name(day, lang, short=short),
        "dose": lambda dosage: dosage_text(dosage, lang),
        "today": date.today(),
        "account": current_account(request),
        "coach_mode": bool(getattr(request.app.state.settings, "coach_mode", False)),
    }


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """A page from ``templates/``, with :func:`page_context` added."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)
