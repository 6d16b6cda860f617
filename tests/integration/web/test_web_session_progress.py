"""Today's session log, the next-morning check and the progress page, through the forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from html import unescape
from typing import Any

from fastapi.testclient import TestClient

from corecoach.domain.enums import Language
from corecoach.web.i18n import format_date, translate
from visible_text import visible_text

Form = list[tuple[str, str]]


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", unescape(page))


def dead_bug_log(on: date, *, pain_before: int = 2, pain_during: int = 2, clean: bool = True, **extra: str) -> Form:
    """The log form with only the dead bug done, 3 x 8 per side."""
    fields = [
        ("day", "mon"),
        ("session_date", on.isoformat()),
        ("pain_before", str(pain_before)),
        ("ex.dead_bug.done", "yes"),
        ("ex.dead_bug.sets", "3"),
        ("ex.dead_bug.reps_per_side", "8"),
        ("ex.dead_bug.clean_form", "yes" if clean else "no"),
        ("ex.dead_bug.pain_during", str(pain_during)),
    ]
    return fields + [(f"ex.dead_bug.{k}", v) for k, v in extra.items()]


def test_two_qualifying_sessions_and_mornings_show_the_progress_decision(
    planned: TestClient, post: Callable[..., Any], catalogue: Any, db_rows: Callable[[str], int]
) -> None:
    today = date.today()
    first = post(planned, "/session", dead_bug_log(today - timedelta(days=3)))
    assert first.status_code == 200, first.text
    text = _text(first.text)
    assert translate("log.saved", Language.EN) in text
    assert "Stay at this step for now: to go one step harder, 3 sets of 8 reps per leg with good form" in text
    assert "hold_criterion_not_met" not in visible_text(first.text)  # the rule's name is for machines and the coach
    assert translate("morning.reminder", Language.EN) in text

    morning = planned.get("/morning")
    assert format_date(today - timedelta(days=3), Language.EN, weekday=True) in _text(morning.text)
    assert post(planned, "/morning", [("pain", "2")]).status_code == 200

    post(planned, "/session", dead_bug_log(today - timedelta(days=1)))
    decided = post(planned, "/morning", [("pain", "1")])
    assert decided.status_code == 200
    text = _text(decided.text)
    assert translate("action.progress", Language.EN) in text
    assert catalogue["wall_press_dead_bug"].name.en in text

    progress = _text(planned.get("/progress").text)
    assert "One step harder, to" in progress  # the rule's explanation
    assert '<svg class="chart pain-chart"' in progress
    assert '<svg class="chart rung-chart"' in progress
    assert 'class="move progress"' in progress  # the step up is marked on the rung chart
    assert translate("progress.sessions", Language.EN, n=2) in progress
    # the program moved on: the session now has the wall-press dead bug
    assert catalogue["wall_press_dead_bug"].name.en in _text(planned.get("/session?day=mon").text)
    assert db_rows("sessions") == 2

    dutch = _text(planned.get("/progress?lang=nl").text)
    assert "Eén stap moeilijker" in dutch
    assert format_date(today - timedelta(days=1), Language.NL) in dutch


def test_log_form_errors_stay_next_to_their_fields_and_nothing_is_stored(
    planned: TestClient, post: Callable[..., Any], db_rows: Callable[[str], int]
) -> None:
    fields = [(k, v) for k, v in dead_bug_log(date.today()) if k not in ("pain_before", "ex.dead_bug.pain_during")]
    fields = [(k, "lots" if k == "ex.dead_bug.reps_per_side" else v) for k, v in fields]
    response = post(planned, "/session", fields)
    assert response.status_code == 422
    html = response.text
    assert re.search(r'id="f-pain_before-err">Please fill this in\.<', html)
    assert re.search(r'id="f-ex-dead_bug-pain_during-err">Please fill this in\.<', html)
    assert re.search(r'id="f-ex-dead_bug-reps_per_side-err">Enter a whole number\.<', html)
    assert 'value="lots"' in html
    assert db_rows("sessions") == 0


def test_nothing_done_is_refused(planned: TestClient, post: Callable[..., Any]) -> None:
    response = post(planned, "/session", [("day", "mon"), ("pain_before", "1")])
    assert response.status_code == 422
    assert translate("log.nothing", Language.EN) in response.text


def test_this_hurts_stops_the_exercise_and_the_rules_step_back(planned: TestClient, post: Callable[..., Any]) -> None:
    fields = dead_bug_log(date.today(), pain_during=7, stopped="yes", sets="1")
    fields = [(k, v) for k, v in fields if k != "ex.dead_bug.sets"] + [("ex.dead_bug.sets", "1")]
    response = post(planned, "/session", fields)
    assert response.status_code == 200
    text = _text(response.text)
    assert 'data-rule="regress_pain_above_5"' in text  # for machines; people read the action and why
    assert translate("action.regress", Language.EN) in text
    export = planned.get("/data/export.json").json()
    entry = export["sessions"][-1]["entries"][0]
    assert entry["pain_during"] == 7
    assert entry["clean_form"] is False


def test_new_red_flag_in_the_log_refers(planned: TestClient, post: Callable[..., Any], db_rows: Callable[[str], int]) -> None:
    response = post(planned, "/session", [*dead_bug_log(date.today()), ("red_flags", "bladder_retention")])
    assert response.status_code == 200
    assert translate("referral.title", Language.EN) in _text(response.text)
    assert db_rows("referrals") == 1
    assert translate("referral.title", Language.EN) in _text(planned.get("/session").text)


def test_morning_needs_a_pain_between_0_and_10(planned: TestClient, post: Callable[..., Any]) -> None:
    assert post(planned, "/morning", [("pain", "")]).status_code == 422
    bad = post(planned, "/morning", [("pain", "12")])
    assert bad.status_code == 422
    assert "Must be 10 or less." in bad.text
    none_yet = post(planned, "/morning", [("pain", "3")])
    assert none_yet.status_code == 422
    assert "no logged session yet" in none_yet.text


def test_session_page_without_a_training_day_today_names_the_day(planned: TestClient) -> None:
    page = _text(planned.get("/session?day=wed").text)
    assert "Wednesday" in page
    assert 'name="day" value="wed"' in page
