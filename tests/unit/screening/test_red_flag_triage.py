"""The three red-flag tiers: emergency and urgent always stop; "see a doctor" stops unless cleared with a valid date."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from corecoach.domain.enums import Language, Urgency
from corecoach.errors import InvalidInputError
from corecoach.screening.intake import CLEARANCE_MAX_AGE_DAYS, Clearance
from corecoach.screening.red_flags import (
    CONFIRM_HOW,
    EMERGENCY_ACTION,
    URGENT_ACTION,
    ConfirmChannel,
    RedFlag,
    make_referral,
)
from corecoach.screening.triage import check_clearance, triage
from corecoach.screening.validation import validate_intake

TODAY = date(2026, 12, 2)
CLEARED = Clearance(seen_by="doctor", seen_on=TODAY - timedelta(days=10))


def _ids(red_flags: dict[str, RedFlag], urgency: Urgency) -> list[str]:
    return [f.id for f in red_flags.values() if f.urgency is urgency]


@pytest.mark.parametrize("urgency", [Urgency.EMERGENCY, Urgency.URGENT])
def test_emergency_and_urgent_flags_are_never_cleared(red_flags: dict[str, RedFlag], urgency: Urgency) -> None:
    for flag_id in _ids(red_flags, urgency):
        for clearance in (None, CLEARED, Clearance(seen_by="physio", seen_on=TODAY)):
            result = triage([flag_id], clearance, red_flags)
            assert result.safety_net is None, flag_id
            assert result.referral is not None and result.referral.urgency is urgency, flag_id
            assert not result.referral.clearable
            assert result.referral.how_to_confirm(ConfirmChannel.FORM) is None


@pytest.mark.parametrize("urgency", [Urgency.EMERGENCY, Urgency.URGENT])
def test_a_stopping_flag_with_see_doctor_flags_and_a_clearance_still_stops(red_flags: dict[str, RedFlag], urgency: Urgency) -> None:
    ids = [_ids(red_flags, urgency)[0], *_ids(red_flags, Urgency.SEE_DOCTOR_BEFORE_STARTING)]
    result = triage(ids, CLEARED, red_flags)
    assert result.safety_net is None
    assert result.referral is not None and result.referral.urgency is urgency
    assert set(result.referral.red_flag_ids) == set(ids)


def test_see_doctor_flag_without_clearance_refers_and_says_how_to_come_back(red_flags: dict[str, RedFlag]) -> None:
    for flag_id in _ids(red_flags, Urgency.SEE_DOCTOR_BEFORE_STARTING):
        result = triage([flag_id], None, red_flags)
        assert result.safety_net is None
        referral = result.referral
        assert referral is not None and referral.urgency is Urgency.SEE_DOCTOR_BEFORE_STARTING and referral.clearable
        assert "come back and confirm" in referral.action.en and "Kom dan terug" in referral.action.nl
        for channel in ConfirmChannel:
            assert referral.how_to_confirm(channel) == CONFIRM_HOW[channel]


def test_see_doctor_flags_with_clearance_go_on_with_a_safety_net(red_flags: dict[str, RedFlag]) -> None:
    ids = _ids(red_flags, Urgency.SEE_DOCTOR_BEFORE_STARTING)
    assert {"no_improvement_after_month", "new_pain_under_20_or_over_50"} <= set(ids)
    result = triage(list(reversed(ids)), CLEARED, red_flags)
    assert result.referral is None
    net = result.safety_net
    assert net is not None
    assert net.red_flag_ids == tuple(ids)  # in the data file's order
    assert (net.seen_by, net.seen_on) == ("doctor", CLEARED.seen_on)
    for lang in Language:
        lines = net.lines(lang, red_flags)
        assert net.intro(lang) in lines and CLEARED.seen_on.isoformat() in net.intro(lang)
        for flag_id in ids:
            assert f"  - {red_flags[flag_id].question(lang)}" in lines
        text = "\n".join(lines)
        assert EMERGENCY_ACTION(lang) in text  # the one emergency instruction, as in the referral
        assert URGENT_ACTION(lang) in text
    assert "een arts" in net.intro(Language.NL)
    assert net.to_json()["advice"]["nl"] == net.lines(Language.NL)


def test_no_flags_no_referral_and_no_safety_net(red_flags: dict[str, RedFlag]) -> None:
    assert triage([], None, red_flags).referral is None
    assert triage([], CLEARED, red_flags).safety_net is None  # a clearance with nothing to clear does nothing


@pytest.mark.parametrize(
    ("seen_on", "ok"),
    [
        (TODAY, True),
        (TODAY - timedelta(days=1), True),
        (TODAY - timedelta(days=CLEARANCE_MAX_AGE_DAYS), True),
        (TODAY - timedelta(days=CLEARANCE_MAX_AGE_DAYS + 1), False),
        (TODAY + timedelta(days=1), False),
        (date(2099, 1, 1), False),
        (date(1970, 1, 1), False),
    ],
)
def test_clearance_date_window(seen_on: date, ok: bool) -> None:
    clearance = Clearance(seen_by="physio", seen_on=seen_on)
    if ok:
        check_clearance(clearance, TODAY)
        return
    with pytest.raises(InvalidInputError) as caught:
        check_clearance(clearance, TODAY)
    (problem,) = caught.value.problems
    assert problem.startswith("clearance.seen_on: ")
    assert ("future" in problem) is (seen_on > TODAY)


def test_no_clearance_is_fine() -> None:
    check_clearance(None, TODAY)


@pytest.mark.parametrize(
    ("clearance", "expected"),
    [
        ({"seen_by": "nurse", "seen_on": "2026-11-20"}, "clearance.seen_by"),
        ({"seen_by": "doctor", "seen_on": "20-11-2026"}, "clearance.seen_on"),
        ({"seen_by": "doctor", "seen_on": "2026-02-30"}, "clearance.seen_on"),
        ({"seen_by": "doctor", "seen_on": True}, "clearance.seen_on"),
        ({"seen_by": "doctor", "seen_on": 20261120}, "clearance.seen_on"),
        ({"seen_by": "doctor", "seen_on": "2026-11-20T09:00:00"}, "clearance.seen_on"),
        ({"seen_by": "doctor"}, "clearance.seen_on"),
        ({"seen_on": "2026-11-20"}, "clearance.seen_by"),
        ({"seen_by": "doctor", "seen_on": "2026-11-20", "agrees": True}, "clearance.agrees"),
        ("yes", "clearance"),
    ],
)
def test_clearance_is_validated_strictly(example_raw: dict[str, Any], clearance: object, expected: str) -> None:
    raw = {**example_raw, "clearance": clearance}
    with pytest.raises(InvalidInputError) as caught:
        validate_intake(raw)
    assert any(p.startswith(expected + ":") for p in caught.value.problems), caught.value.problems


def test_clearance_reads_a_yaml_date_and_text(example_raw: dict[str, Any]) -> None:
    for seen_on in ("2026-11-20", date(2026, 11, 20)):
        intake = validate_intake({**example_raw, "clearance": {"seen_by": "doctor", "seen_on": seen_on}})
        assert intake.clearance == Clearance(seen_by="doctor", seen_on=date(2026, 11, 20))
    # stored as JSON and read back the same
    assert validate_intake(intake.model_dump(mode="json")).clearance == intake.clearance


def test_the_tiers_follow_clinical_md_1_6(red_flags: dict[str, RedFlag]) -> None:
    """Cauda equina -> emergency; 1.6's "doctor check before starting" items (age, night pain, weight loss) are clearable."""
    assert {f.id for f in red_flags.values() if f.category == "cauda_equina"} == set(_ids(red_flags, Urgency.EMERGENCY))
    for flag_id in ("new_pain_under_20_or_over_50", "night_pain", "unexplained_weight_loss", "no_improvement_after_month"):
        assert red_flags[flag_id].clearable, flag_id
    for flag_id in ("fever_with_back_pain", "progressive_leg_weakness", "history_of_cancer", "trauma"):
        assert red_flags[flag_id].urgency is Urgency.URGENT, flag_id
    for flag in red_flags.values():
        assert "clinical.md" in flag.source and flag.why_tier.strip(), flag.id


