"""Exercise demonstrations on the pages: the library, an exercise, the program and today's session.

Each prescribed exercise carries an inline ``<svg role="img">`` with a title and a description in
the page's language (the still on the program page, the animation on the session and exercise
pages), and no page needs an inline style for it: the reduced-motion rule lives in ``app.css``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Language
from corecoach.presentation.demo_svg import REDUCED_MOTION_CSS, demo_text_alternative
from corecoach.web.i18n import translate
from visible_text import internal_words

SVG_NS = "{http://www.w3.org/2000/svg}"
LANGS = (Language.EN, Language.NL)


def _svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", page, flags=re.S)]


def _title(svg: ET.Element) -> str:
    title = svg.find(f"{SVG_NS}title")
    assert title is not None and title.text
    return title.text


def _check_demo(svg: ET.Element, name: str, *, animated: bool) -> None:
    assert svg.get("role") == "img"
    assert name in _title(svg)
    title, desc = svg.find(f"{SVG_NS}title"), svg.find(f"{SVG_NS}desc")
    assert title is not None and desc is not None and desc.text
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert (svg.find(f".//{SVG_NS}animate") is not None) is animated
    assert svg.find(f".//{SVG_NS}style") is None, "no inline style: the page's CSP forbids it"


def _unique_ids(page: str) -> None:
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def _program(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/program")
    assert response.status_code == 200, response.text
    program: dict[str, Any] = response.json()
    return program


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_program_page_has_a_still_demo_per_prescribed_exercise(planned: TestClient, catalogue: Catalogue, lang: Language) -> None:
    page = planned.get(f"/program?lang={lang.value}").text
    items = [i["exercise_id"] for d in _program(planned)["week"] for i in d["items"]]
    svgs = _svgs(page)
    assert len(svgs) == len(items) > 0
    for exercise_id, svg in zip(items, svgs, strict=True):
        _check_demo(svg, catalogue[exercise_id].name(lang), animated=False)
    _unique_ids(page)
    assert "<style" not in page


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_session_page_has_the_animated_demo_and_its_words_per_exercise(planned: TestClient, catalogue: Catalogue, lang: Language) -> None:
    program = _program(planned)
    for day in program["week"]:
        page = planned.get(f"/session?day={day['day']}&lang={lang.value}").text
        exercises = list(dict.fromkeys(i["exercise_id"] for i in day["items"]))  # the player shows each once
        svgs = _svgs(page)
        assert len(svgs) == len(exercises) > 0
        for exercise_id, svg in zip(exercises, svgs, strict=True):
            _check_demo(svg, catalogue[exercise_id].name(lang), animated=True)
            demo = catalogue.demo(exercise_id)
            assert demo is not None
            words = demo_text_alternative(catalogue[exercise_id], demo, lang)
            assert f"<p>{escape(words)}</p>" in page  # the picture in words, under it
        assert translate("demo.in_words", lang) in page
        _unique_ids(page)
        assert "<style" not in page


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_exercise_page_has_the_large_animated_demo(client: TestClient, catalogue: Catalogue, lang: Language) -> None:
    for exercise in catalogue:
        page = client.get(f"/exercises/{exercise.id}?lang={lang.value}").text
        svgs = _svgs(page)
        assert len(svgs) == 1, exercise.id
        _check_demo(svgs[0], exercise.name(lang), animated=True)
        assert 'class="demo demo-large"' in page
        _unique_ids(page)


def test_library_cards_load_a_still_demo_lazily(client: TestClient, catalogue: Catalogue) -> None:
    page = client.get("/exercises?lang=nl").text
    images = re.findall(r'<img class="cc-demo-thumb" src="([^"]+)" alt="([^"]*)" loading="lazy"', page)
    assert len(images) == len(list(catalogue))
    assert len(page) < 60_000, "the list stays light: the pictures load only when scrolled to"
    for src, alt in images:
        exercise_id = src.split("/")[2]
        demo = catalogue.demo(exercise_id)
        assert demo is not None
        assert src.endswith("?lang=nl")
        assert alt == escape(demo_text_alternative(catalogue[exercise_id], demo, Language.NL))
        response = client.get(src)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("image/svg+xml")
        svg = ET.fromstring(response.text)
        _check_demo(svg, catalogue[exercise_id].name(Language.NL), animated=False)
    assert client.get("/exercises/not_an_exercise/demo.svg").status_code == 404


def test_the_reduced_motion_rule_is_in_the_site_stylesheet(client: TestClient) -> None:
    css = client.get("/static/app.css").text
    assert REDUCED_MOTION_CSS in css


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_what_a_screen_reader_hears_is_plain_words(client: TestClient, catalogue: Catalogue, lang: Language) -> None:
    """The scanner of visible text skips SVGs; their title, description and labels are read aloud, so check them here."""
    problems = []
    for exercise in catalogue:
        svg = ET.fromstring(client.get(f"/exercises/{exercise.id}/demo.svg?lang={lang.value}").text)
        text = " ".join(" ".join(svg.itertext()).split())
        problems += [f"{exercise.id}: {word}" for word in internal_words(text, lang)]
    assert problems == []
