"""Repositories: small typed queries over the ORM, used by the services inside one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from corecoach.domain.enums import CoreFunction
from corecoach.errors import ProfileNotFoundError
from corecoach.programs.progression import ExerciseLog
from corecoach.storage.orm import (
    DecisionRecord,
    ExerciseLogRecord,
    IntakeRecord,
    Profile,
    ProgramRecord,
    ReferralRecord,
    Rung,
    SessionRecord,
)


def get_profile(session: Session, name: str) -> Profile:
    profile = session.scalar(select(Profile).where(Profile.name == name))
    if profile is None:
        raise ProfileNotFoundError(
            f"There is no profile called '{name}' yet. Make one with `corecoach plan --intake FILE --profile {name}` "
            "or run `corecoach` for the guided coach."
        )
    return profile


def get_or_create_profile(session: Session, name: str) -> Profile:
    profile = session.scalar(select(Profile).where(Profile.name == name))
    if profile is None:
        profile = Profile(name=name)
        session.add(profile)
        session.flush()
    return profile


def list_profiles(session: Session) -> list[Profile]:
    return list(session.scalars(select(Profile).order_by(Profile.name)))


def latest_intake(session: Session, profile: Profile) -> IntakeRecord | None:
    return session.scalar(select(IntakeRecord).where(IntakeRecord.profile_id == profile.id).order_by(IntakeRecord.id.desc()).limit(1))


def latest_program(session: Session, profile: Profile) -> ProgramRecord | None:
    return session.scalar(select(ProgramRecord).where(ProgramRecord.profile_id == profile.id).order_by(ProgramRecord.id.desc()).limit(1))


def rungs_by_function(session: Session, profile: Profile) -> dict[CoreFunction, Rung]:
    rows = session.scalars(select(Rung).where(Rung.profile_id == profile.id))
    return {CoreFunction(r.function): r for r in rows}


def to_exercise_log(row: ExerciseLogRecord) -> ExerciseLog:
    return ExerciseLog(
        exercise_id=row.exercise_id,
        session_date=row.session_date,
        sets=row.sets,
        reps_per_side=row.reps_per_side,
        reps=row.reps,
        hold_s=row.hold_s,
        distance_m=row.distance_m,
        duration_s=row.duration_s,
        clean_form=row.clean_form,
        pain_before=row.pain_before,
        pain_during=row.pain_during,
        pain_next_morning=row.pain_next_morning,
        effort_rpe=row.effort_rpe,
    )


def recent_logs(session: Session, profile: Profile, exercise_id: str, after_log_id: int, limit: int) -> list[ExerciseLog]:
    """The newest ``limit`` logs of one exercise since its rung began, oldest first (uses the covering index)."""
    rows = session.scalars(
        select(ExerciseLogRecord)
        .where(
            ExerciseLogRecord.profile_id == profile.id,
            ExerciseLogRecord.exercise_id == exercise_id,
            ExerciseLogRecord.id > after_log_id,
        )
        .order_by(ExerciseLogRecord.id.desc())
        .limit(limit)
    )
    return [to_exercise_log(r) for r in reversed(list(rows))]


def latest_session(session: Session, profile: Profile) -> SessionRecord | None:
    return session.scalar(
        select(SessionRecord)
        .where(SessionRecord.profile_id == profile.id)
        .order_by(SessionRecord.session_date.desc(), SessionRecord.id.desc())
        .limit(1)
    )


def all_sessions(session: Session, profile: Profile) -> Sequence[SessionRecord]:
    return list(
        session.scalars(
            select(SessionRecord)
            .where(SessionRecord.profile_id == profile.id)
            .order_by(SessionRecord.session_date, SessionRecord.id)
            .options(selectinload(SessionRecord.entries))  # one query for all entries, not one per session
        )
    )


def all_decisions(session: Session, profile: Profile) -> Sequence[DecisionRecord]:
    return list(session.scalars(select(DecisionRecord).where(DecisionRecord.profile_id == profile.id).order_by(DecisionRecord.id)))


def profile_version(session: Session, name: str) -> tuple[int, ...] | None:
    """A tag that changes whenever what the profile's pages show changes; None when there is no such profile.

    Every write a page shows adds a row: a new program version (plan, log, next-morning pain, coach
    change, analysis), a decision or a referral; erasing and making the profile again gives a new id.
    One indexed query, so a page can reuse what it drew last time while the tag is the same.
    """
    p = Profile.__table__.c
    newest = [
        select(func.max(t.id)).where(t.profile_id == p.id).scalar_subquery()
        for t in (ProgramRecord, DecisionRecord, ReferralRecord, SessionRecord)
    ]
    row = session.execute(select(p.id, p.stopped_red_flag, *newest).where(p.name == name)).first()
    if row is None:
        return None
    return tuple(int(v or 0) for v in row)
