"""Printable Markdown/HTML and the .ics calendar, rendered from a program planned and progressed on a real database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from icalendar import Calendar

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Language
from corecoach.presentation.plan_export import DAY_NAMES, render_html, render_ics, render_markdown
from corecoach.programs.generator import Program, dosage_text
from corecoach.programs.progression import ExerciseLog
from corecoach.screening.intake import Intake
from corecoach.services.coaching import current_program, log_session, plan_from_intake
from corecoach.storage.database import Database

# a recent Monday: a session must lie between the profile's start (minus a grace) and today
MONDAY = date.today() - timedelta(days=date.today().weekday() + 7)
WEEKDAY = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}  # as date.weekday()
VOID = {"meta", "br", "hr", "img", "link", "input"}


@pytest.fixture(params=["first", "progressed"])
def program(
    request: pytest.FixtureRequest, sqlite_url: str, intake: Intake, catalogue: Catalogue, entry: Callable[..., ExerciseLog]
) -> Program:
    """The stored program, as planned, or after the dead bug moved up and the carry unlocked."""
    db = Database(sqlite_url)
    try:
        plan_from_intake(db, "sam", intake, catalogue)
        if request.param == "progressed":
            log_session(db, "sam", [entry("dead_bug", MONDAY)], catalogue)
            log_session(db, "sam", [entry("dead_bug", MONDAY + timedelta(days=2))], catalogue)
        return Program.model_validate(current_program(db, "sam"))
    finally:
        db.dispose()


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {self.stack[-3:]})")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("lang", list(Language))
def test_markdown_lists_every_exercise_of_the_week(program: Program, catalogue: Catalogue, lang: Language) -> None:
    md = render_markdown(program, catalogue, lang)
    assert md.startswith("# ")
    assert program.disclaimer(lang) in md
    for day in program.week:
        assert f"### {DAY_NAMES[lang][day.day.value].capitalize()}" in md
        for item in day.items:
            assert f"**{item.name(lang)}**: {dosage_text(item.dosage, lang)}" in md
    for phase in program.phases:
        assert phase.title(lang) in md


@pytest.mark.parametrize("lang", list(Language))
def test_html_parses_and_lists_every_exercise_of_the_week(program: Program, catalogue: Catalogue, lang: Language) -> None:
    html = render_html(program, catalogue, lang)
    parser = _Collect()
    parser.feed(html)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    assert f'<html lang="{lang.value}">' in html
    text = " ".join(" ".join(parser.text).split())
    assert " ".join(program.disclaimer(lang).split()) in text
    sections = html.count('<section class="day">')
    assert sections == len(program.week)
    for day in program.week:
        assert DAY_NAMES[lang][day.day.value].capitalize() in text
        for item in day.items:
            assert item.name(lang) in text
            assert dosage_text(item.dosage, lang) in text


def test_progressed_program_shows_the_new_exercises(program: Program, catalogue: Catalogue) -> None:
    ids = {i.exercise_id for d in program.week for i in d.items}
    md = render_markdown(program, catalogue, Language.EN)
    for ex_id in ids:
        assert catalogue[ex_id].name.en in md
    if "suitcase_carry" in ids:
        assert "Suitcase carry" in md and "Wall-press dead bug" in md


def _events(ics: bytes) -> list[Any]:
    cal = Calendar.from_ical(ics)
    assert str(cal["VERSION"]) == "2.0"
    return list(cal.walk("VEVENT"))


@pytest.mark.parametrize("weeks", [1, 2, 4, 12])
def test_ics_has_one_event_per_planned_session_per_week(program: Program, catalogue: Catalogue, weeks: int) -> None:
    events = _events(render_ics(program, catalogue, Language.EN, MONDAY, weeks))
    assert len(events) == weeks * len(program.week)
    starts = [e.decoded("DTSTART") for e in events]
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert len(set(starts)) == len(starts)
    by_weekday = {WEEKDAY[d.day.value]: d for d in program.week}
    for event, start in zip(events, starts, strict=True):
        assert isinstance(start, datetime)
        assert MONDAY <= start.date() < MONDAY + timedelta(weeks=weeks)
        assert start.weekday() in by_weekday and start.hour == 18
        day = by_weekday[start.weekday()]
        assert event.decoded("DTEND") - start == timedelta(minutes=max(10, round(day.estimated_minutes)))
        description = str(event["DESCRIPTION"])
        for item in day.items:
            assert item.name.en in description
        assert str(event["SUMMARY"]).startswith("corecoach")


def test_ics_in_dutch(program: Program, catalogue: Catalogue) -> None:
    events = _events(render_ics(program, catalogue, Language.NL, MONDAY, 1))
    assert events and all(str(e["SUMMARY"]) == "corecoach: training" for e in events)
    day = program.week[0]
    assert all(item.name.nl in str(events[0]["DESCRIPTION"]) for item in day.items)


def test_ics_starts_on_the_start_day_not_before(program: Program, catalogue: Catalogue) -> None:
    wednesday = MONDAY + timedelta(days=2)
    events = _events(render_ics(program, catalogue, Language.EN, wednesday, 2))
    assert min(e.decoded("DTSTART").date() for e in events) >= wednesday


@pytest.mark.parametrize("offset, weeks", [(2, 4), (5, 1)], ids=["wednesday-4-weeks", "saturday-1-week"])
def test_ics_holds_weeks_full_weeks_from_any_start_day(program: Program, catalogue: Catalogue, offset: int, weeks: int) -> None:
    start = MONDAY + timedelta(days=offset)
    events = _events(render_ics(program, catalogue, Language.EN, start, weeks))
    assert len(events) == weeks * len(program.week)
    assert all(start <= e.decoded("DTSTART").date() < start + timedelta(weeks=weeks) for e in events)


def test_ics_uids_differ_between_people_and_do_not_name_them(program: Program, catalogue: Catalogue) -> None:
    sam = {str(e["UID"]) for e in _events(render_ics(program, catalogue, Language.EN, MONDAY, 1, owner="sam"))}
    kim = {str(e["UID"]) for e in _events(render_ics(program, catalogue, Language.EN, MONDAY, 1, owner="kim"))}
    assert sam and kim and not sam & kim  # two calendars imported into one app do not overwrite each other
    assert sam == {str(e["UID"]) for e in _events(render_ics(program, catalogue, Language.EN, MONDAY, 1, owner="sam"))}
    assert not any("sam" in uid for uid in sam)
