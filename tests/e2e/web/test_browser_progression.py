"""Progression in a real browser: two qualifying dead-bug sessions and their next mornings, through the forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import expect

from corecoach.catalogue import load_catalogue

CATALOGUE = load_catalogue()


def log_dead_bug(page: Any, on: date, t: Callable[..., str]) -> None:
    """Monday's session with only the dead bug done: 3 x 8 per side, clean, pain 2 before and during."""
    page.goto("/session?day=mon")
    for box in page.locator('fieldset.logrow input[type="checkbox"][name$=".done"]').all():
        if box.get_attribute("name") != "ex.dead_bug.done":
            box.uncheck()
    page.fill("#f-session_date", on.isoformat())
    page.select_option("#f-pain_before", "2")
    page.fill("#f-ex-dead_bug-sets", "3")
    page.fill("#f-ex-dead_bug-reps_per_side", "8")
    page.check('input[name="ex.dead_bug.clean_form"][value="yes"]')
    page.select_option("#f-ex-dead_bug-pain_during", "2")
    page.get_by_role("button", name=t("log.save")).click()
    expect(page.get_by_role("status")).to_have_text(t("log.saved"))


def next_morning(page: Any, pain: int, t: Callable[..., str]) -> None:
    page.get_by_role("link", name=t("morning.link")).first.click()
    expect(page.locator("h1")).to_have_text(t("morning.title"))
    page.select_option("#f-pain", str(pain))
    page.get_by_role("button", name=t("morning.save")).click()
    expect(page.get_by_role("status")).to_have_text(t("log.saved"))


def test_two_qualifying_sessions_move_the_dead_bug_up_with_its_rule(
    page: Any, planned: Any, shoot: Callable[[Any, str], Any], t: Callable[..., str]
) -> None:
    today = date.today()
    log_dead_bug(page, today - timedelta(days=3), t)
    expect(page.locator("li.decision")).to_have_attribute("data-rule", "hold_criterion_not_met")
    next_morning(page, 2, t)

    log_dead_bug(page, today - timedelta(days=1), t)
    expect(page.locator("li.decision")).to_have_attribute("data-rule", "hold_awaiting_next_morning")
    page.get_by_role("link", name=t("morning.link")).first.click()
    shoot(page, "morning")
    page.select_option("#f-pain", "1")
    page.get_by_role("button", name=t("morning.save")).click()
    decided = page.locator("li.decision")
    expect(decided.locator(".tag")).to_have_text(t("action.progress"))
    expect(decided).to_contain_text(CATALOGUE["wall_press_dead_bug"].name.en)

    page.get_by_role("link", name=t("nav.progress")).last.click()
    expect(page).to_have_url(re.compile(r"/progress$"))
    expect(page.locator("h1")).to_have_text(t("progress.title"))
    expect(page.locator(".lead")).to_have_text(t("progress.sessions", n=2))
    newest = page.locator("ol.decisions > li.decision").first
    expect(newest).to_contain_text("One step harder, to " + CATALOGUE["wall_press_dead_bug"].name.en)
    expect(newest).to_contain_text(f"{CATALOGUE['dead_bug'].name.en} → {CATALOGUE['wall_press_dead_bug'].name.en}")
    expect(page.locator("svg.pain-chart")).to_be_visible()
    expect(page.locator("svg.rung-chart")).to_be_visible()
    expect(page.locator("svg.rung-chart .move.progress")).not_to_have_count(0)
    shoot(page, "progress")

    # the program moved on: Monday's session now has the wall-press dead bug
    page.goto("/session?day=mon")
    expect(page.locator("#card-wall_press_dead_bug")).to_be_visible()
    expect(page.locator("#card-dead_bug")).to_have_count(0)
