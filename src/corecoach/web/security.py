"""Request guards: CSRF tokens, same-origin writes, allowed hosts, body size limits, security headers.

* **CSRF** (signed double submit): each browser gets a random token signed with the app's secret
  (itsdangerous) in an HttpOnly ``SameSite=Lax`` cookie; every form carries the same token in a
  hidden field (htmx sends it as ``X-CSRF-Token``). A POST is accepted when both are present,
  equal and correctly signed, so another site can neither read nor forge it.
* **Same-origin writes**: any POST/PUT/PATCH/DELETE whose ``Origin`` names another site (or
  ``Sec-Fetch-Site: cross-site``) is refused. This also covers the JSON API, which needs no token
  (a browser cannot send a cross-site JSON body without a CORS preflight, and there is no CORS).
* **Allowed hosts**: requests whose ``Host`` is not loopback are refused (DNS rebinding).
* **Body size**: an upload whose ``Content-Length`` is over the limit is answered 413 before a
  single byte of it is read; a body without a length is counted as it streams and stopped there.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corecoach.web.errors import BodyTooLargeError, UploadTooLargeError

CSRF_COOKIE = "corecoach_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

#: For pages: scripts, styles and media only from this app; images also as data URIs (charts are inline SVG).
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
    "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
#: For the self-contained analysis report (inline styles, data-URI images, no scripts at all).
REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; media-src 'self'; frame-ancestors 'self'; sandbox"


class CsrfTokens:
    """Make and check signed CSRF tokens."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeSerializer(secret, salt="corecoach.csrf")

    def new(self) -> str:
        return self._serializer.dumps(secrets.token_urlsafe(32))

    def valid(self, token: str | None) -> bool:
        if not token:
            return False
        try:
            self._serializer.loads(token)
        except BadSignature:
            return False
        return True

    def matches(self, cookie: str | None, submitted: str | None) -> bool:
        """The double submit holds: both present, identical, and signed by us."""
        if not cookie or not submitted:
            return False
        return hmac.compare_digest(cookie.encode(), submitted.encode()) and self.valid(cookie)


def same_origin(request: Request) -> bool:
    """False when the browser says this write comes from another site."""
    if request.headers.get("sec-fetch-site", "") == "cross-site":
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser (curl, scripts), or an old browser on a same-origin request
    if origin == "null":
        return False
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()


def host_name(host_header: str) -> str:
    """``127.0.0.1:8000`` -> ``127.0.0.1``; ``[::1]:8000`` -> ``::1``."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def security_headers(response: Response) -> None:
    """Headers every response gets (a route may set its own CSP first)."""
    apply_security_headers(response.headers)


def apply_security_headers(headers: MutableHeaders) -> None:
    headers.setdefault("Content-Security-Policy", PAGE_CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # not "no-referrer": with it, browsers send "Origin: null" on form posts, which the same-origin check refuses
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")


TooLargeError = UploadTooLargeError | BodyTooLargeError
TooLargeRenderer = Callable[[Request, TooLargeError], Awaitable[Response]]


class BodySizeLimit:
    """Pure ASGI middleware: refuse request bodies over a limit, before reading them.

    ``limits`` maps an upload path prefix to ``(enforced bytes, limit to tell the person)`` (the
    longest matching prefix wins; an upload's enforced limit leaves room for the multipart framing)
    and is refused as an :class:`UploadTooLargeError` ("film a shorter clip"); ``default_limit``
    applies elsewhere (JSON, forms), refused as a :class:`BodyTooLargeError`. Over-limit bodies get
    ``render(request, error)``.
    """

    def __init__(self, app: ASGIApp, *, default_limit: int, limits: dict[str, tuple[int, int]], render: TooLargeRenderer) -> None:
        self.app = app
        self.default_limit = (default_limit, default_limit)
        self.limits = sorted(limits.items(), key=lambda kv: -len(kv[0]))
        self.render = render

    def error_for(self, path: str) -> tuple[int, TooLargeError]:
        """The enforced limit for ``path`` and the error that refuses a body over it."""
        upload = next((limit for prefix, limit in self.limits if path.startswith(prefix)), None)
        if upload is None:
            return self.default_limit[0], BodyTooLargeError(self.default_limit[1])
        return upload[0], UploadTooLargeError(upload[1])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        limit, error = self.error_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > limit
            except ValueError:
                too_large = False
            if too_large:
                response = await self.render(Request(scope), error)
                await response(scope, receive, send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise error
            return message

        await self.app(scope, counted, send)


def json_error(status: int, document: object) -> Response:
    return Response(json.dumps(document, ensure_ascii=False), status_code=status, media_type="application/json")
