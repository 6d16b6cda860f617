"""The session rule for red flags: emergency and urgent always stop; a "see a doctor" answer the current
clearance covers is recorded without a stop (said once, with the warning signs); one it does not cover stops
with the referral that says how to come back."""

from __future__ import annotations

from datetime import date

import pytest

from corecoach.domain.enums import Language, Urgency
from corecoach.screening.red_flags import CONFIRM_HOW, EMERGENCY_ACTION, URGENT_ACTION, ConfirmChannel, RedFlag
from corecoach.screening.triage import SafetyNet, triage_session

SEEN_ON = date(2026, 11, 20)
NET = SafetyNet(red_flag_ids=("no_improvement_after_month", "night_pain"), seen_by="physio", seen_on=SEEN_ON)


def _ids(red_flags: dict[str, RedFlag], urgency: Urgency) -> list[str]:
    return [f.id for f in red_flags.values() if f.urgency is urgency]


def test_nothing_reported_is_nothing(red_flags: dict[str, RedFlag]) -> None:
    for net in (None, NET):
        result = triage_session([], net, red_flags)
        assert result.referral is None and result.covered is None


@pytest.mark.parametrize("urgency", [Urgency.EMERGENCY, Urgency.URGENT])
def test_emergency_and_urgent_always_stop_even_next_to_a_covered_answer(red_flags: dict[str, RedFlag], urgency: Urgency) -> None:
    for flag_id in _ids(red_flags, urgency):
        for reported in ([flag_id], [flag_id, "night_pain"]):
            result = triage_session(reported, NET, red_flags)
            assert result.covered is None, flag_id
            referral = result.referral
            assert referral is not None and referral.urgency is urgency, flag_id
            assert set(referral.red_flag_ids) == set(reported)
            assert referral.how_to_confirm(ConfirmChannel.API) is None


def test_a_covered_see_doctor_answer_does_not_stop_and_says_so_once(red_flags: dict[str, RedFlag]) -> None:
    result = triage_session(["night_pain"], NET, red_flags)
    assert result.referral is None
    covered = result.covered
    assert covered is not None
    assert covered.red_flag_ids == ("night_pain",)  # what was reported now, not all the clearance covers
    assert covered.clearance == NET
    for lang in Language:
        lines = covered.lines(lang, red_flags)
        text = "\n".join(lines)
        assert SEEN_ON.isoformat() in lines[0]
        assert f"  - {red_flags['night_pain'].question(lang)}" in lines
        assert red_flags["no_improvement_after_month"].question(lang) not in text
        # the warning signs, once each
        for sign in NET.watch(lang):
            assert text.count(sign) == 1
        assert text.count(EMERGENCY_ACTION(lang)) == 1 and text.count(URGENT_ACTION(lang)) == 1
    assert "a physio" in covered.explanation(Language.EN) and "een fysiotherapeut" in covered.explanation(Language.NL)
    assert "goes on" in covered.explanation(Language.EN) and "gaat door" in covered.explanation(Language.NL)
    document = covered.to_json()
    assert document["red_flag_ids"] == ["night_pain"]
    assert (document["seen_by"], document["seen_on"]) == ("physio", SEEN_ON.isoformat())
    assert document["reported"] == [red_flags["night_pain"].question.model_dump()]
    assert [w["en"] for w in document["watch_for"]] == NET.watch(Language.EN)
    assert document["message"] == covered.message().model_dump()


@pytest.mark.parametrize("net", [None, NET], ids=["no-clearance", "clearance-for-other-answers"])
def test_a_see_doctor_answer_not_covered_stops_with_how_to_come_back(red_flags: dict[str, RedFlag], net: SafetyNet | None) -> None:
    result = triage_session(["unexplained_weight_loss", "night_pain"], net, red_flags)
    assert result.covered is None
    referral = result.referral
    assert referral is not None and referral.clearable
    expected = ("unexplained_weight_loss",) if net is not None else ("unexplained_weight_loss", "night_pain")
    assert set(referral.red_flag_ids) == set(expected)
    for channel in ConfirmChannel:
        assert referral.how_to_confirm(channel) == CONFIRM_HOW[channel]
    assert "POST /api/plan" in CONFIRM_HOW[ConfirmChannel.API].en and '"clearance"' in CONFIRM_HOW[ConfirmChannel.API].nl
