"""Coaching use cases: plan from an intake, log a session, record next-morning pain, report progress.

Each use case runs in one database transaction: it all lands, or nothing does.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corecoach.assessment.assess import Assessment, assess, gate_passed
from corecoach.catalogue import Catalogue
from corecoach.domain.enums import PHASE_ORDER, CoreFunction
from corecoach.domain.text import Text
from corecoach.errors import InvalidInputError, ProfileNotFoundError
from corecoach.programs.generator import Program, generate_program
from corecoach.programs.movement_feedback import adjustments_from_analysis, program_extras
from corecoach.programs.progression import (
    PERSISTENT_WITHIN_DAYS,
    Action,
    Decision,
    ExerciseLog,
    SessionAdvice,
    SessionPain,
    check_log_matches,
    decide_progression,
    session_advice,
)
from corecoach.screening.intake import Intake
from corecoach.screening.red_flags import Referral, load_red_flags
from corecoach.screening.triage import CoveredRedFlags, SafetyNet, check_clearance, triage, triage_session
from corecoach.screening.validation import reported_red_flags, validate_intake
from corecoach.storage import repositories as repo
from corecoach.storage.database import Database
from corecoach.storage.orm import (
    Acknowledgement,
    DecisionRecord,
    ExerciseLogRecord,
    IntakeRecord,
    MovementAnalysisRecord,
    PainReport,
    Profile,
    ProgramRecord,
    ReferralRecord,
    Rung,
    SessionRecord,
)

APPROVAL_TEXT = "I follow my doctor/physio and use corecoach only with their approval."
#: The stored wording of a red-flag clearance (``Acknowledgement.kind == CLEARANCE_KIND``), by who saw the person.
CLEARANCE_KIND = "red_flag_clearance"
CLEARANCE_TEXT = {
    "doctor": "A doctor has seen me for my 'see a doctor before starting' answers and agrees I can start.",
    "physio": "A physio has seen me for my 'see a doctor before starting' answers and agrees I can start.",
}

#: Days before a profile was made that a session may still be dated. People often start corecoach
#: after a few weeks of training from a paper diary and back-fill it; two months covers that, while
#: a typo such as 0001-01-01 (which would sort before every real session and confuse the "stuck" and
#: next-morning rules) is refused.
SESSION_DATE_GRACE_DAYS = 60

#: Longest profile name: long enough for "firstname-lastname", short enough for every screen and file name.
PROFILE_NAME_MAX_CHARS = 64


def validate_profile_name(name: str) -> str:
    """The one check for profile names (CLI ``--profile``, the web and the services all use it).

    A name must be visible text: not empty, no spaces at either end, no newline, tab or other
    control character, and at most :data:`PROFILE_NAME_MAX_CHARS` characters. Returns it unchanged.
    """
    problems: list[str] = []
    if not name.strip():
        problems.append("profile: give a name (it is empty)")
    else:
        if name != name.strip():
            problems.append("profile: remove the spaces at the start or end")
        if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in name):
            problems.append("profile: use letters, digits, spaces or punctuation only (no newline, tab or control character)")
        if len(name) > PROFILE_NAME_MAX_CHARS:
            problems.append(f"profile: at most {PROFILE_NAME_MAX_CHARS} characters (got {len(name)})")
    if problems:
        raise InvalidInputError("That profile name cannot be used:", problems)
    return name


def local_today() -> date:
    """Today in this machine's time zone: the person's own zone for the CLI and single-person mode."""
    return date.today()


def check_session_date(on: date, profile_created_on: date, today: date) -> None:
    """A session date lies between the profile's start (minus the grace) and today, or is refused.

    Used by :func:`log_session`, so the CLI, the web form and the API all get the same window.
    """
    earliest = profile_created_on - timedelta(days=SESSION_DATE_GRACE_DAYS)
    if not earliest <= on <= today:
        raise InvalidInputError(
            f"The session date {on.isoformat()} is outside the dates you can log: from {earliest.isoformat()} "
            f"({SESSION_DATE_GRACE_DAYS} days before this profile was made) to today, {today.isoformat()}.",
            [f"date: {on.isoformat()} is {'in the future' if on > today else 'too long ago'}"],
        )


@dataclass(frozen=True)
class PlanOutcome:
    profile: str
    intake: Intake
    program: Program | None = None
    assessment: Assessment | None = None
    referral: Referral | None = None
    #: With a program made after a doctor's or physio's clearance: the warning signs to show with it.
    safety_net: SafetyNet | None = None


@dataclass(frozen=True)
class LogOutcome:
    profile: str
    session_id: int
    decisions: list[tuple[CoreFunction, Decision]] = field(default_factory=list)
    referral: Referral | None = None
    program: Program | None = None
    #: The one message for the whole session when the evidence is session-wide (next-morning pain
    #: up across the session; see your doctor or physio when it keeps getting worse). Shown once,
    #: above the decisions; each decision's own explanation does not repeat it.
    session_advice: SessionAdvice | None = None
    #: "See a doctor before starting" answers reported with the session that the current clearance
    #: covers: stored with the session, no stop; says so once, with the warning signs.
    red_flags_covered: CoveredRedFlags | None = None


def _store_referral(session: Session, profile: Profile, referral: Referral) -> None:
    session.add(ReferralRecord(profile_id=profile.id, urgency=referral.urgency.value, red_flag_ids=list(referral.red_flag_ids)))
    profile.stopped_red_flag = True


def record_referral(db: Database, profile_name: str, referral: Referral) -> None:
    """Store a referral from the guided screen (stopped before a full intake existed)."""
    validate_profile_name(profile_name)
    with db.transaction() as session:
        profile = repo.get_or_create_profile(session, profile_name)
        _store_referral(session, profile, referral)


def plan_from_intake(db: Database, profile_name: str, intake: Intake, catalogue: Catalogue, today: date | None = None) -> PlanOutcome:
    """Screen, assess and prescribe.

    The screen is :func:`corecoach.screening.triage.triage`: an emergency or urgent red flag, or a
    "see a doctor before starting" answer without a clearance, stores the referral and makes no
    program. With only "see a doctor" answers and a clearance (dated from ``today`` - the person's
    local date, default this machine's - back at most ``CLEARANCE_MAX_AGE_DAYS`` days), the
    program is made, the clearance is stored with its date and the outcome carries the safety net.
    A clearance dated in the future or too long ago is an :class:`InvalidInputError` (nothing is
    stored), unless a red flag stops the plan anyway.
    """
    validate_profile_name(profile_name)
    screened = triage(intake.reported_red_flags, intake.clearance)
    referral = screened.referral
    if referral is None:  # a red flag that stops goes before a wrong date: the referral is what matters then
        check_clearance(intake.clearance, today or local_today())
    with db.transaction() as session:
        profile = repo.get_or_create_profile(session, profile_name)
        profile.language = intake.language.value
        profile.level = intake.experience.value
        session.add(IntakeRecord(profile_id=profile.id, data=intake.model_dump(mode="json")))
        if referral is not None:
            _store_referral(session, profile, referral)
            return PlanOutcome(profile=profile_name, intake=intake, referral=referral)
        profile.stopped_red_flag = False
        if intake.diagnoses.any:
            session.add(Acknowledgement(profile_id=profile.id, kind="clinician_approval", text=APPROVAL_TEXT))
        if screened.safety_net is not None:
            net = screened.safety_net
            session.add(
                Acknowledgement(
                    profile_id=profile.id,
                    kind=CLEARANCE_KIND,
                    text=CLEARANCE_TEXT[net.seen_by],
                    seen_by=net.seen_by,
                    seen_on=net.seen_on,
                    red_flag_ids=list(net.red_flag_ids),
                )
            )
        assessment = assess(intake, catalogue)
        for old in repo.rungs_by_function(session, profile).values():
            session.delete(old)
        session.flush()
        for function in PHASE_ORDER:
            session.add(
                Rung(
                    profile_id=profile.id,
                    function=function.value,
                    exercise_id=assessment.placements[function],
                    unlocked=function in assessment.unlocked,
                    since_log_id=_max_log_id(session, profile),
                )
            )
        program = generate_program(intake, assessment, catalogue)
        session.add(ProgramRecord(profile_id=profile.id, data=program.model_dump(mode="json")))
        return PlanOutcome(profile=profile_name, intake=intake, program=program, assessment=assessment, safety_net=screened.safety_net)


def current_safety_net(db: Database, profile_name: str) -> SafetyNet | None:
    """The warning signs to show with the current program: set when it was made after a clearance.

    Read from the intake the program was made from (the latest one), with the same triage; None
    when that intake needed no clearance or the profile has no intake.
    """
    with db.transaction() as session:
        return _safety_net(session, repo.get_profile(session, profile_name))


def _safety_net(session: Session, profile: Profile) -> SafetyNet | None:
    record = repo.latest_intake(session, profile)
    if record is None or profile.stopped_red_flag:
        return None
    intake = validate_intake(record.data)
    return triage(intake.reported_red_flags, intake.clearance).safety_net


def _max_log_id(session: Session, profile: Profile) -> int:
    return int(
        session.scalar(select(func.coalesce(func.max(ExerciseLogRecord.id), 0)).where(ExerciseLogRecord.profile_id == profile.id)) or 0
    )


def _stored_intake(session: Session, profile: Profile) -> Intake:
    record = repo.latest_intake(session, profile)
    if record is None:
        raise ProfileNotFoundError(
            f"Profile '{profile.name}' has no intake yet: run `corecoach plan --intake FILE --profile {profile.name}`."
        )
    return validate_intake(record.data)


def _refuse_if_stopped(profile: Profile) -> None:
    if profile.stopped_red_flag:
        raise InvalidInputError(
            f"Profile '{profile.name}' is stopped because a red flag was reported. See a doctor first; when they have "
            "cleared you, answer the intake again (`corecoach plan --intake FILE`)."
        )


def _regenerate(session: Session, profile: Profile, catalogue: Catalogue) -> Program:
    intake = _stored_intake(session, profile)
    rungs = repo.rungs_by_function(session, profile)
    analyses = session.scalars(
        select(MovementAnalysisRecord).where(MovementAnalysisRecord.profile_id == profile.id).order_by(MovementAnalysisRecord.id)
    )
    extra_needs, extra_notes = program_extras([a.result for a in analyses])
    program = generate_program(
        intake,
        assess(intake, catalogue),
        catalogue,
        rungs={f: r.exercise_id for f, r in rungs.items()},
        unlocked=[f for f in PHASE_ORDER if rungs[f].unlocked],
        extra_needs=extra_needs,
        extra_notes=extra_notes,
    )
    session.add(ProgramRecord(profile_id=profile.id, data=program.model_dump(mode="json")))
    return program


def _unlock_cascade(rungs: dict[CoreFunction, Rung], catalogue: Catalogue) -> None:
    """Once a phase passes its gate the next phase opens, and stays open."""
    for prev, nxt in itertools.pairwise(PHASE_ORDER):
        if rungs[prev].unlocked and gate_passed(catalogue, prev, rungs[prev].exercise_id):
            rungs[nxt].unlocked = True


def _decide_and_apply(
    session: Session, profile: Profile, catalogue: Catalogue, exercise_ids: set[str], session_id: int, on: date
) -> list[tuple[CoreFunction, Decision]]:
    rungs = repo.rungs_by_function(session, profile)
    level = _stored_intake(session, profile).experience
    out: list[tuple[CoreFunction, Decision]] = []
    newest = _max_log_id(session, profile)
    for function in PHASE_ORDER:
        rung = rungs[function]
        if rung.exercise_id not in exercise_ids:
            continue
        ex = catalogue[rung.exercise_id]
        # a few extra rows so that several entries on one day still leave enough distinct sessions
        history = repo.recent_logs(session, profile, ex.id, rung.since_log_id, 4 * max(2, ex.criterion.consecutive_sessions))
        if not history:
            continue
        decision = decide_progression(catalogue, ex.id, history, level)
        out.append((function, decision))
        session.add(
            DecisionRecord(
                profile_id=profile.id,
                session_id=session_id,
                function=function.value,
                rule=decision.rule,
                action=decision.action.value,
                from_exercise=decision.from_exercise,
                to_exercise=decision.to_exercise,
                explanation_en=decision.explanation.en,
                explanation_nl=decision.explanation.nl,
                decided_on=on,
            )
        )
        if decision.action in (Action.PROGRESS, Action.REGRESS):
            rung.exercise_id = decision.to_exercise
            rung.since_log_id = newest
    # drills off the ladders (mobility): nothing to move, but pain or repeated unclean form still gets answered
    on_ladders = {r.exercise_id for r in rungs.values()}
    for ex_id in sorted(exercise_ids - on_ladders):
        ex = catalogue[ex_id]
        if ex.regression is not None or ex.progression is not None:
            continue
        history = repo.recent_logs(session, profile, ex.id, 0, 4 * max(2, ex.criterion.consecutive_sessions))
        decision = decide_progression(catalogue, ex.id, history, level)
        if not decision.rule.startswith("regress_"):
            continue
        function = ex.primary_function
        out.append((function, decision))
        session.add(DecisionRecord(
            profile_id=profile.id, session_id=session_id, function=function.value, rule=decision.rule,
            action=decision.action.value, from_exercise=decision.from_exercise, to_exercise=decision.to_exercise,
            explanation_en=decision.explanation.en, explanation_nl=decision.explanation.nl, decided_on=on,
        ))  # fmt: skip
    _unlock_cascade(rungs, catalogue)
    return out


def _session_advice(session: Session, profile: Profile, current: SessionRecord) -> SessionAdvice | None:
    """The session-wide message for ``current``, read with the sessions trained before it.

    Only sessions within ``PERSISTENT_WITHIN_DAYS`` before it can make pain "persistently worse",
    so only those are read.
    """
    if not current.entries:
        return None
    earlier = session.scalars(
        select(SessionRecord)
        .where(
            SessionRecord.profile_id == profile.id,
            SessionRecord.id != current.id,
            SessionRecord.session_date <= current.session_date,
            SessionRecord.session_date >= current.session_date - timedelta(days=PERSISTENT_WITHIN_DAYS),
        )
        .order_by(SessionRecord.session_date, SessionRecord.id)
    )
    ordered = [*(s for s in earlier if s.entries), current]
    return session_advice([SessionPain.of([repo.to_exercise_log(e) for e in s.entries]) for s in ordered])


def _current_exercises(session: Session, profile: Profile) -> set[str]:
    record = repo.latest_program(session, profile)
    if record is None:
        return set()
    return {item["exercise_id"] for day in record.data["week"] for item in day["items"]}


def _refuse_if_not_in_program(session: Session, profile: Profile, exercise_ids: Sequence[str]) -> None:
    current = _current_exercises(session, profile)
    not_in_program = [ex_id for ex_id in exercise_ids if ex_id not in current]
    if not_in_program:
        raise InvalidInputError(
            "These exercises are not in your current program: "
            + ", ".join(not_in_program)
            + ". Run `corecoach plan` to see this week's exercises."
        )


def check_can_log(db: Database, profile_name: str, exercise_ids: Sequence[str]) -> None:
    """The checks ``log_session`` makes on the profile before anything is stored, made up front.

    Logging a set from its video takes a minute of analysis; a profile that does not exist, is
    stopped by a red flag, or has not got the exercise in its program is said before that minute.
    """
    with db.transaction() as session:
        profile = repo.get_profile(session, profile_name)
        _refuse_if_stopped(profile)
        _refuse_if_not_in_program(session, profile, exercise_ids)


def log_session(
    db: Database,
    profile_name: str,
    entries: Sequence[ExerciseLog],
    catalogue: Catalogue,
    red_flag_ids: Sequence[str] | Mapping[str, bool] = (),
    today: date | None = None,
) -> LogOutcome:
    """Store a session and decide each logged rung; red flags reported with it are stored with it.

    The session rule for red flags (:func:`corecoach.screening.triage.triage_session`), against the
    person's current clearance (the one the program was made with, :func:`current_safety_net`):

    * an emergency or urgent flag always stops: the profile is stopped and the outcome carries the referral;
    * a "see a doctor before starting" flag that the current clearance covers is recorded with the
      session but does not stop: the decisions are made as usual and ``red_flags_covered`` says it is
      covered by the clearance of that date, with the warning signs once;
    * a "see a doctor before starting" flag the clearance does not cover stops, with the referral that
      says how to come back once a doctor or physio has seen the person (as the plan does).

    ``red_flag_ids`` takes the one red-flag shape (a list of reported ids, or id -> true/false as in
    the intake). The session date must lie in the window of :func:`check_session_date`; ``today``
    is the person's local date (default: this machine's).
    """
    red_flag_ids = reported_red_flags(red_flag_ids, load_red_flags(), "red_flag")
    if not entries and not red_flag_ids:
        raise InvalidInputError("Nothing to log: give at least one exercise.")
    dates = sorted({e.session_date for e in entries})
    for entry in entries:
        check_log_matches(catalogue[entry.exercise_id], entry)
    today = today or local_today()
    with db.transaction() as session:
        profile = repo.get_profile(session, profile_name)
        _refuse_if_stopped(profile)
        for on_day in dates:
            check_session_date(on_day, profile.created_at.date(), today)
        _refuse_if_not_in_program(session, profile, [e.exercise_id for e in entries])
        on = entries[0].session_date if entries else today
        record = SessionRecord(profile_id=profile.id, session_date=on, red_flag_ids=list(red_flag_ids))
        session.add(record)
        session.flush()
        for e in entries:
            session.add(ExerciseLogRecord(session_id=record.id, profile_id=profile.id, **e.model_dump()))
        session.flush()
        screened = triage_session(red_flag_ids, _safety_net(session, profile))
        if screened.referral is not None:
            _store_referral(session, profile, screened.referral)
            return LogOutcome(profile=profile_name, session_id=record.id, referral=screened.referral)
        decisions = _decide_and_apply(session, profile, catalogue, {e.exercise_id for e in entries}, record.id, on)
        program = _regenerate(session, profile, catalogue)
        advice = _session_advice(session, profile, record)
        return LogOutcome(
            profile=profile_name,
            session_id=record.id,
            decisions=decisions,
            program=program,
            session_advice=advice,
            red_flags_covered=screened.covered,
        )


def record_next_morning(db: Database, profile_name: str, pain_nrs: int, catalogue: Catalogue) -> LogOutcome:
    """Add next-morning pain to the latest session, then decide again with it."""
    if not 0 <= pain_nrs <= 10:
        raise InvalidInputError("Pain must be a whole number from 0 to 10.", [f"pain: {pain_nrs} is out of range"])
    with db.transaction() as session:
        profile = repo.get_profile(session, profile_name)
        _refuse_if_stopped(profile)
        last = repo.latest_session(session, profile)
        if last is None or not last.entries:
            raise InvalidInputError("There is no logged session yet to add next-morning pain to.")
        for entry in last.entries:
            entry.pain_next_morning = pain_nrs
        session.flush()
        decisions = _decide_and_apply(session, profile, catalogue, {e.exercise_id for e in last.entries}, last.id, date.today())
        program = _regenerate(session, profile, catalogue)
        advice = _session_advice(session, profile, last)
        return LogOutcome(profile=profile_name, session_id=last.id, decisions=decisions, program=program, session_advice=advice)


def current_program(db: Database, profile_name: str) -> dict[str, Any]:
    with db.transaction() as session:
        profile = repo.get_profile(session, profile_name)
        _refuse_if_stopped(profile)
        record = repo.latest_program(session, profile)
        if record is None:
            raise ProfileNotFoundError(f"Profile '{profile_name}' has no program yet: run `corecoach plan --intake FILE`.")
        return dict(record.data)


def progress_report(db: Database, profile_name: str, catalogue: Catalogue) -> dict[str, Any]:
    """Where the person stands on each ladder, every decision with its rule, and pain and adherence over time."""
    with db.transaction() as session:
        profile = repo.get_profile(session, profile_name)
        rungs = repo.rungs_by_function(session, profile)
        sessions = repo.all_sessions(session, profile)
        decisions = repo.all_decisions(session, profile)
        phases = []
        for function in PHASE_ORDER:
            if function not in rungs:
                continue
            r = rungs[function]
            ladder = catalogue.ladder(r.exercise_id)
            phases.append(
                {
                    "function": function.value,
                    "exercise_id": r.exercise_id,
                    "rung": ladder.index(r.exercise_id),
                    "ladder": ladder,
                    "unlocked": r.unlocked,
                }
            )
        pain = [
            {
                "date": s.session_date.isoformat(),
                "pain_before": max((e.pain_before for e in s.entries), default=None),
                "pain_during": max((e.pain_during for e in s.entries), default=None),
                "pain_next_morning": max((e.pain_next_morning for e in s.entries if e.pain_next_morning is not None), default=None),
                "clean_form": all(e.clean_form for e in s.entries),
            }
            for s in sessions
        ]
        return {
            "profile": profile.name,
            "stopped_red_flag": profile.stopped_red_flag,
            "sessions_logged": len(sessions),
            "phases": phases,
            "sessions": pain,
            "decisions": [
                {
                    "date": d.decided_on.isoformat(),
                    "function": d.function,
                    "rule": d.rule,
                    "action": d.action,
                    "from_exercise": d.from_exercise,
                    "to_exercise": d.to_exercise,
                    "explanation": {"en": d.explanation_en, "nl": d.explanation_nl},
                    "author": d.author,
                }
                for d in decisions
            ],
        }


def record_pain_report(db: Database, profile_name: str, exercise_id: str, catalogue: Catalogue, pain_nrs: int | None = None) -> int:
    """Store a "this hurts" press the moment it happens, so it is kept even if the log is never sent."""
    if exercise_id not in catalogue:
        raise InvalidInputError("Unknown exercise.", [f"exercise_id: '{exercise_id}' is not in the catalogue"])
    if pain_nrs is not None and not 0 <= pain_nrs <= 10:
        raise InvalidInputError("Pain must be a whole number from 0 to 10.", [f"pain_nrs: {pain_nrs} is out of range"])
    with db.transaction() as session:
        profile = repo.get_profile(session, profile_name)
        report = PainReport(profile_id=profile.id, exercise_id=exercise_id, pain_nrs=pain_nrs)
        session.add(report)
        session.flush()
        return report.id


COACH_ADJUSTMENT_RULE = "coach_adjustment"
REASON_MIN_CHARS = 3
REASON_MAX_CHARS = 500


def adjust_rung(
    db: Database, profile_name: str, function: CoreFunction, exercise_id: str, reason: str, author: str, catalogue: Catalogue
) -> Decision:
    """A coach moves one ladder to another rung, with a reason the client sees beside the rules' decisions."""
    reason = " ".join(reason.split())
    problems = []
    if not REASON_MIN_CHARS <= len(reason) <= REASON_MAX_CHARS:
        problems.append(f"reason: write {REASON_MIN_CHARS} to {REASON_MAX_CHARS} characters; the client reads it")
    if function not in PHASE_ORDER:
        problems.append(f"function: '{function}' has no ladder (one of {', '.join(f.value for f in PHASE_ORDER)})")
    if problems:
        raise InvalidInputError("The change was not made:", problems)
    with db.transaction() as session:
        profile = repo.get_profile(session, profile_name)
        _refuse_if_stopped(profile)
        rungs = repo.rungs_by_function(session, profile)
        if function not in rungs:
            raise ProfileNotFoundError(f"Profile '{profile_name}' has no program yet.")
        rung = rungs[function]
        ladder = catalogue.ladder(rung.exercise_id)
        if exercise_id not in ladder:
            raise InvalidInputError(
                "The change was not made:", [f"exercise_id: '{exercise_id}' is not on the {function.value} ladder ({', '.join(ladder)})"]
            )
        before, after = ladder.index(rung.exercise_id), ladder.index(exercise_id)
        action = Action.PROGRESS if after > before else Action.REGRESS if after < before else Action.HOLD
        decision = Decision(
            action=action,
            rule=COACH_ADJUSTMENT_RULE,
            from_exercise=rung.exercise_id,
            to_exercise=exercise_id,
            explanation=Text(en=f"Your coach {author}: {reason}", nl=f"Je coach {author}: {reason}"),
        )
        session.add(DecisionRecord(
            profile_id=profile.id, session_id=None, function=function.value, rule=decision.rule, action=action.value,
            from_exercise=decision.from_exercise, to_exercise=exercise_id, explanation_en=decision.explanation.en,
            explanation_nl=decision.explanation.nl, decided_on=date.today(), author=author[:80],
        ))  # fmt: skip
        if action is not Action.HOLD:
            rung.exercise_id = exercise_id
            rung.since_log_id = _max_log_id(session, profile)
        _unlock_cascade(rungs, catalogue)
        _regenerate(session, profile, catalogue)
        return decision


