"""Exercise demonstrations in a real browser at phone size: they show, move, respect reduced motion, fit.

The ``page`` fixture fails the test on any Content-Security-Policy violation, so the inline SVGs
(no ``<style>`` element) and the reduced-motion rule in ``app.css`` are checked against the app's CSP.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from corecoach.catalogue import load_catalogue

CATALOGUE = load_catalogue()
PHONE = {"width": 390, "height": 844}


def _no_horizontal_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url}: the page is {width} px wide on a {PHONE['width']} px phone"


def _moves(page: Any, selector: str) -> bool:
    """Whether the drawn figure (the boxes of everything in its moving group) differs half a second later."""
    script = """sel => Array.from(document.querySelectorAll(sel + ' .cc-demo-motion > *'))
        .map(el => { const b = el.getBBox(); return [b.x, b.y, b.width, b.height].map(v => v.toFixed(2)).join(','); }).join(';')"""
    before = page.evaluate(script, selector)
    page.wait_for_timeout(700)
    after = page.evaluate(script, selector)
    return bool(before) and after != before


def test_program_and_exercise_pages_show_the_demos_on_a_phone(page: Any, planned: Any, shoot: Callable[[Any, str], Any]) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/program")
    demos = page.locator("#day-mon svg.cc-demo[role=img]")
    expect(demos.first).to_be_visible()
    assert demos.count() >= 3
    first = demos.first.bounding_box()
    assert first is not None and first["width"] <= PHONE["width"] and first["height"] > 100
    expect(demos.first.locator("title")).to_contain_text(CATALOGUE["breathing_90_90"].name.en)
    _no_horizontal_scroll(page)
    shoot(page, "demo-program")
    page.set_viewport_size(PHONE)

    page.goto("/exercises/dead_bug")
    demo = page.locator("figure.demo-large svg.cc-demo[role=img]")
    expect(demo).to_be_visible()
    expect(page.get_by_role("img", name=f"{CATALOGUE['dead_bug'].name.en}: how it is done")).to_be_visible()
    assert _moves(page, "figure.demo-large"), "the demonstration moves"
    page.evaluate("document.querySelector('figure.demo-large svg').pauseAnimations()")
    assert not _moves(page, "figure.demo-large"), "paused, it stands still (the check can tell)"
    page.evaluate("document.querySelector('figure.demo-large svg').unpauseAnimations()")
    page.get_by_text("The picture in words").click()
    expect(page.locator("figure.demo-large figcaption p")).to_contain_text("Start:")
    _no_horizontal_scroll(page)
    shoot(page, "demo-exercise")


def test_session_demo_moves_and_reduced_motion_shows_the_still(page: Any, planned: Any) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/session?day=mon")
    demo = page.locator("#card-dead_bug svg.cc-demo")
    expect(demo).to_be_visible()
    expect(demo.locator(".cc-demo-motion")).to_be_visible()
    expect(demo.locator(".cc-demo-still")).to_be_hidden()
    _no_horizontal_scroll(page)

    page.emulate_media(reduced_motion="reduce")
    expect(demo.locator(".cc-demo-motion")).to_be_hidden()
    expect(demo.locator(".cc-demo-still")).to_be_visible()


def test_library_cards_load_their_pictures_when_scrolled_to(page: Any, live_server: Any) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/exercises")
    pictures = page.locator("img.cc-demo-thumb")
    assert pictures.count() == len(list(CATALOGUE))
    last = pictures.last
    last.scroll_into_view_if_needed()
    expect(last).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=last.element_handle())
    _no_horizontal_scroll(page)
