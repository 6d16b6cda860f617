"""The intake form's clearance: "see a doctor" answers with a doctor's or physio's agreement make the program,
which shows the warning signs again; without it, the referral says how to come back; emergency and urgent
answers are never cleared; a bad date comes back next to its field; the coach sees which clearance was given."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from corecoach.domain.enums import Language
from corecoach.screening.red_flags import CONFIRM_HOW, EMERGENCY_ACTION, URGENT_ACTION, ConfirmChannel, load_red_flags
from corecoach.services.accounts import accept_invite, create_coach, create_invite
from corecoach.storage.database import Database
from corecoach.web.i18n import format_date, translate

Form = list[tuple[str, str]]
SEEN_ON = date.today() - timedelta(days=5)
SEE_DOCTOR = "no_improvement_after_month"


def _flagged(example_intake: dict[str, Any], *flags: str) -> dict[str, Any]:
    data = {**example_intake, "red_flags": {**example_intake["red_flags"]}}
    for flag in flags:
        data["red_flags"][flag] = True
    return data


def _tick(seen_by: str = "doctor", seen_on: str = SEEN_ON.isoformat()) -> Form:
    return [("clearance.confirmed", "yes"), ("clearance.seen_by", seen_by), ("clearance.seen_on", seen_on)]


def _field_html(page: str, name: str) -> str:
    start = page.index(f'id="f-{name.replace(".", "-")}-wrap"')
    following = page.find('class="field', start + 10)
    return page[start : following if following != -1 else len(page)]


def _clearance_rows(sqlite_url: str) -> list[tuple[Any, ...]]:
    engine = create_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            return [
                tuple(r)
                for r in conn.execute(text("SELECT seen_by, seen_on, red_flag_ids FROM acknowledgements WHERE kind = 'red_flag_clearance'"))
            ]
    finally:
        engine.dispose()


def test_the_form_asks_see_doctor_questions_apart_with_the_confirmation_and_date(client: TestClient) -> None:
    page = client.get("/intake").text
    safety = page.split('id="section-safety"', 1)[1].split("</section>", 1)[0]
    check = page.split('id="section-safety_check"', 1)[1].split("</section>", 1)[0]
    for flag in load_red_flags().values():
        assert (f'name="red_flags.{flag.id}"' in check) is flag.clearable, flag.id
        assert (f'name="red_flags.{flag.id}"' in safety) is not flag.clearable, flag.id
    assert "A doctor or physio has seen me for this and agrees I can start." in html.unescape(check)
    assert 'name="clearance.confirmed"' in check and 'type="checkbox"' in _field_html(check, "clearance.confirmed")
    assert 'type="date"' in _field_html(check, "clearance.seen_on")
    assert 'value="physio"' in _field_html(check, "clearance.seen_by")
    assert "clearance" not in safety
    assert "at most 180 days ago" in html.unescape(check)


def test_see_doctor_answer_without_the_tick_refers_and_says_how_to_come_back(
    client: TestClient,
    example_intake: dict[str, Any],
    intake_form: Callable[[dict[str, Any]], Form],
    post: Callable[..., Any],
    db_rows: Callable[[str], int],
) -> None:
    # a date without the tick clears nothing
    response = post(client, "/intake", [*intake_form(_flagged(example_intake, SEE_DOCTOR)), ("clearance.seen_on", SEEN_ON.isoformat())])
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert translate("urgency.see_doctor_before_starting", Language.EN) in page
    assert CONFIRM_HOW[ConfirmChannel.FORM].en in page
    assert 'href="/intake#section-safety_check"' in page
    assert (db_rows("programs"), db_rows("referrals"), db_rows("acknowledgements")) == (0, 1, 0)
    # the stored referral says the same later
    later = html.unescape(client.get("/program").text)
    assert CONFIRM_HOW[ConfirmChannel.FORM].en in later


@pytest.mark.parametrize("lang", list(Language))
def test_with_the_tick_and_date_the_program_is_made_and_shows_the_warning_signs(
    client: TestClient,
    example_intake: dict[str, Any],
    intake_form: Callable[[dict[str, Any]], Form],
    post: Callable[..., Any],
    sqlite_url: str,
    lang: Language,
) -> None:
    client.get(f"/?lang={lang.value}")
    fields = [*intake_form(_flagged(example_intake, SEE_DOCTOR, "night_pain")), *_tick("physio")]
    response = post(client, "/intake", fields)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/program?made=1"
    assert _clearance_rows(sqlite_url) == [("physio", SEEN_ON.isoformat(), f'["{SEE_DOCTOR}", "night_pain"]')]

    page = html.unescape(client.get("/program").text)
    net = page.split('class="card safety safety-net"', 1)[1].split("</section>", 1)[0]
    assert ("Blijf letten op waarschuwingssignalen" if lang is Language.NL else "Keep watching for warning signs") in net
    assert format_date(SEEN_ON, lang) in net
    flags = load_red_flags()
    assert flags[SEE_DOCTOR].question(lang) in net and flags["night_pain"].question(lang) in net
    assert EMERGENCY_ACTION(lang) in net and URGENT_ACTION(lang) in net
    assert page.index("safety-net") < page.index(translate("program.phases", lang))  # before the program itself
    printable = html.unescape(client.get("/program/print").text)  # and on the page to print
    assert EMERGENCY_ACTION(lang) in printable and flags[SEE_DOCTOR].question(lang) in printable


@pytest.mark.parametrize(
    ("seen_on", "lang", "message"),
    [
        ((date.today() + timedelta(days=2)).isoformat(), Language.EN, "is in the future"),
        ((date.today() + timedelta(days=2)).isoformat(), Language.NL, "ligt in de toekomst"),
        ((date.today() - timedelta(days=400)).isoformat(), Language.EN, "more than 180 days ago"),
        ("31-12-2025", Language.EN, "Enter a date (YYYY-MM-DD)."),
        ("", Language.NL, "Vul dit in."),
    ],
)
def test_a_bad_clearance_date_comes_back_next_to_its_field_and_nothing_is_stored(
    client: TestClient,
    example_intake: dict[str, Any],
    intake_form: Callable[[dict[str, Any]], Form],
    post: Callable[..., Any],
    db_rows: Callable[[str], int],
    seen_on: str,
    lang: Language,
    message: str,
) -> None:
    client.get(f"/?lang={lang.value}")
    response = post(client, "/intake", [*intake_form(_flagged(example_intake, SEE_DOCTOR)), *_tick(seen_on=seen_on)])
    assert response.status_code == 422
    field = html.unescape(_field_html(response.text, "clearance.seen_on"))
    assert message in field and 'aria-invalid="true"' in field
    assert 'name="clearance.confirmed" value="yes" checked' in response.text  # the answers are kept
    for table in ("profiles", "intakes", "programs", "referrals", "acknowledgements"):
        assert db_rows(table) == 0, table


@pytest.mark.parametrize("flag", ["saddle_numbness", "fever_with_back_pain"])
def test_emergency_and_urgent_answers_are_never_cleared_by_the_tick(
    client: TestClient,
    example_intake: dict[str, Any],
    intake_form: Callable[[dict[str, Any]], Form],
    post: Callable[..., Any],
    db_rows: Callable[[str], int],
    flag: str,
) -> None:
    response = post(client, "/intake", [*intake_form(_flagged(example_intake, flag, SEE_DOCTOR)), *_tick()])
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert translate(f"urgency.{load_red_flags()[flag].urgency.value}", Language.EN) in page
    assert CONFIRM_HOW[ConfirmChannel.FORM].en not in page
    assert (db_rows("programs"), db_rows("acknowledgements")) == (0, 0)


def test_the_coach_sees_which_clearance_a_client_gave(
    make_client: Callable[..., TestClient],
    sqlite_url: str,
    example_intake: dict[str, Any],
    intake_form: Callable[[dict[str, Any]], Form],
    post: Callable[..., Any],
) -> None:
    password = "a long enough password"
    db = Database(sqlite_url)
    try:
        coach = create_coach(db, "ann@example.com", "Ann Coach", password)
        token, _ = create_invite(db, coach.id, "Kim")
        kim = accept_invite(db, token, "kim@example.com", "Kim", password)
    finally:
        db.dispose()

    def signed_in(email: str) -> TestClient:
        browser = make_client(coach_mode=True)
        assert post(browser, "/login", [("email", email), ("password", password)]).status_code == 303
        return browser

    client = signed_in("kim@example.com")
    made = post(client, "/intake", [*intake_form(_flagged(example_intake, SEE_DOCTOR)), *_tick("doctor")])
    assert made.status_code == 303, made.text
    assert "Keep watching for warning signs" in client.get("/program").text

    page = html.unescape(signed_in("ann@example.com").get(f"/clients/{kim.id}").text)
    section = page.split('class="card clearances"', 1)[1].split("</section>", 1)[0]
    assert translate("client.clearances_title", Language.EN) in section
    assert f"a doctor saw them on {format_date(SEEN_ON, Language.EN)}" in section
    assert load_red_flags()[SEE_DOCTOR].question(Language.EN) in section and SEE_DOCTOR in section