@dataclass(frozen=True)
class AnalysisOutcome:
    profile: str
    analysis_id: int
    adjustments: list[tuple[str, str, str]]  # (rule, en, nl)
    program: Program | None


def record_analysis(db: Database, profile_name: str, result: dict[str, Any], catalogue: Catalogue) -> AnalysisOutcome:
    """Store an analysis with the profile and let the program act on it (one transaction).

    A fault that calls for a step back (e.g. the lower back arching in a dead bug) moves that
    ladder one rung down with a stored decision; other findings become needs and notes.
    """
    with db.transaction() as session:
        profile = repo.get_profile(session, profile_name)
        _refuse_if_stopped(profile)
        record = MovementAnalysisRecord(
            profile_id=profile.id, file_name=str(result.get("file", ""))[:255], movement=str(result.get("movement")), result=result
        )
        session.add(record)
        session.flush()
        rungs = repo.rungs_by_function(session, profile)
        done: list[tuple[str, str, str]] = []
        for adj in adjustments_from_analysis(result):
            done.append((adj.rule, adj.explanation.en, adj.explanation.nl))
            if adj.regress is None or adj.regress not in rungs:
                continue
            rung = rungs[adj.regress]
            current = catalogue[rung.exercise_id]
            if current.regression is None:
                continue
            session.add(DecisionRecord(
                profile_id=profile.id, session_id=None, function=adj.regress.value, rule=adj.rule, action=Action.REGRESS.value,
                from_exercise=current.id, to_exercise=current.regression, explanation_en=adj.explanation.en,
                explanation_nl=adj.explanation.nl, decided_on=date.today(),
            ))  # fmt: skip
            rung.exercise_id = current.regression
            rung.since_log_id = _max_log_id(session, profile)
        program = _regenerate(session, profile, catalogue) if repo.latest_intake(session, profile) is not None else None
        return AnalysisOutcome(profile=profile_name, analysis_id=record.id, adjustments=done, program=program)
