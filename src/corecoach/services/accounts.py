"""Coach mode's accounts: coaches, clients invited by them, sign-in with a rate limit, browser sessions.

* Passwords are hashed with Argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile) and
  re-hashed on sign-in when those defaults change. A wrong email and a wrong password take the
  same time and get the same message, so sign-in does not reveal who has an account.
* The rate limit lives in the database (``login_attempts``), so it holds across server processes
  and restarts: 5 failed tries per email, or 20 per network address, in 15 minutes lock that
  email/address until the window has passed. Checking the limit and recording the try are one
  atomic step (the try is recorded as a failure *before* its password is checked, and marked a
  success afterwards), so 40 guesses sent at the same moment still get only 5 passwords checked.
* An invite link is claimed with one conditional write (``UPDATE ... WHERE used_at IS NULL``) in
  the same transaction that makes the account: when many browsers post the same link at once,
  exactly one gets an account and the others are told the link was used.
* Browser sessions and invite links are random tokens; only their SHA-256 is stored, so a copy
  of the database does not let anyone in.
* A client's account owns one profile (their coaching data); erasing the profile erases the
  account with it.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from corecoach.domain.access import Role
from corecoach.errors import InvalidInputError, InviteError, LoginFailedError, LoginThrottledError
from corecoach.storage.database import Database
from corecoach.storage.orm import Account, Invite, LoginAttempt, Profile, WebSession, utcnow

PASSWORD_MIN_CHARS = 10
PASSWORD_MAX_CHARS = 256
NAME_MAX_CHARS = 80
LOGIN_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_ADDRESS = 20
SESSION_LIFETIME = timedelta(days=14)
INVITE_LIFETIME = timedelta(days=7)
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")

_hasher = PasswordHasher()
#: Verified against when the email is unknown, so that case costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class AccountInfo:
    """An account as the rest of the app sees it (never the password hash)."""

    id: int
    email: str
    display_name: str
    role: Role
    language: str
    profile_name: str | None
    coach_id: int | None


def _info(account: Account) -> AccountInfo:
    return AccountInfo(
        id=account.id,
        email=account.email,
        display_name=account.display_name,
        role=Role(account.role),
        language=account.language,
        profile_name=account.profile.name if account.profile is not None else None,
        coach_id=account.coach_id,
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_new_account(email: str, display_name: str, password: str, password_again: str | None = None) -> dict[str, str]:
    """Problems with a new account's fields, by field name (empty when all is well)."""
    problems: dict[str, str] = {}
    email = normalise_email(email)
    if not EMAIL.match(email) or len(email) > 254:
        problems["email"] = "Enter an email address like name@example.com."
    if not display_name.strip() or len(display_name.strip()) > NAME_MAX_CHARS:
        problems["display_name"] = f"Enter a name of 1 to {NAME_MAX_CHARS} characters."
    if len(password) < PASSWORD_MIN_CHARS:
        problems["password"] = f"Use at least {PASSWORD_MIN_CHARS} characters."
    elif len(password) > PASSWORD_MAX_CHARS:
        problems["password"] = f"Use at most {PASSWORD_MAX_CHARS} characters."
    elif password.strip().lower() == email:
        problems["password"] = "Do not use your email address as the password."
    if password_again is not None and password_again != password and "password" not in problems:
        problems["password_again"] = "The two passwords are not the same."
    return problems


def _raise_problems(problems: dict[str, str]) -> None:
    if problems:
        raise InvalidInputError("The account was not made:", [f"{k}: {v}" for k, v in problems.items()])


def _email_taken(session: Session, email: str) -> bool:
    return session.scalar(select(Account.id).where(Account.email == email)) is not None


