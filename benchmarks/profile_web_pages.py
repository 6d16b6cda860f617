"""CPU time per request of the main non-video pages, in one process, without a network or a load tool.

Run with ``.venv/bin/python benchmarks/profile_web_pages.py`` (``--help`` for options). It builds the app
with :func:`corecoach.web.app.create_app` on a fresh SQLite file, runs its lifespan, plans
``examples/intake.yaml`` through ``POST /api/plan`` and logs the same sessions as
``bench_web_latency.py``, then calls the ASGI app directly (no HTTP server, no TestClient thread) for each
page ``--requests`` times, sequentially, with the cookie a returning browser sends, and prints the
process CPU milliseconds per request (all threads; the steadiest figure on a busy machine) and the
mean, median and fastest wall milliseconds per request.

Why this number: with one server process, a page that costs ``t`` ms of CPU is served at most
``1000 / t`` times a second, and in a closed loop of N users each waits about ``N * t``; the latency
benchmark's p95 at 50 users follows it (plus the HTTP server's own cost per request).

``--users 50`` instead shares the requests among 50 concurrent clients (a closed loop, as in the
latency benchmark) and prints CPU and wall milliseconds per request (the inverse of throughput: what thread hand-offs
and contention add shows here) and the p50/p95 latency, still without HTTP parsing. The latency of
``async`` endpoints reads low here, since a request that never awaits runs start to finish once its
task starts; under a real server it waits in the socket's queue instead.

``--profile PAGE`` (repeatable) adds a cProfile of that page's requests. Sync endpoints and
dependencies normally run in Starlette's thread pool, which cProfile does not follow, so while
profiling (and with ``--inline``) that work runs on the event loop's thread instead; ``--by-package``
sums the profile's own time per library (jinja2, sqlalchemy, fastapi, ...).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_INTAKE = ROOT / "examples" / "intake.yaml"
PAGES = ("/", "/program", "/session", "/progress", "/exercises", "/static/htmx.min.js")
PACKAGES = ("jinja2", "markupsafe", "sqlalchemy", "pydantic", "fastapi", "starlette", "anyio", "asyncio", "itsdangerous")

Header = tuple[bytes, bytes]
App = Callable[..., Any]


async def call(app: App, method: str, path: str, headers: Sequence[Header] = (), body: bytes = b"") -> tuple[int, list[Header], bytes]:
    """One HTTP request straight into the ASGI app: (status, headers, body)."""
    target, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": target,
        "raw_path": target.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"accept-language", b"en"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    request_sent = False

    async def receive() -> dict[str, Any]:
        nonlocal request_sent
        if not request_sent:
            request_sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects
        raise AssertionError("unreachable")

    status = 0
    response_headers: list[Header] = []
    chunks: list[bytes] = []

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, response_headers
        if message["type"] == "http.response.start":
            status, response_headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, response_headers, b"".join(chunks)


async def make_profile(app: App, weeks: int = 4) -> None:
    """The same data as the latency benchmark: a plan, then two sessions a week."""
    intake = yaml.safe_load(EXAMPLE_INTAKE.read_text(encoding="utf-8"))
    as_json = [(b"content-type", b"application/json")]
    status, _, body = await call(app, "POST", "/api/plan", as_json, json.dumps(intake).encode())
    assert status == 200, body
    start = date.today() - timedelta(weeks=weeks)
    for n in range(weeks * 2):
        day = start + timedelta(days=3 * n + (n % 2))
        entries = [
            {"exercise_id": "dead_bug", "sets": 3, "reps_per_side": 8, "clean_form": True, "pain_before": 3, "pain_during": 4},
            {"exercise_id": "breathing_90_90", "sets": 5, "reps": 4, "clean_form": True, "pain_before": 3, "pain_during": 2},
        ]
        doc = {"date": day.isoformat(), "entries": entries}
        status, _, body = await call(app, "POST", "/api/sessions", as_json, json.dumps(doc).encode())
        assert status == 201, body


async def time_page(app: App, path: str, n: int, headers: Sequence[Header]) -> tuple[float, list[float]]:
    """``n`` sequential requests, after three warm-up requests: (process CPU ms per request, each one's wall ms)."""
    for _ in range(3):
        await call(app, "GET", path, headers)
    out: list[float] = []
    cpu0 = time.process_time()
    for _ in range(n):
        t0 = time.perf_counter()
        status, _, _ = await call(app, "GET", path, headers)
        out.append((time.perf_counter() - t0) * 1000)
        assert status == 200, (path, status)
    return (time.process_time() - cpu0) * 1000 / n, out


async def load_page(app: App, path: str, n: int, users: int, headers: Sequence[Header]) -> tuple[float, float, list[float]]:
    """``users`` concurrent clients share ``n`` requests: (wall and process CPU ms per request, each one's latency in ms)."""
    for _ in range(3):
        await call(app, "GET", path, headers)
    left = n
    latencies: list[float] = []

    async def user() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            t0 = time.perf_counter()
            status, _, _ = await call(app, "GET", path, headers)
            latencies.append((time.perf_counter() - t0) * 1000)
            assert status == 200, (path, status)

    start, cpu0 = time.perf_counter(), time.process_time()
    await asyncio.gather(*(user() for _ in range(users)))
    return (time.perf_counter() - start) * 1000 / n, (time.process_time() - cpu0) * 1000 / n, latencies


def run_threads_inline() -> None:
    """Run thread-pool work on the loop's own thread, so cProfile sees it (and hops cost nothing)."""
    import anyio.to_thread

    async def run_sync(func: Callable[..., Any], *args: Any, **_: Any) -> Any:
        return func(*args)

    anyio.to_thread.run_sync = run_sync  # type: ignore[assignment]


def package_of(filename: str, function: str) -> str:
    if "/templates/" in filename:
        return "templates (compiled Jinja)"
    tail = filename.split("site-packages/")[-1]
    for name in PACKAGES:
        if tail.startswith(name + "/") or f"/{name}/" in filename:
            return name
    if "corecoach/" in filename:
        return "corecoach." + filename.split("corecoach/")[-1].split("/")[0].removesuffix(".py")
    if filename == "~":
        return "sqlite3" if "sqlite3" in function else "builtins"
    return "stdlib"


def print_by_package(stats: pstats.Stats, requests: int) -> None:
    own: dict[str, float] = {}
    for (filename, _, function), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        key = package_of(filename, function)
        own[key] = own.get(key, 0.0) + tottime
    total = sum(own.values())
    for key, seconds in sorted(own.items(), key=lambda kv: -kv[1]):
        print(f"  {key:<28}{seconds * 1000 / requests:8.3f} ms/request (profiled){100 * seconds / total:7.1f} %")


async def run(args: argparse.Namespace) -> None:
    from corecoach.web.app import create_app
    from corecoach.web.settings import WebSettings

    if args.inline or args.profile:
        run_threads_inline()
    with tempfile.TemporaryDirectory(prefix="cc-profile-web-") as tmp:
        root = Path(tmp)
        settings = WebSettings.from_env(
            database_url=f"sqlite:///{root / 'cc.db'}", data_dir=root / "data", secret_key=secrets.token_urlsafe(48)
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            await make_profile(app)
            _, first_headers, _ = await call(app, "GET", "/")
            cookies = [v.split(b";")[0] for k, v in first_headers if k == b"set-cookie"]
            headers = [(b"cookie", b"; ".join(cookies))]
            mode = "thread-pool work inline" if args.inline or args.profile else "sync work in the thread pool, as served"
            if args.users > 1:
                print(f"{args.requests} requests per page from {args.users} concurrent users, direct ASGI calls ({mode})")
                print(f"{'page':<22}{'cpu ms/req':>11}{'wall ms/req':>12}{'p50 ms':>9}{'p95 ms':>9}")
                for path in args.pages or PAGES:
                    wall, cpu, latencies = await load_page(app, path, args.requests, args.users, headers)
                    p95 = statistics.quantiles(latencies, n=20)[-1]
                    print(f"{path:<22}{cpu:>11.2f}{wall:>12.2f}{statistics.median(latencies):>9.1f}{p95:>9.1f}", flush=True)
            else:
                print(f"{args.requests} sequential requests per page, direct ASGI calls ({mode})")
                print(f"{'page':<22}{'cpu ms/req':>11}{'mean ms':>9}{'median ms':>11}{'min ms':>9}")
                for path in args.pages or PAGES:
                    cpu, ms = await time_page(app, path, args.requests, headers)
                    print(f"{path:<22}{cpu:>11.2f}{statistics.fmean(ms):>9.2f}{statistics.median(ms):>11.2f}{min(ms):>9.2f}", flush=True)
            for path in args.profile:
                prof = cProfile.Profile()
                prof.enable()
                await time_page(app, path, args.requests, headers)
                prof.disable()
                stats = pstats.Stats(prof, stream=sys.stdout)
                print(f"\n--- cProfile of {args.requests} x GET {path} ---")
                if args.by_package:
                    print_by_package(stats, args.requests)
                else:
                    stats.sort_stats(args.sort).print_stats(args.top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("pages", nargs="*", help=f"pages to time (default: {' '.join(PAGES)})")
    parser.add_argument("--requests", type=int, default=200, help="requests per page, default 200")
    parser.add_argument(
        "--users", type=int, default=1, help="concurrent users sharing --requests (as the latency benchmark's connections), default 1"
    )
    parser.add_argument("--inline", action="store_true", help="run thread-pool work on the loop's thread (always on with --profile)")
    parser.add_argument("--profile", metavar="PAGE", action="append", default=[], help="cProfile this page (repeatable)")
    parser.add_argument("--by-package", action="store_true", help="with --profile: own time summed per library")
    parser.add_argument("--sort", default="cumulative", help="with --profile: pstats sort key, default cumulative")
    parser.add_argument("--top", type=int, default=40, help="with --profile: rows to print, default 40")
    asyncio.run(run(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