def test_referral_actions_give_the_one_instruction_per_language(red_flags: dict[str, RedFlag]) -> None:
    emergency = make_referral([_ids(red_flags, Urgency.EMERGENCY)[0]], red_flags)
    urgent = make_referral([_ids(red_flags, Urgency.URGENT)[0]], red_flags)
    assert emergency is not None and urgent is not None
    assert emergency.action.nl.startswith("Bel nu 112.") and "huisartsenpost" not in emergency.action.nl
    assert "112" in emergency.action.en and "GP" not in emergency.action.en
    assert urgent.action.nl.startswith("Neem vandaag contact op met je huisarts; buiten kantooruren met de huisartsenpost.")
    assert "112" not in urgent.action.nl and "today" in urgent.action.en and "tomorrow" not in urgent.action.en


def test_render_adds_how_to_confirm_only_for_a_clearable_referral(red_flags: dict[str, RedFlag]) -> None:
    see = make_referral(["night_pain"], red_flags)
    stop = make_referral(["fever_with_back_pain"], red_flags)
    assert see is not None and stop is not None
    for lang in Language:
        assert CONFIRM_HOW[ConfirmChannel.FILE](lang) in see.render(lang, red_flags, ConfirmChannel.FILE)
        assert "seen_on" not in stop.render(lang, red_flags, ConfirmChannel.FILE)
        assert "seen_on" not in see.render(lang, red_flags)