def create_coach(db: Database, email: str, display_name: str, password: str, language: str = "en") -> AccountInfo:
    """A coach account (made from the command line: coaches are not invited)."""
    _raise_problems(check_new_account(email, display_name, password))
    email = normalise_email(email)
    with db.transaction() as session:
        if _email_taken(session, email):
            raise InvalidInputError("The account was not made:", [f"email: there is already an account for {email}"])
        account = Account(
            email=email, display_name=display_name.strip(), role=Role.COACH.value, password_hash=_hasher.hash(password), language=language
        )
        session.add(account)
        session.flush()
        return _info(account)


def list_accounts(db: Database) -> list[AccountInfo]:
    with db.transaction() as session:
        return [_info(a) for a in session.scalars(select(Account).order_by(Account.role, Account.email))]


def count_coaches(db: Database) -> int:
    with db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(Account).where(Account.role == Role.COACH.value)) or 0)


# --- sign-in ---------------------------------------------------------------------------------


def _failures_since(session: Session, column: InstrumentedAttribute[str], value: str, since: datetime, own_id: int) -> list[datetime]:
    rows = session.scalars(
        select(LoginAttempt.attempted_at)
        .where(column == value, LoginAttempt.attempted_at >= since, LoginAttempt.succeeded.is_(False), LoginAttempt.id != own_id)
        .order_by(LoginAttempt.attempted_at)
    )
    return list(rows)


def _lock_sign_in_keys(session: Session, email: str, client_ip: str) -> None:
    """PostgreSQL: serialise sign-in tries for this email and this address until the transaction ends.

    Under READ COMMITTED two transactions would otherwise each count the failures without seeing the
    other's new row, and both pass. Transaction-level advisory locks need no table and are released
    at commit or rollback; every try takes the email's lock before the address's, so no two tries can
    wait for each other. (SQLite needs none: the attempt's INSERT, the transaction's first statement,
    takes the database's single write lock.)
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(1, func.hashtext(email))))
        session.execute(select(func.pg_advisory_xact_lock(2, func.hashtext(client_ip))))


def _record_attempt_within_limit(db: Database, email: str, client_ip: str, now: datetime) -> int:
    """Record this try as a failure and return its id, or raise :class:`LoginThrottledError` (recording nothing).

    The check and the record are one transaction that concurrent tries cannot interleave, so the
    limit holds however many tries arrive at once: the try is counted *before* its password is
    checked, and only marked a success once it proved to be one.
    """
    since = now - LOGIN_WINDOW
    with db.transaction() as session:
        _lock_sign_in_keys(session, email, client_ip)
        attempt = LoginAttempt(email=email, client_ip=client_ip, succeeded=False, attempted_at=now)
        session.add(attempt)
        session.flush()
        for column, value, limit in (
            (LoginAttempt.email, email, MAX_FAILURES_PER_EMAIL),
            (LoginAttempt.client_ip, client_ip, MAX_FAILURES_PER_ADDRESS),
        ):
            failures = _failures_since(session, column, value, since, attempt.id)
            if len(failures) >= limit:
                wait_s = max(1, math.ceil((failures[-limit] + LOGIN_WINDOW - now).total_seconds()))
                minutes = -(-wait_s // 60)
                raise LoginThrottledError(  # rolls back: a refused try is not recorded
                    f"Too many failed sign-ins. For your safety, signing in is paused for {minutes} minute(s); try again then.",
                    retry_after_s=wait_s,
                )
        # old attempts are of no use to the limit: keep the table small
        session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < now - 4 * LOGIN_WINDOW))
        return attempt.id


def authenticate(db: Database, email: str, password: str, client_ip: str, now: datetime | None = None) -> AccountInfo:
    """The account for this email and password, or :class:`LoginFailedError`; throttled per email and address."""
    now = now or utcnow()
    email = normalise_email(email)[:254]
    client_ip = client_ip[:64]
    attempt_id = _record_attempt_within_limit(db, email, client_ip, now)
    with db.transaction() as session:
        stored_hash = session.scalar(select(Account.password_hash).where(Account.email == email))
    # the slow part (Argon2) runs outside any transaction, so it holds no lock
    ok: bool
    try:
        ok = _hasher.verify(stored_hash if stored_hash is not None else _DUMMY_HASH, password[:PASSWORD_MAX_CHARS])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok or stored_hash is None:
        raise LoginFailedError("The email address or password is not right.")
    new_hash = _hasher.hash(password) if _hasher.check_needs_rehash(stored_hash) else None
    with db.transaction() as session:
        session.execute(update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(succeeded=True))
        account = session.scalar(select(Account).where(Account.email == email))
        if account is None:  # erased while the password was being checked
            raise LoginFailedError("The email address or password is not right.")
        if new_hash is not None and account.password_hash == stored_hash:
            account.password_hash = new_hash
        return _info(account)


def start_session(db: Database, account_id: int, now: datetime | None = None) -> tuple[str, datetime]:
    """A new browser session: ``(token for the cookie, expiry)``. A fresh token at every sign-in."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    expires = now + SESSION_LIFETIME
    with db.transaction() as session:
        session.add(WebSession(token_hash=token_hash(token), account_id=account_id, created_at=now, expires_at=expires))
        session.execute(delete(WebSession).where(WebSession.expires_at < now))
    return token, expires


