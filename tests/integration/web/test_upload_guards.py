"""Upload routes check who is asking before they read the upload: sign-in, the person's role, the CSRF
token and the declared size are all checked before a byte of the body is read, and a refusal closes
the connection (so a 250 MB body is neither stored nor even received).

Two views of the same rule: the app called as ASGI with a body stream that counts every read (any
read fails the test), and a real uvicorn server on loopback to which a client sends only the request
head of a 250 MB upload and must get its answer without sending the body.
"""

from __future__ import annotations

import asyncio
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from corecoach.services.accounts import accept_invite, create_coach, create_invite, start_session
from corecoach.storage.database import Database
from corecoach.web.app import create_app
from corecoach.web.deps import SESSION_COOKIE
from corecoach.web.security import CSRF_COOKIE, CsrfTokens
from corecoach.web.settings import WebSettings

PASSWORD = "a long enough password"
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
UPLOAD_LIMIT = 64 * 1024
HUGE = 250 * 1024 * 1024


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    reads: int


@dataclass
class Site:
    app: FastAPI
    csrf: str
    coach_session: str
    client_session: str
    settings: WebSettings


@pytest.fixture
def site(sqlite_url: str) -> Iterator[Site]:
    """A started coach-mode app (lifespan run) with a coach, a client, their session tokens and a CSRF token."""
    db = Database(sqlite_url)
    coach = create_coach(db, "ann@example.com", "Ann Coach", PASSWORD)
    invite, _ = create_invite(db, coach.id, "Amy")
    client = accept_invite(db, invite, "amy@example.com", "Amy", PASSWORD)
    coach_session, _ = start_session(db, coach.id)
    client_session, _ = start_session(db, client.id)
    db.dispose()
    secret = secrets.token_urlsafe(48)
    settings = WebSettings.from_env(secret_key=secret, coach_mode=True, max_upload_bytes=UPLOAD_LIMIT)
    app = create_app(settings)
    with TestClient(app):  # runs the lifespan: the database is open
        yield Site(app, CsrfTokens(secret).new(), coach_session, client_session, settings)


