"""No internal words reach a person: every page of the web app, in English and Dutch, is scanned.

A page's visible text (no tags, attributes, scripts or styles; URLs and file names skipped) must
hold no snake_case token, rule id or exercise id, and the Dutch pages none of the words the house
style bans ("trede", "uit het artikel", "joint-by-joint", the formal "u"/"uw"). The pages are
rendered by the real app: single-person mode with a program, a logged session with decisions, a
next-morning check, a red-flag referral, a video analysis; coach mode with a coach and a client.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Language
from corecoach.domain.text import Text
from corecoach.motion.results import AnalysisResult, Finding, FrameStats, Movement, RepOut, Severity
from corecoach.presentation.analysis_report import render_report
from corecoach.presentation.analysis_text import FINDING_ADVICE, FINDING_LABELS
from corecoach.programs.progression import ExerciseLog
from corecoach.screening.intake import Intake
from corecoach.services.accounts import accept_invite, create_coach, create_invite
from corecoach.services.coaching import log_session, plan_from_intake
from corecoach.storage.database import Database
from visible_text import internal_words, visible_text

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
PASSWORD = "a long enough password"
LANGS = (Language.EN, Language.NL)


def _scan(pages: dict[str, str], lang: Language, *, coach: bool = False) -> list[str]:
    """Every internal word on the pages; ``coach``: the coach's own pages, where a rule's name may stand small."""
    problems = []
    for name, page in pages.items():
        problems += [f"{lang.value} {name}: {found}" for found in internal_words(visible_text(page, coach=coach), lang)]
    return problems


def _log(on: date, *, pain_during: int = 2, clean: bool = True) -> list[tuple[str, str]]:
    return [
        ("day", "mon"),
        ("session_date", on.isoformat()),
        ("pain_before", "2"),
        ("ex.dead_bug.done", "yes"),
        ("ex.dead_bug.sets", "3"),
        ("ex.dead_bug.reps_per_side", "8"),
        ("ex.dead_bug.clean_form", "yes" if clean else "no"),
        ("ex.dead_bug.pain_during", str(pain_during)),
    ]


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_single_person_pages_speak_plain_words(
    make_client: Callable[..., TestClient],
    post: Callable[..., Any],
    example_intake: dict[str, Any],
    intake_form: Callable[[dict[str, Any]], list[tuple[str, str]]],
    fake_runner: Any,
    wait_job: Callable[..., dict[str, Any]],
    catalogue: Catalogue,
    lang: Language,
) -> None:
    client = make_client(runner=fake_runner)
    client.get(f"/?lang={lang.value}")
    pages: dict[str, str] = {"welcome": client.get("/").text, "no program": client.get("/program").text}
    pages["intake"] = client.get("/intake").text
    bad = post(client, "/intake", [("person.name", "")])
    pages["intake with errors"] = bad.text
    assert post(client, "/intake", intake_form(example_intake)).status_code == 303
    today = date.today()
    for path in ("/", "/program", "/program/print", "/session", "/session?day=wed", "/morning", "/progress", "/data", "/analyses"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        pages[path] = response.text
    pages["logged, not yet"] = post(client, "/session", _log(today - timedelta(days=5))).text
    pages["morning, held"] = post(client, "/morning", [("pain", "2")]).text
    post(client, "/session", _log(today - timedelta(days=3)))
    pages["morning, up"] = post(client, "/morning", [("pain", "1")]).text
    pages["logged, too painful"] = post(client, "/session", _log(today - timedelta(days=1), pain_during=7, clean=False)).text
    pages["morning, signal"] = post(client, "/morning", [("pain", "6")]).text
    assert post(client, "/session/hurt", [("exercise_id", "dead_bug"), ("pain_nrs", "6")]).status_code == 201
    pages["progress after"] = client.get("/progress").text
    pages["program after"] = client.get("/program").text
    pages["exercises"] = client.get("/exercises").text
    for function in ("anti_extension", "anti_lateral_flexion", "anti_rotation"):
        pages[f"exercises {function}"] = client.get(f"/exercises?function={function}").text
    for exercise in catalogue:
        pages[f"exercise {exercise.id}"] = client.get(f"/exercises/{exercise.id}").text
    glossary = client.get("/glossary")
    assert glossary.status_code == 200 and "Pallof press" in glossary.text
    assert ("Anti-extensie" if lang is Language.NL else "Anti-extension") in glossary.text  # the technical term lives here
    pages["glossary"] = glossary.text
    pages["not found"] = client.get("/exercises/no_such_exercise").text
    upload = client.post(
        "/analyses",
        params={"csrf_token": client.cookies.get("corecoach_csrf")},
        data={"movement": "squat"},
        files={"file": ("squat.mp4", MP4_HEAD + b"\x00" * 100, "application/octet-stream")},
    )
    job_id = upload.headers["location"].rsplit("/", 1)[-1]
    assert wait_job(client, job_id)["state"] == "done"
    pages["analysis"] = client.get(f"/analyses/{job_id}").text
    assert not _scan(pages, lang), "\n".join(_scan(pages, lang))


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_referral_pages_speak_plain_words(
    client: TestClient, post: Callable[..., Any], example_intake: dict[str, Any], intake_form: Callable[..., Any], lang: Language
) -> None:
    client.get(f"/?lang={lang.value}")
    pages = {}
    for flags in (["saddle_numbness"], ["night_pain"], ["no_improvement_after_month"]):
        data = {**example_intake, "red_flags": {**example_intake["red_flags"], **dict.fromkeys(flags, True)}}
        post(client, "/intake", intake_form(data))
        pages[f"referral {flags}"] = client.get("/referral").text
        pages[f"welcome {flags}"] = client.get("/").text
    assert not _scan(pages, lang), "\n".join(_scan(pages, lang))


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
def test_coach_mode_pages_speak_plain_words(
    make_client: Callable[..., TestClient],
    sqlite_url: str,
    intake: Intake,
    catalogue: Catalogue,
    entry: Callable[..., ExerciseLog],
    lang: Language,
) -> None:
    db = Database(sqlite_url)
    try:
        create_coach(db, "ann@example.com", "Ann Coach", PASSWORD)
        token, _ = create_invite(db, 1, "Amy")
        amy = accept_invite(db, token, "amy@example.com", "Amy", PASSWORD)
        plan_from_intake(db, amy.profile_name or "", intake, catalogue)
        day = date.today() - timedelta(days=1)
        log_session(db, amy.profile_name or "", [entry("dead_bug", day, pain_during=7)], catalogue)
        open_token, _ = create_invite(db, 1, "Abe")
    finally:
        db.dispose()
    pages: dict[str, str] = {}
    coach_pages: dict[str, str] = {}
    anonymous = make_client(coach_mode=True)
    anonymous.get(f"/login?lang={lang.value}")
    pages["login"] = anonymous.get("/login").text
    pages["invite"] = anonymous.get(f"/invite/{open_token}").text
    pages["bad invite"] = anonymous.get("/invite/not-a-token").text
    for who in ("ann", "amy"):
        browser = make_client(coach_mode=True)
        browser.get(f"/login?lang={lang.value}")
        csrf = browser.cookies.get("corecoach_csrf")
        assert browser.post("/login", data={"csrf_token": csrf, "email": f"{who}@example.com", "password": PASSWORD}).status_code == 303
        if who == "ann":
            coach_pages["coach"] = browser.get("/coach").text
            coach_pages["client"] = browser.get(f"/clients/{amy.id}").text
            adjusted = browser.post(
                f"/clients/{amy.id}/adjust",
                data={"csrf_token": csrf, "function": "anti_extension", "exercise_id": "dead_bug_heel_slide", "reason": "Back one step."},
            )
            assert adjusted.status_code == 303, adjusted.text
            coach_pages["client adjusted"] = browser.get(f"/clients/{amy.id}?adjusted=1").text
        else:
            for path in ("/", "/program", "/progress", "/session"):
                pages[f"client {path}"] = browser.get(path).text
    # the coach still sees which rule decided, small, next to the plain words
    assert '<small class="rule-id"' in coach_pages["client"] and "regress_pain_above_5" in coach_pages["client"]
    problems = _scan(pages, lang) + _scan(coach_pages, lang, coach=True)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.value)
@pytest.mark.parametrize("movement", [Movement.SQUAT, Movement.PALLOF_PRESS, Movement.SIDE_PLANK], ids=str)
def test_analysis_report_speaks_plain_words(lang: Language, movement: Movement) -> None:
    """The report a video analysis writes, with every kind of finding it names and a row per rep."""
    findings = [
        Finding(
            id=finding_id,
            severity=Severity.MINOR,
            confidence=0.7,
            start_s=0.5,
            end_s=1.5,
            value=12.0,
            threshold=10.0,
            unit="deg",
            message=FINDING_ADVICE.get(finding_id, Text(en="Seen in the clip.", nl="Gezien in de opname.")),
        )
        for finding_id in FINDING_LABELS
    ]
    reps = [
        RepOut(index=i + 1, start_s=float(i), bottom_s=i + 0.5, end_s=i + 0.9, metrics={"knee_flexion_bottom_deg": 100.0}, clean=i % 2 == 0)
        for i in range(3)
    ]
    result = AnalysisResult(
        file="clip.mp4",
        movement=movement,
        movement_confidence=0.9,
        view="side",
        view_confidence=0.9,
        views=[],
        reps=3,
        reps_per_side=None,
        hold_s=None,
        per_rep=reps,
        findings=findings,
        notes=[],
        frames=FrameStats(analysed=30, with_person=30, full_body=30, fps=30.0, duration_s=3.0, people_max=1),
    )
    page = render_report(result, lang, [], b"\x89PNG\r\n\x1a\n", "clip_annotated.mp4")
    problems = _scan({f"report {movement.value}": page}, lang)
    assert not problems, "\n".join(problems)
