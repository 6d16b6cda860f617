"""What a coach sees of their clients: the dashboard rows and one client's pain report.

Reads storage, hands plain facts to :func:`corecoach.programs.client_status.client_status` (the
rules for "stuck" and "needs attention" live there, not here) and returns plain data for the
pages and the API. Access is checked by the caller (the web layer) with the policy table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corecoach.errors import ProfileNotFoundError
from corecoach.programs.client_status import RECENT_DAYS, ClientActivity, ClientStatus, Flag, HurtReport, PainEntry, client_status
from corecoach.services.coaching import CLEARANCE_KIND, COACH_ADJUSTMENT_RULE
from corecoach.storage.database import Database
from corecoach.storage.orm import (
    Account,
    Acknowledgement,
    DecisionRecord,
    ExerciseLogRecord,
    PainReport,
    Profile,
    ProgramRecord,
    ReferralRecord,
    SessionRecord,
)

#: How far back the client page's pain report reaches.
REPORT_DAYS = 42


@dataclass(frozen=True)
class ClientRow:
    """One line of the coach dashboard."""

    account_id: int
    display_name: str
    email: str
    profile_name: str
    has_program: bool
    last_session_on: date | None
    sessions_last_7_days: int
    status: ClientStatus

    def to_json(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "display_name": self.display_name,
            "email": self.email,
            "has_program": self.has_program,
            "last_session_on": self.last_session_on.isoformat() if self.last_session_on else None,
            "sessions_last_7_days": self.sessions_last_7_days,
            "stuck": [_flag_json(f) for f in self.status.stuck],
            "needs_attention": [_flag_json(f) for f in self.status.attention],
        }


def _flag_json(flag: Flag) -> dict[str, Any]:
    return {
        "concern": flag.concern.value,
        "on": flag.on.isoformat() if flag.on else None,
        "exercise_id": flag.exercise_id,
        "detail": {"en": flag.detail.en, "nl": flag.detail.nl},
    }


@dataclass(frozen=True)
class PainReportRow:
    on: date
    exercise_id: str
    pain_before: int | None
    pain_during: int | None
    pain_next_morning: int | None
    clean_form: bool | None
    kind: str  # "log" (a logged exercise) or "this_hurts" (a press during a session)


@dataclass(frozen=True)
class ClientOverview:
    row: ClientRow
    pain: list[PainReportRow] = field(default_factory=list)
    red_flags: list[dict[str, Any]] = field(default_factory=list)
    #: Each clearance the client gave ("see a doctor before starting" answers, a doctor or physio agrees),
    #: oldest first: ``{on, seen_by, seen_on, red_flag_ids}`` (dates as ISO text).
    clearances: list[dict[str, Any]] = field(default_factory=list)


def _activity(session: Session, profile: Profile, today: date) -> tuple[ClientActivity, date | None, int]:
    since = today - timedelta(days=RECENT_DAYS)
    first_program = session.scalar(select(func.min(ProgramRecord.created_at)).where(ProgramRecord.profile_id == profile.id))
    last_session = session.scalar(select(func.max(SessionRecord.session_date)).where(SessionRecord.profile_id == profile.id))
    week = int(
        session.scalar(
            select(func.count())
            .select_from(SessionRecord)
            .where(SessionRecord.profile_id == profile.id, SessionRecord.session_date > today - timedelta(days=7))
        )
        or 0
    )
    last_step = session.scalar(
        select(func.max(DecisionRecord.decided_on)).where(DecisionRecord.profile_id == profile.id, DecisionRecord.action == "progress")
    )
    flagged = session.scalar(select(func.max(ReferralRecord.created_at)).where(ReferralRecord.profile_id == profile.id))
    logs = session.scalars(
        select(ExerciseLogRecord).where(ExerciseLogRecord.profile_id == profile.id, ExerciseLogRecord.session_date >= since)
    )
    pain = [PainEntry(r.session_date, r.exercise_id, r.pain_before, r.pain_during, r.pain_next_morning) for r in logs]
    hurts = [
        HurtReport(r.reported_at.date(), r.exercise_id, r.pain_nrs)
        for r in session.scalars(
            select(PainReport).where(
                PainReport.profile_id == profile.id, PainReport.reported_at >= datetime.combine(since, datetime.min.time())
            )
        )
    ]
    activity = ClientActivity(
        program_made_on=first_program.date() if first_program else None,
        last_session_on=last_session,
        last_progression_on=last_step,
        red_flag_reported_on=(flagged.date() if flagged else today) if profile.stopped_red_flag else None,
        pain=pain,
        hurts=hurts,
    )
    return activity, last_session, week


def _row(session: Session, account: Account, today: date) -> ClientRow:
    profile = account.profile
    if profile is None:
        raise ProfileNotFoundError("This client has no data.")
    activity, last_session, week = _activity(session, profile, today)
    return ClientRow(
        account_id=account.id,
        display_name=account.display_name,
        email=account.email,
        profile_name=profile.name,
        has_program=activity.program_made_on is not None,
        last_session_on=last_session,
        sessions_last_7_days=week,
        status=client_status(activity, today),
    )


def coach_clients(db: Database, coach_id: int, today: date | None = None) -> list[ClientRow]:
    """The coach's clients, those who need attention first, then the stuck, then by name."""
    today = today or date.today()
    with db.transaction() as session:
        accounts = session.scalars(
            select(Account).where(Account.coach_id == coach_id, Account.role == "client").order_by(Account.display_name)
        )
        rows = [_row(session, a, today) for a in accounts if a.profile is not None]
    return sorted(rows, key=lambda r: (not r.status.attention, not r.status.stuck, r.display_name.lower()))