def call(app: FastAPI, path: str, headers: dict[str, str], query: str = "", length: int = 10_000) -> Answer:
    """POST a multipart upload whose body is an endless stream of zeros; count how often the app reads it."""
    reads = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        await asyncio.sleep(0)
        return {"type": "http.request", "body": b"\x00" * 4096, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    raw_headers = [
        (b"host", b"127.0.0.1:8000"),
        (b"content-type", b"multipart/form-data; boundary=cc-boundary"),
        (b"content-length", str(length).encode()),
        *((k.lower().encode(), v.encode()) for k, v in headers.items()),
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": raw_headers,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    # a thread of its own: Playwright's sync API (browser tests in the same run) keeps a loop on the main thread
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result(timeout=60)  # type: ignore[arg-type]
    start = next(m for m in sent if m["type"] == "http.response.start")
    answer_headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return Answer(start["status"], answer_headers, reads)


def cookies(site: Site, session: str | None) -> dict[str, str]:
    jar = f"{CSRF_COOKIE}={site.csrf}"
    if session is not None:
        jar += f"; {SESSION_COOKIE}={session}"
    return {"cookie": jar}


def assert_refused_unread(answer: Answer, status: int) -> None:
    assert answer.status == status, answer
    assert answer.reads == 0, f"{answer.reads} reads of the body before the refusal"
    assert answer.headers.get("connection") == "close", "the rest of the body is not waited for"


def test_nobody_signed_in_is_sent_to_sign_in_before_the_body_is_read(site: Site) -> None:
    page = call(site.app, "/analyses", {**cookies(site, None), "x-csrf-token": site.csrf})
    assert_refused_unread(page, 303)
    assert page.headers["location"].startswith("/login?next=")
    assert_refused_unread(call(site.app, "/api/analyses", cookies(site, None)), 401)


def test_a_coach_is_refused_the_clients_own_upload_before_the_body_is_read(site: Site) -> None:
    page = call(site.app, "/analyses", {**cookies(site, site.coach_session), "x-csrf-token": site.csrf})
    assert_refused_unread(page, 303)
    assert page.headers["location"] == "/coach"
    assert_refused_unread(call(site.app, "/api/analyses", cookies(site, site.coach_session)), 403)


def test_an_upload_without_its_csrf_token_is_refused_before_the_body_is_read(site: Site) -> None:
    assert_refused_unread(call(site.app, "/analyses", cookies(site, site.client_session)), 403)
    forged = CsrfTokens(secrets.token_urlsafe(48)).new()
    assert_refused_unread(call(site.app, "/analyses", cookies(site, site.client_session), query=f"csrf_token={forged}"), 403)


def test_a_declared_size_over_the_limit_is_refused_before_the_body_is_read(site: Site) -> None:
    for path in ("/analyses", "/api/analyses"):
        answer = call(site.app, path, {**cookies(site, site.client_session), "x-csrf-token": site.csrf}, length=HUGE)
        assert_refused_unread(answer, 413)


def test_a_signed_in_client_with_the_token_has_the_body_read(site: Site) -> None:
    """The control: the same request, allowed, does read its body (so the counts above mean something)."""
    answer = call(site.app, "/analyses", cookies(site, site.client_session), query=f"csrf_token={site.csrf}")
    assert answer.reads > 0


def test_the_upload_form_carries_the_token_where_it_is_checked_first(make_client: Callable[..., TestClient]) -> None:
    """A browser without scripts sends the form's action URL before the body: the token travels there."""
    client = make_client(max_upload_bytes=UPLOAD_LIMIT)
    page = client.get("/analyses").text
    token = client.cookies.get(CSRF_COOKIE)
    assert f'action="/analyses?csrf_token={token}"' in page
    files = {"file": ("squat.mp4", MP4_HEAD + b"\x00" * 100, "application/octet-stream")}
    refused = client.post("/analyses", data={"csrf_token": token, "movement": "auto"}, files=files)  # token only in the body
    assert refused.status_code == 403
    assert client.get("/api/analyses").json() == []
    accepted = client.post(f"/analyses?csrf_token={token}", data={"movement": "auto"}, files=files)
    assert accepted.status_code == 303, accepted.text
    assert len(client.get("/api/analyses").json()) == 1


# --- a real server: the client sends only the request head ----------------------------------


@contextmanager
def served(app: FastAPI) -> Iterator[int]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def head_only(port: int, path: str, headers: dict[str, str], length: int = HUGE) -> tuple[int, dict[str, str], bool]:
    """Send the head of an upload (250 MB by default) and no body; the status, the headers, and whether the server hung up."""
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: multipart/form-data; boundary=cc",
        f"Content-Length: {length}",
    ]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        received = b""
        closed = False
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    closed = True
                    break
                received += chunk
        except TimeoutError:
            pass  # the server kept the connection open (waiting for the body)
    assert received, "no answer without the body: the server is waiting to read it"
    head, _, _ = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    answer_headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in header_lines)}
    return int(status_line.split()[1]), answer_headers, closed


def test_a_real_server_answers_a_250_mb_upload_from_nobody_without_waiting_for_its_body(site: Site) -> None:
    # an app of its own (uvicorn runs its lifespan) whose limit lets 250 MB through the size check
    settings = site.settings.model_copy(update={"max_upload_bytes": 2 * HUGE})
    with served(create_app(settings)) as port:
        for path, expected in (("/analyses", 303), ("/api/analyses", 401)):
            status, answer_headers, closed = head_only(port, path, cookies(site, None))
            assert status == expected, path
            assert answer_headers.get("connection") == "close" and closed, f"{path}: the connection stays open for the body"
        status, answer_headers, closed = head_only(port, "/analyses", cookies(site, site.client_session))  # no token
        assert (status, closed) == (403, True)
        status, answer_headers, closed = head_only(
            port, "/analyses", {**cookies(site, site.client_session), "X-CSRF-Token": site.csrf}, length=4 * HUGE
        )
        assert (status, closed) == (413, True)
