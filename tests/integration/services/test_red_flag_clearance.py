"""A "see a doctor before starting" answer with a doctor's or physio's clearance, through the service, on SQLite and PostgreSQL.

The clearance is stored with its date; emergency and urgent flags are never cleared; a bad date stores
nothing; the migration adds the clearance columns to a database made by the previous release.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from corecoach.catalogue import Catalogue
from corecoach.errors import InvalidInputError
from corecoach.programs.progression import ExerciseLog
from corecoach.screening.intake import Intake
from corecoach.services.coaching import (
    CLEARANCE_KIND,
    current_program,
    current_safety_net,
    log_session,
    plan_from_intake,
)
from corecoach.services.data_rights import export_profile
from corecoach.storage.database import Database, make_engine, migrate
from corecoach.storage.orm import Acknowledgement, Profile, ReferralRecord

Counts = Callable[..., dict[str, int]]
Entry = Callable[..., ExerciseLog]
TODAY = date.today()
SEEN_ON = TODAY - timedelta(days=12)


def _flags(*ids: str, clearance: dict[str, Any] | None = None) -> Callable[[dict[str, Any]], None]:
    def edit(d: dict[str, Any]) -> None:
        for flag_id in ids:
            d["red_flags"][flag_id] = True
        if clearance is not None:
            d["clearance"] = clearance

    return edit


CLEARED = {"seen_by": "physio", "seen_on": SEEN_ON.isoformat()}


def _clearances(db: Database) -> list[tuple[str, str | None, date | None, list[Any] | None]]:
    with db.transaction() as s:
        return [
            (a.kind, a.seen_by, a.seen_on, a.red_flag_ids)
            for a in s.scalars(select(Acknowledgement).where(Acknowledgement.kind == CLEARANCE_KIND).order_by(Acknowledgement.id))
        ]


def test_see_doctor_flags_with_a_clearance_make_the_program_and_store_it_with_its_date(
    db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue, counts: Counts, entry: Entry
) -> None:
    intake = make_intake(_flags("no_improvement_after_month", "new_pain_under_20_or_over_50", clearance=CLEARED))
    outcome = plan_from_intake(db, "sam", intake, catalogue)
    assert outcome.referral is None and outcome.program is not None
    net = outcome.safety_net
    assert net is not None
    assert (net.seen_by, net.seen_on) == ("physio", SEEN_ON)
    assert net.red_flag_ids == ("new_pain_under_20_or_over_50", "no_improvement_after_month")

    assert _clearances(db) == [(CLEARANCE_KIND, "physio", SEEN_ON, ["new_pain_under_20_or_over_50", "no_improvement_after_month"])]
    c = counts(db)
    assert (c["programs"], c["referrals"], c["intakes"]) == (1, 0, 1)
    with db.transaction() as s:
        profile = s.scalar(select(Profile))
        assert profile is not None and profile.stopped_red_flag is False

    # the person's export carries it, with its date
    (exported,) = export_profile(db, "sam")["acknowledgements"]
    assert (exported["kind"], exported["seen_by"], exported["seen_on"]) == (CLEARANCE_KIND, "physio", SEEN_ON.isoformat())

    # the program is there to use, and it keeps showing the advice
    assert current_program(db, "sam")["phases"]
    assert current_safety_net(db, "sam") == net
    logged = log_session(db, "sam", [entry("dead_bug", TODAY)], catalogue)
    assert logged.referral is None and logged.program is not None
    assert current_safety_net(db, "sam") == net


def test_see_doctor_flag_without_a_clearance_refers_and_stores_no_clearance(
    db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue, counts: Counts
) -> None:
    outcome = plan_from_intake(db, "sam", make_intake(_flags("night_pain")), catalogue)
    assert outcome.program is None and outcome.safety_net is None
    assert outcome.referral is not None and outcome.referral.clearable
    assert _clearances(db) == []
    c = counts(db)
    assert (c["programs"], c["referrals"], c["acknowledgements"]) == (0, 1, 0)
    assert current_safety_net(db, "sam") is None


@pytest.mark.parametrize("flag", ["saddle_numbness", "fever_with_back_pain"])
def test_emergency_and_urgent_flags_stop_even_with_a_clearance(
    db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue, counts: Counts, flag: str
) -> None:
    outcome = plan_from_intake(db, "sam", make_intake(_flags(flag, "night_pain", clearance=CLEARED)), catalogue)
    assert outcome.program is None and outcome.safety_net is None
    assert outcome.referral is not None and not outcome.referral.clearable
    with db.transaction() as s:
        assert [r.red_flag_ids for r in s.scalars(select(ReferralRecord))] == [[flag, "night_pain"]]
    c = counts(db)
    assert (c["programs"], c["rungs"], c["acknowledgements"]) == (0, 0, 0)


def test_a_stopping_flag_goes_before_a_wrong_clearance_date(db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue) -> None:
    future = {"seen_by": "doctor", "seen_on": (TODAY + timedelta(days=3)).isoformat()}
    outcome = plan_from_intake(db, "sam", make_intake(_flags("bladder_retention", clearance=future)), catalogue)
    assert outcome.referral is not None and outcome.referral.urgency.value == "emergency"


@pytest.mark.parametrize("days", [1, 400], ids=["tomorrow", "400-days-ago"])
def test_a_clearance_dated_in_the_future_or_too_long_ago_is_refused_and_nothing_is_stored(
    db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue, counts: Counts, days: int
) -> None:
    seen_on = TODAY + timedelta(days=days) if days == 1 else TODAY - timedelta(days=days)
    intake = make_intake(_flags("night_pain", clearance={"seen_by": "doctor", "seen_on": seen_on.isoformat()}))
    with pytest.raises(InvalidInputError) as caught:
        plan_from_intake(db, "sam", intake, catalogue)
    assert [p.split(":")[0] for p in caught.value.problems] == ["clearance.seen_on"]
    assert sum(counts(db).values()) == 0


def test_the_clearance_window_follows_the_persons_today(db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue) -> None:
    intake = make_intake(_flags("night_pain", clearance={"seen_by": "doctor", "seen_on": "2026-01-10"}))
    assert plan_from_intake(db, "sam", intake, catalogue, today=date(2026, 1, 10)).program is not None
    with pytest.raises(InvalidInputError):
        plan_from_intake(db, "kim", intake, catalogue, today=date(2026, 1, 9))


def test_a_later_intake_without_flags_drops_the_advice_and_keeps_the_record(
    db: Database, make_intake: Callable[..., Intake], catalogue: Catalogue
) -> None:
    plan_from_intake(db, "sam", make_intake(_flags("night_pain", clearance=CLEARED)), catalogue)
    assert current_safety_net(db, "sam") is not None
    plan_from_intake(db, "sam", make_intake(), catalogue)
    assert current_safety_net(db, "sam") is None
    assert len(_clearances(db)) == 1  # what was confirmed, and when, stays on record


def test_migration_adds_the_clearance_columns_to_an_existing_database(
    db_url: str, make_intake: Callable[..., Intake], catalogue: Catalogue
) -> None:
    engine = make_engine(db_url)
    try:
        migrate(engine, "0003")
        with engine.begin() as conn:  # what the previous release stored: a profile with a clinician approval
            conn.execute(
                text("INSERT INTO profiles (name, language, level, stopped_red_flag, created_at) VALUES ('old', 'en', 'beginner', :f, :t)"),
                {"f": False, "t": datetime(2026, 11, 1)},
            )
            pid = conn.execute(text("SELECT id FROM profiles WHERE name = 'old'")).scalar_one()
            conn.execute(
                text("INSERT INTO acknowledgements (profile_id, kind, text, created_at) VALUES (:p, 'clinician_approval', 'ok', :t)"),
                {"p": pid, "t": datetime(2026, 11, 1)},
            )
    finally:
        engine.dispose()
    db = Database(db_url)  # opening migrates to head
    try:
        with db.transaction() as s:
            old = s.scalar(select(Acknowledgement))
            assert old is not None and (old.kind, old.text, old.seen_by, old.seen_on, old.red_flag_ids) == (
                "clinician_approval",
                "ok",
                None,
                None,
                None,
            )
        plan_from_intake(db, "old", make_intake(_flags("structural_deformity", clearance=CLEARED)), catalogue)
        assert _clearances(db) == [(CLEARANCE_KIND, "physio", SEEN_ON, ["structural_deformity"])]
        assert current_safety_net(db, "old") is not None
    finally:
        db.dispose()
