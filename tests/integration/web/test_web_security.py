"""CSRF, same-origin writes, allowed hosts, security headers, secrets and the loopback-only server."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from itsdangerous import URLSafeSerializer
from pydantic import ValidationError

from corecoach.cli.serve import serve
from corecoach.errors import InvalidInputError
from corecoach.web.security import CSRF_COOKIE, CsrfTokens, host_name, same_origin
from corecoach.web.settings import SECRET_FILE_NAME, NonLoopbackHostError, WebSettings, ensure_host_allowed, is_loopback

FORM_POSTS = ["/intake", "/session", "/morning", "/data/delete", "/analyses"]


@pytest.mark.parametrize("path", FORM_POSTS)
def test_form_post_without_csrf_token_is_refused(client: TestClient, path: str, db_rows: Callable[[str], int]) -> None:
    client.get("/")  # the browser has the cookie, but the form does not carry the token
    response = client.post(path, data={"pain_before": "1", "confirm": "yes"})
    assert response.status_code == 403
    assert "expired or came from another site" in response.text
    assert db_rows("profiles") == 0


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # tampered
        lambda token: CsrfTokens(secrets.token_urlsafe(48)).new(),  # signed with another key
        lambda token: "",
    ],
)
def test_form_post_with_a_wrong_csrf_token_is_refused(
    client: TestClient, csrf: Callable[[TestClient], str], forge: Callable[[str], str], example_intake: dict[str, Any]
) -> None:
    token = csrf(client)
    response = client.post("/intake", data={"csrf_token": forge(token), "pain.now_nrs": "3"})
    assert response.status_code == 403


def test_cookie_and_field_must_both_be_ours(client: TestClient, make_client: Callable[..., TestClient]) -> None:
    other = make_client()
    foreign = other.get("/").cookies.get(CSRF_COOKIE)
    assert foreign
    client.cookies.set(CSRF_COOKIE, foreign)
    response = client.post("/intake", data={"csrf_token": foreign})
    assert response.status_code == 403  # valid shape, but signed with another app's key


def test_htmx_header_carries_the_token(client: TestClient, csrf: Callable[[TestClient], str]) -> None:
    token = csrf(client)
    assert f'hx-headers=\'{{"X-CSRF-Token": "{token}"}}\'' in client.get("/").text
    response = client.post("/data/delete", data={"confirm": "no"}, headers={"X-CSRF-Token": token})
    assert response.status_code == 422  # past the CSRF check, stopped by the missing confirmation


def test_cross_site_writes_are_refused_also_on_the_api(client: TestClient, example_intake: dict[str, Any]) -> None:
    evil = {"Origin": "http://evil.example"}
    assert client.post("/api/plan", json=example_intake, headers=evil).status_code == 403
    assert client.delete("/api/profile", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.post("/api/plan", json=example_intake, headers={"Origin": "null"}).status_code == 403
    same = client.post("/api/plan", json=example_intake, headers={"Origin": "http://127.0.0.1:8000"})
    assert same.status_code == 200


def test_only_loopback_host_names_are_answered(client: TestClient) -> None:
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "[::1]:8000"}).status_code == 200
    assert host_name("[::1]:8000") == "::1"
    assert host_name("127.0.0.1") == "127.0.0.1"


def test_security_headers_and_cookie_flags(client: TestClient) -> None:
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    # "no-referrer" would make browsers send "Origin: null" on form posts, which the same-origin check refuses
    assert response.headers["referrer-policy"] == "same-origin"
    cookie = response.headers["set-cookie"].lower()
    assert "corecoach_csrf=" in cookie and "httponly" in cookie and "samesite=lax" in cookie


def test_same_origin_helper() -> None:
    from starlette.requests import Request

    def request(headers: dict[str, str]) -> Request:
        raw = [(k.lower().encode(), v.encode()) for k, v in {"host": "127.0.0.1:8000", **headers}.items()]
        return Request({"type": "http", "method": "POST", "path": "/", "headers": raw})

    assert same_origin(request({}))
    assert same_origin(request({"Origin": "http://127.0.0.1:8000"}))
    assert not same_origin(request({"Origin": "http://127.0.0.1:9000"}))
    assert not same_origin(request({"Sec-Fetch-Site": "cross-site"}))


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "::"])
def test_serve_refuses_other_hosts_without_coach_mode(host: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORECOACH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CORECOACH_DATABASE_URL", f"sqlite:///{tmp_path / 'cc.db'}")
    with pytest.raises(NonLoopbackHostError, match="coach mode") as info:
        serve(host, 8000, coach_mode=False)
    assert isinstance(info.value, InvalidInputError)  # the CLI maps it to exit 2
    assert "--coach" in str(info.value)
    ensure_host_allowed(host, coach_mode=True)  # coach mode (everyone signs in) may listen on the network


def test_coach_mode_needs_a_coach_account_before_serving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORECOACH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CORECOACH_DATABASE_URL", f"sqlite:///{tmp_path / 'cc.db'}")
    with pytest.raises(InvalidInputError, match="accounts add-coach"):
        serve("0.0.0.0", 8000, coach_mode=True)


def test_loopback_names() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"):
        assert is_loopback(host), host
        ensure_host_allowed(host, coach_mode=False)
    assert not is_loopback("0.0.0.0")
    with pytest.raises(ValidationError):
        WebSettings(database_url="sqlite://", data_dir=Path("."), secret_key=secrets.token_urlsafe(48), allowed_hosts=("0.0.0.0",))


@pytest.mark.parametrize("secret", ["changethis", "secret", "short-but-random-3f9a", "   "])
def test_placeholder_secrets_are_refused(secret: str) -> None:
    with pytest.raises(ValidationError, match="CORECOACH_SECRET_KEY"):
        WebSettings(database_url="sqlite://", data_dir=Path("."), secret_key=secret)


def test_secret_comes_from_env_or_a_private_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORECOACH_SECRET_KEY", raising=False)
    first = WebSettings.from_env()
    key_file = Path(os.environ["CORECOACH_DATA_DIR"]) / SECRET_FILE_NAME
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert WebSettings.from_env().secret_key == first.secret_key  # the same key next time
    monkeypatch.setenv("CORECOACH_SECRET_KEY", "changethis")
    with pytest.raises(ValidationError):
        WebSettings.from_env()
    good = secrets.token_urlsafe(48)
    monkeypatch.setenv("CORECOACH_SECRET_KEY", good)
    assert WebSettings.from_env().secret_key.get_secret_value() == good


def test_nothing_is_built_at_import() -> None:
    import subprocess
    import sys

    code = (
        "import sys, corecoach.web.app, corecoach.cli.serve, corecoach.web.routes.api;"
        "assert 'mediapipe' not in sys.modules and 'cv2' not in sys.modules, 'pose model loaded at import';"
        "import corecoach.web.app as a; print(hasattr(a, 'app'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ, "CORECOACH_DATA_DIR": "/nonexistent/x"}
    )
    assert out.stdout.strip() == "False"


def test_csrf_tokens_are_signed() -> None:
    tokens = CsrfTokens("k" * 40)
    token = tokens.new()
    assert tokens.valid(token)
    assert tokens.matches(token, token)
    assert not tokens.matches(token, tokens.new())
    assert not tokens.valid(URLSafeSerializer("x" * 40, salt="corecoach.csrf").dumps("abc"))
