"""A new user in a real browser: welcome -> the intake form -> the program; and a bad answer marked next to its field."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from corecoach.catalogue import load_catalogue
from corecoach.domain.enums import Language
from corecoach.web.i18n import weekday_name

CATALOGUE = load_catalogue()


def test_welcome_to_intake_to_program(
    page: Any, fill_intake: Callable[..., None], shoot: Callable[[Any, str], Any], t: Callable[..., str]
) -> None:
    page.goto("/")
    expect(page.locator("h1")).to_have_text(t("welcome.title"))
    expect(page.locator(".disclaimer")).to_contain_text(t("welcome.not_title"))
    shoot(page, "welcome")

    page.get_by_role("link", name=t("welcome.start")).click()
    expect(page).to_have_url(re.compile(r"/intake$"))
    expect(page.locator("h1")).to_have_text(t("intake.title"))
    # safety questions come first, and each test shows how to do it
    expect(page.locator("section.card").nth(1)).to_have_class(re.compile(r"\bsafety\b"))
    expect(page.locator("#section-dead_bug details.steps ol li").first).to_be_visible()
    shoot(page, "intake")

    fill_intake(page)
    page.get_by_role("button", name=t("intake.submit")).click()
    expect(page).to_have_url(re.compile(r"/program\?made=1$"))
    expect(page.locator("h1")).to_have_text(t("program.title"))
    expect(page.get_by_role("status")).to_have_text(t("program.made"))

    phases = page.locator("ol.phases > li.phase")
    assert phases.count() >= 2, "the program lists its phases"
    expect(phases.first).to_have_class(re.compile(r"\bopen\b"))
    expect(page.locator("ol.phases > li.phase.locked").first).to_contain_text(t("phase.locked"))

    days = page.locator("section.day")
    expect(days).to_have_count(3)  # mon, wed, fri as the form's default schedule
    for n, day in enumerate(("mon", "wed", "fri")):
        section = days.nth(n)
        expect(section).to_have_id(f"day-{day}")
        expect(section.locator("h3")).to_contain_text(weekday_name(day, Language.EN).capitalize())
        items = section.locator("ol.items > li")
        assert items.count() >= 3, f"{day}: this week's exercises are listed"
        expect(items.first.locator(".why")).to_contain_text(t("program.why"))
    expect(page.locator("#day-mon ol.items")).to_contain_text(CATALOGUE["dead_bug"].name.en)
    shoot(page, "program")

    # the library, filtered in place by htmx, and one exercise
    page.get_by_role("navigation").get_by_role("link", name=t("nav.exercises")).click()
    expect(page.locator("h1")).to_have_text(t("exercises.title"))
    every = page.locator(".exercise-list > li").count()
    shoot(page, "exercises")
    page.select_option("#f-function", "anti_rotation")
    expect(page).to_have_url(re.compile(r"/exercises\?function=anti_rotation$"))
    expect(page.locator(".exercise-list > li")).not_to_have_count(every)
    page.select_option("#f-function", "")
    expect(page.locator(".exercise-list > li")).to_have_count(every)
    page.get_by_role("link", name=CATALOGUE["dead_bug"].name.en, exact=True).click()
    expect(page).to_have_url(re.compile(r"/exercises/dead_bug$"))
    expect(page.locator("h1")).to_have_text(CATALOGUE["dead_bug"].name.en)
    expect(page.locator("main ol").first.locator("li").first).to_have_text(CATALOGUE["dead_bug"].instructions[0].en)
    shoot(page, "exercise")


def test_a_bad_answer_is_marked_next_to_its_field_and_nothing_is_saved(
    page: Any, fill_intake: Callable[..., None], shoot: Callable[[Any, str], Any], t: Callable[..., str]
) -> None:
    page.goto("/intake")
    fill_intake(page)
    page.fill("#f-pain-now_nrs", "12")
    page.get_by_role("button", name=t("intake.submit")).click()

    wrap = page.locator("#f-pain-now_nrs-wrap")
    expect(wrap).to_have_class(re.compile(r"\bhas-error\b"))
    message = wrap.locator("p.error#f-pain-now_nrs-err")
    expect(message).to_have_text("Must be 10 or less.")
    field = page.locator("#f-pain-now_nrs")
    expect(field).to_have_value("12")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", "f-pain-now_nrs-err")
    # the message sits right below the field it is about
    field_box, message_box = field.bounding_box(), message.bounding_box()
    assert field_box is not None and message_box is not None
    assert 0 <= message_box["y"] - (field_box["y"] + field_box["height"]) < 40
    # the summary at the top links to the field; the other answers are kept
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(t("form.nothing_saved"))
    expect(summary.locator('a[href="#f-pain-now_nrs-wrap"]')).to_have_text(
        t("f.pain.now_nrs") + ": Must be 10 or less."
    )  # names the question
    expect(page.locator(".has-error")).to_have_count(1)
    expect(page.locator("#f-person-name")).to_have_value("Sam")
    expect(page.locator('input[name="capability.dead_bug.back_flat"][value="yes"]')).to_be_checked()
    shoot(page, "intake-error")

    page.goto("/program")
    expect(page.locator(".notice")).to_have_text(t("program.none"))

    page.goto("/intake")
    fill_intake(page)
    page.get_by_role("button", name=t("intake.submit")).click()
    expect(page).to_have_url(re.compile(r"/program\?made=1$"))
