"""The app factory: ``create_app(settings) -> FastAPI``. Nothing is built at import.

The database (created and migrated on first use), the catalogue and the analysis job pool are
opened in the app's lifespan and closed at shutdown. Run it with ``corecoach serve`` (see
:mod:`corecoach.cli.serve`) or ``uvicorn --factory corecoach.web.app:create_app``.

Errors are turned into responses here, in one set of handlers: a :class:`CoachError` gets the
status from :func:`corecoach.web.errors.status_for`; API paths (``/api``) answer JSON in the
CLI's ``--json`` error shape, pages answer an HTML page in the reader's language. Anything else
that goes wrong is logged with its trace (logger ``corecoach.web``) and answered 500 with the same
error page or JSON document, never a trace; every error response carries the security headers.

The OpenAPI document (``/api/openapi.json``) declares what the app-wide guards answer as well as
each route's own errors (see :func:`document_guards`), so a client, or a fuzzer, can rely on it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from html import escape
from importlib import resources
from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
from fastapi import FastAPI, Request, routing
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corecoach import __version__
from corecoach.catalogue import load_catalogue
from corecoach.errors import (
    CoachError,
    InviteError,
    LoginRequiredError,
    LoginThrottledError,
    PermissionDeniedError,
    ProfileNotFoundError,
    RedFlagStop,
)
from corecoach.screening.red_flags import Referral
from corecoach.services.accounts import session_account
from corecoach.storage.database import Database
from corecoach.web.deps import (
    SESSION_COOKIE,
    SIGNED_IN_DEPENDENCIES,
    STORAGE_DEPENDENCIES,
    Resources,
    page_context,
    render,
    request_language,
)
from corecoach.web.errors import (
    CSRF_STATUS,
    BodyTooLargeError,
    CoachOnlyPagesError,
    CsrfError,
    UploadTooLargeError,
    error_document,
    status_for,
)
from corecoach.web.i18n import LANG_COOKIE, format_size, parse_language, resolve_language, translate, translate_problem
from corecoach.web.jobs import AnalysisJobs, AnalysisRunner
from corecoach.web.page_cache import PageCache
from corecoach.web.routes import accounts, analyses, api, api_coach, api_docs, coach, data, library, onboarding, training
from corecoach.web.schemas import ErrorPublic
from corecoach.web.security import (
    CSRF_COOKIE,
    UNSAFE_METHODS,
    BodySizeLimit,
    CsrfTokens,
    TooLargeError,
    apply_security_headers,
    host_name,
    json_error,
    same_origin,
    security_headers,
)
from corecoach.web.settings import WebSettings
from corecoach.web.uploads import CloseUnreadBody
from corecoach.web.views import referral_document, referral_view

logger = logging.getLogger("corecoach.web")

#: Multipart framing and the form's other fields on top of the file itself.
UPLOAD_OVERHEAD_BYTES = 64 * 1024
#: Any other request body (forms, JSON) stays small.
DEFAULT_BODY_LIMIT = 2 * 1024 * 1024
UPLOAD_PATHS = ("/analyses", "/api/analyses")
ROUTE_THREADS = 8
YEAR_S = 365 * 24 * 3600

API_DESCRIPTION = """The coaching journey as JSON, for other apps and scripts. Single-person mode: every call is about
the configured profile, on this computer only. Coach mode: sign in on `/login` first; every call is then about the
signed-in client, and coaches use `/api/clients` (401 not signed in, 403 someone else's data).

Errors have one shape, `{"error": {"type", "message", "problems"}}`, with the status from one table:
422 invalid input (each problem names its field), **409 a red flag** (the body adds `referral`: no program is
made; see a doctor), 404 nothing stored yet, 400 a body that cannot be read (not UTF-8, a broken form), 413 a body
over its limit (uploads: the upload limit; anything else: 2 MB), 415 not a video or photo, 503 storage or pose
model unavailable, 403 a write from another site, 500 a bug (logged on the server; the body says no more).

corecoach is a coaching tool, not a medical device."""


def is_api(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


def create_app(settings: WebSettings | None = None, *, analysis_runner: AnalysisRunner | None = None) -> FastAPI:
    """Build the app. ``settings`` default to :meth:`WebSettings.from_env`; ``analysis_runner`` replaces the pose model (tests)."""
    settings = settings or WebSettings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings.database_url)
        catalogue = load_catalogue()
        jobs = AnalysisJobs(settings.analyses_dir, db, catalogue, workers=settings.analysis_workers, runner=analysis_runner)
        app.state.resources = Resources(db=db, catalogue=catalogue, jobs=jobs)
        # fewer threads for the plain ``def`` routes: 40 threads fighting over the GIL only lengthen the tail
        anyio.to_thread.current_default_thread_limiter().total_tokens = ROUTE_THREADS
        try:
            yield
        finally:
            jobs.shutdown()
            db.dispose()
            app.state.resources = None

    app = FastAPI(
        title="corecoach",
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        docs_url=None,  # served by routes.api_docs from vendored files, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.csrf = CsrfTokens(settings.secret_key.get_secret_value())
    app.state.page_cache = PageCache()
    env = Environment(
        loader=PackageLoader("corecoach.web", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates are package data: no file check per render
    )
    app.state.templates = Jinja2Templates(env=env, context_processors=[page_context])

    _add_error_handlers(app)
    _add_middleware(app, settings)
    _document_guards_in_openapi(app)

    app.include_router(api.router)
    app.include_router(api_coach.router)
    app.include_router(api_docs.router)
    app.mount(api_docs.ASSETS_URL, StaticFiles(directory=str(api_docs.ASSETS_DIR)), name="api-docs-assets")
    for module in (onboarding, training, library, data, analyses, accounts, coach):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(resources.files("corecoach.web").joinpath("static"))), name="static")
    return app


def error_page(request: Request, status: int, message: str, *, problems: list[str] | None = None, link: str = "/") -> Response:
    return render(request, "error.html.j2", status_code=status, message=message, problems=problems or [], link=link)


def referral_response(request: Request, referral: Referral, status: int) -> Response:
    if is_api(request):
        doc = error_document(RedFlagStop(referral))
        doc["referral"] = referral_document(referral)
        doc["program"] = None
        return json_error(status, doc)
    return render(request, "referral.html.j2", status_code=status, referral=referral_view(referral, request_language(request)))


def too_large_page(request: Request, exc: TooLargeError) -> Response:
    """The page for a body over its limit: an upload is told to film a shorter clip, anything else to send less."""
    lang = request_language(request)
    size = format_size(exc.limit_bytes)
    if isinstance(exc, UploadTooLargeError):
        return error_page(request, 413, translate("error.too_large", lang, size=size), link="/analyses")
    return error_page(request, 413, translate("error.body_too_large", lang, size=size))


#: The parse errors FastAPI and Starlette answer 400 with, as a person reads them.
UNREADABLE_BODY = "The request body could not be read: send JSON as UTF-8 text (uploads: a well-formed multipart form)."


def internal_error_response(request: Request, exc: Exception) -> Response:
    """What a request gets when something broke that no handler knows: the error page or JSON, never a trace.

    A :class:`CoachError` raised outside the routes (the signed-in account looked up while the
    database is down) keeps its own status; anything else is a bug: 500, logged with its trace.
    """
    if isinstance(exc, CoachError):
        status = status_for(exc)
        logger.warning("%s %s answered %d: %s", request.method, request.url.path, status, exc)
        if is_api(request):
            return json_error(status, error_document(exc))
        message = str(exc)
    else:
        status = 500
        logger.error("Internal error on %s %s", request.method, request.url.path, exc_info=exc)
        if is_api(request):
            message = "Something went wrong on the server (it is logged there). Please try again."
            return json_error(500, {"error": {"type": "InternalError", "message": message, "problems": []}})
        message = translate("error.internal", request_language(request))
    try:
        return error_page(request, status, message)
    except Exception:  # the page itself cannot be made (a broken template): plain text in HTML, still no trace
        logger.exception("The error page could not be rendered")
        return HTMLResponse(f"<!doctype html><title>Error</title><p>{escape(message)}</p>", status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    async def coach_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CoachError)
        status = status_for(exc)
        if isinstance(exc, RedFlagStop) and isinstance(exc.referral, Referral):
            return referral_response(request, exc.referral, status)
        if is_api(request):
            response = json_error(status, error_document(exc))
            if isinstance(exc, LoginThrottledError):
                response.headers["Retry-After"] = str(exc.retry_after_s)
            return response
        lang = request_language(request)
        if isinstance(exc, LoginRequiredError):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)
        if isinstance(exc, CoachOnlyPagesError):
            return RedirectResponse("/coach", status_code=303)
        if isinstance(exc, PermissionDeniedError):
            return error_page(request, status, translate("error.forbidden", lang))
        if isinstance(exc, InviteError):
            return error_page(request, status, translate("error.invite", lang, reason=str(exc)), link="/login")
        if isinstance(exc, UploadTooLargeError | BodyTooLargeError):
            return too_large_page(request, exc)
        if isinstance(exc, ProfileNotFoundError):
            return error_page(request, status, translate("error.no_profile", lang), link="/intake")
        return error_page(request, status, str(exc))

    async def csrf_error(request: Request, exc: Exception) -> Response:
        if is_api(request):
            return json_error(CSRF_STATUS, {"error": {"type": "CsrfError", "message": str(exc), "problems": []}})
        return error_page(request, CSRF_STATUS, translate("error.csrf", request_language(request)))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if isinstance(exc.__cause__, CoachError):
            # FastAPI turns any error while it reads a JSON body into a 400; the real one (a body over
            # its limit while it streams) keeps its own answer
            return await coach_error(request, exc.__cause__)
        # 400 comes from the body parsers (FastAPI: not UTF-8; Starlette: a broken multipart form)
        unreadable = exc.status_code == 400
        message = UNREADABLE_BODY if unreadable else str(exc.detail)
        problems = [f"body: {exc.detail}"] if unreadable else []
        if is_api(request):
            response = json_error(exc.status_code, {"error": {"type": "HTTPError", "message": message, "problems": problems}})
        else:
            lang = request_language(request)
            message = translate("error.not_found", lang) if exc.status_code == 404 else message
            response = error_page(request, exc.status_code, message, problems=problems)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        if is_api(request):
            return json_error(422, {"error": {"type": "InvalidInputError", "message": "The request is not valid:", "problems": problems}})
        lang = request_language(request)
        return error_page(request, 422, translate("form.errors_title", lang), problems=[translate_problem(p, lang) for p in problems])

    app.add_exception_handler(CoachError, coach_error)
    app.add_exception_handler(CsrfError, csrf_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)

    async def unexpected_error(request: Request, exc: Exception) -> Response:
        # the last resort (Starlette's outermost middleware; it re-raises afterwards, so uvicorn logs the
        # trace too): RequestGuard below answers everything it can reach, this covers the rest
        response = internal_error_response(request, exc)
        security_headers(response)
        return response

    app.add_exception_handler(Exception, unexpected_error)


ERROR_REF = "#/components/schemas/ErrorPublic"
#: What the app-wide guards and parsers answer, for the operations they apply to (a route's own declaration wins).
GUARD_RESPONSES: dict[str, tuple[str, str]] = {
    "body": ("400", "The body could not be read (not UTF-8 JSON, a broken multipart form)"),
    "size": ("413", "The body is over its limit (an upload: the upload limit; anything else: 2 MB); it was not read"),
    "origin": ("403", "A write from another site (Origin or Sec-Fetch-Site), or, in coach mode, someone else's data"),
    "login": ("401", "Coach mode: nobody is signed in (sign in on /login)"),
    "access": ("403", "Coach mode: someone else's data, or a coach asking for a client's own data"),
    "storage": ("503", "The database could not be read or written; try again later"),
}


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ERROR_REF}}}}


def document_guards(schema: dict[str, Any], routes: list[Any]) -> dict[str, Any]:
    """Declare in the OpenAPI ``schema`` what the app answers besides each route's own responses.

    * 422 has our error shape (:class:`ErrorPublic`), not FastAPI's default ``HTTPValidationError``:
      the app's handler answers every validation error in the one error shape.
    * An operation with a body can answer 400 (unreadable) and 413 (over its limit); every write can
      answer 403 (from another site); routes that need a signed-in person (coach mode) 401 and 403;
      routes that reach the database 503 (it could not be read or written).
    """
    signed_in, storage = set(SIGNED_IN_DEPENDENCIES), set(STORAGE_DEPENDENCIES)
    guarded: set[tuple[str, str]] = set()
    stored: set[tuple[str, str]] = set()
    for route in routes:
        calls: set[Any] = set()
        pending = [route.dependant]
        while pending:
            dependant = pending.pop()
            calls.add(dependant.call)
            pending.extend(dependant.dependencies)
        operations = {(route.path_format, method.lower()) for method in route.methods or ()}
        if calls & signed_in:
            guarded |= operations
        if calls & storage:
            stored |= operations
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses: dict[str, Any] = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = {**_error_response("Invalid input: each problem names its field"), **responses["422"]}
                responses["422"]["content"] = {"application/json": {"schema": {"$ref": ERROR_REF}}}
            kinds = []
            if "requestBody" in operation:
                kinds += ["body", "size"]
            if method.upper() in UNSAFE_METHODS:
                kinds.append("origin")
            if (path, method) in guarded:
                kinds += ["login", "access"]
            if (path, method) in stored:
                kinds.append("storage")
            for kind in kinds:
                status, description = GUARD_RESPONSES[kind]
                responses.setdefault(status, _error_response(description))
    components: dict[str, Any] = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    if "ErrorPublic" not in components:
        error_schema = ErrorPublic.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error_schema.pop("$defs", {}))
        components["ErrorPublic"] = error_schema
    return schema


def _document_guards_in_openapi(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            # FastAPI keeps included routers as branches: its own walk over them gives every route
            routes = [c for c in routing.iter_route_contexts(app.routes) if isinstance(c.original_route, APIRoute) and c.include_in_schema]
            app.openapi_schema = document_guards(api.document_intake_body(build()), routes)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _add_middleware(app: FastAPI, settings: WebSettings) -> None:
    allowed = {h.strip("[]").lower() for h in settings.allowed_hosts}
    any_host = "*" in allowed
    tokens: CsrfTokens = app.state.csrf

    async def too_large(request: Request, exc: TooLargeError) -> Response:
        response = json_error(413, error_document(exc)) if is_api(request) else too_large_page(request, exc)
        response.headers["Connection"] = "close"  # the rest of the body is never read
        security_headers(response)
        return response

    # inside the guard below, so the guard answers bad hosts first and an over-limit body is
    # refused by the app's own error handlers while it streams
    upload_limit = settings.max_upload_bytes + UPLOAD_OVERHEAD_BYTES
    app.add_middleware(
        BodySizeLimit,
        default_limit=DEFAULT_BODY_LIMIT,
        limits=dict.fromkeys(UPLOAD_PATHS, (upload_limit, settings.max_upload_bytes)),
        render=too_large,
    )

    app.add_middleware(RequestGuard, allowed=allowed, any_host=any_host, tokens=tokens, coach_mode=settings.coach_mode)
    # outermost: any answer given before the body was read (a refused upload) closes the connection
    app.add_middleware(CloseUnreadBody)


class RequestGuard:
    """Pure ASGI middleware (cheaper per request than ``@app.middleware``): host check, language,
    signed-in account (coach mode), CSRF cookie, same-origin writes, and the cookies and security
    headers every response gets. An exception nothing else handled becomes the error page or JSON
    document here (500, the trace logged), with the security headers, while no answer has started."""

    def __init__(self, app: ASGIApp, *, allowed: set[str], any_host: bool, tokens: CsrfTokens, coach_mode: bool) -> None:
        self.app = app
        self.allowed = allowed
        self.any_host = any_host
        self.tokens = tokens
        self.coach_mode = coach_mode

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.guard(scope, receive, send_tracked)
        except ClientDisconnect:
            return  # nobody is left to answer
        except Exception as exc:
            if started:
                raise  # the status line is sent: only dropping the connection is left (uvicorn logs it)
            response = internal_error_response(Request(scope), exc)
            security_headers(response)
            await response(scope, receive, send)

    async def guard(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        if not self.any_host and host_name(request.headers.get("host", "")) not in self.allowed:
            response = Response("Invalid host header", status_code=400, media_type="text/plain")
            security_headers(response)
            await response(scope, receive, send)
            return
        query_lang = parse_language(request.query_params.get("lang"))
        request.state.lang = resolve_language(
            request.query_params.get("lang"), request.cookies.get(LANG_COOKIE), request.headers.get("accept-language")
        )
        request.state.account = None
        session_token = request.cookies.get(SESSION_COOKIE)
        if self.coach_mode and session_token:
            request.state.account = await run_in_threadpool(session_account, request.app.state.resources.db, session_token)
        cookie_token = request.cookies.get(CSRF_COOKIE)
        fresh = not self.tokens.valid(cookie_token)
        request.state.csrf_token = self.tokens.new() if fresh else cookie_token
        extra: list[tuple[bytes, bytes]] = []
        secure = request.url.scheme == "https"
        if query_lang is not None:
            extra.append(cookie_header(LANG_COOKIE, query_lang.value, max_age=YEAR_S, samesite="lax", path="/"))
        if fresh:
            extra.append(cookie_header(CSRF_COOKIE, request.state.csrf_token, httponly=True, samesite="lax", path="/", secure=secure))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in extra:
                    headers.append(key.decode("latin-1"), value.decode("latin-1"))
                apply_security_headers(headers)
            await send(message)

        if request.method in UNSAFE_METHODS and not same_origin(request):
            exc = CsrfError("Writes from another site are refused.")
            if is_api(request):
                response = json_error(CSRF_STATUS, {"error": {"type": "CsrfError", "message": str(exc), "problems": []}})
            else:
                response = error_page(request, CSRF_STATUS, translate("error.csrf", request.state.lang))
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def cookie_header(key: str, value: str, **options: Any) -> tuple[bytes, bytes]:
    """One ``Set-Cookie`` header, built by Starlette's own cookie code."""
    response = Response()
    response.set_cookie(key, value, **options)
    return next((k, v) for k, v in response.raw_headers if k == b"set-cookie")
