"""Video upload: type and size checked before the bytes are trusted, analysis in the background, results and failures."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corecoach.domain.enums import Language
from corecoach.web.app import create_app
from corecoach.web.i18n import translate
from corecoach.web.settings import WebSettings

REPO = Path(__file__).resolve().parents[3]
CLIP_NAME = "pose2sim_static_standing_cam01.mp4"
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def shared_clip() -> Path | None:
    roots = [Path(os.environ["CORECOACH_SHARED_DIR"])] if os.environ.get("CORECOACH_SHARED_DIR") else []
    roots.append(REPO.parent / "shared")
    for root in roots:
        clip = root / "data" / "clips" / CLIP_NAME
        if clip.is_file():
            return clip
    return None


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", unescape(page))


def upload(client: TestClient, csrf: str | None, name: str, content: bytes, movement: str = "auto", url: str = "/analyses") -> Any:
    """As the upload form sends it: the CSRF token in the action URL (checked before the body is read)."""
    params = {"csrf_token": csrf} if csrf is not None else None
    return client.post(url, params=params, data={"movement": movement}, files={"file": (name, content, "application/octet-stream")})


def test_a_text_file_is_refused_with_a_message(client: TestClient, csrf: Callable[[TestClient], str]) -> None:
    response = upload(client, csrf(client), "notes.txt", b"hello")
    assert response.status_code == 415
    assert "'notes.txt' is not a video or photo corecoach reads" in _text(response.text)
    assert 'id="f-file-err"' in response.text
    assert client.get("/api/analyses").json() == []


def test_a_text_file_named_mp4_is_refused_by_its_content(client: TestClient, csrf: Callable[[TestClient], str]) -> None:
    client.get("/?lang=nl")
    response = upload(client, csrf(client), "squat.mp4", b"this is not a video at all, just text\n" * 10)
    assert response.status_code == 415
    assert "'squat.mp4' heet een video, maar de inhoud is dat niet" in _text(response.text)
    api = upload(client, None, "squat.mp4", b"plain text", url="/api/analyses")
    assert api.status_code == 415
    assert api.json()["error"]["type"] == "UnsupportedFileTypeError"


def test_no_file_is_a_field_error(client: TestClient, csrf: Callable[[TestClient], str]) -> None:
    response = client.post("/analyses", params={"csrf_token": csrf(client)}, data={"movement": "auto"})
    assert response.status_code == 422
    assert translate("video.no_file", Language.EN) in response.text


def test_over_the_size_limit_is_413(make_client: Callable[..., TestClient], csrf: Callable[[TestClient], str]) -> None:
    client = make_client(max_upload_bytes=4096)
    big = MP4_HEAD + b"\x00" * (200 * 1024)
    response = upload(client, csrf(client), "long.mp4", big)
    assert response.status_code == 413
    assert "The file is too large: the limit is 4 KB" in _text(response.text)
    api = upload(client, None, "long.mp4", big, url="/api/analyses")
    assert api.status_code == 413
    assert api.json()["error"]["type"] == "UploadTooLargeError"


def test_over_the_limit_without_a_length_is_stopped_while_streaming(
    make_client: Callable[..., TestClient], csrf: Callable[[TestClient], str]
) -> None:
    client = make_client(max_upload_bytes=4096)
    token = csrf(client)
    boundary = "cc-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="long.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
        + MP4_HEAD
        + b"\x00" * (300 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(body), 8192):
            yield body[i : i + 8192]

    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "X-CSRF-Token": token}
    response = client.post("/analyses", content=chunks(), headers=headers)
    assert response.status_code == 413


def test_an_oversized_upload_is_refused_before_its_body_is_read(tmp_path: Path) -> None:
    app = create_app(WebSettings.from_env(secret_key="s" * 48, max_upload_bytes=1024 * 1024))
    reads = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"\x00" * 65536, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/analyses",
        "raw_path": b"/api/analyses",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"content-type", b"multipart/form-data; boundary=x"),
            (b"content-length", b"5000000000"),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    # a thread of its own: Playwright's sync API (browser tests in the same run) keeps a loop on the main thread
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()  # type: ignore[arg-type]
    assert sent[0]["type"] == "http.response.start"
    assert sent[0]["status"] == 413
    assert reads == 0, "not a byte of the body may be read"


def test_a_failed_analysis_shows_why(
    make_client: Callable[..., TestClient],
    csrf: Callable[[TestClient], str],
    failing_runner: Any,
    wait_job: Callable[..., dict[str, Any]],
) -> None:
    client = make_client(runner=failing_runner)
    response = upload(client, csrf(client), "my clip.mp4", MP4_HEAD + b"\x00" * 100, movement="squat")
    assert response.status_code == 303
    job_id = response.headers["location"].rsplit("/", 1)[-1]
    doc = wait_job(client, job_id)
    assert doc["state"] == "failed"
    assert doc["error_type"] == "VideoReadError"
    page = _text(client.get(f"/analyses/{job_id}").text)
    assert translate("job.failed", Language.EN) in page
    assert "my_clip.mp4 is damaged or incomplete" in page  # the CoachError's message
    assert translate("job.try_again", Language.EN) in page


def test_a_finished_analysis_without_a_program(
    make_client: Callable[..., TestClient],
    csrf: Callable[[TestClient], str],
    fake_runner: Any,
    wait_job: Callable[..., dict[str, Any]],
) -> None:
    client = make_client(runner=fake_runner)
    response = upload(client, csrf(client), "squat.mp4", MP4_HEAD + b"\x00" * 100, movement="squat")
    job_id = response.headers["location"].rsplit("/", 1)[-1]
    doc = wait_job(client, job_id)
    assert doc["state"] == "done"
    assert doc["result"]["reps"] == 5
    assert doc["recorded"] is False
    page = _text(client.get(f"/analyses/{job_id}").text)
    assert translate("job.not_recorded", Language.EN) in page
    status = client.get(f"/analyses/{job_id}/status", headers={"HX-Request": "true"})
    assert status.headers.get("hx-refresh") == "true"
    assert client.get(f"/analyses/{job_id}/files/..%2F..%2Fcc.db").status_code == 404
    assert client.get(f"/analyses/{job_id}/files/status.json").status_code == 404
    assert client.get("/analyses/not-a-job").status_code == 404
    assert client.get("/api/analyses/0123456789abcdef0123456789abcdef").status_code == 404
    listing = _text(client.get("/analyses").text)
    assert "squat.mp4" in listing


def test_a_running_analysis_is_polled_by_htmx(make_client: Callable[..., TestClient], csrf: Callable[[TestClient], str]) -> None:
    import threading

    release = threading.Event()

    def slow_runner(media: Path, out_dir: Path, movement: Any, lang: Any, on_progress: Any, on_writing: Any) -> Any:
        on_progress(2, 10)
        release.wait(10)
        raise RuntimeError("stopped by the test")

    client = make_client(runner=slow_runner)
    job_id = upload(client, csrf(client), "clip.mov", MP4_HEAD).headers["location"].rsplit("/", 1)[-1]
    try:
        page = client.get(f"/analyses/{job_id}").text
        assert f'hx-get="/analyses/{job_id}/status"' in page
        assert 'hx-trigger="every 1s"' in page
        assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    finally:
        release.set()


@pytest.mark.skipif(shared_clip() is None, reason="the shared clips are not available (../shared/data/clips)")
def test_a_real_clip_goes_from_upload_to_the_report(
    planned: TestClient, csrf: Callable[[TestClient], str], wait_job: Callable[..., dict[str, Any]]
) -> None:
    pytest.importorskip("mediapipe")
    clip = shared_clip()
    assert clip is not None
    response = upload(planned, csrf(planned), clip.name, clip.read_bytes())
    assert response.status_code == 303
    job_id = response.headers["location"].rsplit("/", 1)[-1]
    doc = wait_job(planned, job_id, timeout_s=120)
    assert doc["state"] == "done", doc["error"]
    assert doc["recorded"] is True
    assert doc["result"]["frames"]["analysed"] > 0
    page = _text(planned.get(f"/analyses/{job_id}").text)
    assert "<video" in page
    assert f"/analyses/{job_id}/files/report.html" in page
    report = planned.get(doc["urls"]["report"])
    assert report.status_code == 200
    assert "sandbox" in report.headers["content-security-policy"]
    video = planned.get(doc["urls"]["annotated"])
    assert video.status_code == 200
    assert video.headers["content-type"] == "video/mp4"
    assert video.content[4:8] == b"ftyp"
    # the upload itself is not kept; the annotated copy is
    export = planned.get("/data/export.json").json()
    assert export["movement_analyses"][0]["file_name"] == clip.name
