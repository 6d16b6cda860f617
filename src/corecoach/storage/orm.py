"""ORM tables. They only store what the pure core decides; no rules live here."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


def _pain(col: str) -> CheckConstraint:
    return CheckConstraint(f"{col} IS NULL OR ({col} >= 0 AND {col} <= 10)", name=f"ck_{col}_0_10")


class Profile(Base):
    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    language: Mapped[str] = mapped_column(String(2), default="en")
    level: Mapped[str] = mapped_column(String(20), default="beginner")
    stopped_red_flag: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    intakes: Mapped[list[IntakeRecord]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    programs: Mapped[list[ProgramRecord]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    rungs: Mapped[list[Rung]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    sessions: Mapped[list[SessionRecord]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    decisions: Mapped[list[DecisionRecord]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    referrals: Mapped[list[ReferralRecord]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    acknowledgements: Mapped[list[Acknowledgement]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    analyses: Mapped[list[MovementAnalysisRecord]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    pain_reports: Mapped[list[PainReport]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    account: Mapped[Account | None] = relationship(cascade="all, delete-orphan", passive_deletes=True, uselist=False)


class IntakeRecord(Base):
    __tablename__ = "intakes"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Acknowledgement(Base):
    """Something the person confirmed when the program was made, with when.

    ``kind`` is ``clinician_approval`` (a hernia or another back condition: they follow their doctor or
    physio) or ``red_flag_clearance`` (a doctor or physio saw them for their "see a doctor before
    starting" answers and agrees they can start; then ``seen_by``, ``seen_on`` and ``red_flag_ids`` say
    who, on what day, and for which answers).
    """

    __tablename__ = "acknowledgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    seen_by: Mapped[str | None] = mapped_column(String(10), default=None)
    seen_on: Mapped[date | None] = mapped_column(Date, default=None)
    red_flag_ids: Mapped[list[Any] | None] = mapped_column(JSON, default=None)


class ReferralRecord(Base):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    urgency: Mapped[str] = mapped_column(String(40))
    red_flag_ids: Mapped[list[Any]]
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ProgramRecord(Base):
    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Rung(Base):
    """Where a person stands on one phase's ladder; ``since_log_id`` marks where its history starts."""

    __tablename__ = "rungs"
    __table_args__ = (UniqueConstraint("profile_id", "function", name="uq_rung_profile_function"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    function: Mapped[str] = mapped_column(String(40))
    exercise_id: Mapped[str] = mapped_column(String(80))
    unlocked: Mapped[bool] = mapped_column(default=False)
    since_log_id: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SessionRecord(Base):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    session_date: Mapped[date] = mapped_column(Date)
    red_flag_ids: Mapped[list[Any]]
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    entries: Mapped[list[ExerciseLogRecord]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ExerciseLogRecord.id"
    )


class ExerciseLogRecord(Base):
    __tablename__ = "exercise_logs"
    __table_args__ = (
        _pain("pain_before"),
        _pain("pain_during"),
        _pain("pain_next_morning"),
        CheckConstraint("effort_rpe IS NULL OR (effort_rpe >= 1 AND effort_rpe <= 10)", name="ck_effort_rpe_1_10"),
        CheckConstraint("sets >= 0", name="ck_sets_non_negative"),
        Index("ix_exercise_logs_profile_exercise", "profile_id", "exercise_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(80))
    session_date: Mapped[date] = mapped_column(Date)
    sets: Mapped[int]
    reps_per_side: Mapped[int | None]
    reps: Mapped[int | None]
    hold_s: Mapped[float | None]
    distance_m: Mapped[float | None]
    duration_s: Mapped[float | None]
    clean_form: Mapped[bool]
    pain_before: Mapped[int]
    pain_during: Mapped[int]
    pain_next_morning: Mapped[int | None]
    effort_rpe: Mapped[int | None]


class DecisionRecord(Base):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    function: Mapped[str] = mapped_column(String(40))
    rule: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(20))
    from_exercise: Mapped[str] = mapped_column(String(80))
    to_exercise: Mapped[str] = mapped_column(String(80))
    explanation_en: Mapped[str] = mapped_column(Text)
    explanation_nl: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    #: Who decided when it was not a rule: the coach's name (``rule`` is then ``coach_adjustment``).
    author: Mapped[str | None] = mapped_column(String(80), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MovementAnalysisRecord(Base):
    """A stored video/photo analysis: the result document, kept with the profile's history."""

    __tablename__ = "movement_analyses"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    movement: Mapped[str] = mapped_column(String(40))
    result: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PainReport(Base):
    """A "this hurts" press during a session, stored the moment it happens (not only with the log)."""

    __tablename__ = "pain_reports"
    __table_args__ = (_pain("pain_nrs"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(String(80))
    pain_nrs: Mapped[int | None]
    reported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Account(Base):
    """A login (coach mode only). A client's account owns one profile; a coach's owns none."""

    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint("role IN ('coach', 'client')", name="ck_account_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(2), default="en")
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), unique=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    profile: Mapped[Profile | None] = relationship(back_populates="account")


class WebSession(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class Invite(Base):
    """A one-time link a coach gives a client; only the token's SHA-256 is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    client_name: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    used_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class LoginAttempt(Base):
    """One try to sign in, kept for the login rate limit (shared by all server processes)."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "attempted_at"),
        Index("ix_login_attempts_ip_at", "client_ip", "attempted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    client_ip: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(default=False)
    attempted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
