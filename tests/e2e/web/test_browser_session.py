"""Today's session in a real browser: the rest timer, per-side set ticks, "this hurts", and the one-minute log."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from corecoach.catalogue import load_catalogue

CATALOGUE = load_catalogue()


def clock_seconds(card: Any) -> int | None:
    text = card.locator("output.clock").text_content() or ""
    found = re.fullmatch(r"(\d+) s", text.strip())
    return int(found.group(1)) if found else None


def test_a_full_session_with_timer_sets_this_hurts_and_log(
    page: Any, planned: Any, shoot: Callable[[Any, str], Any], t: Callable[..., str]
) -> None:
    page.goto("/")
    page.get_by_role("link", name=t("program.start_session")).click()
    expect(page).to_have_url(re.compile(r"/session$"))
    expect(page.locator("h1")).to_have_text(t("session.title"))
    cards = page.locator("li.exercise")
    assert cards.count() >= 3
    shoot(page, "session")

    # the timer: start it, it counts down once a second, stop it and it stays stopped
    first = cards.first
    timer = first.locator("button.timer").first
    expect(timer).to_be_visible()  # shown by session.js (hidden without JavaScript)
    start = int(timer.get_attribute("data-seconds") or "0")
    assert start >= 10
    timer.click()
    expect(timer).to_have_attribute("aria-pressed", "true")
    expect(first.locator("output.clock")).to_have_text(re.compile(rf"^({start}|{start - 1}) s$"))
    expect(first.locator("output.clock")).to_have_text(re.compile(rf"^{start - 2} s$"), timeout=5_000)
    timer.click()
    expect(timer).to_have_attribute("aria-pressed", "false")
    expect(first.locator("output.clock")).to_have_text("")
    page.wait_for_timeout(1_200)
    expect(first.locator("output.clock")).to_have_text("")

    # per-side sets on the dead bug: two full sets ticked -> the log says 2 sets; a tick starts the rest timer
    dead_bug = page.locator("#card-dead_bug")
    sets = dead_bug.locator(".set")
    expect(sets).to_have_count(3)
    expect(sets.first.locator(".set-tick")).to_have_count(2)  # left and right
    expect(sets.first).to_contain_text(t("side.left"))
    expect(sets.first).to_contain_text(t("side.right"))
    for n in range(2):
        for side in range(2):
            sets.nth(n).locator(".set-tick").nth(side).check()
    expect(page.locator("#f-ex-dead_bug-sets")).to_have_value("2")
    rest = dead_bug.locator("button.timer.rest")
    expect(rest).to_have_attribute("aria-pressed", "true")
    assert (clock_seconds(dead_bug) or 0) > 50
    sets.nth(2).locator(".set-tick").first.check()  # half a set is not a set
    expect(page.locator("#f-ex-dead_bug-sets")).to_have_value("2")
    expect(rest).to_have_attribute("aria-pressed", "true")  # ticking while it rests leaves the timer running

    # "this hurts" during the third set: pain 7 stops the exercise and fills its log row
    hurt_id = "dead_bug"
    dead_bug.get_by_role("button", name=t("session.hurts")).click()
    dead_bug.locator(".hurt-panel").get_by_role("button", name="7", exact=True).click()
    expect(dead_bug).to_have_class(re.compile(r"\bstopped\b"))
    expect(dead_bug.locator(".hurt-panel")).to_be_hidden()
    expect(dead_bug.locator(".stopped-msg")).to_be_visible()
    expect(dead_bug.locator(".stopped-msg")).to_contain_text(t("session.stopped", p="7"))
    expect(dead_bug.locator(".stopped-msg")).to_contain_text(t("session.stopped_regress"))
    expect(rest).to_have_attribute("aria-pressed", "false")  # its running timer stopped too
    expect(page.locator(f"#f-ex-{hurt_id}-pain_during")).to_have_value("7")
    expect(page.locator(f'input[name="ex.{hurt_id}.stopped"]')).to_be_checked()
    expect(page.locator(f'input[name="ex.{hurt_id}.clean_form"][value="no"]')).to_be_checked()
    expect(page.locator(f"#f-ex-{hurt_id}-sets")).to_have_value("2")

    # the one-minute log: pain before, pain during for the rest, then save
    page.select_option("#f-pain_before", "2")
    for row in page.locator("fieldset.logrow").all():
        exercise = (row.get_attribute("id") or "").removeprefix("log-")
        if exercise != hurt_id:
            row.locator(f"#f-ex-{exercise}-pain_during").select_option("1")
    page.select_option("#f-effort_rpe", "5")
    page.get_by_role("button", name=t("log.save")).click()

    expect(page.get_by_role("status")).to_have_text(t("log.saved"))
    expect(page.locator("h1")).to_have_text(t("decisions.title"))
    decisions = page.locator("li.decision")
    assert decisions.count() >= 1
    stopped = page.locator('li.decision[data-rule="regress_pain_above_5"]')
    expect(stopped).to_have_count(1)
    expect(stopped).to_contain_text(CATALOGUE[hurt_id].name.en)
    expect(stopped.locator(".tag")).to_have_text(t("action.regress"))
    expect(page.locator(".notice", has_text=t("morning.reminder"))).to_be_visible()
    shoot(page, "session-logged")

    page.get_by_role("link", name=t("nav.progress")).last.click()
    expect(page.locator(".lead")).to_have_text(t("progress.sessions", n=1))
