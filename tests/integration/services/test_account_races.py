"""Coach mode's one-time guards under a race, on a real database (SQLite file, and PostgreSQL when
configured): many browsers at the same moment must not beat the invite's "once" or the sign-in limit.

Each claimant is a thread of its own with its own connection, released together by a barrier so that
the requests really overlap (the way 10 phones tapping the same link, or a password-guessing script,
would hit the server).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from sqlalchemy import func, select

from corecoach.domain.access import Role
from corecoach.errors import InviteError, LoginFailedError, LoginThrottledError
from corecoach.services.accounts import MAX_FAILURES_PER_EMAIL, accept_invite, authenticate, create_coach, create_invite
from corecoach.storage.database import Database
from corecoach.storage.orm import Account, Invite, LoginAttempt, Profile

PASSWORD = "correct horse battery"
CLIENT_PASSWORD = "staple in the kettlebell"

T = TypeVar("T")


def all_at_once(n: int, task: Callable[[int], T]) -> list[T | Exception]:
    """Run ``task(i)`` for i in 0..n-1 in n threads released together; each one's result or error."""
    barrier = threading.Barrier(n)

    def run(i: int) -> T | Exception:
        barrier.wait()
        try:
            return task(i)
        except Exception as exc:  # the test sorts the outcomes
            return exc

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def test_ten_browsers_posting_one_invite_make_exactly_one_account(db: Database) -> None:
    coach = create_coach(db, "carla@example.com", "Carla Coach", PASSWORD)
    token, _ = create_invite(db, coach.id, "Sam")

    outcomes = all_at_once(10, lambda i: accept_invite(db, token, f"sam{i}@example.com", f"Sam {i}", CLIENT_PASSWORD, CLIENT_PASSWORD))

    made = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(made) == 1, f"one invite made {len(made)} accounts"
    # the losers get the plain 'already used' answer, never a storage error (an HTTP 503)
    assert all(isinstance(o, InviteError) and "used already" in str(o) for o in refused), [repr(o) for o in refused]
    with db.transaction() as s:
        clients = list(s.scalars(select(Account).where(Account.role == Role.CLIENT.value)))
        invite = s.scalars(select(Invite)).one()
        assert [a.email for a in clients] == [made[0].email]
        assert int(s.scalar(select(func.count()).select_from(Profile)) or 0) == 1
        assert invite.used_by_account_id == made[0].id and invite.used_at is not None


def test_forty_simultaneous_wrong_passwords_check_at_most_the_limit(db: Database) -> None:
    create_coach(db, "carla@example.com", "Carla Coach", PASSWORD)

    outcomes = all_at_once(40, lambda i: authenticate(db, "carla@example.com", f"guess number {i}", f"192.0.2.{i}"))

    failed = [o for o in outcomes if isinstance(o, LoginFailedError)]
    throttled = [o for o in outcomes if isinstance(o, LoginThrottledError)]
    assert len(failed) + len(throttled) == 40, [repr(o) for o in outcomes if not isinstance(o, LoginFailedError | LoginThrottledError)]
    # each password that was checked left a failure row; the limit allows 5, whatever the timing
    with db.transaction() as s:
        checked = int(s.scalar(select(func.count()).select_from(LoginAttempt).where(LoginAttempt.email == "carla@example.com")) or 0)
    assert len(failed) == checked
    assert checked == MAX_FAILURES_PER_EMAIL, f"{checked} passwords were checked; the limit is {MAX_FAILURES_PER_EMAIL}"
    # and the right password is now refused too, until the window has passed
    with pytest.raises(LoginThrottledError):
        authenticate(db, "carla@example.com", PASSWORD, "192.0.2.200")


def test_the_right_password_among_simultaneous_wrong_ones_is_let_in_or_throttled_never_lost(db: Database) -> None:
    """A success is not counted as a failure once it is known to be one (the row is marked succeeded)."""
    create_coach(db, "carla@example.com", "Carla Coach", PASSWORD)

    def attempt(i: int) -> object:
        return authenticate(db, "carla@example.com", PASSWORD if i == 0 else f"guess number {i}", "192.0.2.1")

    outcomes = all_at_once(8, attempt)
    assert all(isinstance(o, LoginFailedError | LoginThrottledError) for o in outcomes[1:]), [repr(o) for o in outcomes]
    assert not isinstance(outcomes[0], Exception) or isinstance(outcomes[0], LoginThrottledError), repr(outcomes[0])
    with db.transaction() as s:
        failures = int(s.scalar(select(func.count()).select_from(LoginAttempt).where(LoginAttempt.succeeded.is_(False))) or 0)
        successes = int(s.scalar(select(func.count()).select_from(LoginAttempt).where(LoginAttempt.succeeded.is_(True))) or 0)
    assert failures <= MAX_FAILURES_PER_EMAIL
    assert successes == (0 if isinstance(outcomes[0], Exception) else 1)
