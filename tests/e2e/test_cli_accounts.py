"""`corecoach accounts` and the coach-mode options of `corecoach serve`, through the real console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from corecoach.cli.exit_codes import INVALID_INPUT

CLI = Path(sys.executable).parent / "corecoach"
PASSWORD = "a long enough password"


def corecoach(*args: str, stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The installed console script on this test's database (the autouse fixture set the environment)."""
    return subprocess.run(
        [str(CLI), *args], input=stdin, env=dict(os.environ), capture_output=True, text=True, timeout=timeout, check=False
    )


def test_add_coach_stores_a_hash_and_lists_the_account(sqlite_url: str) -> None:
    made = corecoach(
        "accounts", "add-coach", "--email", "Ann@Example.com", "--name", "Ann Coach", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert made.returncode == 0, made.stderr
    assert "Coach account made for ann@example.com" in made.stdout
    listed = corecoach("accounts", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == [
        {"id": 1, "email": "ann@example.com", "display_name": "Ann Coach", "role": "coach", "coach_id": None, "profile": None}
    ]
    engine = create_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT password_hash FROM accounts")).scalar_one()
    finally:
        engine.dispose()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_add_coach_refuses_bad_input_with_the_field_named() -> None:
    short = corecoach("accounts", "add-coach", "--email", "ann@example.com", "--name", "Ann", "--password-stdin", stdin="short\n")
    assert short.returncode == INVALID_INPUT
    assert "password: Use at least 10 characters." in short.stderr
    bad_email = corecoach("accounts", "add-coach", "--email", "ann", "--name", "Ann", "--password-stdin", "--json", stdin=PASSWORD)
    assert bad_email.returncode == INVALID_INPUT
    assert json.loads(bad_email.stdout)["error"]["problems"] == ["email: Enter an email address like name@example.com."]
    first = corecoach("accounts", "add-coach", "--email", "ann@example.com", "--name", "Ann", "--password-stdin", stdin=PASSWORD)
    assert first.returncode == 0
    again = corecoach("accounts", "add-coach", "--email", "ann@example.com", "--name", "Ann", "--password-stdin", stdin=PASSWORD)
    assert again.returncode == INVALID_INPUT and "already an account" in again.stderr
    no_terminal = corecoach("accounts", "add-coach", "--email", "bob@example.com", "--name", "Bob")
    assert no_terminal.returncode == INVALID_INPUT and "--password-stdin" in no_terminal.stderr
    assert "Traceback" not in no_terminal.stderr + again.stderr + short.stderr


def test_serve_keeps_the_network_out_without_coach_mode() -> None:
    refused = corecoach("serve", "--host", "0.0.0.0", "--port", "8999", timeout=30)
    assert refused.returncode == INVALID_INPUT
    assert "corecoach serve --coach --host 0.0.0.0" in " ".join(refused.stderr.split())
    no_coach = corecoach("serve", "--coach", "--host", "0.0.0.0", "--port", "8999", timeout=30)
    assert no_coach.returncode == INVALID_INPUT
    assert "corecoach accounts add-coach" in no_coach.stderr
    assert "Traceback" not in refused.stderr + no_coach.stderr


def test_delete_account_erases_a_clients_data_with_it(sqlite_url: str) -> None:
    from corecoach.services.accounts import accept_invite, create_coach, create_invite
    from corecoach.storage.database import Database

    db = Database(sqlite_url)
    try:
        coach = create_coach(db, "ann@example.com", "Ann", PASSWORD)
        token, _ = create_invite(db, coach.id, "Amy")
        accept_invite(db, token, "amy@example.com", "Amy", PASSWORD)
    finally:
        db.dispose()
    refused = corecoach("accounts", "delete", "--email", "amy@example.com")
    assert refused.returncode == INVALID_INPUT and "--yes" in refused.stderr
    erased = corecoach("accounts", "delete", "--email", "amy@example.com", "--yes")
    assert erased.returncode == 0, erased.stderr
    assert "Erased the client account amy@example.com" in erased.stdout
    engine = create_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM profiles")).scalar_one() == 0
            assert conn.execute(text("SELECT email FROM accounts")).scalars().all() == ["ann@example.com"]
    finally:
        engine.dispose()
    coach_gone = corecoach("accounts", "delete", "--email", "ann@example.com", "--yes", "--json")
    assert coach_gone.returncode == 0 and json.loads(coach_gone.stdout) == {"deleted": "ann@example.com", "role": "coach"}
    missing = corecoach("accounts", "delete", "--email", "ann@example.com", "--yes")
    assert missing.returncode == INVALID_INPUT and "no account" in missing.stderr


def test_set_password_replaces_the_old_one_and_signs_out(sqlite_url: str) -> None:
    from corecoach.services.accounts import authenticate, session_account, start_session
    from corecoach.storage.database import Database

    assert (
        corecoach("accounts", "add-coach", "--email", "ann@example.com", "--name", "Ann", "--password-stdin", stdin=PASSWORD).returncode
        == 0
    )
    db = Database(sqlite_url)
    try:
        token, _ = start_session(db, authenticate(db, "ann@example.com", PASSWORD, "127.0.0.1").id)
        short = corecoach("accounts", "set-password", "--email", "ann@example.com", "--password-stdin", stdin="short")
        assert short.returncode == INVALID_INPUT and "password: Use at least 10 characters." in short.stderr
        changed = corecoach("accounts", "set-password", "--email", "ann@example.com", "--password-stdin", stdin="another long password")
        assert changed.returncode == 0, changed.stderr
        assert session_account(db, token) is None  # the browser signed in before is signed out
        assert authenticate(db, "ann@example.com", "another long password", "127.0.0.1").email == "ann@example.com"
    finally:
        db.dispose()
    unknown = corecoach("accounts", "set-password", "--email", "nobody@example.com", "--password-stdin", stdin="another long password")
    assert unknown.returncode == INVALID_INPUT and "no account" in unknown.stderr


def test_serve_on_a_port_in_use_says_so_plainly() -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = corecoach("serve", "--port", str(port), timeout=30)
    assert result.returncode == INVALID_INPUT
    message = " ".join(result.stderr.split())
    assert f"Port {port} on 127.0.0.1 is already in use" in message and f"--port {port + 1}" in message
    assert "is running at" not in message and "Traceback" not in message
