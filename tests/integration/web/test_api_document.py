"""The OpenAPI document says what the API takes and answers, so a client or a fuzzer can rely on it.

Real answers of the app are checked against the document's own schemas (JSON Schema 2020-12, the
dialect of OpenAPI 3.1), with the document's components as the place references resolve.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from corecoach.catalogue import load_catalogue


def entry() -> dict[str, Any]:
    return {"exercise_id": "dead_bug", "sets": 3, "reps_per_side": 8, "clean_form": True, "pain_before": 2, "pain_during": 2}


@pytest.fixture
def doc(client: TestClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/api/openapi.json").json()
    return document


def validator(doc: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator({**schema, "components": doc["components"]})


def answer_schema(doc: dict[str, Any], method: str, path: str, status: int) -> dict[str, Any]:
    schema: dict[str, Any] = doc["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]
    return schema


def assert_answer_matches(doc: dict[str, Any], method: str, path: str, response: Any) -> None:
    declared = answer_schema(doc, method, path, response.status_code)
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(doc, declared).iter_errors(response.json())]
    assert not errors, (method, path, response.status_code, errors[:5])


def test_the_plan_body_is_the_intake_schema(client: TestClient, doc: dict[str, Any], example_intake: dict[str, Any]) -> None:
    body = doc["paths"]["/api/plan"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/IntakeCreate"}
    intake = validator(doc, body)
    assert intake.is_valid(example_intake)
    unknown = copy.deepcopy(example_intake)
    unknown["colour"] = "blue"
    assert not intake.is_valid(unknown)  # the document refuses what the route refuses
    assert client.post("/api/plan", json=unknown).status_code == 422
    no_answer = copy.deepcopy(example_intake)
    no_answer["red_flags"].pop("trauma")
    assert not intake.is_valid(no_answer)
    # the intake's own definitions became components; nothing points at a $defs the document lacks
    assert "IntakePain" in doc["components"]["schemas"]
    assert "$defs" not in str(doc)


def test_exercise_ids_are_named_where_a_client_sends_one(doc: dict[str, Any]) -> None:
    ids = [e.id for e in load_catalogue()]
    schemas = doc["components"]["schemas"]
    for name in ("EntryCreate", "PainReportCreate", "AdjustmentCreate"):
        assert schemas[name]["properties"]["exercise_id"]["enum"] == ids, name


def test_every_answer_a_route_can_give_is_declared(doc: dict[str, Any]) -> None:
    paths = doc["paths"]
    # nothing stored yet: "this hurts" before any intake, a client without a profile, a coach's change to it
    for path, method in (
        ("/api/pain-reports", "post"),
        ("/api/clients/{client_id}", "get"),
        ("/api/clients/{client_id}/adjustments", "post"),
    ):
        assert "404" in paths[path][method]["responses"], (method, path)
    # the database could not be read or written: on every route that reaches it, and only there
    for path in ("/api/plan", "/api/program", "/api/sessions", "/api/morning", "/api/progress", "/api/export", "/api/analyses"):
        for method, operation in paths[path].items():
            assert "503" in operation["responses"], (method, path)
    for path in ("/api/red-flags", "/api/intake-schema", "/api/exercises"):
        assert "503" not in paths[path]["get"]["responses"], path


def test_answers_match_their_declared_schemas(client: TestClient, doc: dict[str, Any], example_intake: dict[str, Any]) -> None:
    assert_answer_matches(doc, "get", "/api/me", client.get("/api/me"))
    assert_answer_matches(doc, "post", "/api/pain-reports", client.post("/api/pain-reports", json={"exercise_id": "dead_bug"}))
    assert_answer_matches(doc, "get", "/api/progress", client.get("/api/progress"))  # 404: nothing stored yet
    assert_answer_matches(doc, "post", "/api/plan", client.post("/api/plan", json=example_intake))
    assert_answer_matches(doc, "post", "/api/sessions", client.post("/api/sessions", json={"entries": [entry()]}))
    assert_answer_matches(doc, "post", "/api/morning", client.post("/api/morning", json={"pain_nrs": 1}))
    pain = client.post("/api/pain-reports", json={"exercise_id": "dead_bug", "pain_nrs": 4})
    assert pain.status_code == 201
    assert_answer_matches(doc, "post", "/api/pain-reports", pain)
    progress = client.get("/api/progress")
    assert progress.status_code == 200
    assert progress.json()["sessions_logged"] == 1 and progress.json()["phases"]
    assert_answer_matches(doc, "get", "/api/progress", progress)
    flagged = client.post("/api/sessions", json={"red_flags": {"trauma": True}})
    assert flagged.status_code == 409
    assert_answer_matches(doc, "post", "/api/sessions", flagged)
    stopped = client.get("/api/progress")
    assert stopped.json()["stopped_red_flag"] is True
    assert_answer_matches(doc, "get", "/api/progress", stopped)


#: a 1x1 grey PNG: a real photo by its first bytes
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000003a7e9b55"
    "0000000a49444154789c6360000000020001e221bc330000000049454e44ae426082"
)


def test_one_movement_per_upload_as_the_document_says(client: TestClient, doc: dict[str, Any]) -> None:
    form = doc["paths"]["/api/analyses"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["properties"]["movement"]["type"] == "string" and "auto" in form["properties"]["movement"]["enum"]
    files = [("file", ("photo.png", PNG, "image/png"))]
    twice = client.post("/api/analyses", files=files, data={"movement": ["posture", "squat"]})
    assert twice.status_code == 422, twice.text
    assert twice.json()["error"]["problems"] == ["movement: give one movement, as text"]
    unknown = client.post("/api/analyses", files=files, data={"movement": "cartwheel"})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["problems"][0].startswith("movement: 'cartwheel' is not one of")