def session_account(db: Database, token: str | None, now: datetime | None = None) -> AccountInfo | None:
    """The account signed in with this cookie token, if the session exists and has not expired."""
    if not token or len(token) > 128:
        return None
    now = now or utcnow()
    with db.transaction() as session:
        row = session.scalar(select(WebSession).where(WebSession.token_hash == token_hash(token)))
        if row is None or row.expires_at < now:
            return None
        account = session.get(Account, row.account_id)
        return _info(account) if account is not None else None


def end_session(db: Database, token: str | None) -> None:
    if token:
        with db.transaction() as session:
            session.execute(delete(WebSession).where(WebSession.token_hash == token_hash(token)))


# --- invites ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InviteInfo:
    id: int
    coach_name: str
    client_name: str | None
    expires_at: datetime


def create_invite(db: Database, coach_id: int, client_name: str | None = None, now: datetime | None = None) -> tuple[str, datetime]:
    """A one-time invite link token for a new client of this coach: ``(token, expiry)``."""
    now = now or utcnow()
    name = (client_name or "").strip()[:NAME_MAX_CHARS] or None
    token = secrets.token_urlsafe(24)
    expires = now + INVITE_LIFETIME
    with db.transaction() as session:
        coach = session.get(Account, coach_id)
        if coach is None or coach.role != Role.COACH.value:
            raise InvalidInputError("Only a coach can invite clients.")
        session.add(Invite(token_hash=token_hash(token), coach_id=coach_id, client_name=name, created_at=now, expires_at=expires))
    return token, expires


def _open_invite(session: Session, token: str, now: datetime) -> Invite:
    invite = session.scalar(select(Invite).where(Invite.token_hash == token_hash(token))) if 0 < len(token) <= 128 else None
    if invite is None:
        raise InviteError("This invite link is not known. Ask your coach for a new one.")
    if invite.used_at is not None:
        raise InviteError("This invite link has been used already. Sign in instead, or ask your coach for a new one.")
    if invite.expires_at < now:
        raise InviteError("This invite link has expired. Ask your coach for a new one.")
    return invite


def invite_info(db: Database, token: str, now: datetime | None = None) -> InviteInfo:
    with db.transaction() as session:
        invite = _open_invite(session, token, now or utcnow())
        coach = session.get(Account, invite.coach_id)
        return InviteInfo(invite.id, coach.display_name if coach else "", invite.client_name, invite.expires_at)


def pending_invites(db: Database, coach_id: int, now: datetime | None = None) -> list[InviteInfo]:
    now = now or utcnow()
    with db.transaction() as session:
        rows = session.scalars(
            select(Invite).where(Invite.coach_id == coach_id, Invite.used_at.is_(None), Invite.expires_at >= now).order_by(Invite.id)
        )
        return [InviteInfo(i.id, "", i.client_name, i.expires_at) for i in rows]


