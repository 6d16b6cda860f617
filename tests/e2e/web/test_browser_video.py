"""Video upload in a real browser: a real shared clip -> the progress indicator -> the report with a playable annotated video."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

ANALYSIS_TIMEOUT_MS = 90_000


def test_upload_a_clip_and_watch_the_annotated_video(
    page: Any, planned: Any, clip: Path, shoot: Callable[[Any, str], Any], t: Callable[..., str]
) -> None:
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name=t("nav.video")).click()
    expect(page.locator("h1")).to_have_text(t("video.title"))
    expect(page.get_by_text(t("video.none"))).to_be_visible()
    shoot(page, "video-upload")

    page.set_input_files("#f-file", str(clip))
    page.select_option("#f-movement", "auto")
    page.get_by_role("button", name=t("video.upload")).click()

    expect(page).to_have_url(re.compile(r"/analyses/[0-9a-f]{32}$"))
    expect(page.locator("h1")).to_contain_text(clip.name)
    # while it runs: the progress indicator that htmx refreshes (the pose model takes seconds to load)
    status = page.locator("#job-status")
    expect(status).to_have_attribute("hx-trigger", "every 1s")
    expect(status.locator("progress")).to_be_visible()
    expect(status).to_have_text(re.compile(f"{re.escape(t('job.queued'))}|Analysing: frame|{re.escape(t('job.writing'))}"))

    # done: htmx reloads the page with the result, the annotated video and the report link
    video = page.locator("video.annotated")
    expect(video).to_be_visible(timeout=ANALYSIS_TIMEOUT_MS)
    expect(page.locator("#job-status")).to_have_count(0)
    expect(page.locator("dl.facts")).to_contain_text(t("result.movement"))
    src = video.get_attribute("src") or ""
    assert re.fullmatch(r"/analyses/[0-9a-f]{32}/files/[\w.-]+_annotated\.mp4", src), src
    page.wait_for_function("document.querySelector('video.annotated').readyState >= 2", timeout=15_000)
    played = page.evaluate(
        """async () => {
            const v = document.querySelector('video.annotated');
            v.muted = true;
            await v.play();
            await new Promise((resolve) => setTimeout(resolve, 100));
            return {error: v.error && v.error.code, duration: v.duration, time: v.currentTime, width: v.videoWidth};
        }"""
    )
    assert played["error"] is None, played
    assert played["duration"] > 0 and played["width"] > 0, played
    assert played["time"] > 0, played
    shoot(page, "video-report")

    report = page.get_by_role("link", name=t("job.report"))
    expect(report).to_have_attribute("href", re.compile(r"/files/report\.html$"))
    with page.context.expect_page() as opened:
        report.click()
    report_page = opened.value
    report_page.wait_for_load_state()
    assert report_page.url.endswith("/files/report.html")
    expect(report_page.locator("body")).to_contain_text(clip.name)
    report_page.close()

    # the upload page lists it as done
    page.goto("/analyses")
    expect(page.locator("ul.jobs li").first).to_contain_text(t("job.state.done"))
