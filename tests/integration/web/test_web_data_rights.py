"""Export (JSON, CSV) and erasure with a confirmation, from the data page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from corecoach.domain.enums import Language
from corecoach.web.i18n import translate


def test_downloads(planned: TestClient, post: Callable[..., Any]) -> None:
    post(
        planned,
        "/session",
        [
            ("day", "mon"),
            ("session_date", date.today().isoformat()),
            ("pain_before", "1"),
            ("ex.dead_bug.done", "yes"),
            ("ex.dead_bug.sets", "3"),
            ("ex.dead_bug.reps_per_side", "8"),
            ("ex.dead_bug.clean_form", "yes"),
            ("ex.dead_bug.pain_during", "1"),
        ],
    )
    page = planned.get("/data").text
    for href in ("/data/export.json", "/data/exercise_logs.csv", "/data/decisions.csv"):
        assert f'href="{href}"' in page
    exported = planned.get("/data/export.json")
    assert "attachment" in exported.headers["content-disposition"]
    assert exported.json()["sessions"][0]["entries"][0]["exercise_id"] == "dead_bug"
    logs = planned.get("/data/exercise_logs.csv")
    assert logs.headers["content-type"].startswith("text/csv")
    assert logs.text.splitlines()[0].startswith("session_date,exercise_id,sets")
    assert "hold_criterion_not_met" in planned.get("/data/decisions.csv").text
    assert planned.get("/data/secrets.csv").status_code == 404
    printable = planned.get("/program/print")
    assert printable.status_code == 200 and "<html" in printable.text
    calendar = planned.get("/program.ics")
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in calendar.content


def test_delete_needs_the_confirmation(planned: TestClient, post: Callable[..., Any], db_rows: Callable[[str], int]) -> None:
    response = post(planned, "/data/delete", [])
    assert response.status_code == 422
    field = response.text[response.text.index('id="f-confirm-wrap"') :]
    assert re.search(r'id="f-confirm-err">Tick the box to confirm\.<', field)
    assert db_rows("profiles") == 1


def test_delete_erases_everything(
    make_client: Callable[..., TestClient],
    post: Callable[..., Any],
    intake_form: Callable[[dict[str, Any]], list[tuple[str, str]]],
    example_intake: dict[str, Any],
    fake_runner: Any,
    wait_job: Callable[..., dict[str, Any]],
    db_rows: Callable[[str], int],
    tmp_path: Path,
) -> None:
    client = make_client(runner=fake_runner)
    assert post(client, "/intake", intake_form(example_intake)).status_code == 303
    job = client.post("/api/analyses", files={"file": ("a.mp4", b"\x00\x00\x00\x18ftypmp42")}).json()
    assert wait_job(client, job["id"])["state"] == "done"
    analyses = tmp_path / "data" / "web" / "analyses"
    assert any(analyses.rglob("report.html"))
    response = post(client, "/data/delete", [("confirm", "yes")])
    assert response.status_code == 303
    assert response.headers["location"] == "/?done=deleted"
    for table in ("profiles", "intakes", "programs", "rungs", "sessions", "movement_analyses"):
        assert db_rows(table) == 0, table
    assert not any(analyses.rglob("*"))
    home = client.get("/?done=deleted&lang=nl")
    assert translate("welcome.deleted", Language.NL) in home.text
    assert client.get(f"/api/analyses/{job['id']}").status_code == 404
