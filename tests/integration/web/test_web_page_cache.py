"""Pages drawn before are reused only while nothing they show has changed (web/page_cache.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Language
from corecoach.programs.progression import ExerciseLog
from corecoach.services.coaching import log_session
from corecoach.storage.database import Database
from corecoach.web.i18n import translate

PAGES = ("/", "/program", "/session", "/progress")


def _cache_size(client: TestClient) -> int:
    app: Any = client.app
    return len(app.state.page_cache)


def _body(client: TestClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response.text


@pytest.mark.parametrize("path", PAGES)
def test_a_page_asked_again_is_the_same_page_from_the_cache(planned: TestClient, path: str) -> None:
    first = _body(planned, path)
    kept = _cache_size(planned)
    assert kept >= 1
    assert _body(planned, path) == first
    assert _cache_size(planned) == kept  # reused, not drawn and stored again


def test_a_write_from_another_process_shows_at_once(
    planned: TestClient, sqlite_url: str, catalogue: Catalogue, entry: Callable[..., ExerciseLog]
) -> None:
    before = _body(planned, "/progress")
    assert translate("progress.sessions", Language.EN, n=0) in before
    other = Database(sqlite_url)  # as the CLI or another server process would write
    try:
        log_session(other, "default", [entry("dead_bug", date.today(), pain_during=3)], catalogue)
    finally:
        other.dispose()
    after = _body(planned, "/progress")
    assert translate("progress.sessions", Language.EN, n=1) in after  # not the page drawn before the write


def test_language_and_csrf_token_are_part_of_the_key(planned: TestClient, make_client: Callable[..., TestClient]) -> None:
    english = _body(planned, "/program")
    dutch = planned.get("/program?lang=nl").text
    assert english != dutch and 'lang="nl"' in dutch
    assert 'lang="nl"' in _body(planned, "/program")  # the remembered language, not the cached English page
    token = planned.cookies.get("corecoach_csrf")
    assert token and f'value="{token}"' in _body(planned, "/session")
    other = make_client()  # another browser on the same data: its own token in its forms
    page = _body(other, "/session")
    other_token = other.cookies.get("corecoach_csrf")
    assert other_token and other_token != token
    assert f'value="{other_token}"' in page and f'value="{token}"' not in page


def test_erasing_the_data_is_seen_by_every_page(planned: TestClient, post: Callable[..., Any]) -> None:
    assert "/session" in _body(planned, "/")
    response = post(planned, "/data/delete", [("confirm", "yes")])
    assert response.status_code in (200, 303)
    assert 'href="/intake"' in _body(planned, "/")
