"""The API documentation page in a real browser: it renders every operation from files this server
serves, with no request to any other host and no content-security-policy violation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import expect


def test_api_docs_render_offline_under_the_pages_policy(page: Any, live_server: Any) -> None:
    own = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []
    page.on("request", lambda request: elsewhere.append(request.url) if urlsplit(request.url).netloc not in ("", own) else None)
    page.goto("/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("corecoach")
    operations = page.locator(".opblock-summary-path")
    expect(operations.first).to_be_visible()
    paths = set(operations.all_inner_texts())
    assert {"/api/plan", "/api/sessions", "/api/program"} <= {p.replace("\u200b", "") for p in paths}, paths
    assert not elsewhere, f"the docs page asked other hosts for: {elsewhere}"
    # the page fixture fails the test on any CSP violation or uncaught error in the page
