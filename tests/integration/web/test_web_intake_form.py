"""The safety check and assessment form: errors next to their fields, nothing half-saved, red flags refer."""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corecoach.domain.enums import Language
from corecoach.web.i18n import translate

Form = list[tuple[str, str]]


def _field_html(html: str, name: str) -> str:
    """The markup of one field: from its wrapper to the next field's wrapper."""
    start = html.index(f'id="f-{name.replace(".", "-")}-wrap"')
    following = html.find('class="field', start + 10)
    return html[start : following if following != -1 else len(html)]


def _replace(fields: Form, name: str, value: str | None) -> Form:
    out = [(k, v) for k, v in fields if k != name]
    return out if value is None else [*out, (name, value)]


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "Must be 10 or less."), ("nl", "Moet 10 of minder zijn.")],
)
def test_bad_value_comes_back_next_to_its_field_and_nothing_is_stored(
    client: TestClient,
    example_intake: dict[str, Any],
    intake_form: Callable[[dict[str, Any]], Form],
    post: Callable[..., Any],
    db_rows: Callable[[str], int],
    lang: str,
    message: str,
) -> None:
    client.get(f"/?lang={lang}")
    fields = _replace(intake_form(example_intake), "pain.now_nrs", "11")
    response = post(client, "/intake", fields)
    assert response.status_code == 422
    field = _field_html(response.text, "pain.now_nrs")
    assert message in field
    assert 'value="11"' in field
    assert 'aria-invalid="true"' in field
    assert translate("form.errors_title", Language(lang)) in response.text
    summary = response.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert f"{translate('f.pain.now_nrs', Language(lang))}: {message}" in html.unescape(summary)  # the summary names the question
    # the other answers are kept
    assert 'value="Sam"' in response.text
    for table in ("profiles", "intakes", "programs", "referrals", "rungs"):
        assert db_rows(table) == 0, table


def test_several_problems_each_land_on_their_field(
    client: TestClient, example_intake: dict[str, Any], intake_form: Callable[[dict[str, Any]], Form], post: Callable[..., Any]
) -> None:
    fields = intake_form(example_intake)
    fields = _replace(fields, "habits.sitting_hours_per_day", "lots")
    fields = _replace(fields, "breathing.hand_test", None)
    fields = _replace(fields, "capability.dead_bug.clean_reps_per_side", "2,5")
    fields = _replace(fields, "psfs.1.score", "12")
    response = post(client, "/intake", fields)
    assert response.status_code == 422
    html = response.text
    assert "Enter a number." in _field_html(html, "habits.sitting_hours_per_day")
    assert "Please fill this in." in _field_html(html, "breathing.hand_test")
    assert "Enter a whole number." in _field_html(html, "capability.dead_bug.clean_reps_per_side")
    assert "Must be 10 or less." in _field_html(html, "psfs.1.score")


def test_psfs_errors_point_at_the_row_typed_in(
    client: TestClient, example_intake: dict[str, Any], intake_form: Callable[[dict[str, Any]], Form], post: Callable[..., Any]
) -> None:
    doc = copy.deepcopy(example_intake)
    doc["psfs"] = []
    fields = [*intake_form(doc), ("psfs.3.activity", "gardening"), ("psfs.3.score", "15")]
    response = post(client, "/intake", fields)
    assert response.status_code == 422
    assert "Must be 10 or less." in _field_html(response.text, "psfs.3.score")


def test_unanswered_safety_question_is_marked_and_nothing_is_stored(
    client: TestClient,
    example_intake: dict[str, Any],
    intake_form: Callable[[dict[str, Any]], Form],
    post: Callable[..., Any],
    db_rows: Callable[[str], int],
) -> None:
    fields = _replace(intake_form(example_intake), "red_flags.night_pain", None)
    response = post(client, "/intake", fields)
    assert response.status_code == 422
    assert "Answer yes or no." in _field_html(response.text, "red_flags.night_pain")
    assert db_rows("profiles") == 0


