"""A person's data is theirs: export everything stored about a profile, or erase it."""

from __future__ import annotations

import csv
import io
from typing import Any

from corecoach.storage import repositories as repo
from corecoach.storage.database import Database

LOG_COLUMNS = (
    "session_date",
    "exercise_id",
    "sets",
    "reps_per_side",
    "reps",
    "hold_s",
    "distance_m",
    "duration_s",
    "clean_form",
    "pain_before",
    "pain_during",
    "pain_next_morning",
    "effort_rpe",
)
DECISION_COLUMNS = (
    "decided_on",
    "function",
    "rule",
    "action",
    "from_exercise",
    "to_exercise",
    "explanation_en",
    "explanation_nl",
    "author",
)


def export_profile(db: Database, profile_name: str) -> dict[str, Any]:
    """Everything stored for the profile as one JSON-ready document."""
    with db.transaction() as session:
        p = repo.get_profile(session, profile_name)
        return {
            "format": "corecoach-export",
            "version": 1,
            "profile": {
                "name": p.name,
                "language": p.language,
                "level": p.level,
                "stopped_red_flag": p.stopped_red_flag,
                "created_at": p.created_at.isoformat(),
            },
            "intakes": [{"created_at": i.created_at.isoformat(), "data": i.data} for i in p.intakes],
            "acknowledgements": [
                {
                    "kind": a.kind,
                    "text": a.text,
                    "created_at": a.created_at.isoformat(),
                    # a red-flag clearance: who saw the person, on what day, for which answers
                    **({"seen_by": a.seen_by, "seen_on": _plain(a.seen_on), "red_flag_ids": a.red_flag_ids} if a.seen_by else {}),
                }
                for a in p.acknowledgements
            ],
            "referrals": [
                {"urgency": r.urgency, "red_flag_ids": r.red_flag_ids, "created_at": r.created_at.isoformat()} for r in p.referrals
            ],
            "programs": [{"created_at": g.created_at.isoformat(), "data": g.data} for g in p.programs],
            "rungs": [{"function": r.function, "exercise_id": r.exercise_id, "unlocked": r.unlocked} for r in p.rungs],
            "sessions": [
                {
                    "date": s.session_date.isoformat(),
                    "red_flag_ids": s.red_flag_ids,
                    "entries": [{c: _plain(getattr(e, c)) for c in LOG_COLUMNS} for e in s.entries],
                }
                for s in repo.all_sessions(session, p)
            ],
            "decisions": [{c: _plain(getattr(d, c)) for c in DECISION_COLUMNS} for d in repo.all_decisions(session, p)],
            "movement_analyses": [
                {"file_name": a.file_name, "movement": a.movement, "created_at": a.created_at.isoformat(), "result": a.result}
                for a in p.analyses
            ],
            "pain_reports": [
                {"exercise_id": r.exercise_id, "pain_nrs": r.pain_nrs, "reported_at": r.reported_at.isoformat()} for r in p.pain_reports
            ],
            # coach mode: the sign-in account (never its password hash)
            "account": None
            if p.account is None
            else {
                "email": p.account.email,
                "display_name": p.account.display_name,
                "role": p.account.role,
                "language": p.account.language,
                "created_at": p.account.created_at.isoformat(),
            },
        }


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def export_csv(db: Database, profile_name: str) -> dict[str, str]:
    """The session log and the decisions as CSV texts, keyed by file name."""
    data = export_profile(db, profile_name)
    logs = io.StringIO()
    w = csv.DictWriter(logs, fieldnames=LOG_COLUMNS)
    w.writeheader()
    for s in data["sessions"]:
        for e in s["entries"]:
            w.writerow(e)
    dec = io.StringIO()
    w2 = csv.DictWriter(dec, fieldnames=DECISION_COLUMNS)
    w2.writeheader()
    for d in data["decisions"]:
        w2.writerow(d)
    return {"exercise_logs.csv": logs.getvalue(), "decisions.csv": dec.getvalue()}


def delete_profile(db: Database, profile_name: str) -> None:
    """Erase the profile and everything stored with it, in one transaction."""
    with db.transaction() as session:
        profile = repo.get_profile(session, profile_name)
        session.delete(profile)
