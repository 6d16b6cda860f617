"""Coach mode in a real browser: a coach made with the CLI, a client invited through the dashboard,
the client's "this hurts" reaching the coach's pain report, and a client kept out of another's page.

The server is the real ``corecoach serve --coach`` (its own SQLite file), the coach account is made
with ``corecoach accounts add-coach --password-stdin``, and everything else happens in Chromium.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

PASSWORD = "a long enough password"  # the coach_server fixture makes Ann with it


def sign_in(page: Any, email: str, t: Callable[..., str]) -> None:
    page.goto("/")
    page.get_by_role("link", name=t("login.submit")).first.click()
    page.get_by_label(t("login.email")).fill(email)
    page.get_by_label(t("login.password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t("login.submit")).click()


def invite_link(coach: Any, name: str, t: Callable[..., str]) -> str:
    coach.goto("/coach")
    coach.get_by_label(re.compile(re.escape(t("coach.invite_name")))).fill(name)
    coach.get_by_role("button", name=t("coach.invite_submit")).click()
    link = coach.locator("input.invite-link").input_value()
    assert "/invite/" in link
    return str(link)


def accept(page: Any, link: str, name: str, email: str, t: Callable[..., str]) -> None:
    page.goto(link)
    page.get_by_label(t("invite.name")).fill(name)
    page.get_by_label(t("login.email")).fill(email)
    page.get_by_label(re.compile("^" + re.escape(t("login.password")))).fill(PASSWORD)
    page.get_by_label(t("invite.password_again")).fill(PASSWORD)
    page.get_by_role("button", name=t("invite.submit")).click()
    expect(page).to_have_url(re.compile(r"/intake"))


def plan_example(page: Any, example: dict[str, Any]) -> None:
    """The example intake through the API, with this browser's sign-in cookie."""
    response = page.request.post("/api/plan", data=example)
    assert response.status == 200, response.text()


def test_coach_sees_a_clients_pain_report(
    new_page: Callable[[], Any], example_intake: dict[str, Any], t: Callable[..., str], shoot: Callable[[Any, str], list[Path]]
) -> None:
    coach = new_page()
    sign_in(coach, "ann@example.com", t)
    expect(coach).to_have_url(re.compile(r"/coach$"))
    expect(coach.get_by_role("heading", name=t("coach.title"))).to_be_visible()
    link = invite_link(coach, "Amy", t)

    amy = new_page()
    accept(amy, link, "Amy", "amy@example.com", t)
    plan_example(amy, example_intake)
    amy.goto("/session")
    card = amy.locator("#card-dead_bug")
    card.get_by_role("button", name=t("session.hurts")).click()
    with amy.expect_response(lambda r: r.url.endswith("/session/hurt")) as reported:
        card.locator(".hurt-panel").get_by_role("button", name="7", exact=True).click()
    assert reported.value.status == 201  # stored at once, before any log is sent

    coach.goto("/coach")
    row = coach.locator("tr.client", has_text="Amy")
    expect(row).to_have_class(re.compile(r"\battention\b"))
    expect(row.locator("li.flag.warn").first).to_contain_text(t("concern.pain_above_5"))
    expect(row).to_contain_text("Pain 7/10.")
    shoot(coach, "coach-dashboard")
    row.get_by_role("link", name="Amy").click()
    expect(coach.get_by_role("heading", name="Amy", exact=True)).to_be_visible()
    report = coach.locator("table.pain-report")
    hurt = report.locator("tr.this_hurts")
    expect(hurt).to_contain_text(t("client.this_hurts"))
    expect(hurt.locator("td").nth(3)).to_have_text("7")
    expect(coach.locator("ul.status")).to_contain_text("this_hurts")
    shoot(coach, "coach-client")

    # the coach steps the ladder back with a reason, and Amy reads it on her program
    coach.get_by_label(t("client.adjust_function"), exact=True).select_option("anti_extension")
    coach.get_by_label(t("client.adjust_exercise"), exact=True).select_option("dead_bug_heel_slide")
    reason = "Pain 7 in the dead bug: one step back until it settles."
    coach.get_by_label(t("client.adjust_reason"), exact=True).fill(reason)
    coach.get_by_role("button", name=t("client.adjust_submit")).click()
    expect(coach.get_by_role("status")).to_have_text(t("client.adjusted"))
    amy.goto("/program")
    changes = amy.locator("section.coach-changes")
    expect(changes).to_contain_text(reason)
    expect(changes).to_contain_text("Ann Coach")


def test_a_client_cannot_open_another_clients_page(
    new_page: Callable[[], Any], example_intake: dict[str, Any], t: Callable[..., str], shoot: Callable[[Any, str], list[Path]]
) -> None:
    coach = new_page()
    sign_in(coach, "ann@example.com", t)
    first, second = invite_link(coach, "Amy", t), invite_link(coach, "Abe", t)
    amy, abe = new_page(), new_page()
    accept(amy, first, "Amy", "amy@example.com", t)
    plan_example(amy, example_intake)
    accept(abe, second, "Abe", "abe@example.com", t)

    coach.goto("/coach")
    coach.locator("tr.client", has_text="Amy").get_by_role("link", name="Amy").click()
    amy_page = coach.url
    assert re.search(r"/clients/\d+$", amy_page)
    amy.goto(amy_page)
    expect(amy.get_by_role("heading", name="Amy", exact=True)).to_be_visible()  # her own page opens

    response = abe.goto(amy_page)
    assert response is not None and response.status == 403
    expect(abe.locator("main")).to_contain_text(t("error.forbidden"))
    expect(abe.locator("main")).not_to_contain_text("Amy")
    shoot(abe, "coach-forbidden")
    assert abe.request.get(amy_page.replace("/clients/", "/api/clients/")).status == 403
    abe.goto("/coach")
    expect(abe.locator("main")).to_contain_text(t("error.forbidden"))

    # and signed out, nobody sees anything but the sign-in page
    abe.get_by_role("button", name=t("nav.logout")).click()
    abe.goto(amy_page)
    expect(abe).to_have_url(re.compile(r"/login\?next="))
