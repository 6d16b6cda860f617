"""Page latency of the web app under concurrent users on loopback, beside a static file of the same app.

Run with ``.venv/bin/python benchmarks/bench_web_latency.py`` (``--help`` for options). It:

1. starts the real server (``corecoach serve --port <free port>``) on a fresh SQLite file and data folder
   in a temporary directory, exactly as a user runs it (access log included, written to a file);
2. creates a profile with a plan through the JSON API (``POST /api/plan`` with ``examples/intake.yaml``)
   and logs a few weeks of sessions (``POST /api/sessions``) so the progress page has charts to draw;
3. for each main non-video page (``/``, ``/program``, ``/session``, ``/progress``, ``/exercises``) and for the
   vendored htmx under ``/static/`` served by the same app, warms up and then keeps N concurrent users
   (connections carrying the cookie a browser keeps after its first page, each sending its next request as soon as the last one is answered: a closed loop with no
   think time unless ``--think-ms``, a random pause of that mean) busy for ``--duration`` seconds, one URL at a time;
4. prints p50/p95/p99, requests per second and errors per URL, each page's p95 beside the static file's
   (ratio), and whether every page's p95 is under the target (100 ms at 50 users, issue 4).

Load tool: ``wrk`` (Debian package ``wrk``; percentiles from its Lua ``done`` hook) when installed, else a
Python asyncio + httpx load generator in a separate process. The report names the tool used. Both run
on the same cores as the server: on a 2-core machine the load generator takes some of the CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_INTAKE = ROOT / "examples" / "intake.yaml"
CORECOACH = Path(sys.executable).parent / "corecoach"
PAGES = ("/", "/program", "/session", "/progress", "/exercises")
STATIC = "/static/htmx.min.js"
TARGET_P95_MS = 100.0

WRK_SCRIPT = """
wrk.headers["Accept-Language"] = "en"
local cookie = os.getenv("CC_COOKIE") or ""
if cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
local think_ms = tonumber(os.getenv("CC_THINK_MS") or "0")
if think_ms > 0 then
  math.randomseed(os.time())
  -- uniform 0..2x the mean, so that users do not move in lockstep
  delay = function() return math.random(0, 2 * think_ms) end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("CC_RESULT %d %d %d %d %d %d %d %d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


@dataclass
class Figures:
    """Latency of one URL, in milliseconds, with throughput and failures."""

    url: str
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    seconds: float
    errors: int
    non_2xx: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


# --- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``corecoach serve`` on a free loopback port with its own database and data folder."""

    def __init__(self, root: Path, workers: int = 1) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = root / "server.log"
        env = dict(os.environ)
        env.pop("CORECOACH_PROFILE", None)
        env.update(
            CORECOACH_DATABASE_URL=f"sqlite:///{root / 'cc.db'}",
            CORECOACH_DATA_DIR=str(root / "data"),
            CORECOACH_SECRET_KEY=secrets.token_urlsafe(48),
        )
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [str(CORECOACH), "serve", "--port", str(self.port), "--workers", str(workers)],
                env=env,
                cwd=root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_ready(self, timeout_s: float = 30.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout_s
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"corecoach serve exited with {self.proc.returncode}:\n{self.log.read_text(errors='replace')}")
            try:
                if httpx.get(self.url + "/", timeout=2.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"corecoach serve did not answer within {timeout_s} s:\n{self.log.read_text(errors='replace')}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def make_profile(url: str, weeks: int = 4) -> dict[str, Any]:
    """A plan from the example intake, then two sessions a week of logs (kept on the same rungs)."""
    import httpx
    import yaml

    intake = yaml.safe_load(EXAMPLE_INTAKE.read_text(encoding="utf-8"))
    with httpx.Client(base_url=url, timeout=30.0) as client:
        planned = client.post("/api/plan", json=intake)
        if planned.status_code != 200:
            raise SystemExit(f"POST /api/plan answered {planned.status_code}: {planned.text}")
        start = date.today() - timedelta(weeks=weeks)
        for n in range(weeks * 2):
            day = start + timedelta(days=3 * n + (n % 2))
            entries = [
                # pain during 4: the rules hold (hold_pain_4_to_5), so the program keeps the same exercises
                {"exercise_id": "dead_bug", "sets": 3, "reps_per_side": 8, "clean_form": True, "pain_before": 3, "pain_during": 4},
                {"exercise_id": "breathing_90_90", "sets": 5, "reps": 4, "clean_form": True, "pain_before": 3, "pain_during": 2},
            ]
            logged = client.post("/api/sessions", json={"date": day.isoformat(), "entries": entries})
            if logged.status_code != 201:
                raise SystemExit(f"POST /api/sessions answered {logged.status_code}: {logged.text}")
        progress = client.get("/api/progress").json()
    return {"sessions": len(progress.get("sessions", [])), "decisions": len(progress.get("decisions", []))}


def returning_visitor_cookie(url: str) -> str:
    """The cookies a browser keeps after its first page (the CSRF token), sent by every simulated user."""
    import httpx

    response = httpx.get(url + "/", timeout=10.0)
    return "; ".join(f"{name}={value}" for name, value in response.cookies.items())


# --- load tools -----------------------------------------------------------------------------------


def run_wrk(url: str, users: int, duration_s: float, think_ms: int, cookie: str, script: Path) -> Figures:
    threads = max(1, min(users, os.cpu_count() or 1))
    env = dict(os.environ, CC_THINK_MS=str(think_ms), CC_COOKIE=cookie)
    seconds = max(1, round(duration_s))  # wrk takes whole seconds
    cmd = ["wrk", "-t", str(threads), "-c", str(users), "-d", f"{seconds}s", "--timeout", "10s", "-s", str(script), url]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, timeout=seconds + 60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("CC_RESULT ")), None)
    if out.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    p50, p95, p99, mx, requests, dur_us, errors, non_2xx = (int(v) for v in line.split()[1:])
    return Figures(url, p50 / 1000, p95 / 1000, p99 / 1000, mx / 1000, requests, dur_us / 1e6, errors, non_2xx)


