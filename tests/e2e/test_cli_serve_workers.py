"""`corecoach serve --workers 2`: two server processes share the database and the sign-in state."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import yaml

CLI = Path(sys.executable).parent / "corecoach"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "intake.yaml"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_two_processes_serve_one_journey(tmp_path: Path) -> None:
    port = _free_port()
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(CLI), "serve", "--port", str(port), "--workers", "2"], env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.1)
        intake: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
        with httpx.Client(base_url=url, timeout=30) as client:
            assert client.post("/api/plan", json=intake).status_code == 200
            # whichever process answers, it sees the same program and accepts the same CSRF cookie
            for _ in range(8):
                assert client.get("/api/program").status_code == 200
                assert client.get("/program").status_code == 200
        # under load the second process may log its start a moment after the first one answered: wait for it
        text = (tmp_path / "server.log").read_text()
        deadline = time.monotonic() + 60
        while text.count("Started server process") < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            text = (tmp_path / "server.log").read_text()
        assert text.count("Started server process") == 2, text
        assert "2 server processes" in text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
