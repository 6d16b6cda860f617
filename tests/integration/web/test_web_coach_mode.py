"""Coach mode through FastAPI's test client: sign-in, invites, the dashboard, client pages, and the
permission matrix (role x resource x action) checked against the policy table.

The world: coach Ann with clients Amy and Abe, coach Bob with client Bea; every client planned
from the example intake. Amy logged a painful session (pain 7 during the dead bug).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from corecoach.catalogue import Catalogue
from corecoach.domain.access import Action, Actor, Owner, Resource, Role, permitted
from corecoach.domain.enums import Language
from corecoach.programs.progression import ExerciseLog
from corecoach.screening.intake import Intake
from corecoach.services.accounts import AccountInfo, accept_invite, create_coach, create_invite
from corecoach.services.coaching import log_session, plan_from_intake
from corecoach.storage.database import Database
from corecoach.storage.orm import DecisionRecord, LoginAttempt, WebSession
from corecoach.web.deps import SESSION_COOKIE

PASSWORD = "a long enough password"


@dataclass
class World:
    db: Database
    accounts: dict[str, AccountInfo] = field(default_factory=dict)

    def id(self, who: str) -> int:
        return self.accounts[who].id


@pytest.fixture
def world(sqlite_url: str, intake: Intake, catalogue: Catalogue, entry: Callable[..., ExerciseLog]) -> Iterator[World]:
    db = Database(sqlite_url)
    w = World(db)
    w.accounts["ann"] = create_coach(db, "ann@example.com", "Ann Coach", PASSWORD)
    w.accounts["bob"] = create_coach(db, "bob@example.com", "Bob Coach", PASSWORD)
    for name, coach in (("amy", "ann"), ("abe", "ann"), ("bea", "bob")):
        token, _ = create_invite(db, w.id(coach), name.title())
        w.accounts[name] = accept_invite(db, token, f"{name}@example.com", name.title(), PASSWORD)
        plan_from_intake(db, w.accounts[name].profile_name or "", intake, catalogue)
    yesterday = date.today() - timedelta(days=1)
    log_session(db, w.accounts["amy"].profile_name or "", [entry("dead_bug", yesterday, pain_during=7)], catalogue)
    try:
        yield w
    finally:
        db.dispose()


def csrf_of(client: TestClient) -> str:
    if client.cookies.get("corecoach_csrf") is None:
        client.get("/")
    token = client.cookies.get("corecoach_csrf")
    assert token
    return token


def login(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    return client.post("/login", data={"csrf_token": csrf_of(client), "email": email, "password": password})


@pytest.fixture
def coach_client(make_client: Callable[..., TestClient], world: World, fake_runner: Any) -> Callable[[str | None], TestClient]:
    """``coach_client(who)``: a browser signed in as ``who`` (or nobody, for None) on a coach-mode app
    (video analyses run the fake runner: no pose model here)."""

    def make(who: str | None) -> TestClient:
        client = make_client(coach_mode=True, runner=fake_runner)
        if who is not None:
            response = login(client, f"{who}@example.com")
            assert response.status_code == 303, response.text
        return client

    return make


# --- sign-in ---------------------------------------------------------------------------------


def test_anonymous_pages_redirect_to_sign_in_and_api_answers_401(coach_client: Callable[[str | None], TestClient]) -> None:
    client = coach_client(None)
    for path in ("/program", "/session", "/progress", "/data", "/analyses", "/intake", "/coach"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"] == f"/login?next=%2F{path[1:]}", path
    for path in ("/api/program", "/api/progress", "/api/clients"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json()["error"]["type"] == "LoginRequiredError"
    welcome = client.get("/")
    assert welcome.status_code == 200 and 'href="/login"' in welcome.text
    assert client.get("/exercises").status_code == 200  # the catalogue is not personal


def test_sign_in_sets_a_safe_cookie_and_sends_each_role_home(coach_client: Callable[[str | None], TestClient], world: World) -> None:
    client = coach_client(None)
    response = login(client, "ANN@example.com ")  # email is matched case- and space-insensitively
    assert response.status_code == 303 and response.headers["location"] == "/coach"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE + "="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    with world.db.transaction() as s:
        stored = [r.token_hash for r in s.scalars(select(WebSession))]
    assert token not in stored and len(stored) == 1  # only the hash is kept
    client_amy = coach_client(None)
    assert login(client_amy, "amy@example.com").headers["location"] == "/program"
    assert (
        coach_client(None).post("/login", data={"csrf_token": "x", "email": "amy@example.com", "password": PASSWORD}).status_code == 403
    )  # CSRF checked on sign-in too


def test_next_only_goes_to_this_site(coach_client: Callable[[str | None], TestClient]) -> None:
    for target, expected in (("/progress", "/progress"), ("//evil.example/x", "/program"), ("https://evil.example", "/program")):
        client = coach_client(None)
        response = client.post(
            "/login", data={"csrf_token": csrf_of(client), "email": "amy@example.com", "password": PASSWORD, "next": target}
        )
        assert response.headers["location"] == expected, target


def test_wrong_password_and_unknown_email_get_the_same_answer(coach_client: Callable[[str | None], TestClient]) -> None:
    client = coach_client(None)
    wrong = login(client, "amy@example.com", "not the password")
    unknown = login(client, "nobody@example.com", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    message = "The email address or password is not right."
    assert message in wrong.text and message in unknown.text
    assert client.cookies.get(SESSION_COOKIE) is None


def test_sign_in_is_rate_limited_per_email(coach_client: Callable[[str | None], TestClient], world: World) -> None:
    client = coach_client(None)
    for _ in range(5):
        assert login(client, "abe@example.com", "guess guess guess").status_code == 401
    locked = login(client, "abe@example.com")  # even the right password waits now
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in locked.text
    assert client.cookies.get(SESSION_COOKIE) is None
    assert login(coach_client(None), "amy@example.com").status_code == 303  # other people are not locked out
    with world.db.transaction() as s:
        assert len(list(s.scalars(select(LoginAttempt).where(LoginAttempt.email == "abe@example.com")))) == 5


def test_sign_out_ends_the_session_on_the_server(coach_client: Callable[[str | None], TestClient], world: World) -> None:
    client = coach_client("amy")
    token = client.cookies.get(SESSION_COOKIE)
    assert client.get("/program").status_code == 200
    response = client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert response.status_code == 303
    assert client.get("/program").status_code == 303
    replay = coach_client(None)
    replay.cookies.set(SESSION_COOKIE, token or "")
    assert replay.get("/program").status_code == 303  # the old cookie no longer works
    with world.db.transaction() as s:
        assert list(s.scalars(select(WebSession).where(WebSession.account_id == world.id("amy")))) == []


# --- invites -------------------------------------------------------------------------------------


def test_invite_link_makes_a_client_of_that_coach_once(coach_client: Callable[[str | None], TestClient], world: World) -> None:
    ann = coach_client("ann")
    page = ann.post("/coach/invites", data={"csrf_token": csrf_of(ann), "client_name": "Ada"})
    assert page.status_code == 200
    link = re.search(r'value="http://127\.0\.0\.1:8000(/invite/[^"]+)"', page.text)
    assert link, page.text
    path = link.group(1)

    newcomer = coach_client(None)
    form = newcomer.get(path)
    assert form.status_code == 200 and "Ann Coach" in form.text and 'value="Ada"' in form.text
    bad = newcomer.post(
        path,
        data={"csrf_token": csrf_of(newcomer), "display_name": "Ada", "email": "ada", "password": "short", "password_again": "other"},
    )
    assert bad.status_code == 422
    assert "Enter an email address like name@example.com." in bad.text and "Use at least 10 characters." in bad.text
    fields = {"display_name": "Ada", "email": "ada@example.com", "password": PASSWORD, "password_again": PASSWORD, "language": "nl"}
    made = newcomer.post(path, data={"csrf_token": csrf_of(newcomer), **fields})
    assert made.status_code == 303 and made.headers["location"] == "/intake?lang=nl"
    assert newcomer.get("/intake").status_code == 200  # signed in at once, on to the safety check

    late = coach_client(None)
    again = late.post(path, data={"csrf_token": csrf_of(late), **fields, "email": "ada2@example.com"})
    assert again.status_code == 410
    used = coach_client(None).get(path)
    assert used.status_code == 410 and "used already" in used.text
    assert "Ada" in ann.get("/coach").text
    assert "Ada" not in coach_client("bob").get("/coach").text
    assert coach_client(None).get("/invite/not-a-real-token").status_code == 410


def test_clients_cannot_make_invites_or_see_the_dashboard(coach_client: Callable[[str | None], TestClient]) -> None:
    amy = coach_client("amy")
    assert amy.get("/coach").status_code == 403
    assert amy.post("/coach/invites", data={"csrf_token": csrf_of(amy)}).status_code == 403
    assert amy.get("/api/clients").status_code == 403


# --- dashboard and client page ---------------------------------------------------------------------


def test_dashboard_lists_only_own_clients_with_attention_first(coach_client: Callable[[str | None], TestClient]) -> None:
    ann = coach_client("ann")
    page = ann.get("/coach")
    assert page.status_code == 200
    text = page.text
    assert "Amy" in text and "Abe" in text and "Bea" not in text
    assert text.index("Amy") < text.index("Abe")  # needs attention comes first
    amy_row = text[text.index("Amy") : text.index("Abe")]
    assert "Pain above 5" in amy_row and "Pain 7/10." in amy_row
    for concern in ("no_session_7_days", "no_progression_4_weeks", "red_flag", "pain_above_5", "not_settled", "this_hurts"):
        assert f'<small class="rule-id">{concern}</small>' in text  # the rules are on the page, their names small for the coach
    rows = ann.get("/api/clients").json()
    assert [r["display_name"] for r in rows] == ["Amy", "Abe"]
    assert [f["concern"] for f in rows[0]["needs_attention"]] == ["pain_above_5"]
    assert rows[1]["needs_attention"] == []


def test_coach_sees_a_clients_pain_report_and_this_hurts(coach_client: Callable[[str | None], TestClient], world: World) -> None:
    abe = coach_client("abe")
    assert abe.post("/session/hurt", data={"csrf_token": csrf_of(abe), "exercise_id": "dead_bug", "pain_nrs": "8"}).status_code == 201
    assert abe.post("/api/pain-reports", json={"exercise_id": "dead_bug", "pain_nrs": 11}).status_code == 422
    ann = coach_client("ann")
    page = ann.get(f"/clients/{world.id('abe')}")
    assert page.status_code == 200
    assert '"This hurts" pressed' in html.unescape(page.text) and "this_hurts" in page.text
    amy_page = ann.get(f"/clients/{world.id('amy')}").text
    assert re.search(r"<td>2</td>\s*<td>7</td>", amy_page), "Amy's pain before 2 and during 7 are in the report"
    assert "<svg" in amy_page  # her pain per session as a chart too
    doc = ann.get(f"/api/clients/{world.id('abe')}").json()
    assert [(p["kind"], p["pain_during"]) for p in doc["pain_report"]] == [("this_hurts", 8)]
    assert {f["concern"] for f in doc["needs_attention"]} == {"pain_above_5", "this_hurts"}


def test_coach_changes_a_ladder_with_a_reason_the_client_sees(
    coach_client: Callable[[str | None], TestClient], world: World, catalogue: Catalogue
) -> None:
    ann = coach_client("ann")
    client_id = world.id("amy")
    empty = ann.post(
        f"/clients/{client_id}/adjust",
        data={"csrf_token": csrf_of(ann), "function": "anti_extension", "exercise_id": "dead_bug_heel_slide", "reason": ""},
    )
    assert empty.status_code == 422 and "Write 3 to 500 characters" in empty.text
    off_ladder = ann.post(
        f"/clients/{client_id}/adjust",
        data={"csrf_token": csrf_of(ann), "function": "anti_extension", "exercise_id": "suitcase_carry", "reason": "Try this"},
    )
    assert off_ladder.status_code == 422 and "not on this ladder" in off_ladder.text
    with world.db.transaction() as s:
        assert list(s.scalars(select(DecisionRecord).where(DecisionRecord.rule == "coach_adjustment"))) == []
    reason = "Pain 7 last time: back one step until it settles."
    done = ann.post(
        f"/clients/{client_id}/adjust",
        data={"csrf_token": csrf_of(ann), "function": "anti_extension", "exercise_id": "dead_bug_heel_slide", "reason": reason},
    )
    assert done.status_code == 303 and done.headers["location"] == f"/clients/{client_id}?adjusted=1"
    amy = coach_client("amy")
    program = amy.get("/program").text
    assert "Changes by your coach" in program and reason in program and "Ann Coach" in program
    assert catalogue["dead_bug_heel_slide"].name(Language.EN) in program
    progress = amy.get("/api/progress").json()
    last = progress["decisions"][-1]
    assert (last["rule"], last["author"], last["to_exercise"]) == ("coach_adjustment", "Ann Coach", "dead_bug_heel_slide")
    assert coach_client("abe").get("/program").text.count("Changes by your coach") == 0  # only Amy's program changed


# --- the permission matrix ---------------------------------------------------------------------

#: Each (resource, action) on Amy's data and the request that would do it for somebody else.
ON_AMY: dict[tuple[Resource, Action], Callable[[TestClient, int], Any]] = {
    (Resource.TRAINING_LOG, Action.READ): lambda c, amy: c.get(f"/clients/{amy}"),
    (Resource.PROGRESS, Action.READ): lambda c, amy: c.get(f"/api/clients/{amy}"),
    (Resource.PROGRAM_ADJUSTMENT, Action.WRITE): lambda c, amy: c.post(
        f"/api/clients/{amy}/adjustments",
        json={"function": "anti_extension", "exercise_id": "dead_bug", "reason": "Same rung, check form."},
    ),
}
ROLES = {"ann": Role.COACH, "bob": Role.COACH, "amy": Role.CLIENT, "abe": Role.CLIENT, "bea": Role.CLIENT}


@pytest.mark.parametrize("who", ["ann", "bob", "amy", "abe", "bea", None])
@pytest.mark.parametrize(("resource", "action"), list(ON_AMY))
def test_matrix_on_another_persons_data_follows_the_policy(
    coach_client: Callable[[str | None], TestClient], world: World, who: str | None, resource: Resource, action: Action
) -> None:
    client = coach_client(who)
    amy = world.accounts["amy"]
    response = ON_AMY[(resource, action)](client, amy.id)
    if who is None:
        assert response.status_code == 401 if "/api/" in str(response.url) else response.status_code == 303
        return
    allowed = permitted(Actor(world.id(who), ROLES[who]), action, resource, Owner(amy.id, amy.coach_id))
    expected_allowed = (who, resource, action) in {
        ("ann", Resource.TRAINING_LOG, Action.READ),
        ("ann", Resource.PROGRESS, Action.READ),
        ("ann", Resource.PROGRAM_ADJUSTMENT, Action.WRITE),
        ("amy", Resource.TRAINING_LOG, Action.READ),
        ("amy", Resource.PROGRESS, Action.READ),
    }
    assert allowed == expected_allowed
    if allowed:
        assert response.status_code in (200, 201), response.text
    else:
        assert response.status_code == 403, response.text
        assert "Amy" not in response.text and "dead_bug" not in response.text


#: A client's own pages: (resource, action, request). They act on the signed-in client's own data only.
OWN_PAGES: list[tuple[Resource, Action, Callable[[TestClient], Any]]] = [
    (Resource.PROGRAM, Action.READ, lambda c: c.get("/program")),
    (Resource.PROGRAM, Action.READ, lambda c: c.get("/api/program")),
    (Resource.TRAINING_LOG, Action.READ, lambda c: c.get("/session")),
    (Resource.TRAINING_LOG, Action.WRITE, lambda c: c.post("/api/pain-reports", json={"exercise_id": "dead_bug"})),
    (Resource.PROGRESS, Action.READ, lambda c: c.get("/progress")),
    (Resource.VIDEO_ANALYSIS, Action.READ, lambda c: c.get("/analyses")),
    (Resource.PERSONAL_DATA, Action.READ, lambda c: c.get("/data/export.json")),
]


@pytest.mark.parametrize("who", ["ann", "amy", "bea", None])
@pytest.mark.parametrize("case", range(len(OWN_PAGES)))
def test_matrix_own_pages_are_the_clients_own(
    coach_client: Callable[[str | None], TestClient], world: World, who: str | None, case: int
) -> None:
    resource, action, request = OWN_PAGES[case]
    response = request(coach_client(who))
    api = "/api/" in str(response.url)
    if who is None:
        assert response.status_code == (401 if api else 303)
    elif ROLES[who] is Role.COACH:
        # a coach has no training data of their own, and cannot reach a client's through these pages
        assert not permitted(Actor(world.id(who), Role.COACH), action, resource, Owner(world.id(who)))
        assert response.status_code == (403 if api else 303)
        if not api:
            assert response.headers["location"] == "/coach"
    else:
        assert permitted(Actor(world.id(who), Role.CLIENT), action, resource, Owner(world.id(who), world.accounts[who].coach_id))
        assert response.status_code in (200, 201), response.text


def test_a_client_sees_only_their_own_data(coach_client: Callable[[str | None], TestClient], world: World) -> None:
    bea = coach_client("bea")
    assert bea.get(f"/clients/{world.id('amy')}").status_code == 403
    assert bea.get(f"/clients/{world.id('bea')}").status_code == 200
    progress = bea.get("/api/progress").json()
    assert progress["sessions_logged"] == 0  # Amy's session is not Bea's
    export = bea.get("/data/export.json").json()
    assert export["account"]["email"] == "bea@example.com"
    assert "amy@example.com" not in str(export)
    assert bea.get("/clients/999999").status_code == 403  # no such client: the same answer, nothing revealed


def test_single_person_mode_has_no_accounts(client: TestClient) -> None:
    assert client.get("/login").status_code == 403
    assert client.get("/coach").status_code == 403
    assert client.get("/api/me").json() == {"mode": "single", "profile": "default", "account": None}


@pytest.mark.parametrize("path", ["/login", "/coach", "/clients/{amy}", "/invite/{token}"])
def test_every_coach_mode_form_carries_the_csrf_token(coach_client: Callable[[str | None], TestClient], world: World, path: str) -> None:
    """The forms themselves must hold the token a POST needs (a browser sends what the page has)."""
    token, _ = create_invite(world.db, world.id("ann"), "Ada")
    client = coach_client(None if path in ("/login", "/invite/{token}") else "ann")
    page = client.get(path.format(amy=world.id("amy"), token=token))
    assert page.status_code == 200
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", page.text, flags=re.S)
    assert forms
    for form in forms:
        found = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert found and found.group(1) == client.cookies.get("corecoach_csrf"), form[:200]


def test_a_red_flag_in_a_session_reaches_the_coach_and_stops_changes(
    coach_client: Callable[[str | None], TestClient], world: World
) -> None:
    abe = coach_client("abe")
    stopped = abe.post("/api/sessions", json={"entries": [], "red_flags": ["trauma"]})
    assert stopped.status_code == 409 and stopped.json()["referral"]["red_flag_ids"] == ["trauma"]
    ann = coach_client("ann")
    rows = {r["display_name"]: r for r in ann.get("/api/clients").json()}
    assert [f["concern"] for f in rows["Abe"]["needs_attention"]] == ["red_flag"]
    assert rows["Abe"]["stuck"] == []  # a stopped program is not "stuck"
    page = ann.get(f"/clients/{world.id('abe')}").text
    assert "Red flag reported" in page and "trauma" in page
    assert f'action="/clients/{world.id("abe")}/adjust"' not in page  # no program changes while stopped
    refused = ann.post(
        f"/api/clients/{world.id('abe')}/adjustments",
        json={"function": "anti_extension", "exercise_id": "dead_bug", "reason": "Keep going."},
    )
    assert refused.status_code == 422 and "red flag" in refused.json()["error"]["message"]


MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def test_the_coach_reads_a_clients_video_analysis_and_others_cannot(
    coach_client: Callable[[str | None], TestClient], world: World, wait_job: Callable[..., dict[str, Any]]
) -> None:
    amy = coach_client("amy")
    uploaded = amy.post(
        "/analyses",
        params={"csrf_token": csrf_of(amy)},
        data={"movement": "squat"},
        files={"file": ("squat.mp4", MP4_HEAD + b"\x00" * 100, "application/octet-stream")},
    )
    assert uploaded.status_code == 303, uploaded.text
    job_id = uploaded.headers["location"].rsplit("/", 1)[-1]
    assert wait_job(amy, job_id)["state"] == "done"
    amy_id = world.id("amy")

    ann = coach_client("ann")
    client_page = ann.get(f"/clients/{amy_id}").text
    assert f'href="/clients/{amy_id}/analyses/{job_id}"' in client_page
    report = ann.get(f"/clients/{amy_id}/analyses/{job_id}")
    assert report.status_code == 200
    assert f'src="/clients/{amy_id}/analyses/{job_id}/files/squat_annotated.mp4"' in report.text
    assert ann.get(f"/clients/{amy_id}/analyses/{job_id}/files/squat_annotated.mp4").status_code == 200
    assert ann.get(f"/clients/{amy_id}/analyses/{job_id}/files/report.html").headers["content-security-policy"].endswith("sandbox")
    assert ann.get(f"/clients/{amy_id}/analyses/{job_id}/files/../../cc.db").status_code == 404
    assert ann.get(f"/clients/{world.id('abe')}/analyses/{job_id}").status_code == 404  # not Abe's analysis

    for stranger in ("bob", "abe", "bea"):
        other = coach_client(stranger)
        assert other.get(f"/clients/{amy_id}/analyses/{job_id}").status_code == 403, stranger
        assert other.get(f"/clients/{amy_id}/analyses/{job_id}/files/squat_annotated.mp4").status_code == 403, stranger
        assert other.get(f"/analyses/{job_id}").status_code in (303, 404), stranger  # own-page route: not theirs
