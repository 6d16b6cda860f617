"""Fixtures for the browser tests: the real ``corecoach serve`` in a subprocess, driven by headless Chromium.

* ``live_server``: a fresh server (its own SQLite file, data folder and signing key under a temporary
  folder) for one test, stopped afterwards. Servers are started one ahead, so the next test's server
  boots while the current test runs.
* ``page``: a new browser context (no cookies, English, desktop size) on ``live_server``'s address;
  uncaught JavaScript errors and Content-Security-Policy violations fail the test.
* ``planned``: ``live_server`` with the example intake already planned through the JSON API.
* ``shoot(page, name)``: full-page screenshots at phone (390x844) and desktop (1280x800) size into
  ``test-artifacts/screenshots/`` at the repository root (git-ignored).
* ``t(key, lang="en", **values)``: the app's own words, so tests follow the wording.
* ``coach_server``: ``corecoach serve --coach`` with coach ``ann@example.com`` made by the CLI first;
  ``new_page()`` opens a page in a fresh browser context on it (one person per context).

Chromium is Debian's ``/usr/bin/chromium`` (never ``playwright install``); without it the browser tests skip.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from corecoach.domain.enums import Language
from corecoach.web.i18n import translate

REPO_ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
CORECOACH = Path(sys.executable).parent / "corecoach"
EXAMPLE_INTAKE = REPO_ROOT / "examples" / "intake.yaml"
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
DESKTOP = VIEWPORTS["desktop"]
START_TIMEOUT_S = 30.0


def shared_dir() -> Path:
    env = os.environ.get("CORECOACH_SHARED_DIR")
    return Path(env) if env else REPO_ROOT.parent / "shared"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    """One ``corecoach serve`` process on a free loopback port with its own data."""

    root: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    @property
    def database(self) -> Path:
        return self.root / "cc.db"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("CORECOACH_PROFILE", None)
        env.update(
            CORECOACH_DATABASE_URL=f"sqlite:///{self.database}",
            CORECOACH_DATA_DIR=str(self.root / "data"),
            CORECOACH_SECRET_KEY=secrets.token_urlsafe(48),
            GLOG_minloglevel="2",
            TF_CPP_MIN_LOG_LEVEL="2",
        )
        return env

    def start(self) -> LiveServer:
        self.root.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [str(CORECOACH), "serve", "--port", str(self.port)],
                env=self.env(),
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def wait_ready(self, timeout_s: float = START_TIMEOUT_S) -> LiveServer:
        assert self.proc is not None
        deadline = time.monotonic() + timeout_s
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"corecoach serve exited with {self.proc.returncode}:\n{self.log.read_text(errors='replace')}")
            try:
                if httpx.get(self.url + "/", timeout=2.0).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"corecoach serve did not answer within {timeout_s} s:\n{self.log.read_text(errors='replace')}")
            time.sleep(0.05)

    def interrupt(self) -> None:
        """Ctrl+C: uvicorn shuts the app down (lifespan) and exits; :meth:`stop` waits for it."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)

    def stop(self) -> None:
        self.interrupt()
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def api(self) -> httpx.Client:
        """A plain HTTP client on the server (no Origin header: the API's same-origin guard lets it in)."""
        return httpx.Client(base_url=self.url, timeout=30.0)

    def plan_example(self) -> dict[str, Any]:
        """Plan the shipped example intake (a beginner, no red flags) through ``POST /api/plan``."""
        intake = yaml.safe_load(EXAMPLE_INTAKE.read_text(encoding="utf-8"))
        with self.api() as client:
            response = client.post("/api/plan", json=intake)
        assert response.status_code == 200, response.text
        program: dict[str, Any] = response.json()["program"]
        return program


class ServerPool:
    """Hands out fresh servers, keeping the next one booting in the background."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self._factory = factory
        self._spare: LiveServer | None = None
        self._retired: list[LiveServer] = []

    def _spawn(self) -> LiveServer:
        return LiveServer(self._factory.mktemp("server")).start()

    def take(self) -> LiveServer:
        server = self._spare or self._spawn()
        self._spare = None
        try:
            server.wait_ready()
        except RuntimeError:
            server.stop()
            server = self._spawn().wait_ready()  # e.g. the free port was taken meanwhile: one more try
        self._spare = self._spawn()
        return server

    def retire(self, server: LiveServer) -> None:
        """Ask a used server to stop without waiting for it (:meth:`close` waits for them all)."""
        server.interrupt()
        self._retired.append(server)

    def close(self) -> None:
        if self._spare is not None:
            self._retired.append(self._spare)
            self._spare = None
        for server in self._retired:
            server.stop()
        self._retired.clear()


@pytest.fixture(scope="session")
def server_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerPool]:
    assert CORECOACH.exists(), f"console script not found at {CORECOACH}: install the package into the venv"
    pool = ServerPool(tmp_path_factory)
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture
def live_server(server_pool: ServerPool) -> Iterator[LiveServer]:
    server = server_pool.take()
    try:
        yield server
    finally:
        server_pool.retire(server)


@pytest.fixture
def planned(live_server: LiveServer) -> LiveServer:
    live_server.plan_example()
    return live_server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian Chromium is not installed at {CHROMIUM} (apt-get install -y chromium): browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageProblems:
    """What went wrong inside the page: uncaught errors and CSP violations."""

    errors: list[str] = field(default_factory=list)

    def on_console(self, message: Any) -> None:
        text = str(message.text)
        if message.type == "error" and "Content Security Policy" in text:
            self.errors.append(f"CSP: {text}")

    def on_page_error(self, error: Any) -> None:
        self.errors.append(f"uncaught: {error}")


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="en-US")
    context.set_default_timeout(15_000)
    problems = PageProblems()
    page = context.new_page()
    page.on("console", problems.on_console)
    page.on("pageerror", problems.on_page_error)
    try:
        yield page
    finally:
        context.close()
    assert not problems.errors, "errors in the page:\n" + "\n".join(problems.errors)


def take_screenshots(page: Any, name: str) -> list[Path]:
    """The current page at phone and desktop size (full page), then back to the size it had."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size or DESKTOP
    paths: list[Path] = []
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        path = SCREENSHOTS / f"{name}-{size}.png"
        page.screenshot(path=str(path), full_page=True, animations="disabled")
        paths.append(path)
    page.set_viewport_size(before)
    return paths


