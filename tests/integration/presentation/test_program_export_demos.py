"""The printable program shows each exercise's demonstration: HTML the still SVG inline, Markdown its words."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Language
from corecoach.presentation.demo_svg import demo_text_alternative
from corecoach.presentation.plan_export import render_html, render_markdown
from corecoach.programs.generator import Program
from corecoach.screening.intake import Intake
from corecoach.services.coaching import current_program, plan_from_intake
from corecoach.storage.database import Database

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def program(sqlite_url: str, intake: Intake, catalogue: Catalogue) -> Program:
    db = Database(sqlite_url)
    try:
        plan_from_intake(db, "sam", intake, catalogue)
        return Program.model_validate(current_program(db, "sam"))
    finally:
        db.dispose()


def _svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]


@pytest.mark.parametrize("lang", list(Language))
def test_html_export_has_the_still_demo_of_every_exercise_of_the_week(program: Program, catalogue: Catalogue, lang: Language) -> None:
    html = render_html(program, catalogue, lang)
    items = [i for d in program.week for i in d.items]
    svgs = _svgs(html)
    assert len(svgs) == len(items) > 0
    ids: list[str] = []
    for item, svg in zip(items, svgs, strict=True):
        assert svg.get("role") == "img"
        title = svg.find(f"{SVG_NS}title")
        desc = svg.find(f"{SVG_NS}desc")
        assert title is not None and title.text and catalogue[item.exercise_id].name(lang) in title.text
        demo = catalogue.demo(item.exercise_id)
        assert demo is not None
        assert desc is not None and desc.text == demo_text_alternative(catalogue[item.exercise_id], demo, lang)
        # the still picture for print: nothing moves, no style element
        assert svg.find(f".//{SVG_NS}animate") is None
        assert svg.find(f".//{SVG_NS}style") is None
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        ids += [str(title.get("id")), str(desc.get("id"))]
    assert len(ids) == len(set(ids)), "ids are unique on the page"
    assert "<script" not in html


@pytest.mark.parametrize("lang", list(Language))
def test_markdown_export_has_the_demo_in_words(program: Program, catalogue: Catalogue, lang: Language) -> None:
    md = render_markdown(program, catalogue, lang)
    assert "<svg" not in md
    label = {"en": "How it looks", "nl": "Zo ziet het eruit"}[lang.value]
    for item in (i for d in program.week for i in d.items):
        demo = catalogue.demo(item.exercise_id)
        assert demo is not None
        words = demo_text_alternative(catalogue[item.exercise_id], demo, lang)
        assert f"   {label}: {words}\n" in md
        # start, movement, end and cues, in words
        for part in (demo.start(lang), demo.movement(lang), demo.end(lang), *(c.text(lang) for c in demo.cues)):
            assert part.strip().rstrip(".") in words
