"""Per-request CPU time of the main non-video pages, in-process (no network, no concurrency).

Run with ``.venv/bin/python benchmarks/profile_web_pages.py`` (``--help`` for options). It builds the
app with Starlette's TestClient on a fresh SQLite file, plans ``examples/intake.yaml`` through
``POST /api/plan``, logs the same sessions as :mod:`bench_web_latency`, then requests each page
``--requests`` times and prints the mean and median milliseconds per request. With ``--profile
PAGE`` it also prints the top of a cProfile of that page's requests (cumulative time), to see
where the time goes (templates, database, pydantic, charts, middleware).

This is the number that bounds the latency under load: with one server process, a page that takes
``t`` ms of CPU can be served at most ``1000 / t`` times a second.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_INTAKE = ROOT / "examples" / "intake.yaml"
PAGES = ("/", "/program", "/session", "/progress", "/exercises")


def make_profile(client: TestClient, weeks: int = 4) -> None:
    """The same data as the latency benchmark: a plan, then two sessions a week."""
    intake = yaml.safe_load(EXAMPLE_INTAKE.read_text(encoding="utf-8"))
    planned = client.post("/api/plan", json=intake)
    assert planned.status_code == 200, planned.text
    start = date.today() - timedelta(weeks=weeks)
    for n in range(weeks * 2):
        day = start + timedelta(days=3 * n + (n % 2))
        entries = [
            {"exercise_id": "dead_bug", "sets": 3, "reps_per_side": 8, "clean_form": True, "pain_before": 3, "pain_during": 4},
            {"exercise_id": "breathing_90_90", "sets": 5, "reps": 4, "clean_form": True, "pain_before": 3, "pain_during": 2},
        ]
        logged = client.post("/api/sessions", json={"date": day.isoformat(), "entries": entries})
        assert logged.status_code == 201, logged.text


def time_page(client: TestClient, path: str, n: int) -> list[float]:
    """Milliseconds per request for ``n`` requests (after two warm-up requests)."""
    for _ in range(2):
        assert client.get(path).status_code == 200
    out: list[float] = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(path)
        out.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return out


def main(argv: list[str] | None = None) -> int:
    from corecoach.web.app import create_app
    from corecoach.web.settings import WebSettings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=200, help="requests per page, default 200")
    parser.add_argument("--profile", metavar="PAGE", action="append", default=[], help="cProfile this page (repeatable)")
    parser.add_argument("--top", type=int, default=35, help="rows of the profile to print, default 35")
    parser.add_argument("--lang", default="en", help="Accept-Language of the requests, default en")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="cc-profile-web-") as tmp:
        root = Path(tmp)
        settings: dict[str, Any] = {
            "database_url": f"sqlite:///{root / 'cc.db'}",
            "data_dir": root / "data",
            "secret_key": secrets.token_urlsafe(48),
        }
        app = create_app(WebSettings.from_env(**settings))
        with TestClient(app, base_url="http://127.0.0.1:8000", headers={"Accept-Language": args.lang}) as client:
            make_profile(client)
            client.get("/")  # the CSRF cookie a returning browser sends
            print(f"{'page':<12}{'mean ms':>10}{'median ms':>11}{'min ms':>9}")
            for path in PAGES:
                ms = time_page(client, path, args.requests)
                print(f"{path:<12}{statistics.fmean(ms):>10.2f}{statistics.median(ms):>11.2f}{min(ms):>9.2f}", flush=True)
            for path in args.profile:
                prof = cProfile.Profile()
                prof.enable()
                time_page(client, path, args.requests)
                prof.disable()
                print(f"\n--- cProfile of {args.requests} x GET {path} (cumulative) ---")
                pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
