"""A red flag in a real browser: the referral, and no program anywhere afterwards."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from corecoach.screening.red_flags import load_red_flags

FLAG = "bladder_retention"


def test_a_red_flag_ends_with_the_referral_and_no_program(
    page: Any,
    live_server: Any,
    fill_intake: Callable[..., None],
    shoot: Callable[[Any, str], Any],
    t: Callable[..., str],
) -> None:
    page.goto("/intake")
    fill_intake(page, red_flag=FLAG)
    page.get_by_role("button", name=t("intake.submit")).click()

    referral = page.locator("section.referral")
    expect(referral).to_be_visible()
    expect(referral).to_have_attribute("role", "alert")
    expect(page.locator("h1")).to_have_text(t("referral.title"))
    expect(referral.locator(".badge")).to_have_text(t("urgency.emergency"))
    expect(referral.locator("ul > li")).to_have_text([load_red_flags()[FLAG].question.en])
    expect(referral).to_contain_text(t("referral.no_program"))
    shoot(page, "referral")

    # afterwards the program page (and today's session) show the referral, never a program
    page.get_by_role("navigation").get_by_role("link", name=t("nav.program")).click()
    expect(page).to_have_url(re.compile(r"/program$"))
    expect(page.locator("h1")).to_have_text(t("referral.title"))
    expect(page.locator("ol.phases")).to_have_count(0)
    expect(page.locator("section.day")).to_have_count(0)
    page.goto("/session")
    expect(page.locator("h1")).to_have_text(t("referral.title"))
    expect(page.locator("#session-form")).to_have_count(0)
    page.goto("/")
    expect(page.locator(".notice.warn")).to_have_text(t("welcome.stopped"))

    api = page.request.get("/api/program")
    assert api.status == 409
    assert api.json()["program"] is None
    with sqlite3.connect(live_server.database) as db:
        assert db.execute("select count(*) from programs").fetchone() == (0,)
        assert db.execute("select count(*) from referrals").fetchone() == (1,)
