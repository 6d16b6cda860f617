"""The JSON API: the same journey as the pages, errors in one shape, statuses from one table."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corecoach.errors import (
    CatalogueError,
    CoachError,
    InvalidInputError,
    NoPersonError,
    PoseBackendError,
    ProfileNotFoundError,
    RedFlagStop,
    StorageError,
    UnknownExerciseError,
    UnsupportedFileTypeError,
    VideoReadError,
)
from corecoach.web.errors import AnalysisNotFoundError, UploadTooLargeError, error_document, status_for

API_PATHS = {
    "/api/exercises": "get",
    "/api/red-flags": "get",
    "/api/plan": "post",
    "/api/program": "get",
    "/api/sessions": "post",
    "/api/morning": "post",
    "/api/progress": "get",
    "/api/export": "get",
    "/api/profile": "delete",
    "/api/analyses": "post",
    "/api/analyses/{job_id}": "get",
}


def entry(exercise_id: str = "dead_bug", **changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "exercise_id": exercise_id,
        "sets": 3,
        "reps_per_side": 8,
        "clean_form": True,
        "pain_before": 2,
        "pain_during": 2,
    }
    doc.update(changes)
    return doc


def test_openapi_documents_every_operation(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    for path, method in API_PATHS.items():
        assert method in spec["paths"][path], path
    plan = spec["paths"]["/api/plan"]["post"]
    assert "409" in plan["responses"] and "422" in plan["responses"]
    assert "RedFlagStopPublic" in spec["components"]["schemas"]
    assert "multipart/form-data" in spec["paths"]["/api/analyses"]["post"]["requestBody"]["content"]
    assert all(not p.startswith("/program") for p in spec["paths"])  # pages are not part of the API


def test_api_docs_come_from_this_server(client: TestClient) -> None:
    """Swagger UI from the vendored wheel, started by a script file: no CDN, no inline script."""
    import re

    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "text/html" in docs.headers["content-type"]
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    assert not re.search(r"(src|href)=\"(https?:)?//", docs.text), "nothing loaded from another host"
    assert re.search(r"<script>\s*\S", docs.text) is None, "no inline script"
    for asset in re.findall(r'(?:src|href)="(/[^"]+)"', docs.text):
        assert client.get(asset).status_code == 200, asset


def test_catalogue_and_red_flags(client: TestClient, catalogue: Any) -> None:
    everything = client.get("/api/exercises").json()
    assert len(everything) == len(list(catalogue))
    rotation = client.get("/api/exercises?function=anti_rotation").json()
    assert rotation and all("anti_rotation" in e["functions"] for e in rotation)
    assert {"pallof_press_standing", "pallof_press_half_kneeling"} <= {e["id"] for e in rotation}
    bad = client.get("/api/exercises?function=abs")
    assert bad.status_code == 422
    assert bad.json()["error"]["problems"][0].startswith("query.function")
    assert client.get("/api/exercises/dead_bug").json()["name"]["nl"]
    assert client.get("/api/exercises/nope").status_code == 404
    flags = client.get("/api/red-flags").json()
    assert len(flags) >= 10
    assert {"id", "category", "urgency", "en", "nl", "source"} <= set(flags[0])
    assert client.get("/api/intake-schema").json()["title"] == "corecoach intake"


def test_the_journey_through_the_api(client: TestClient, example_intake: dict[str, Any]) -> None:
    assert client.get("/api/program").status_code == 404
    assert client.get("/api/progress").json()["error"]["type"] == "ProfileNotFoundError"
    planned = client.post("/api/plan", json=example_intake)
    assert planned.status_code == 200
    program = planned.json()["program"]
    assert [p["function"] for p in program["phases"]][:2] == ["breathing", "anti_extension"]
    assert client.get("/api/program").json() == {**program, "clearance": None}  # no red flag: no clearance

    today = date.today()
    first = client.post("/api/sessions", json={"date": (today - timedelta(days=2)).isoformat(), "entries": [entry()]})
    assert first.status_code == 201
    assert first.json()["decisions"][0]["rule"] == "hold_criterion_not_met"
    client.post("/api/morning", json={"pain_nrs": 1})
    client.post("/api/sessions", json={"date": today.isoformat(), "entries": [entry()]})
    decided = client.post("/api/morning", json={"pain_nrs": 1}).json()
    assert decided["decisions"][0]["rule"] == "progress_criterion_met"
    assert decided["decisions"][0]["to_exercise"] == "wall_press_dead_bug"
    progress = client.get("/api/progress").json()
    assert progress["sessions_logged"] == 2
    assert any(d["rule"] == "progress_criterion_met" for d in progress["decisions"])


def test_invalid_intake_is_422_with_every_field(client: TestClient, example_intake: dict[str, Any], db_rows: Callable[[str], int]) -> None:
    bad = copy.deepcopy(example_intake)
    bad["pain"]["now_nrs"] = 11
    bad["habits"]["sitting_hours_per_day"] = -1
    bad["colour"] = "blue"
    response = client.post("/api/plan", json=bad)
    assert response.status_code == 422
    problems = response.json()["error"]["problems"]
    assert any(p.startswith("pain.now_nrs:") for p in problems)
    assert any(p.startswith("habits.sitting_hours_per_day:") for p in problems)
    assert any(p.startswith("colour:") for p in problems)
    assert db_rows("profiles") == 0
    assert client.post("/api/plan", json=[1, 2]).status_code == 422


def test_red_flag_is_409_with_the_referral(client: TestClient, example_intake: dict[str, Any], db_rows: Callable[[str], int]) -> None:
    flagged = copy.deepcopy(example_intake)
    flagged["red_flags"]["fever_with_back_pain"] = True
    response = client.post("/api/plan", json=flagged)
    assert response.status_code == 409
    body = response.json()
    assert body["error"]["type"] == "RedFlagStop"
    assert body["program"] is None
    assert body["referral"]["red_flag_ids"] == ["fever_with_back_pain"]
    assert body["referral"]["urgency"] == "urgent"
    assert body["referral"]["action"]["nl"]
    assert db_rows("programs") == 0
    assert client.get("/api/program").status_code == 409


def test_session_errors(client: TestClient, example_intake: dict[str, Any]) -> None:
    client.post("/api/plan", json=example_intake)
    unknown = client.post("/api/sessions", json={"entries": [entry("no_such_exercise")]})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["type"] == "UnknownExerciseError"
    no_measure = client.post("/api/sessions", json={"entries": [entry(reps_per_side=None)]})
    assert no_measure.status_code == 422
    pain = client.post("/api/sessions", json={"entries": [entry(pain_during=11)]})
    assert pain.status_code == 422
    assert pain.json()["error"]["problems"][0].startswith("body.entries.0.pain_during")
    flagged = client.post("/api/sessions", json={"red_flags": ["trauma"], "entries": [entry()]})
    assert flagged.status_code == 409
    assert flagged.json()["referral"]["red_flag_ids"] == ["trauma"]


def test_export_and_delete(client: TestClient, example_intake: dict[str, Any], db_rows: Callable[[str], int]) -> None:
    client.post("/api/plan", json=example_intake)
    client.post("/api/sessions", json={"entries": [entry()]})
    doc = client.get("/api/export").json()
    assert doc["format"] == "corecoach-export"
    assert doc["intakes"][0]["data"]["person"]["name"] == "Sam"
    zipped = client.get("/api/export?format=csv")
    assert zipped.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as zf:
        assert set(zf.namelist()) == {"exercise_logs.csv", "decisions.csv"}
        assert "dead_bug" in zf.read("exercise_logs.csv").decode()
    assert client.delete("/api/profile").status_code == 204
    assert db_rows("profiles") == 0 and db_rows("sessions") == 0
    assert client.get("/api/program").status_code == 404
    assert client.delete("/api/profile").status_code == 404


def test_analysis_through_the_api(
    make_client: Callable[..., TestClient], fake_runner: Any, wait_job: Callable[..., dict[str, Any]]
) -> None:
    client = make_client(runner=fake_runner)
    response = client.post(
        "/api/analyses", data={"movement": "squat"}, files={"file": ("set.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, "video/mp4")}
    )
    assert response.status_code == 202
    job = response.json()
    assert response.headers["location"] == f"/api/analyses/{job['id']}"
    done = wait_job(client, job["id"])
    assert done["state"] == "done"
    assert done["result"]["movement"] == "squat"
    assert done["urls"]["report"] == f"/analyses/{job['id']}/files/report.html"
    assert [j["id"] for j in client.get("/api/analyses").json()] == [job["id"]]
    bad_movement = client.post("/api/analyses", data={"movement": "cartwheel"}, files={"file": ("set.mp4", b"\x00\x00\x00\x18ftypmp42")})
    assert bad_movement.status_code == 422


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (RedFlagStop(None), 409),
        (UploadTooLargeError(10), 413),
        (UnsupportedFileTypeError("x"), 415),
        (InvalidInputError("x", ["a: b"]), 422),
        (UnknownExerciseError("x"), 422),
        (VideoReadError("x"), 422),
        (NoPersonError("x"), 422),
        (ProfileNotFoundError("x"), 404),
        (AnalysisNotFoundError("x"), 404),
        (StorageError("x"), 503),
        (PoseBackendError("x"), 503),
        (CatalogueError("x"), 500),
        (CoachError("x"), 500),
    ],
)
def test_one_table_maps_errors_to_statuses(error: CoachError, status: int) -> None:
    assert status_for(error) == status
    doc = error_document(error)
    assert doc["error"]["type"] == type(error).__name__
    if isinstance(error, InvalidInputError) and error.problems:
        assert doc["error"]["message"] == "x"
        assert doc["error"]["problems"] == ["a: b"]
