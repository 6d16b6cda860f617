"""One red-flag shape in ``POST /api/sessions``, as in the intake and ``corecoach log --file``.

``red_flags`` is ``{id: true/false}`` or a list of the ids reported; a false answer is never a red
flag; an unknown id or an answer that is not true/false is 422 naming the field.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from corecoach.screening.red_flags import load_red_flags


def entry() -> dict[str, Any]:
    return {"exercise_id": "dead_bug", "sets": 3, "reps_per_side": 8, "clean_form": True, "pain_before": 2, "pain_during": 2}


@pytest.fixture
def api(client: TestClient, example_intake: dict[str, Any]) -> TestClient:
    assert client.post("/api/plan", json=example_intake).status_code == 200
    return client


def test_a_false_answer_is_not_a_red_flag(api: TestClient) -> None:
    response = api.post("/api/sessions", json={"red_flags": {"trauma": False}, "entries": [entry()]})
    assert response.status_code == 201, response.text
    body = response.json()
    assert "referral" not in body and body["decisions"]
    # the profile is not stopped: the program is still there
    assert api.get("/api/program").status_code == 200
    assert api.get("/api/progress").json()["sessions_logged"] == 1


def test_every_false_answer_with_no_entries_is_nothing_to_log(api: TestClient) -> None:
    answers = dict.fromkeys(load_red_flags(), False)
    response = api.post("/api/sessions", json={"red_flags": answers, "entries": []})
    assert response.status_code == 422
    assert "Nothing to log" in response.json()["error"]["message"]
    assert api.get("/api/program").status_code == 200


@pytest.mark.parametrize("red_flags", [{"trauma": True}, ["trauma"], {"trauma": True, "fever_with_back_pain": False}])
def test_a_reported_red_flag_is_409_with_the_referral(api: TestClient, red_flags: Any) -> None:
    response = api.post("/api/sessions", json={"red_flags": red_flags, "entries": [entry()]})
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["error"]["type"] == "RedFlagStop"
    assert body["program"] is None
    assert body["referral"]["red_flag_ids"] == ["trauma"]
    assert body["referral"]["action"]["en"] and body["referral"]["action"]["nl"]
    # the profile stays stopped until a doctor has seen the person
    assert api.get("/api/program").status_code == 409


@pytest.mark.parametrize(
    ("red_flags", "problem"),
    [
        ({"headache": True}, "red_flags.headache: unknown red-flag id"),
        (["trauma", "headache"], "red_flags.1: 'headache' is not a red-flag id"),
        ({"trauma": "yes"}, "red_flags.trauma: answer true or false"),
        ({"trauma": 1}, "red_flags.trauma: answer true or false"),
        ([1], "red_flags.0: expected a red-flag id"),
        ("trauma", "red_flags: expected {id: true/false}"),
    ],
)
def test_a_bad_red_flag_answer_is_422_naming_the_field(api: TestClient, red_flags: Any, problem: str) -> None:
    response = api.post("/api/sessions", json={"red_flags": red_flags, "entries": [entry()]})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["type"] == "InvalidInputError"
    assert any(p.startswith(problem) for p in error["problems"]), error["problems"]
    # nothing was stored, and nothing was stopped
    assert api.get("/api/progress").json()["sessions_logged"] == 0
    assert api.get("/api/program").status_code == 200


def test_bad_red_flags_and_bad_entries_are_named_together(api: TestClient) -> None:
    no_work = {**entry(), "reps_per_side": None}  # the schema allows it; the session's own check does not
    response = api.post("/api/sessions", json={"red_flags": {"headache": True}, "entries": [no_work]})
    assert response.status_code == 422
    problems = response.json()["error"]["problems"]
    assert any(p.startswith("red_flags.headache") for p in problems), problems
    assert any(p.startswith("entries.0:") for p in problems), problems


def test_the_document_declares_both_shapes_and_the_ids(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    field = spec["components"]["schemas"]["SessionCreate"]["properties"]["red_flags"]
    mapping, listing, nothing = field["anyOf"]
    ids = list(load_red_flags())
    assert mapping["type"] == "object" and mapping["additionalProperties"] == {"type": "boolean"}
    assert mapping["propertyNames"]["enum"] == ids
    assert listing["type"] == "array" and listing["items"]["enum"] == ids
    assert nothing == {"type": "null"}
    responses = spec["paths"]["/api/sessions"]["post"]["responses"]
    assert {"201", "409", "422"} <= set(responses)
