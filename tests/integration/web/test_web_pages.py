"""Every page renders in English and in Dutch, with and without a program; the language switch sticks."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corecoach.domain.enums import Language
from corecoach.web.i18n import LANG_COOKIE, MESSAGES, format_date, format_number, resolve_language, translate

PAGES_WITH_PROGRAM = [
    ("/", "welcome.title"),
    ("/intake", "intake.title"),
    ("/program", "program.title"),
    ("/session", "session.title"),
    ("/morning", "morning.title"),
    ("/progress", "progress.title"),
    ("/exercises", "exercises.title"),
    ("/exercises?function=anti_rotation", "exercises.title"),
    ("/exercises/dead_bug", "session.instructions"),
    ("/data", "data.title"),
    ("/analyses", "video.title"),
]


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(page))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_page_renders_in_both_languages(planned: TestClient, lang: str) -> None:
    language = Language(lang)
    for path, heading_key in PAGES_WITH_PROGRAM:
        sep = "&" if "?" in path else "?"
        response = planned.get(f"{path}{sep}lang={lang}")
        assert response.status_code == 200, (path, response.text[:500])
        text = _text(response.text)
        assert f'<html lang="{lang}">' in text, path
        assert translate(heading_key, language) in text, (path, heading_key)
        assert translate("nav.progress", language) in text, path
        assert translate("disclaimer.short", language) in text, path


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_pages_without_a_program_point_to_the_intake(client: TestClient, lang: str) -> None:
    language = Language(lang)
    home = client.get(f"/?lang={lang}")
    assert home.status_code == 200
    assert 'href="/intake"' in home.text
    assert translate("welcome.not_text", language) in _text(home.text)
    for path in ("/program", "/session", "/morning", "/progress"):
        page = client.get(f"{path}?lang={lang}")
        assert page.status_code == 200, path
        assert translate("program.none", language) in _text(page.text), path
    assert translate("data.none", language) in _text(client.get(f"/data?lang={lang}").text)


def test_the_program_page_shows_phases_locked_ones_and_the_week(planned: TestClient, catalogue: Any) -> None:
    text = _text(planned.get("/program").text)
    assert translate("phase.locked", Language.EN) in text
    assert "Unlocks when" in text  # a locked phase says what unlocks it
    for day in ("Monday", "Wednesday", "Friday"):
        assert day in text
    for exercise_id in ("breathing_90_90", "dead_bug", "adductor_rock_back", "open_book_rotation"):
        assert catalogue[exercise_id].name.en in text
        assert f'href="/exercises/{exercise_id}"' in text
    assert "Why: Keeping the back from arching" in text


def test_language_switch_is_remembered_in_a_cookie(client: TestClient) -> None:
    first = client.get("/?lang=nl")
    assert first.cookies.get(LANG_COOKIE) == "nl"
    again = client.get("/")
    assert '<html lang="nl">' in again.text
    assert translate("welcome.title", Language.NL) in again.text
    assert 'href="/?lang=en"' in again.text  # the switch back
    client.get("/?lang=en")
    assert '<html lang="en">' in client.get("/").text


def test_browser_language_is_used_without_a_choice(client: TestClient) -> None:
    page = client.get("/", headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.8"})
    assert '<html lang="nl">' in page.text
    assert resolve_language(None, None, "de-DE, en;q=0.5, nl;q=0.7") is Language.NL
    assert resolve_language("en", "nl", "nl") is Language.EN
    assert resolve_language(None, "xx", None) is Language.EN


def test_dates_and_numbers_follow_the_language() -> None:
    d = date(2025, 3, 3)
    assert format_date(d, Language.EN) == "3 Mar 2025"
    assert format_date(d, Language.NL) == "3 mrt 2025"
    assert format_date(d, Language.NL, weekday=True) == "ma 3 mrt 2025"
    assert format_date(d, Language.EN, weekday=True) == "Mon 3 Mar 2025"
    assert format_number(2.5, Language.NL) == "2,5"
    assert format_number(2.5, Language.EN) == "2.5"
    assert format_number(3.0, Language.NL) == "3"


def test_every_message_has_both_languages() -> None:
    for key, (en, nl) in MESSAGES.items():
        assert en.strip() and nl.strip(), key


def test_unknown_page_is_a_404_page_in_the_language(client: TestClient) -> None:
    response = client.get("/nope?lang=nl")
    assert response.status_code == 404
    assert translate("error.not_found", Language.NL) in response.text
    api = client.get("/api/nope")
    assert api.status_code == 404
    assert api.json()["error"]["type"] == "HTTPError"


def test_library_filter_and_htmx_fragment(client: TestClient, catalogue: Any) -> None:
    page = client.get("/exercises?function=anti_rotation")
    names = [e.name.en for e in catalogue if "anti_rotation" in [f.value for f in e.functions]]
    others = [e.name.en for e in catalogue if "anti_rotation" not in [f.value for f in e.functions]]
    assert all(n in page.text for n in names)
    assert not any(f">{n}</a>" in page.text for n in others)
    fragment = client.get("/exercises?function=hip_mobility", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="exercise-list">')
    assert "<html" not in fragment.text
    bad = client.get("/exercises?function=abs")
    assert bad.status_code == 200
    assert "is not a core function" in bad.text
    assert client.get("/exercises/not_an_exercise").status_code == 404


def test_static_assets_are_served_locally(client: TestClient) -> None:
    htmx = client.get("/static/htmx.min.js")
    assert htmx.status_code == 200
    assert htmx.text.startswith("/*! htmx 2.0.11")
    assert 'version:"2.0.11"' in htmx.text
    assert "0BSD" in client.get("/static/htmx.LICENSE.txt").text or "Zero-Clause BSD" in client.get("/static/htmx.LICENSE.txt").text
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/session.js").status_code == 200
    home = client.get("/").text
    assert not re.search(r'(src|href)="(https?:)?//', home), "no asset may come from another site"


def test_session_page_shows_the_player(planned: TestClient, catalogue: Any, csrf: Callable[[TestClient], str]) -> None:
    for lang in (Language.EN, Language.NL):
        text = _text(planned.get(f"/session?day=mon&lang={lang.value}").text)
        dead_bug = catalogue["dead_bug"]
        assert dead_bug.name(lang) in text
        assert dead_bug.instructions[0](lang) in text
        assert dead_bug.cues[0](lang) in text
        assert translate("side.left", lang) in text and translate("side.right", lang) in text
        assert 'class="button timer rest" data-seconds="60"' in text
        assert translate("session.hurts", lang) in text
        assert 'name="ex.dead_bug.pain_during"' in text
        assert 'name="ex.dead_bug.stopped"' in text
        assert '<script src="/static/session.js" defer></script>' in text
