"""Fuzz the JSON API of a real ``corecoach serve`` with Schemathesis, from its own OpenAPI document.

One server (single-person mode, loopback, its own SQLite file and data folder) is fuzzed with the
profile in three states: none stored, the example intake planned with one session logged, and
stopped by a red flag. In each, Schemathesis generates requests for every operation in
``/api/openapi.json``: valid ones (positive) and ones that break the schema (negative). Every answer
must be no 5xx, a status the document declares for that operation, a declared content type and a
body that matches the declared schema; a request the document calls invalid must be refused (4xx).
Writes only reach this test's temporary database; a red flag (409, declared) stops the profile,
which the later operations then answer too. The server's log may hold no internal error.

The run is bounded: ``MAX_EXAMPLES`` cases per operation, mode and state, no shrinking, a timeout per
request and a time budget for the whole run (about 40 s on two cores). Generation is derandomized,
so a run repeats. It prints the statuses per operation and one line of totals (``pytest -s``).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import schemathesis
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis import checks as st_checks
from schemathesis.core.failures import Failure, FailureGroup

REPO_ROOT = Path(__file__).resolve().parents[3]
CORECOACH = Path(sys.executable).parent / "corecoach"
EXAMPLE_INTAKE = REPO_ROOT / "examples" / "intake.yaml"

#: generated cases per operation and generation mode (positive, negative)
MAX_EXAMPLES = 25
#: seconds one request may take before it counts as a failure
REQUEST_TIMEOUT_S = 20.0
#: the whole fuzz run stops generating after this many seconds (then fails: the run is not complete)
BUDGET_S = 180.0
#: the checks every answer must pass
CHECK_NAMES = (
    "not_a_server_error",  # no 5xx
    "status_code_conformance",  # a status the document declares for the operation
    "content_type_conformance",  # a declared content type
    "response_schema_conformance",  # a body that matches the declared schema
    "negative_data_rejection",  # a request the document calls invalid is refused (4xx)
)
#: the order operations are fuzzed in: reads first, the profile's erasure last (so the others have data to work on)
ORDER = {"GET": 0, "POST": 1, "PUT": 1, "PATCH": 1, "DELETE": 2}


def fuzz_order(operation: Any) -> tuple[int, bool, str]:
    """Reads, writes, then a new intake (most generated ones report a red flag and stop the profile), then erasure."""
    return ORDER.get(operation.method.upper(), 1), operation.path == "/api/plan", operation.path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``corecoach serve`` in single-person mode on a free loopback port; yields its base URL."""
    root = tmp_path_factory.mktemp("fuzz-server")
    port = _free_port()
    env = dict(os.environ)
    env.pop("CORECOACH_PROFILE", None)
    env.pop("CORECOACH_WEB_MODE", None)
    env.update(
        CORECOACH_DATABASE_URL=f"sqlite:///{root / 'cc.db'}",
        CORECOACH_DATA_DIR=str(root / "data"),
        CORECOACH_SECRET_KEY=secrets.token_urlsafe(48),
        GLOG_minloglevel="2",
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    log_path = root / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(CORECOACH), "serve", "--single", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log_path.read_text(errors="replace")
            try:
                if httpx.get(url + "/api/me", timeout=2.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "corecoach serve did not start:\n" + log_path.read_text(errors="replace")
            time.sleep(0.05)
        yield url
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
    # an internal error is logged with its trace: none may have happened
    text = log_path.read_text(errors="replace")
    assert "Internal error on" not in text, text[-4000:]


@dataclass
class Tally:
    """What the fuzz run did, for the summary line and the assertions."""

    operations: int = 0
    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    by_operation: dict[str, Counter[int]] = field(default_factory=dict)
    failures: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (operation, check code, title) -> first example
    failing_cases: Counter[str] = field(default_factory=Counter)  # check code -> cases that failed it
    transport_errors: list[str] = field(default_factory=list)
    out_of_time: bool = False
    no_negative: list[str] = field(default_factory=list)

    def record(self, label: str, failures: tuple[Failure, ...], example: str) -> None:
        for failure in failures:
            self.failures.setdefault((label, failure.code, failure.title), example)
        for code in {failure.code for failure in failures}:
            self.failing_cases[code] += 1

    def summary(self) -> str:
        server_errors = sum(n for status, n in self.statuses.items() if status >= 500)
        accepted = self.failing_cases["ST201"]  # an invalid request answered 2xx
        mismatches = sum(n for code, n in self.failing_cases.items() if code not in ("ST101", "ST201"))
        return (
            f"fuzz: {self.operations} operations, {self.cases} cases, {server_errors} server errors, "
            f"{mismatches} schema mismatches, {accepted} invalid requests accepted, {len(self.transport_errors)} transport errors "
            f"(statuses {dict(sorted(self.statuses.items()))})"
        )


def fuzz_operation(operation: Any, mode: Any, base_url: str, session: Any, checks: list[Any], tally: Tally, stop_at: float) -> None:
    label = operation.label

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        if time.monotonic() > stop_at:
            tally.out_of_time = True
            return
        tally.cases += 1
        try:
            response = case.call(base_url=base_url, session=session, timeout=REQUEST_TIMEOUT_S)
        except Exception as exc:
            tally.transport_errors.append(f"{label}: {type(exc).__name__}: {exc}")
            return
        tally.statuses[response.status_code] += 1
        tally.by_operation.setdefault(label, Counter())[response.status_code] += 1
        try:
            case.validate_response(response, checks=checks, transport_kwargs={"base_url": base_url, "session": session})
        except (FailureGroup, Failure) as exc:
            failures = tuple(exc.exceptions) if isinstance(exc, FailureGroup) else (exc,)
            found = "; ".join(f"{f.title}: {f.message}" for f in failures)
            tally.record(label, failures, f"{response.status_code} {found[:1500]}\n{case.as_curl_command()}")

    try:
        run()
    except Unsatisfiable:
        # nothing to break: an operation without parameters or body has no negative cases
        tally.no_negative.append(label)


def reset(server: str) -> None:
    """No profile: erase whatever the previous phase left."""
    assert httpx.delete(server + "/api/profile", timeout=30).status_code in (204, 404)


#: one set of the example program's first exercise, as the session player sends it
SESSION = {"entries": [{"exercise_id": "dead_bug", "sets": 3, "reps_per_side": 8, "clean_form": True, "pain_before": 2, "pain_during": 2}]}


def plan(server: str) -> None:
    """The example intake planned (a beginner, no red flags) and one session logged (so next-morning pain has one)."""
    reset(server)
    intake = yaml.safe_load(EXAMPLE_INTAKE.read_text(encoding="utf-8"))
    assert httpx.post(server + "/api/plan", json=intake, timeout=30).status_code == 200
    logged = httpx.post(server + "/api/sessions", json=SESSION, timeout=30)
    assert logged.status_code == 201, logged.text


def stop(server: str) -> None:
    """The example planned, then a red flag reported with a session: the profile is stopped."""
    plan(server)
    response = httpx.post(server + "/api/sessions", json={"red_flags": {"trauma": True}}, timeout=30)
    assert response.status_code == 409, response.text


#: the states the profile is fuzzed in; each phase fuzzes every operation
PHASES = {"no profile": reset, "planned": plan, "stopped by a red flag": stop}


def test_api_fuzz(server: str) -> None:
    schema = schemathesis.openapi.from_url(server + "/api/openapi.json", timeout=30)
    operations = sorted((result.ok() for result in schema.get_all_operations()), key=fuzz_order)
    checks = [getattr(st_checks, name) for name in CHECK_NAMES]
    tally = Tally(operations=len(operations))
    started = time.monotonic()
    with requests.Session() as session:
        for setup in PHASES.values():
            setup(server)
            for operation in operations:
                for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                    fuzz_operation(operation, mode, server, session, checks, tally, started + BUDGET_S)
    elapsed = time.monotonic() - started
    for label, statuses in tally.by_operation.items():
        print(f"  {label}: {dict(sorted(statuses.items()))}")
    print(f"\n{tally.summary()} in {elapsed:.0f} s")
    report = "\n\n".join(f"{op} [{code}] {title}: {example}" for (op, code, title), example in sorted(tally.failures.items()))
    assert not tally.out_of_time, f"the fuzz run did not finish within {BUDGET_S:.0f} s"
    assert not tally.transport_errors, "\n".join(tally.transport_errors[:20])
    assert not tally.failures, report
    assert tally.cases >= len(PHASES) * (2 * tally.operations - len(set(tally.no_negative))), "every operation got cases"
