"""Fixtures for the web app's route tests: a fresh app on the test's own SQLite file and data folder.

* ``make_client(**settings)``: a started app (lifespan run) behind Starlette's TestClient on
  ``http://127.0.0.1:8000``; ``settings`` override :class:`WebSettings` fields, ``runner=`` replaces
  the pose model with a fake analysis.
* ``client``: ``make_client()`` with the defaults.
* ``csrf(client)``: the CSRF token the app gave this client (the cookie's value, as forms carry it).
* ``intake_form(document)``: an intake document as the form fields the intake page posts.
* ``planned``: ``client`` after the example intake went through the form (a program exists).
* ``fake_runner`` / ``failing_runner``: analysis runners that skip the pose model.
* ``db_rows(table)``: rows in one table of the test's database.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, table

from corecoach.domain.enums import Language
from corecoach.errors import VideoReadError
from corecoach.motion.results import AnalysisResult, FrameStats, Movement
from corecoach.web.app import create_app
from corecoach.web.security import CSRF_COOKIE
from corecoach.web.settings import WebSettings

BASE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def make_client() -> Iterator[Callable[..., TestClient]]:
    with ExitStack() as stack:

        def make(runner: Any = None, **overrides: Any) -> TestClient:
            overrides.setdefault("secret_key", secrets.token_urlsafe(48))
            app = create_app(WebSettings.from_env(**overrides), analysis_runner=runner)
            return stack.enter_context(TestClient(app, base_url=BASE_URL, follow_redirects=False))

        yield make


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


def get_csrf(client: TestClient) -> str:
    if client.cookies.get(CSRF_COOKIE) is None:
        client.get("/")
    token = client.cookies.get(CSRF_COOKIE)
    assert isinstance(token, str) and token, "the app sets a CSRF cookie on the first page"
    return token


@pytest.fixture
def csrf() -> Callable[[TestClient], str]:
    return get_csrf


def flatten_intake(document: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    for key, value in document.items():
        name = f"{prefix}{key}"
        if key == "psfs":
            for n, row in enumerate(value):
                fields += [(f"psfs.{n}.activity", str(row["activity"])), (f"psfs.{n}.score", str(row["score"]))]
        elif isinstance(value, dict):
            fields += flatten_intake(value, name + ".")
        elif isinstance(value, list):
            fields += [(name, str(v)) for v in value]
        elif isinstance(value, bool):
            fields.append((name, "yes" if value else "no"))
        else:
            fields.append((name, str(value)))
    return fields


@pytest.fixture
def intake_form() -> Callable[[dict[str, Any]], list[tuple[str, str]]]:
    return flatten_intake


def as_data(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields (repeated names allowed) as httpx's ``data=``."""
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def post_form(client: TestClient, url: str, fields: list[tuple[str, str]], **kw: Any) -> Any:
    return client.post(url, data=as_data([("csrf_token", get_csrf(client)), *fields]), **kw)


@pytest.fixture
def post() -> Callable[..., Any]:
    """``post(client, url, fields)``: a form POST carrying the client's CSRF token."""
    return post_form


@pytest.fixture
def planned(client: TestClient, example_intake: dict[str, Any]) -> TestClient:
    response = post_form(client, "/intake", flatten_intake(example_intake))
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def db_rows(sqlite_url: str) -> Callable[[str], int]:
    def count(name: str) -> int:
        engine = create_engine(sqlite_url)
        try:
            with engine.connect() as conn:
                return int(conn.execute(select(func.count()).select_from(table(name))).scalar_one())
        finally:
            engine.dispose()

    return count


def fake_result(file_name: str) -> dict[str, Any]:
    return AnalysisResult(
        file=file_name,
        movement=Movement.SQUAT,
        movement_confidence=0.9,
        view="side",
        view_confidence=0.8,
        views=[],
        reps=5,
        reps_per_side=None,
        hold_s=None,
        per_rep=[],
        findings=[],
        notes=[],
        frames=FrameStats(analysed=10, with_person=10, full_body=10, fps=30.0, duration_s=0.3, people_max=1),
    ).model_dump(mode="json")


def _fake_runner(
    media: Path, out_dir: Path, movement: Movement, lang: Language, on_progress: Callable[[int, int], None], on_writing: Callable[[], None]
) -> tuple[dict[str, Any], list[Path]]:
    for n in range(1, 4):
        on_progress(n, 3)
    on_writing()
    result = fake_result(media.name)
    report = out_dir / "report.html"
    report.write_text("<!doctype html><title>report</title><p>fake report</p>", encoding="utf-8")
    video = out_dir / f"{media.stem}_annotated.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    return result, [video, report]


def _failing_runner(
    media: Path, out_dir: Path, movement: Movement, lang: Language, on_progress: Callable[[int, int], None], on_writing: Callable[[], None]
) -> tuple[dict[str, Any], list[Path]]:
    on_progress(1, 10)
    raise VideoReadError(f"{media.name} is damaged or incomplete: the video stops after 1 frame. Copy it from the phone again.")


@pytest.fixture
def fake_runner() -> Callable[..., tuple[dict[str, Any], list[Path]]]:
    return _fake_runner


@pytest.fixture
def failing_runner() -> Callable[..., tuple[dict[str, Any], list[Path]]]:
    return _failing_runner


def wait_for_job(client: TestClient, job_id: str, timeout_s: float = 90.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        doc: dict[str, Any] = client.get(f"/api/analyses/{job_id}").json()
        if doc["state"] in ("done", "failed"):
            return doc
        assert time.monotonic() < deadline, f"analysis still {doc['state']} after {timeout_s} s"
        time.sleep(0.05)


@pytest.fixture
def wait_job() -> Callable[..., dict[str, Any]]:
    """``wait_job(client, job_id)``: poll the API until the analysis is done or failed."""
    return wait_for_job
