"""The language switch in a real browser: Dutch, remembered across pages and visits, then back to English."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from corecoach.catalogue import load_catalogue

CATALOGUE = load_catalogue()


def test_switch_to_dutch_and_back(page: Any, planned: Any, shoot: Callable[[Any, str], Any], t: Callable[..., str]) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text(t("welcome.title"))
    lang = page.get_by_label(t("lang.label"))
    expect(lang.get_by_role("link", name="EN")).to_have_attribute("aria-current", "true")

    lang.get_by_role("link", name="NL").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_text(t("welcome.title", "nl"))
    expect(page.locator("footer")).to_contain_text(t("disclaimer.short", "nl"))
    expect(page.get_by_label(t("lang.label", "nl")).get_by_role("link", name="NL")).to_have_attribute("aria-current", "true")
    shoot(page, "welcome-nl")

    # remembered: plain links (no ?lang=) stay Dutch, with the coaching content in Dutch too
    page.get_by_role("navigation").get_by_role("link", name=t("nav.program", "nl")).click()
    expect(page).to_have_url(re.compile(r"/program$"))
    expect(page.locator("h1")).to_have_text(t("program.title", "nl"))
    expect(page.locator("#day-mon")).to_contain_text(CATALOGUE["dead_bug"].name.nl)
    page.get_by_role("navigation").get_by_role("link", name=t("nav.session", "nl")).click()
    expect(page.locator("h1")).to_have_text(t("session.title", "nl"))
    expect(page.locator("#card-dead_bug")).to_contain_text(CATALOGUE["dead_bug"].cues[0].nl)
    expect(page.get_by_role("button", name=t("log.save", "nl"))).to_be_visible()
    shoot(page, "session-nl")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    # and back to English, on the page where the switch was used
    page.get_by_label(t("lang.label", "nl")).get_by_role("link", name="EN").click()
    expect(page).to_have_url(re.compile(r"/session\?lang=en$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text(t("session.title"))
    page.goto("/progress")
    expect(page.locator("h1")).to_have_text(t("progress.title"))
