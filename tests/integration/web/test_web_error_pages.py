"""Every error answer is ours: the error page (HTML) or the error document (API), with the security headers.

* Path ids past a 64-bit integer (``/clients/2**63``) answer 422 in our shape, never a 500 from the
  database driver.
* An exception no handler knows answers 500 with the error page or JSON document, its trace in the
  log (logger ``corecoach.web``) and never in the answer.
* A JSON or form body over the 2 MB limit is told so (not "film a shorter clip", which is for uploads).
* 400, 403, 404, 405, 413, 422 and 500 all carry the same security headers as a normal page.
* The OpenAPI document declares the error shape the app really answers (no FastAPI default
  ``HTTPValidationError``) and the guards' statuses.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corecoach.services.accounts import AccountInfo, accept_invite, create_coach, create_invite
from corecoach.storage.database import Database
from corecoach.web.app import create_app
from corecoach.web.security import CSRF_COOKIE
from corecoach.web.settings import WebSettings

PASSWORD = "a long enough password"
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options", "cross-origin-opener-policy")
TWO_MB = 2 * 1024 * 1024
BIG_IDS = [2**63, 2**64, 10**30, 0, -1]
BASE_URL = "http://127.0.0.1:8000"


def assert_secured(response: Any) -> None:
    missing = [h for h in SECURITY_HEADERS if h not in response.headers]
    assert not missing, f"{response.status_code} {response.request.url} lacks {missing}"
    assert response.headers["x-content-type-options"] == "nosniff"


def assert_error_document(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"type", "message", "problems"} and error["message"]
    assert "Traceback" not in response.text
    assert_secured(response)
    return dict(error)


def assert_error_page(response: Any, status: int) -> str:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert '<p class="notice warn" role="alert">' in response.text, "the app's own error page"
    assert "Traceback" not in response.text
    assert_secured(response)
    return str(response.text)


@pytest.fixture
def coach_signed_in(sqlite_url: str, make_client: Callable[..., TestClient]) -> Iterator[tuple[TestClient, AccountInfo]]:
    """A coach-mode app with coach Ann (one client, Amy), and a browser signed in as Ann."""
    db = Database(sqlite_url)
    ann = create_coach(db, "ann@example.com", "Ann Coach", PASSWORD)
    token, _ = create_invite(db, ann.id, "Amy")
    amy = accept_invite(db, token, "amy@example.com", "Amy", PASSWORD)
    db.dispose()
    client = make_client(coach_mode=True)
    client.get("/login")
    signed = client.post("/login", data={"csrf_token": client.cookies[CSRF_COOKIE], "email": "ann@example.com", "password": PASSWORD})
    assert signed.status_code == 303, signed.text
    yield client, amy


@pytest.mark.parametrize("client_id", BIG_IDS)
def test_client_ids_out_of_range_answer_422_not_500(coach_signed_in: tuple[TestClient, AccountInfo], client_id: int) -> None:
    client, _ = coach_signed_in
    csrf = client.cookies[CSRF_COOKIE]
    for path in (f"/api/clients/{client_id}",):
        error = assert_error_document(client.get(path), 422)
        assert error["problems"] and error["problems"][0].startswith("path.client_id:")
    error = assert_error_document(
        client.post(f"/api/clients/{client_id}/adjustments", json={"function": "breathing", "exercise_id": "dead_bug", "reason": "x"}), 422
    )
    assert any(p.startswith("path.client_id:") for p in error["problems"])
    for path in (f"/clients/{client_id}", f"/clients/{client_id}/analyses/{'0' * 32}", f"/clients/{client_id}/analyses/{'0' * 32}/files/a"):
        assert_error_page(client.get(path), 422)
    assert_error_page(client.post(f"/clients/{client_id}/adjust", data={"csrf_token": csrf, "function": "breathing"}), 422)


def test_largest_id_is_an_ordinary_someone_else(coach_signed_in: tuple[TestClient, AccountInfo]) -> None:
    """2**63 - 1 fits: it is nobody's client, so 403 like any id that is not the coach's; the real client still opens."""
    client, amy = coach_signed_in
    assert_error_document(client.get(f"/api/clients/{2**63 - 1}"), 403)
    assert_error_page(client.get(f"/clients/{2**63 - 1}"), 403)
    assert client.get(f"/api/clients/{amy.id}").status_code == 200


@pytest.fixture
def boom_client() -> Iterator[TestClient]:
    """The real app with two routes that fail the way a bug does (an exception no handler knows)."""
    app = create_app(WebSettings.from_env(secret_key=secrets.token_urlsafe(48)))

    @app.get("/boom")
    def boom_page() -> None:
        raise RuntimeError("secret internals: kaboom")

    @app.get("/api/boom")
    async def boom_api() -> None:
        raise ZeroDivisionError("secret internals: kaboom")

    with TestClient(app, base_url=BASE_URL, follow_redirects=False) as client:
        yield client


def test_a_bug_in_a_page_answers_the_error_page_and_logs_the_trace(boom_client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="corecoach.web"):
        text = assert_error_page(boom_client.get("/boom"), 500)
    assert "Something went wrong on our side" in text and "kaboom" not in text
    records = [r for r in caplog.records if r.name == "corecoach.web" and r.exc_info]
    assert records and "GET /boom" in records[0].getMessage()
    assert records[0].exc_info is not None and isinstance(records[0].exc_info[1], RuntimeError)
    dutch = assert_error_page(boom_client.get("/boom", headers={"accept-language": "nl"}), 500)
    assert "Er ging aan onze kant iets mis" in dutch


def test_a_bug_in_the_api_answers_the_error_document_and_logs_the_trace(boom_client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="corecoach.web"):
        error = assert_error_document(boom_client.get("/api/boom"), 500)
    assert error["type"] == "InternalError" and "kaboom" not in error["message"]
    assert any(r.exc_info and isinstance(r.exc_info[1], ZeroDivisionError) for r in caplog.records if r.name == "corecoach.web")


def test_a_json_body_over_the_limit_is_not_told_to_film_a_shorter_clip(client: TestClient) -> None:
    body = b'{"pain_nrs": 1, "x": "' + b"a" * TWO_MB + b'"}'
    declared = assert_error_document(client.post("/api/morning", content=body, headers={"content-type": "application/json"}), 413)
    streamed = assert_error_document(
        client.post("/api/morning", content=iter([body[:1024], body[1024:]]), headers={"content-type": "application/json"}), 413
    )
    for error in (declared, streamed):
        assert error["type"] == "BodyTooLargeError"
        assert "2 MB" in error["message"] and "too large" in error["message"]
        assert "clip" not in error["message"] and "film" not in error["message"].lower()


def test_a_form_over_the_limit_is_told_its_size(client: TestClient, csrf: Callable[[TestClient], str]) -> None:
    text = assert_error_page(client.post("/intake", data={"csrf_token": csrf(client), "notes": "a" * (TWO_MB + 1)}), 413)
    assert "2 MB" in text and "clip" not in text


def test_an_upload_over_the_limit_still_says_film_a_shorter_clip(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_upload_bytes=64 * 1024)
    files = {"file": ("clip.mp4", b"\0" * (256 * 1024), "video/mp4")}
    error = assert_error_document(client.post("/api/analyses", files=files), 413)
    assert error["type"] == "UploadTooLargeError" and "shorter clip" in error["message"]


def test_an_unreadable_body_is_a_400_in_our_shape(client: TestClient) -> None:
    error = assert_error_document(
        client.post("/api/plan", content=b'{"pain": "\xc3\x28"}', headers={"content-type": "application/json"}), 400
    )
    assert "could not be read" in error["message"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("GET", "/no-such-page", {}, 404),
        ("GET", "/api/no-such-thing", {}, 404),
        ("GET", "/api/program", {}, 404),
        ("PUT", "/api/plan", {}, 405),
        ("DELETE", "/program", {}, 405),
        ("GET", "/api/exercises?function=nonsense", {}, 422),
        ("POST", "/api/morning", {"json": {"pain_nrs": 11}}, 422),
        ("POST", "/api/plan", {"json": {}, "headers": {"origin": "https://evil.example"}}, 403),
        ("POST", "/intake", {"data": {"csrf_token": "forged"}}, 403),
        ("POST", "/api/plan", {"content": b"x" * (TWO_MB + 1), "headers": {"content-type": "application/json"}}, 413),
        ("GET", "/", {"headers": {"host": "evil.example"}}, 400),
    ],
)
def test_every_error_answer_carries_the_security_headers(
    client: TestClient, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    response = client.request(method, path, **kwargs)
    assert response.status_code == status, response.text[:300]
    assert_secured(response)


def test_the_openapi_document_declares_what_the_app_answers(client: TestClient) -> None:
    doc = client.get("/api/openapi.json").json()
    assert "HTTPValidationError" not in str(doc), "422 answers have our error shape, not FastAPI's default"
    error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorPublic"}}}
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if "422" in responses:
                assert responses["422"]["content"] == error_ref, (method, path)
            if "requestBody" in operation:
                assert {"400", "413", "403"} <= set(responses), (method, path)
    me = doc["paths"]["/api/clients/{client_id}"]["get"]
    assert {"401", "403", "422"} <= set(me["responses"])
    client_id = next(p for p in me["parameters"] if p["name"] == "client_id")["schema"]
    assert client_id["minimum"] == 1 and client_id["maximum"] == 2**63 - 1
    for path in ("/api/program", "/api/sessions", "/api/progress", "/api/export"):
        for operation in doc["paths"][path].values():
            assert {"401", "403"} <= set(operation["responses"]), path