@pytest.fixture
def shoot() -> Callable[[Any, str], list[Path]]:
    return take_screenshots


def words(key: str, lang: str = "en", **values: Any) -> str:
    return translate(key, Language(lang), **values)


@pytest.fixture
def t() -> Callable[..., str]:
    return words


@pytest.fixture
def clip() -> Path:
    path = shared_dir() / "data" / "clips" / "pose2sim_static_standing_cam01.mp4"
    if not path.is_file():
        pytest.skip(f"shared clip not found at {path}: set CORECOACH_SHARED_DIR to the folder that holds data/clips")
    return path


def fill_beginner_intake(page: Any, red_flag: str | None = None) -> None:
    """Fill the open intake form the way a beginner with an aching back would (the example intake's answers).

    Every safety question is answered "no", except ``red_flag`` (an id) when given, answered "yes".
    """
    page.fill("#f-person-name", "Sam")
    page.fill("#f-person-age_years", "38")
    page.select_option("#f-experience", "beginner")
    questions = page.locator('input[type="radio"][name^="red_flags."][value="no"]')
    assert questions.count() > 10, "the safety check lists the red-flag questions"
    for n in range(questions.count()):
        questions.nth(n).check()
    if red_flag is not None:
        page.check(f'input[name="red_flags.{red_flag}"][value="yes"]')
    page.fill("#f-pain-now_nrs", "3")
    page.fill("#f-pain-worst_last_week_nrs", "5")
    page.fill("#f-pain-duration_weeks", "10")
    page.fill("#f-psfs-0-activity", "putting on socks")
    page.fill("#f-psfs-0-score", "6")
    page.select_option("#f-breathing-hand_test", "belly")
    page.check('input[name="breathing.ribs_stay_down_90_90"][value="yes"]')
    page.fill("#f-breathing-control_pause_s", "18")
    page.check('input[name="capability.dead_bug.back_flat"][value="yes"]')
    page.fill("#f-capability-dead_bug-clean_sets", "1")
    page.fill("#f-capability-dead_bug-clean_reps_per_side", "5")
    page.fill("#f-habits-sitting_hours_per_day", "8")
    for equipment in ("mat", "band"):
        page.check(f'input[name="equipment"][value="{equipment}"]')


@pytest.fixture
def fill_intake() -> Callable[..., None]:
    """``fill_intake(page, red_flag=None)``: see :func:`fill_beginner_intake`."""
    return fill_beginner_intake


COACH_PASSWORD = "a long enough password"


class CoachServer(LiveServer):
    """``corecoach serve --coach`` with coach Ann made through the CLI first."""

    def start(self) -> LiveServer:
        self.root.mkdir(parents=True, exist_ok=True)
        made = subprocess.run(
            [str(CORECOACH), "accounts", "add-coach", "--email", "ann@example.com", "--name", "Ann Coach", "--password-stdin"],
            input=COACH_PASSWORD + "\n",
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert made.returncode == 0, made.stderr
        assert "Coach account made for ann@example.com" in made.stdout
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [str(CORECOACH), "serve", "--coach", "--port", str(self.port)],
                env=self.env(),
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self


@pytest.fixture
def coach_server(tmp_path: Path) -> Iterator[CoachServer]:
    server = CoachServer(tmp_path / "coach-server")
    server.start()
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture
def new_page(browser: Any, coach_server: CoachServer) -> Iterator[Callable[[], Any]]:
    """``new_page()``: a page in a fresh browser context (its own cookies: one person each)."""
    contexts: list[Any] = []
    problems = PageProblems()

    def make() -> Any:
        context = browser.new_context(base_url=coach_server.url, viewport=DESKTOP, locale="en-US")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", problems.on_console)
        page.on("pageerror", problems.on_page_error)
        return page

    try:
        yield make
    finally:
        for context in contexts:
            context.close()
    assert not problems.errors, "errors in the page:\n" + "\n".join(problems.errors)