def _claim_invite(session: Session, token: str, now: datetime) -> Invite:
    """Mark the invite used, in one conditional write that only one transaction can win, and return it.

    ``UPDATE ... WHERE used_at IS NULL AND expires_at >= now`` changes one row for the first claimant
    only: on PostgreSQL a second one waits for the first's row lock and then finds the row used; on
    SQLite the write lock serialises them. It is the transaction's first statement, so on SQLite the
    write lock is taken before anything is read (no stale read to upgrade). Raises :class:`InviteError`
    with the reason when the link is unknown, used or expired.
    """
    if 0 < len(token) <= 128:
        claimed = session.execute(
            update(Invite)
            .where(Invite.token_hash == token_hash(token), Invite.used_at.is_(None), Invite.expires_at >= now)
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(claimed, "rowcount", 0) == 1:
            invite = session.scalar(select(Invite).where(Invite.token_hash == token_hash(token)))
            assert invite is not None
            return invite
    _open_invite(session, token, now)  # says why (unknown, used, expired)
    raise InviteError("This invite link has been used already. Sign in instead, or ask your coach for a new one.")


def accept_invite(
    db: Database,
    token: str,
    email: str,
    display_name: str,
    password: str,
    password_again: str | None = None,
    language: str = "en",
    now: datetime | None = None,
) -> AccountInfo:
    """Make the client's account and (empty) profile from an invite; the link then stops working.

    Claiming the link and making the account are one transaction: if the account cannot be made
    (a field is wrong), the link stays usable; if many browsers post the link at once, exactly one
    account is made and the others get :class:`InviteError` ("used already").
    """
    now = now or utcnow()
    problems = check_new_account(email, display_name, password, password_again)
    email = normalise_email(email)
    # the slow part (Argon2) before the transaction, so the write lock is held only for a few statements
    password_hash = _hasher.hash(password) if not problems else ""
    with db.transaction() as session:
        invite = _claim_invite(session, token, now)
        if "email" not in problems and _email_taken(session, email):
            problems["email"] = "There is already an account for this email address: sign in instead."
        _raise_problems(problems)  # rolls back the claim: the link still works
        profile = Profile(name=f"client-{secrets.token_hex(6)}", language=language)
        session.add(profile)
        session.flush()
        account = Account(
            email=email,
            display_name=display_name.strip(),
            role=Role.CLIENT.value,
            password_hash=password_hash,
            language=language,
            profile_id=profile.id,
            coach_id=invite.coach_id,
        )
        session.add(account)
        try:
            session.flush()
        except IntegrityError:  # the same email signed up through another invite at the same moment
            raise InvalidInputError(
                "The account was not made:", ["email: There is already an account for this email address: sign in instead."]
            ) from None
        invite.used_by_account_id = account.id
        return _info(account)


def delete_account(db: Database, email: str) -> AccountInfo:
    """Erase an account. A client's profile (all their coaching data) goes with it; a coach's clients
    keep their data and simply have no coach until another one invites them."""
    email = normalise_email(email)
    with db.transaction() as session:
        account = session.scalar(select(Account).where(Account.email == email))
        if account is None:
            raise InvalidInputError(f"There is no account for {email}.")
        info = _info(account)
        if account.profile is not None:
            session.delete(account.profile)  # cascades to the account, its sessions and every health record
        else:
            session.delete(account)
    return info


def set_password(db: Database, email: str, password: str) -> AccountInfo:
    """A new password (someone forgot theirs: the coach sets one on the server); every signed-in browser is signed out."""
    email = normalise_email(email)
    problems = check_new_account(email, "-", password)
    problems.pop("email", None)
    _raise_problems({k: v for k, v in problems.items() if k == "password"})
    with db.transaction() as session:
        account = session.scalar(select(Account).where(Account.email == email))
        if account is None:
            raise InvalidInputError(f"There is no account for {email}.")
        account.password_hash = _hasher.hash(password)
        session.execute(delete(WebSession).where(WebSession.account_id == account.id))
        return _info(account)
