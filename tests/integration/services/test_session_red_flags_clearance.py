"""A session log does not stop a cleared person again for an answer their clearance covers, on SQLite and PostgreSQL.

In a session: an emergency or urgent flag always stops; a "see a doctor before starting" flag that the
current clearance covers is stored with the session and the program goes on (the outcome says it is covered
by the clearance of that date, with the warning signs once); one it does not cover stops with the referral.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Language, Urgency
from corecoach.errors import InvalidInputError
from corecoach.programs.progression import ExerciseLog
from corecoach.screening.intake import Intake
from corecoach.screening.red_flags import ConfirmChannel
from corecoach.services.coaching import current_program, current_safety_net, log_session, plan_from_intake
from corecoach.storage.database import Database
from corecoach.storage.orm import Profile, ReferralRecord, SessionRecord

Entry = Callable[..., ExerciseLog]
TODAY = date.today()
SEEN_ON = TODAY - timedelta(days=9)
CLEARED = {"seen_by": "doctor", "seen_on": SEEN_ON.isoformat()}


def _cleared_intake(make_intake: Callable[..., Intake], *flags: str) -> Intake:
    def edit(d: dict[str, Any]) -> None:
        for flag in flags:
            d["red_flags"][flag] = True
        d["clearance"] = CLEARED

    return make_intake(edit)


def _stored(db: Database) -> tuple[bool, list[list[str]], list[list[str]]]:
    """Whether the profile is stopped, each stored session's red flags, each stored referral's red flags."""
    with db.transaction() as s:
        profile = s.scalar(select(Profile))
        assert profile is not None
        sessions = [list(r.red_flag_ids) for r in s.scalars(select(SessionRecord).order_by(SessionRecord.id))]
        referrals = [list(r.red_flag_ids) for r in s.scalars(select(ReferralRecord).order_by(ReferralRecord.id))]
        return profile.stopped_red_flag, sessions, referrals


@pytest.fixture
def cleared(db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue) -> Database:
    """'sam' made a program after a doctor cleared two 'see a doctor' answers nine days ago."""
    outcome = plan_from_intake(db, "sam", _cleared_intake(make_intake, "night_pain", "no_improvement_after_month"), catalogue)
    assert outcome.program is not None
    return db


def test_a_covered_see_doctor_flag_is_recorded_and_the_program_goes_on(cleared: Database, catalogue: Catalogue, entry: Entry) -> None:
    net = current_safety_net(cleared, "sam")
    outcome = log_session(cleared, "sam", [entry("dead_bug", TODAY)], catalogue, {"night_pain": True})
    assert outcome.referral is None
    assert outcome.program is not None and outcome.decisions  # decided as usual
    covered = outcome.red_flags_covered
    assert covered is not None and covered.red_flag_ids == ("night_pain",) and covered.clearance == net
    assert SEEN_ON.isoformat() in covered.explanation(Language.EN) and SEEN_ON.isoformat() in covered.explanation(Language.NL)
    assert _stored(cleared) == (False, [["night_pain"]], [])
    assert current_program(cleared, "sam")["week"]  # not stopped
    assert current_safety_net(cleared, "sam") == net  # the clearance still holds

    # a session without red flags says nothing about them
    plain = log_session(cleared, "sam", [entry("dead_bug", TODAY)], catalogue)
    assert plain.red_flags_covered is None and plain.referral is None


def test_only_covered_flags_and_no_exercise_are_stored_as_a_session(cleared: Database, catalogue: Catalogue) -> None:
    outcome = log_session(cleared, "sam", [], catalogue, ["no_improvement_after_month", "night_pain"])
    assert outcome.referral is None and outcome.decisions == []
    assert outcome.red_flags_covered is not None
    assert outcome.red_flags_covered.red_flag_ids == ("no_improvement_after_month", "night_pain")
    assert _stored(cleared) == (False, [["no_improvement_after_month", "night_pain"]], [])


@pytest.mark.parametrize("flag", ["bladder_retention", "fever_with_back_pain"])
def test_emergency_and_urgent_flags_stop_a_cleared_person(cleared: Database, catalogue: Catalogue, entry: Entry, flag: str) -> None:
    outcome = log_session(cleared, "sam", [entry("dead_bug", TODAY)], catalogue, [flag, "night_pain"])
    assert outcome.red_flags_covered is None and outcome.program is None
    referral = outcome.referral
    assert referral is not None and referral.urgency in (Urgency.EMERGENCY, Urgency.URGENT)
    assert referral.how_to_confirm(ConfirmChannel.FILE) is None
    stopped, sessions, referrals = _stored(cleared)
    assert stopped and sessions == [[flag, "night_pain"]] and referrals == [[flag, "night_pain"]]
    with pytest.raises(InvalidInputError):
        current_program(cleared, "sam")


def test_a_see_doctor_flag_the_clearance_does_not_cover_stops_with_how_to_come_back(
    cleared: Database, catalogue: Catalogue, entry: Entry
) -> None:
    outcome = log_session(cleared, "sam", [entry("dead_bug", TODAY)], catalogue, {"night_pain": True, "unexplained_weight_loss": True})
    referral = outcome.referral
    assert referral is not None and referral.clearable
    assert referral.red_flag_ids == ("unexplained_weight_loss",)
    assert referral.how_to_confirm(ConfirmChannel.FILE) is not None
    assert _stored(cleared) == (True, [["night_pain", "unexplained_weight_loss"]], [["unexplained_weight_loss"]])
    assert current_safety_net(cleared, "sam") is None  # stopped: no program, so no advice with it


def test_without_a_clearance_a_see_doctor_flag_stops_as_before(
    db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue, entry: Entry
) -> None:
    assert plan_from_intake(db, "kim", make_intake(), catalogue).program is not None
    outcome = log_session(db, "kim", [entry("dead_bug", TODAY)], catalogue, ["night_pain"])
    assert outcome.referral is not None and outcome.referral.red_flag_ids == ("night_pain",) and outcome.referral.clearable
    assert outcome.red_flags_covered is None


def test_a_later_intake_without_the_clearance_no_longer_covers_the_answer(
    cleared: Database, make_intake: Callable[..., Intake], catalogue: Catalogue, entry: Entry
) -> None:
    assert plan_from_intake(cleared, "sam", make_intake(), catalogue).program is not None  # answered no to everything now
    outcome = log_session(cleared, "sam", [entry("dead_bug", TODAY)], catalogue, ["night_pain"])
    assert outcome.referral is not None and outcome.referral.red_flag_ids == ("night_pain",)