async def _httpx_load(url: str, users: int, duration_s: float, think_ms: int, cookie: str) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    errors = 0
    non_2xx = 0
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    headers = {"Accept-Language": "en", **({"Cookie": cookie} if cookie else {})}
    async with httpx.AsyncClient(limits=limits, timeout=10.0, headers=headers) as client:
        start = time.perf_counter()
        stop_at = start + duration_s

        async def user() -> None:
            nonlocal errors, non_2xx
            while time.perf_counter() < stop_at:
                t0 = time.perf_counter()
                try:
                    response = await client.get(url)
                    await response.aread()
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - t0)
                if not 200 <= response.status_code < 300:
                    non_2xx += 1
                if think_ms:
                    await asyncio.sleep(random.uniform(0, 2 * think_ms) / 1000)  # mean think_ms, users not in lockstep

        await asyncio.gather(*(user() for _ in range(users)))
        seconds = time.perf_counter() - start
    return {"latencies": latencies, "errors": errors, "non_2xx": non_2xx, "seconds": seconds}


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[round(q * 10) - 1]


def run_httpx(url: str, users: int, duration_s: float, think_ms: int, cookie: str) -> Figures:
    """The asyncio + httpx generator in its own process (never in the server's)."""
    cmd = [sys.executable, __file__, "--httpx-worker", url, str(users), str(duration_s), str(think_ms), cookie]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=duration_s + 120)
    if out.returncode != 0:
        raise SystemExit(f"httpx load generator failed ({out.returncode}):\n{out.stderr}")
    doc = json.loads(out.stdout)
    ms = sorted(v * 1000 for v in doc["latencies"])
    return Figures(
        url,
        _percentile(ms, 50),
        _percentile(ms, 95),
        _percentile(ms, 99),
        ms[-1] if ms else float("nan"),
        len(ms) + doc["errors"],
        doc["seconds"],
        doc["errors"],
        doc["non_2xx"],
    )


# --- the report -----------------------------------------------------------------------------------


