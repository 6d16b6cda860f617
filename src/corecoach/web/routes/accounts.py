"""Coach mode's sign-in, sign-out and invite pages.

Sign-in sets a fresh random session token in an HttpOnly, ``SameSite=Lax`` cookie (``Secure`` over
HTTPS); the database keeps only its hash. Failed sign-ins are rate-limited by
:func:`corecoach.services.accounts.authenticate`; a locked email answers 429 with ``Retry-After``.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from corecoach.domain.access import Role
from corecoach.errors import InvalidInputError, LoginFailedError, LoginThrottledError, PermissionDeniedError
from corecoach.services.accounts import AccountInfo, accept_invite, authenticate, end_session, invite_info, start_session
from corecoach.storage.orm import utcnow
from corecoach.web.deps import SESSION_COOKIE, CsrfForm, DatabaseDep, LangDep, SettingsDep, current_account, render
from corecoach.web.i18n import translate, translate_problem
from corecoach.web.settings import WebSettings

router = APIRouter(include_in_schema=False)


def _coach_mode_only(settings: WebSettings) -> None:
    if not settings.coach_mode:
        raise PermissionDeniedError("Sign-in exists in coach mode only (corecoach serve --coach); this app has no accounts.")


def safe_next(target: str | None) -> str | None:
    """Only a path on this site (never ``//other.site`` or ``https://...``) may be returned to."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def home_of(account: AccountInfo) -> str:
    return "/coach" if account.role is Role.COACH else "/program"


def set_session_cookie(request: Request, response: Response, token: str, expires: datetime) -> None:
    max_age = max(0, int((expires - utcnow()).total_seconds()))  # both naive UTC, as stored
    response.set_cookie(
        SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/"
    )


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login")
def login_page(request: Request, settings: SettingsDep, next: str | None = None) -> Response:
    _coach_mode_only(settings)
    account = current_account(request)
    if account is not None:
        return RedirectResponse(safe_next(next) or home_of(account), status_code=303)
    return render(request, "login.html.j2", next=safe_next(next) or "", email="", error=None)


@router.post("/login")
def login_submit(request: Request, form: CsrfForm, db: DatabaseDep, settings: SettingsDep, lang: LangDep) -> Response:
    _coach_mode_only(settings)
    email = str(form.get("email") or "")[:254]
    password = str(form.get("password") or "")
    target = safe_next(str(form.get("next") or ""))
    try:
        account = authenticate(db, email, password, client_ip(request))
    except LoginFailedError:
        return render(request, "login.html.j2", status_code=401, next=target or "", email=email, error=translate("login.failed", lang))
    except LoginThrottledError as exc:
        message = translate("login.throttled", lang, minutes=-(-exc.retry_after_s // 60))
        response = render(request, "login.html.j2", status_code=429, next=target or "", email=email, error=message)
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response
    token, expires = start_session(db, account.id)
    response = RedirectResponse(target or home_of(account), status_code=303)
    set_session_cookie(request, response, token, expires)
    return response


@router.post("/logout")
def logout(request: Request, form: CsrfForm, db: DatabaseDep) -> Response:
    end_session(db, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/invite/{token}")
def invite_page(request: Request, token: str, db: DatabaseDep, settings: SettingsDep, lang: LangDep) -> Response:
    _coach_mode_only(settings)
    info = invite_info(db, token)
    values = {"display_name": info.client_name or "", "email": "", "language": lang.value}
    return render(request, "invite.html.j2", token=token, coach=info.coach_name, values=values, errors={})


@router.post("/invite/{token}")
def invite_submit(request: Request, token: str, form: CsrfForm, db: DatabaseDep, settings: SettingsDep, lang: LangDep) -> Response:
    _coach_mode_only(settings)
    info = invite_info(db, token)  # an unusable link is refused before anything else
    values = {k: str(form.get(k) or "") for k in ("display_name", "email", "language")}
    language = values["language"] if values["language"] in ("en", "nl") else lang.value
    try:
        account = accept_invite(
            db,
            token,
            values["email"],
            values["display_name"],
            str(form.get("password") or ""),
            str(form.get("password_again") or ""),
            language,
        )
    except InvalidInputError as exc:
        errors = {}
        for problem in exc.problems:
            name, _, message = problem.partition(": ")
            errors[name] = translate_problem(message, lang)
        return render(request, "invite.html.j2", status_code=422, token=token, coach=info.coach_name, values=values, errors=errors)
    session_token, expires = start_session(db, account.id)
    response = RedirectResponse(f"/intake?lang={language}", status_code=303)
    set_session_cookie(request, response, session_token, expires)
    return response
