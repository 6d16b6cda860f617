"""Details of the session player found while driving it in a real browser ."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from corecoach.catalogue import load_catalogue

CATALOGUE = load_catalogue()


def test_the_this_hurts_button_goes_away_once_used(page: Any, planned: Any, t: Callable[..., str]) -> None:
    page.goto("/session")
    card = page.locator("#card-dead_bug")
    button = card.get_by_role("button", name=t("session.hurts"))
    button.click()
    card.locator(".hurt-panel").get_by_role("button", name="6", exact=True).click()
    expect(card.locator(".stopped-msg")).to_be_visible()
    expect(button).to_be_hidden(timeout=1_000)


def test_without_javascript_the_timers_stay_hidden(browser: Any, planned: Any) -> None:
    context = browser.new_context(base_url=planned.url, viewport={"width": 1280, "height": 800}, locale="en-US", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/session")
        expect(page.locator("#card-dead_bug .set-tick").first).to_be_visible()  # the log still works
        expect(page.locator(".hurt").first).to_be_hidden()
        expect(page.locator(".timers").first).to_be_hidden(timeout=1_000)
    finally:
        context.close()


def test_this_hurts_on_a_mobility_drill_is_answered_after_saving(page: Any, planned: Any, t: Callable[..., str]) -> None:
    drill = "open_book_rotation"
    page.goto("/session")
    card = page.locator(f"#card-{drill}")
    card.get_by_role("button", name=t("session.hurts")).click()
    card.locator(".hurt-panel").get_by_role("button", name="7", exact=True).click()
    expect(card.locator(".stopped-msg")).to_contain_text(t("session.stopped_regress"))
    page.select_option("#f-pain_before", "2")
    for row in page.locator("fieldset.logrow").all():
        exercise = (row.get_attribute("id") or "").removeprefix("log-")
        if exercise != drill:
            row.locator(f"#f-ex-{exercise}-pain_during").select_option("1")
    page.get_by_role("button", name=t("log.save")).click()
    expect(page.get_by_role("status")).to_have_text(t("log.saved"))
    answered = page.locator("li.decision", has_text=CATALOGUE[drill].name.en)
    expect(answered).to_have_attribute("data-rule", "regress_pain_above_5", timeout=1_000)
