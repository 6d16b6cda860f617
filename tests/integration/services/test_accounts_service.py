"""Coach mode's accounts on a real database: password hashes, sign-in and its rate limit, sessions, invites."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, text

from corecoach.domain.access import Role
from corecoach.errors import InvalidInputError, InviteError, LoginFailedError, LoginThrottledError
from corecoach.services.accounts import (
    AccountInfo,
    accept_invite,
    authenticate,
    check_new_account,
    count_coaches,
    create_coach,
    create_invite,
    end_session,
    invite_info,
    list_accounts,
    pending_invites,
    session_account,
    start_session,
)
from corecoach.storage.database import Database
from corecoach.storage.orm import Account, Invite, LoginAttempt, Profile, WebSession

Counts = Callable[..., dict[str, int]]

PASSWORD = "correct horse battery"
CLIENT_PASSWORD = "staple in the kettlebell"
COACH_EMAIL = "carla@example.com"
IP = "192.0.2.10"
OTHER_IP = "198.51.100.20"
#: All the tests' clocks start here (naive UTC, as the tables store it).
T0 = datetime(2026, 3, 2, 9, 0, 0)


def make_coach(db: Database, email: str = COACH_EMAIL, name: str = "Carla Coach") -> AccountInfo:
    return create_coach(db, email, name, PASSWORD)


def make_client(db: Database, coach_id: int, email: str = "sam@example.com", now: datetime = T0) -> AccountInfo:
    token, _ = create_invite(db, coach_id, "Sam", now=now)
    return accept_invite(db, token, email, "Sam Client", CLIENT_PASSWORD, CLIENT_PASSWORD, now=now)


def raw_password_hashes(db: Database) -> dict[str, str]:
    """Straight from the table with plain SQL, not through the ORM."""
    with db.transaction() as s:
        return {str(email): str(h) for email, h in s.execute(text("SELECT email, password_hash FROM accounts"))}


# --- accounts and password hashes -------------------------------------------------------------


def test_coach_password_is_stored_as_an_argon2id_hash_only(db: Database) -> None:
    coach = make_coach(db, email="  Carla@Example.COM ")
    assert (coach.email, coach.display_name, coach.role, coach.coach_id, coach.profile_name) == (
        COACH_EMAIL,
        "Carla Coach",
        Role.COACH,
        None,
        None,
    )
    assert not hasattr(coach, "password_hash")
    stored = raw_password_hashes(db)
    assert list(stored) == [COACH_EMAIL]
    hashed = stored[COACH_EMAIL]
    assert hashed.startswith("$argon2id$")
    assert PASSWORD not in hashed
    assert PasswordHasher().verify(hashed, PASSWORD)
    assert count_coaches(db) == 1
    assert list_accounts(db) == [coach]


def test_two_accounts_with_the_same_password_get_different_hashes(db: Database) -> None:
    make_coach(db)
    make_coach(db, email="dirk@example.com", name="Dirk")
    first, second = raw_password_hashes(db).values()
    assert first != second  # salted


def test_client_password_from_an_invite_is_an_argon2id_hash_too(db: Database) -> None:
    coach = make_coach(db)
    make_client(db, coach.id)
    hashed = raw_password_hashes(db)["sam@example.com"]
    assert hashed.startswith("$argon2id$") and CLIENT_PASSWORD not in hashed
    assert PasswordHasher().verify(hashed, CLIENT_PASSWORD)


@pytest.mark.parametrize(
    ("email", "name", "password", "again", "fields"),
    [
        ("sam@example.com", "Sam", "long enough pw", "long enough pw", set()),
        ("sam@example.com", "Sam", "long enough pw", None, set()),
        ("sam@example.com", "Sam", "short", None, {"password"}),
        ("sam@example.com", "Sam", "123456789", "123456789", {"password"}),  # 9 characters
        ("sam@example.com", "Sam", "x" * 257, None, {"password"}),
        ("Sam.Long@Example.com", "Sam", "sam.long@example.com", None, {"password"}),
        ("sam.long@example.com", "Sam", " SAM.LONG@example.com ", None, {"password"}),
        ("not-an-email", "Sam", "long enough pw", None, {"email"}),
        ("sam@example", "Sam", "long enough pw", None, {"email"}),
        ("sam @example.com", "Sam", "long enough pw", None, {"email"}),
        ("sam@example.com", "   ", "long enough pw", None, {"display_name"}),
        ("sam@example.com", "x" * 81, "long enough pw", None, {"display_name"}),
        ("sam@example.com", "Sam", "long enough pw", "long enough pW", {"password_again"}),
        ("bad", "", "short", "other", {"email", "display_name", "password"}),
    ],
)
def test_new_account_problems_by_field(email: str, name: str, password: str, again: str | None, fields: set[str]) -> None:
    assert set(check_new_account(email, name, password, again)) == fields


def test_email_as_password_is_named_in_the_message() -> None:
    problems = check_new_account("sam.long@example.com", "Sam", "sam.long@example.com")
    assert "email" in problems["password"].lower()


def test_an_invalid_coach_account_is_not_stored(db: Database, counts: Counts) -> None:
    with pytest.raises(InvalidInputError) as caught:
        create_coach(db, "carla@example.com", "Carla", "short")
    assert [p.split(":")[0] for p in caught.value.problems] == ["password"]
    assert counts(db)["accounts"] == 0


def test_a_duplicate_email_is_refused_whatever_its_case(db: Database, counts: Counts) -> None:
    make_coach(db)
    with pytest.raises(InvalidInputError) as caught:
        create_coach(db, " CARLA@example.com", "Another Carla", PASSWORD)
    assert len(caught.value.problems) == 1 and caught.value.problems[0].startswith("email:")
    assert counts(db)["accounts"] == 1


def test_accepting_an_invite_with_an_email_already_taken_is_refused(db: Database, counts: Counts) -> None:
    coach = make_coach(db)
    token, _ = create_invite(db, coach.id, now=T0)
    before = counts(db)
    with pytest.raises(InvalidInputError) as caught:
        accept_invite(db, token, COACH_EMAIL.upper(), "Sam", CLIENT_PASSWORD, CLIENT_PASSWORD, now=T0)
    assert [p.split(":")[0] for p in caught.value.problems] == ["email"]
    assert counts(db) == before
    # the invite was not spent on the failed try
    assert accept_invite(db, token, "sam@example.com", "Sam", CLIENT_PASSWORD, now=T0).coach_id == coach.id


# --- sign-in ----------------------------------------------------------------------------------


def attempts(db: Database) -> list[tuple[str, str, bool]]:
    with db.transaction() as s:
        return [(a.email, a.client_ip, a.succeeded) for a in s.scalars(select(LoginAttempt).order_by(LoginAttempt.id))]


def test_authenticate_with_the_right_password(db: Database) -> None:
    coach = make_coach(db)
    assert authenticate(db, "  CARLA@example.com ", PASSWORD, IP, now=T0) == coach
    assert attempts(db) == [(COACH_EMAIL, IP, True)]


def test_wrong_password_and_unknown_email_fail_with_the_same_message(db: Database) -> None:
    make_coach(db)
    with pytest.raises(LoginFailedError) as wrong:
        authenticate(db, COACH_EMAIL, PASSWORD + "!", IP, now=T0)
    with pytest.raises(LoginFailedError) as unknown:
        authenticate(db, "nobody@example.com", PASSWORD, IP, now=T0)
    assert str(wrong.value) == str(unknown.value)
    assert COACH_EMAIL not in str(wrong.value)
    assert attempts(db) == [(COACH_EMAIL, IP, False), ("nobody@example.com", IP, False)]


def fail(db: Database, email: str, ip: str, now: datetime) -> None:
    with pytest.raises(LoginFailedError):
        authenticate(db, email, "not the password", ip, now=now)


def test_five_failures_for_one_email_lock_it_even_with_the_right_password(db: Database) -> None:
    coach = make_coach(db)
    for minute in range(5):
        fail(db, COACH_EMAIL, IP, T0 + timedelta(minutes=minute))
    with pytest.raises(LoginThrottledError) as caught:
        authenticate(db, COACH_EMAIL, PASSWORD, IP, now=T0 + timedelta(minutes=5))
    # the first failure leaves the 15-minute window 10 minutes from now
    assert caught.value.retry_after_s > 0
    assert abs(caught.value.retry_after_s - 10 * 60) <= 2
    assert "minute" in str(caught.value)
    # the lock is on the email, from any address
    with pytest.raises(LoginThrottledError):
        authenticate(db, COACH_EMAIL, PASSWORD, OTHER_IP, now=T0 + timedelta(minutes=6))
    # and only on that email: another account from the same address still signs in
    other = make_coach(db, email="dirk@example.com", name="Dirk")
    assert authenticate(db, "dirk@example.com", PASSWORD, IP, now=T0 + timedelta(minutes=6)) == other
    # once the first failure has left the window, the right password works again
    assert authenticate(db, COACH_EMAIL, PASSWORD, IP, now=T0 + timedelta(minutes=15, seconds=1)) == coach


def test_four_failures_do_not_lock(db: Database) -> None:
    coach = make_coach(db)
    for minute in range(4):
        fail(db, COACH_EMAIL, IP, T0 + timedelta(minutes=minute))
    assert authenticate(db, COACH_EMAIL, PASSWORD, IP, now=T0 + timedelta(minutes=4)) == coach


def test_failures_outside_the_window_do_not_count(db: Database) -> None:
    coach = make_coach(db)
    for minute in range(5):
        fail(db, COACH_EMAIL, IP, T0 + timedelta(minutes=minute))
    assert authenticate(db, COACH_EMAIL, PASSWORD, IP, now=T0 + timedelta(minutes=20)) == coach


def test_an_unknown_email_is_locked_the_same_way(db: Database) -> None:
    # so the lock does not tell who has an account
    for minute in range(5):
        fail(db, "nobody@example.com", IP, T0 + timedelta(minutes=minute))
    with pytest.raises(LoginThrottledError):
        authenticate(db, "nobody@example.com", "whatever it is", IP, now=T0 + timedelta(minutes=5))


def test_twenty_failures_from_one_address_lock_that_address(db: Database) -> None:
    coach = make_coach(db)
    for i in range(20):
        fail(db, f"guess{i}@example.com", IP, T0 + timedelta(seconds=10 * i))
    later = T0 + timedelta(minutes=5)
    with pytest.raises(LoginThrottledError) as caught:
        authenticate(db, COACH_EMAIL, PASSWORD, IP, now=later)
    assert caught.value.retry_after_s > 0
    # the same account from another address is not locked
    assert authenticate(db, COACH_EMAIL, PASSWORD, OTHER_IP, now=later) == coach
    # after the window the address may sign in again
    assert authenticate(db, COACH_EMAIL, PASSWORD, IP, now=T0 + timedelta(minutes=20)) == coach


def test_successful_sign_ins_do_not_count_towards_the_limit(db: Database) -> None:
    coach = make_coach(db)
    for i in range(6):
        assert authenticate(db, COACH_EMAIL, PASSWORD, IP, now=T0 + timedelta(seconds=i)) == coach
    for i in range(4):
        fail(db, COACH_EMAIL, IP, T0 + timedelta(seconds=10 + i))
    assert authenticate(db, COACH_EMAIL, PASSWORD, IP, now=T0 + timedelta(seconds=20)) == coach
    fail(db, COACH_EMAIL, IP, T0 + timedelta(seconds=21))  # the 5th failure itself is an ordinary failure
    with pytest.raises(LoginThrottledError):
        authenticate(db, COACH_EMAIL, PASSWORD, IP, now=T0 + timedelta(seconds=22))


# --- browser sessions -------------------------------------------------------------------------


def test_a_session_token_is_stored_only_as_its_sha256(db: Database) -> None:
    coach = make_coach(db)
    token, expires = start_session(db, coach.id, now=T0)
    assert expires == T0 + timedelta(days=14)
    assert len(token) >= 32
    with db.transaction() as s:
        rows = [(w.token_hash, w.account_id, w.expires_at) for w in s.scalars(select(WebSession))]
        raw = [tuple(str(v) for v in r) for r in s.execute(text("SELECT * FROM web_sessions"))]
    assert rows == [(hashlib.sha256(token.encode()).hexdigest(), coach.id, expires)]
    assert not any(token in value for row in raw for value in row)


def test_a_session_works_until_it_expires(db: Database) -> None:
    coach = make_coach(db)
    token, expires = start_session(db, coach.id, now=T0)
    assert session_account(db, token, now=T0 + timedelta(days=1)) == coach
    assert session_account(db, token, now=expires - timedelta(seconds=1)) == coach
    assert session_account(db, token, now=expires + timedelta(seconds=1)) is None


def test_ending_a_session_revokes_only_that_one(db: Database) -> None:
    coach = make_coach(db)
    first, _ = start_session(db, coach.id, now=T0)
    second, _ = start_session(db, coach.id, now=T0)
    assert first != second
    end_session(db, first)
    assert session_account(db, first, now=T0) is None
    assert session_account(db, second, now=T0) == coach
    with db.transaction() as s:
        assert len(list(s.scalars(select(WebSession)))) == 1


@pytest.mark.parametrize("token", [None, "", "garbage", "x" * 200])
def test_an_unknown_token_gives_no_account(db: Database, token: str | None) -> None:
    coach = make_coach(db)
    start_session(db, coach.id, now=T0)
    assert session_account(db, token, now=T0) is None


def test_a_hash_of_a_token_is_not_a_token(db: Database) -> None:
    # someone holding a copy of the database cannot use the stored value as a cookie
    coach = make_coach(db)
    token, _ = start_session(db, coach.id, now=T0)
    assert session_account(db, hashlib.sha256(token.encode()).hexdigest(), now=T0) is None


# --- invites ----------------------------------------------------------------------------------


def test_an_invite_makes_a_client_of_that_coach_with_a_new_empty_profile(db: Database, counts: Counts, pid_of: Callable[..., int]) -> None:
    coach = make_coach(db)
    token, expires = create_invite(db, coach.id, "  Sam  ", now=T0)
    assert expires == T0 + timedelta(days=7)
    with db.transaction() as s:
        (invite,) = s.scalars(select(Invite))
        assert invite.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert (invite.coach_id, invite.client_name, invite.used_at) == (coach.id, "Sam", None)
    info = invite_info(db, token, now=T0)
    assert (info.coach_name, info.client_name) == ("Carla Coach", "Sam")
    assert [i.client_name for i in pending_invites(db, coach.id, now=T0)] == ["Sam"]

    client = accept_invite(db, token, "Sam@Example.com", " Sam Client ", CLIENT_PASSWORD, CLIENT_PASSWORD, language="nl", now=T0)
    assert (client.email, client.display_name, client.role, client.coach_id, client.language) == (
        "sam@example.com",
        "Sam Client",
        Role.CLIENT,
        coach.id,
        "nl",
    )
    assert client.profile_name is not None
    pid = pid_of(db, client.profile_name)
    mine = counts(db, pid)
    assert mine.pop("profiles") == 1 and mine.pop("accounts") == 1
    assert set(mine.values()) == {0}  # nothing but the profile and the account
    with db.transaction() as s:
        account = s.get(Account, client.id)
        assert account is not None and account.profile_id == pid
        (invite,) = s.scalars(select(Invite))
        assert invite.used_at == T0 and invite.used_by_account_id == client.id
    assert pending_invites(db, coach.id, now=T0) == []
    assert authenticate(db, "sam@example.com", CLIENT_PASSWORD, IP, now=T0) == client


def test_each_client_gets_their_own_profile(db: Database) -> None:
    coach = make_coach(db)
    first = make_client(db, coach.id, "a@example.com")
    second = make_client(db, coach.id, "b@example.com")
    assert first.profile_name and second.profile_name and first.profile_name != second.profile_name
    with db.transaction() as s:
        assert len(list(s.scalars(select(Profile)))) == 2


def test_an_invite_works_only_once(db: Database, counts: Counts) -> None:
    coach = make_coach(db)
    token, _ = create_invite(db, coach.id, now=T0)
    accept_invite(db, token, "sam@example.com", "Sam", CLIENT_PASSWORD, now=T0)
    before = counts(db)
    with pytest.raises(InviteError, match="used"):
        accept_invite(db, token, "other@example.com", "Other", CLIENT_PASSWORD, now=T0 + timedelta(minutes=1))
    with pytest.raises(InviteError):
        invite_info(db, token, now=T0)
    assert counts(db) == before


def test_an_expired_invite_is_refused(db: Database, counts: Counts) -> None:
    coach = make_coach(db)
    token, expires = create_invite(db, coach.id, now=T0)
    before = counts(db)
    with pytest.raises(InviteError, match="expired"):
        accept_invite(db, token, "sam@example.com", "Sam", CLIENT_PASSWORD, now=expires + timedelta(seconds=1))
    assert counts(db) == before
    assert pending_invites(db, coach.id, now=expires + timedelta(seconds=1)) == []
    # just before it expires it still works
    assert accept_invite(db, token, "sam@example.com", "Sam", CLIENT_PASSWORD, now=expires - timedelta(seconds=1)).coach_id == coach.id


@pytest.mark.parametrize("token", ["", "no-such-token", "y" * 300])
def test_an_unknown_invite_is_refused(db: Database, counts: Counts, token: str) -> None:
    coach = make_coach(db)
    create_invite(db, coach.id, now=T0)
    before = counts(db)
    with pytest.raises(InviteError, match="not known"):
        accept_invite(db, token, "sam@example.com", "Sam", CLIENT_PASSWORD, now=T0)
    with pytest.raises(InviteError):
        invite_info(db, token, now=T0)
    assert counts(db) == before


def test_a_failed_accept_leaves_the_invite_usable_and_stores_nothing(db: Database, counts: Counts) -> None:
    coach = make_coach(db)
    token, _ = create_invite(db, coach.id, now=T0)
    before = counts(db)
    with pytest.raises(InvalidInputError) as caught:
        accept_invite(db, token, "sam@example.com", "Sam", "short", "short", now=T0)
    assert [p.split(":")[0] for p in caught.value.problems] == ["password"]
    with pytest.raises(InvalidInputError):
        accept_invite(db, token, "sam@example.com", "Sam", CLIENT_PASSWORD, CLIENT_PASSWORD + "x", now=T0)
    assert counts(db) == before
    assert (before["accounts"], before["profiles"]) == (1, 0)
    assert invite_info(db, token, now=T0).coach_name == "Carla Coach"  # still usable (a used one raises InviteError)
    client = accept_invite(db, token, "sam@example.com", "Sam", CLIENT_PASSWORD, CLIENT_PASSWORD, now=T0)
    assert client.coach_id == coach.id
    assert (counts(db)["accounts"], counts(db)["profiles"]) == (2, 1)


def test_only_a_coach_can_create_invites(db: Database, counts: Counts) -> None:
    coach = make_coach(db)
    client = make_client(db, coach.id)
    before = counts(db)
    with pytest.raises(InvalidInputError, match="coach"):
        create_invite(db, client.id, "Friend", now=T0)
    with pytest.raises(InvalidInputError, match="coach"):
        create_invite(db, 9999, "Friend", now=T0)
    assert counts(db) == before
