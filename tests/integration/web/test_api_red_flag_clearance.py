"""The JSON API and the red-flag clearance: a "see a doctor" answer without ``clearance`` is 409 with a referral
that says how to come back; with it, the program with ``clearance`` (who, when, the answers it covers, the warning
signs), also from GET /api/program; emergency answers stay 409 whatever the clearance; in a session, a "see a doctor"
answer the clearance covers is stored without a stop; the coach's client JSON lists the clearances."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corecoach.domain.enums import Language
from corecoach.screening.red_flags import CONFIRM_HOW, EMERGENCY_ACTION, ConfirmChannel, load_red_flags
from corecoach.screening.triage import SafetyNet
from corecoach.services.accounts import accept_invite, create_coach, create_invite
from corecoach.storage.database import Database

SEEN_ON = date.today() - timedelta(days=6)
CLEARANCE = {"seen_by": "physio", "seen_on": SEEN_ON.isoformat()}
SEE_DOCTOR = ["night_pain", "no_improvement_after_month"]  # in the data file's order: no_improvement first
IN_FILE_ORDER = ["no_improvement_after_month", "night_pain"]


def _intake(example_intake: dict[str, Any], *flags: str, clearance: dict[str, Any] | None = None) -> dict[str, Any]:
    data = {**example_intake, "red_flags": {**example_intake["red_flags"], **dict.fromkeys(flags, True)}}
    if clearance is not None:
        data["clearance"] = clearance
    return data


def _entry() -> dict[str, Any]:
    return {"exercise_id": "dead_bug", "sets": 3, "reps_per_side": 8, "clean_form": True, "pain_before": 2, "pain_during": 2}


def _check_clearance(document: dict[str, Any]) -> None:
    flags = load_red_flags()
    net = SafetyNet(red_flag_ids=tuple(IN_FILE_ORDER), seen_by="physio", seen_on=SEEN_ON)
    assert (document["seen_by"], document["seen_on"]) == ("physio", SEEN_ON.isoformat())
    assert document["red_flag_ids"] == IN_FILE_ORDER
    assert document["reported"] == [flags[i].question.model_dump() for i in IN_FILE_ORDER]
    assert [w["en"] for w in document["watch_for"]] == net.watch(Language.EN)
    assert [w["nl"] for w in document["watch_for"]] == net.watch(Language.NL)
    assert any(EMERGENCY_ACTION.en in w["en"] for w in document["watch_for"])
    assert document["advice"] == {lang.value: net.lines(lang) for lang in Language}


def test_see_doctor_answer_without_clearance_is_409_with_how_to_confirm(client: TestClient, example_intake: dict[str, Any]) -> None:
    response = client.post("/api/plan", json=_intake(example_intake, *SEE_DOCTOR))
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["error"]["type"] == "RedFlagStop" and body["program"] is None
    referral = body["referral"]
    assert referral["urgency"] == "see_doctor_before_starting"
    assert referral["red_flag_ids"] == IN_FILE_ORDER
    assert referral["how_to_confirm"] == CONFIRM_HOW[ConfirmChannel.API].model_dump()
    assert "POST /api/plan" in referral["how_to_confirm"]["en"] and "clearance" in referral["how_to_confirm"]["nl"]
    # the stopped profile's program answers the same referral, still saying how to come back
    stopped = client.get("/api/program")
    assert stopped.status_code == 409
    assert stopped.json()["referral"]["how_to_confirm"] == referral["how_to_confirm"]


def test_with_clearance_the_plan_and_the_program_carry_it(client: TestClient, example_intake: dict[str, Any]) -> None:
    assert client.post("/api/plan", json=_intake(example_intake, *SEE_DOCTOR)).status_code == 409  # first stopped
    response = client.post("/api/plan", json=_intake(example_intake, *SEE_DOCTOR, clearance=CLEARANCE))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["program"]["week"] and body["program"]["phases"]
    _check_clearance(body["clearance"])

    program = client.get("/api/program")
    assert program.status_code == 200
    current = program.json()
    _check_clearance(current["clearance"])
    assert {k: v for k, v in current.items() if k != "clearance"} == body["program"]


def test_without_red_flags_the_clearance_is_null(client: TestClient, example_intake: dict[str, Any]) -> None:
    body = client.post("/api/plan", json=example_intake).json()
    assert body["clearance"] is None
    assert client.get("/api/program").json()["clearance"] is None


@pytest.mark.parametrize("flag", ["saddle_numbness", "trauma"])
def test_emergency_or_urgent_answer_with_a_clearance_is_still_409(client: TestClient, example_intake: dict[str, Any], flag: str) -> None:
    response = client.post("/api/plan", json=_intake(example_intake, flag, "night_pain", clearance=CLEARANCE))
    assert response.status_code == 409, response.text
    referral = response.json()["referral"]
    assert referral["urgency"] in ("emergency", "urgent")
    assert referral["how_to_confirm"] is None  # nothing clears it
    assert client.get("/api/program").status_code == 409


@pytest.fixture
def cleared(client: TestClient, example_intake: dict[str, Any]) -> TestClient:
    assert client.post("/api/plan", json=_intake(example_intake, *SEE_DOCTOR, clearance=CLEARANCE)).status_code == 200
    return client


def test_a_session_with_an_answer_the_clearance_covers_goes_on(cleared: TestClient) -> None:
    response = cleared.post("/api/sessions", json={"red_flags": {"night_pain": True}, "entries": [_entry()]})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["decisions"]
    covered = body["red_flags_covered"]
    assert covered["red_flag_ids"] == ["night_pain"]
    assert (covered["seen_by"], covered["seen_on"]) == ("physio", SEEN_ON.isoformat())
    assert SEEN_ON.isoformat() in covered["message"]["en"] and SEEN_ON.isoformat() in covered["message"]["nl"]
    assert covered["message"]["en"].count(EMERGENCY_ACTION.en) == 1  # the warning signs once
    assert cleared.get("/api/program").status_code == 200
    assert cleared.get("/api/progress").json()["stopped_red_flag"] is False
    # a session without red flags carries none
    assert cleared.post("/api/sessions", json={"entries": [_entry()]}).json()["red_flags_covered"] is None


def test_a_session_with_an_answer_the_clearance_does_not_cover_is_409_with_how_to_confirm(cleared: TestClient) -> None:
    response = cleared.post("/api/sessions", json={"red_flags": ["night_pain", "immunosuppression"], "entries": [_entry()]})
    assert response.status_code == 409, response.text
    referral = response.json()["referral"]
    assert referral["red_flag_ids"] == ["immunosuppression"]
    assert referral["how_to_confirm"] == CONFIRM_HOW[ConfirmChannel.API].model_dump()
    assert cleared.get("/api/program").status_code == 409


def test_a_session_with_an_emergency_answer_is_409_for_a_cleared_person(cleared: TestClient) -> None:
    response = cleared.post("/api/sessions", json={"red_flags": {"night_pain": True, "bowel_incontinence": True}, "entries": [_entry()]})
    assert response.status_code == 409, response.text
    referral = response.json()["referral"]
    assert referral["urgency"] == "emergency" and referral["how_to_confirm"] is None


def test_the_document_declares_the_clearance_and_how_to_confirm(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert "how_to_confirm" in schemas["ReferralPublic"]["properties"]
    assert "clearance" in schemas["PlanPublic"]["properties"]
    assert "clearance" in schemas["CurrentProgramPublic"]["properties"]
    assert "red_flags_covered" in schemas["SessionPublic"]["properties"]
    for path, method in (("/api/plan", "post"), ("/api/program", "get"), ("/api/sessions", "post")):
        description = document["paths"][path][method]["responses"]["409"]["description"]
        assert "see a doctor before starting" in description and "without a clearance" in description, path
        assert "how_to_confirm" in description


def test_the_coach_gets_the_clients_clearances(
    make_client: Callable[..., TestClient], sqlite_url: str, example_intake: dict[str, Any], post: Callable[..., Any]
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
    assert client.post("/api/plan", json=_intake(example_intake, *SEE_DOCTOR, clearance=CLEARANCE)).status_code == 200
    body = signed_in("ann@example.com").get(f"/api/clients/{kim.id}").json()
    assert body["clearances"] == [
        {"on": date.today().isoformat(), "seen_by": "physio", "seen_on": SEEN_ON.isoformat(), "red_flag_ids": IN_FILE_ORDER}
    ]
    assert body["red_flags"] == []


def _log_form(*flags: str) -> list[tuple[str, str]]:
    fields = [
        ("day", "mon"),
        ("session_date", date.today().isoformat()),
        ("pain_before", "2"),
        ("ex.dead_bug.done", "yes"),
        ("ex.dead_bug.sets", "3"),
        ("ex.dead_bug.reps_per_side", "8"),
        ("ex.dead_bug.clean_form", "yes"),
        ("ex.dead_bug.pain_during", "2"),
    ]
    return fields + [("red_flags", f) for f in flags]


def test_the_web_log_form_does_not_stop_for_a_covered_answer(cleared: TestClient, post: Callable[..., Any]) -> None:
    response = post(cleared, "/session", _log_form("night_pain"))
    assert response.status_code == 200, response.text
    assert 'class="referral' not in response.text and "how-to-confirm" not in response.text
    assert cleared.get("/api/program").status_code == 200
    assert cleared.get("/api/progress").json()["sessions_logged"] == 1

    # one the clearance does not cover: the referral page, saying how to come back on the form
    stopped = post(cleared, "/session", _log_form("immunosuppression"))
    assert stopped.status_code == 200
    assert 'class="how-to-confirm"' in stopped.text
    assert cleared.get("/api/program").status_code == 409