def report(results: list[Figures], static: Figures, tool: str, users: int, duration_s: float, think_ms: int, workers: int = 1) -> bool:
    cores = os.cpu_count()
    print(
        f"\nLoad tool: {tool}; {users} concurrent users (connections), {duration_s:g} s per URL, think time {think_ms} ms (mean); {cores} CPU cores"
    )
    processes = "one process" if workers == 1 else f"{workers} processes"
    print(
        f"Server: corecoach serve (uvicorn, {processes}) on 127.0.0.1, SQLite; load generator on the same machine.\n"
        "Pages are asked again with unchanged data, so they come from the page cache (one version query each);\n"
        "a page drawn after a write costs more: see benchmarks/profile_web_pages.py for the drawing cost.\n"
    )
    head = f"{'URL':<22}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'req/s':>9}{'errors':>8}{'non-2xx':>9}{'p50 x static':>14}{'p95 x static':>14}"
    print(head)
    print("-" * len(head))
    for r in [*results, static]:
        ratio50 = r.p50_ms / static.p50_ms if static.p50_ms > 0 else float("inf")
        ratio95 = r.p95_ms / static.p95_ms if static.p95_ms > 0 else float("inf")
        print(
            f"{r.url:<22}{r.p50_ms:>9.1f}{r.p95_ms:>9.1f}{r.p99_ms:>9.1f}{r.max_ms:>9.1f}{r.rps:>9.0f}{r.errors:>8}{r.non_2xx:>9}"
            f"{ratio50:>14.1f}{ratio95:>14.1f}"
        )
    worst = max(results, key=lambda r: r.p95_ms)
    failures = sum(r.errors + r.non_2xx for r in [*results, static])
    ok = worst.p95_ms < TARGET_P95_MS and failures == 0
    verdict = "PASS" if ok else "FAIL"
    print(
        f"\nTarget (issue 4): p95 < {TARGET_P95_MS:.0f} ms for every non-video page at {users} users -> {verdict} "
        f"(worst: {worst.url} p95 {worst.p95_ms:.1f} ms; failed requests: {failures})"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tool", choices=("auto", "wrk", "httpx"), default="auto", help="load tool (auto: wrk when installed)")
    parser.add_argument("--users", type=int, default=50, help="concurrent users (connections), default 50")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per URL, default 10")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up load per URL (not measured), default 2")
    parser.add_argument(
        "--think-ms", type=int, default=0, help="mean pause of each user between requests (uniform 0..2x), default 0: closed loop"
    )
    parser.add_argument("--workers", type=int, default=1, help="server processes (corecoach serve --workers), default 1")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    tool = args.tool
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "httpx"
    if tool == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install -y wrk), or use --tool httpx")
    if not CORECOACH.exists():
        raise SystemExit(f"console script not found at {CORECOACH}: install the package into this venv")

    with tempfile.TemporaryDirectory(prefix="cc-bench-web-") as tmp:
        root = Path(tmp)
        script = root / "report.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        server = Server(root, args.workers)
        print(f"corecoach serve --workers {args.workers}")
        try:
            server.wait_ready()
            made = make_profile(server.url)
            print(f"Profile planned via the API; {made['sessions']} sessions and {made['decisions']} decisions logged")
            cookie = returning_visitor_cookie(server.url)

            def measure(path: str, seconds: float) -> Figures:
                url = server.url + path
                if tool == "wrk":
                    return run_wrk(url, args.users, seconds, args.think_ms, cookie, script)
                return run_httpx(url, args.users, seconds, args.think_ms, cookie)

            results: list[Figures] = []
            static: Figures | None = None
            for path in (*PAGES, STATIC):
                if args.warmup > 0:
                    measure(path, args.warmup)
                figures = measure(path, args.duration)
                figures.url = path
                print(f"  measured {path}: p50 {figures.p50_ms:.1f} ms, p95 {figures.p95_ms:.1f} ms, {figures.rps:.0f} req/s", flush=True)
                if path == STATIC:
                    static = figures
                else:
                    results.append(figures)
            assert static is not None
        finally:
            server.stop()

    tool_name = (
        "wrk (Debian package wrk, Lua done() hook for percentiles)" if tool == "wrk" else "Python asyncio + httpx (separate process)"
    )
    ok = report(results, static, tool_name, args.users, args.duration, args.think_ms, args.workers)
    if args.json:
        doc = {
            "tool": tool,
            "users": args.users,
            "duration_s": args.duration,
            "think_ms": args.think_ms,
            "workers": args.workers,
            "target_p95_ms": TARGET_P95_MS,
            "pass": ok,
            "results": [{**vars(r), "rps": r.rps} for r in [*results, static]],
        }
        args.json.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "--httpx-worker":
        _url, _users, _duration, _think, _cookie = sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
        print(json.dumps(asyncio.run(_httpx_load(_url, _users, _duration, _think, _cookie))))
        sys.exit(0)
    sys.exit(main())