@dataclass(frozen=True)
class ClientRef:
    """Who a client is, for the access check, and where their data lives."""

    account_id: int
    coach_id: int | None
    profile_name: str


def client_ref(db: Database, account_id: int) -> ClientRef | None:
    """The client account with this id; None when there is no such client."""
    with db.transaction() as session:
        account = session.get(Account, account_id)
        if account is None or account.role != "client" or account.profile is None:
            return None
        return ClientRef(account.id, account.coach_id, account.profile.name)


def client_overview(db: Database, account_id: int, today: date | None = None) -> ClientOverview:
    """One client's row plus their pain report (logs and "this hurts" presses), red flags reported and clearances given."""
    today = today or date.today()
    since = today - timedelta(days=REPORT_DAYS)
    with db.transaction() as session:
        account = session.get(Account, account_id)
        if account is None or account.profile is None:
            raise ProfileNotFoundError("There is no such client.")
        row = _row(session, account, today)
        profile_id = account.profile.id
        pain = [
            PainReportRow(r.session_date, r.exercise_id, r.pain_before, r.pain_during, r.pain_next_morning, r.clean_form, "log")
            for r in session.scalars(
                select(ExerciseLogRecord)
                .where(ExerciseLogRecord.profile_id == profile_id, ExerciseLogRecord.session_date >= since)
                .order_by(ExerciseLogRecord.id)
            )
        ]
        pain += [
            PainReportRow(r.reported_at.date(), r.exercise_id, None, r.pain_nrs, None, None, "this_hurts")
            for r in session.scalars(
                select(PainReport)
                .where(PainReport.profile_id == profile_id, PainReport.reported_at >= datetime.combine(since, datetime.min.time()))
                .order_by(PainReport.id)
            )
        ]
        pain.sort(key=lambda p: p.on, reverse=True)
        red_flags = [
            {"on": r.created_at.date().isoformat(), "urgency": r.urgency, "red_flag_ids": list(r.red_flag_ids)}
            for r in session.scalars(select(ReferralRecord).where(ReferralRecord.profile_id == profile_id).order_by(ReferralRecord.id))
        ]
        clearances = [
            {
                "on": a.created_at.date().isoformat(),
                "seen_by": a.seen_by,
                "seen_on": a.seen_on.isoformat() if a.seen_on else None,
                "red_flag_ids": list(a.red_flag_ids or []),
            }
            for a in session.scalars(
                select(Acknowledgement)
                .where(Acknowledgement.profile_id == profile_id, Acknowledgement.kind == CLEARANCE_KIND)
                .order_by(Acknowledgement.id)
            )
        ]
    return ClientOverview(row=row, pain=pain, red_flags=red_flags, clearances=clearances)


def coach_changes(db: Database, profile_name: str, limit: int = 5) -> list[dict[str, Any]]:
    """The newest program changes a coach made for this profile, with their reasons (the client's program page shows them)."""
    with db.transaction() as session:
        rows = session.scalars(
            select(DecisionRecord)
            .join(Profile, Profile.id == DecisionRecord.profile_id)
            .where(Profile.name == profile_name, DecisionRecord.rule == COACH_ADJUSTMENT_RULE)
            .order_by(DecisionRecord.id.desc())
            .limit(limit)
        )
        return [
            {
                "date": d.decided_on,
                "function": d.function,
                "from_exercise": d.from_exercise,
                "to_exercise": d.to_exercise,
                "author": d.author,
                "explanation": {"en": d.explanation_en, "nl": d.explanation_nl},
            }
            for d in rows
        ]