def test_hernia_needs_the_acknowledgement(
    client: TestClient, example_intake: dict[str, Any], intake_form: Callable[[dict[str, Any]], Form], post: Callable[..., Any]
) -> None:
    fields = _replace(intake_form(example_intake), "diagnoses.hernia", "yes")
    response = post(client, "/intake?lang=nl", fields)
    assert response.status_code == 422
    assert "vink dit vakje aan" in _field_html(response.text, "diagnoses.approval_acknowledged")
    fields = _replace(fields, "diagnoses.approval_acknowledged", "yes")
    assert post(client, "/intake", fields).status_code == 303


@pytest.mark.parametrize("break_other_answers", [False, True])
def test_red_flag_shows_the_referral_and_no_program_exists(
    client: TestClient,
    example_intake: dict[str, Any],
    intake_form: Callable[[dict[str, Any]], Form],
    post: Callable[..., Any],
    db_rows: Callable[[str], int],
    break_other_answers: bool,
) -> None:
    fields = _replace(intake_form(example_intake), "red_flags.saddle_numbness", "yes")
    if break_other_answers:  # a red flag wins even when the rest of the form is not valid
        fields = _replace(fields, "pain.now_nrs", "eleven")
    response = post(client, "/intake", fields)
    assert response.status_code == 200
    html = re.sub(r"\s+", " ", unescape(response.text))
    assert translate("referral.title", Language.EN) in html
    assert "emergency" in html.lower()
    assert "112" in html  # the emergency number in the referral's action
    assert translate("referral.no_program", Language.EN) in html
    assert db_rows("programs") == 0
    assert db_rows("referrals") == 1
    # every page that needs a program now shows the referral instead
    for path in ("/program", "/session", "/morning"):
        page = client.get(path)
        assert translate("referral.title", Language.EN) in page.text, path
    assert client.get("/api/program").status_code == 409
    home = client.get("/")
    assert 'href="/referral"' in home.text
    assert translate("referral.title", Language.EN) in client.get("/referral").text


def test_referral_in_dutch(
    client: TestClient, example_intake: dict[str, Any], intake_form: Callable[[dict[str, Any]], Form], post: Callable[..., Any]
) -> None:
    client.get("/?lang=nl")
    fields = _replace(intake_form(example_intake), "red_flags.night_pain", "yes")
    response = post(client, "/intake", fields)
    assert translate("referral.title", Language.NL) in response.text
    assert "huisarts" in response.text


def test_valid_intake_makes_the_program(
    client: TestClient,
    example_intake: dict[str, Any],
    intake_form: Callable[[dict[str, Any]], Form],
    post: Callable[..., Any],
    db_rows: Callable[[str], int],
    catalogue: Any,
) -> None:
    response = post(client, "/intake", intake_form(example_intake))
    assert response.status_code == 303
    assert response.headers["location"] == "/program?made=1"
    page = client.get(response.headers["location"])
    assert translate("program.made", Language.EN) in page.text
    assert catalogue["dead_bug"].name.en in page.text
    assert db_rows("programs") == 1
    assert db_rows("intakes") == 1
    # after a doctor's all-clear the same form makes a program again for a stopped profile
    flagged = _replace(intake_form(example_intake), "red_flags.trauma", "yes")
    post(client, "/intake", flagged)
    assert translate("referral.title", Language.EN) in client.get("/program").text
    assert post(client, "/intake", intake_form(example_intake)).status_code == 303
    assert catalogue["dead_bug"].name.en in client.get("/program").text


def test_fresh_form_asks_safety_first_with_step_lists(client: TestClient) -> None:
    html = client.get("/intake").text
    assert html.index("section-safety") < html.index("section-pain") < html.index("section-dead_bug")
    assert 'name="red_flags.saddle_numbness" value="yes"' in html
    assert 'name="red_flags.saddle_numbness" value="yes" checked' not in html  # no answer is given for the person
    assert translate("steps.dead_bug.3", Language.EN) in html
    assert '<svg class="figure"' in html
    assert 'name="csrf_token"' in html
