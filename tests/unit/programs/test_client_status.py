"""The coach dashboard's rules: who is stuck, who needs attention, at each boundary."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from corecoach.programs.client_status import (
    ATTENTION,
    DEFINITIONS,
    STUCK,
    ClientActivity,
    ClientStatus,
    Concern,
    Flag,
    HurtReport,
    PainEntry,
    client_status,
)

TODAY = date(2026, 3, 2)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def activity(**changes: Any) -> ClientActivity:
    """A client doing fine: program 10 days old, a session yesterday, no progression needed yet, no pain."""
    fields: dict[str, Any] = {"program_made_on": ago(10), "last_session_on": ago(1), "last_progression_on": None}
    fields.update(changes)
    return ClientActivity(**fields)


def status(**changes: Any) -> ClientStatus:
    return client_status(activity(**changes), TODAY)


def concerns(flags: list[Flag]) -> list[Concern]:
    return [f.concern for f in flags]


def pain(days_ago: int, before: int = 2, during: int = 2, next_morning: int | None = 2, exercise: str = "dead_bug") -> PainEntry:
    return PainEntry(ago(days_ago), exercise, before, during, next_morning)


def test_a_client_doing_fine_is_ok() -> None:
    s = status(pain=[pain(1)])
    assert s.stuck == [] and s.attention == []
    assert s.ok is True
    assert s.attention_has_red_flag is False


# --- stuck: no session in 7 days --------------------------------------------------------------


def test_six_days_without_a_session_is_not_stuck() -> None:
    assert status(last_session_on=ago(6)).stuck == []


def test_seven_days_without_a_session_is_stuck() -> None:
    s = status(last_session_on=ago(7))
    assert concerns(s.stuck) == [Concern.NO_SESSION_7_DAYS]
    assert s.stuck[0].on == ago(7)
    assert "7" in s.stuck[0].detail.en and "7" in s.stuck[0].detail.nl
    assert s.attention == [] and s.ok is False


def test_without_any_session_the_days_count_from_the_program() -> None:
    assert status(program_made_on=ago(6), last_session_on=None).stuck == []
    s = status(program_made_on=ago(7), last_session_on=None)
    assert concerns(s.stuck) == [Concern.NO_SESSION_7_DAYS]
    assert s.stuck[0].on == ago(7)
    assert "nothing logged" in s.stuck[0].detail.en


def test_a_recent_session_wins_over_an_old_program() -> None:
    assert status(program_made_on=ago(20), last_session_on=ago(6), last_progression_on=ago(3)).stuck == []


def test_no_program_and_no_session_is_not_stuck() -> None:
    assert status(program_made_on=None, last_session_on=None).ok


# --- stuck: no progression in 4 weeks ---------------------------------------------------------


def test_27_days_since_the_last_step_up_is_not_stuck() -> None:
    assert status(program_made_on=ago(60), last_progression_on=ago(27)).stuck == []


def test_28_days_since_the_last_step_up_is_stuck() -> None:
    s = status(program_made_on=ago(60), last_progression_on=ago(28))
    assert concerns(s.stuck) == [Concern.NO_PROGRESSION_4_WEEKS]
    assert s.stuck[0].on == ago(28)
    assert "28 days" in s.stuck[0].detail.en and "28 dagen" in s.stuck[0].detail.nl


def test_no_step_up_ever_counts_from_the_program_once_it_is_28_days_old() -> None:
    s = status(program_made_on=ago(28), last_progression_on=None)
    assert concerns(s.stuck) == [Concern.NO_PROGRESSION_4_WEEKS]
    assert s.stuck[0].on is None


@pytest.mark.parametrize("age", [0, 1, 14, 27])
def test_a_program_younger_than_28_days_is_never_no_progression(age: int) -> None:
    assert status(program_made_on=ago(age), last_progression_on=None).stuck == []


def test_both_stuck_rules_can_hold_at_once() -> None:
    s = status(program_made_on=ago(40), last_session_on=ago(9), last_progression_on=ago(30))
    assert concerns(s.stuck) == [Concern.NO_SESSION_7_DAYS, Concern.NO_PROGRESSION_4_WEEKS]
    assert s.attention == []


# --- needs attention: pain --------------------------------------------------------------------


def test_pain_5_during_or_next_morning_is_not_a_concern() -> None:
    assert status(pain=[pain(2, during=5, next_morning=5, before=5)]).ok


def test_pain_6_during_needs_attention() -> None:
    s = status(pain=[pain(2, before=6, during=6, next_morning=3)])
    assert concerns(s.attention) == [Concern.PAIN_ABOVE_5]
    assert s.attention[0].on == ago(2)
    assert "6/10" in s.attention[0].detail.en and "6/10" in s.attention[0].detail.nl
    assert s.stuck == []


def test_pain_6_the_next_morning_needs_attention() -> None:
    s = status(pain=[pain(2, before=6, during=4, next_morning=6)])
    assert concerns(s.attention) == [Concern.PAIN_ABOVE_5]


def test_high_pain_before_the_session_alone_is_not_a_concern() -> None:
    assert status(pain=[pain(2, before=8, during=3, next_morning=3)]).ok


def test_pain_reports_the_worst_score_and_the_latest_day() -> None:
    s = status(pain=[pain(5, before=9, during=9, next_morning=4), pain(2, before=7, during=7, next_morning=2), pain(1)])
    (flag,) = s.attention
    assert flag.concern is Concern.PAIN_ABOVE_5
    assert flag.on == ago(2)
    assert "9/10" in flag.detail.en


def test_pain_older_than_14_days_is_ignored() -> None:
    assert status(pain=[pain(15, before=9, during=9, next_morning=9)]).ok
    assert status(pain=[pain(30, before=1, during=8, next_morning=9)]).ok


def test_pain_within_14_days_still_counts() -> None:
    # the window reaches back 14 whole days (today minus 14 is still in it)
    assert concerns(status(pain=[pain(13, before=8, during=8, next_morning=8)]).attention) == [Concern.PAIN_ABOVE_5]
    assert concerns(status(pain=[pain(14, before=8, during=8, next_morning=8)]).attention) == [Concern.PAIN_ABOVE_5]


# --- needs attention: not settled by the next morning -----------------------------------------


def test_next_morning_higher_than_before_is_not_settled() -> None:
    s = status(pain=[pain(3, before=2, during=3, next_morning=3, exercise="side_plank")])
    assert concerns(s.attention) == [Concern.NOT_SETTLED]
    assert s.attention[0].on == ago(3)
    assert s.attention[0].exercise_id == "side_plank" and "2/10" in s.attention[0].detail.en and "3/10" in s.attention[0].detail.en


def test_next_morning_equal_to_before_has_settled() -> None:
    assert status(pain=[pain(3, before=3, during=4, next_morning=3)]).ok


def test_missing_next_morning_is_not_unsettled() -> None:
    assert status(pain=[pain(3, before=0, during=4, next_morning=None)]).ok


def test_unsettled_older_than_14_days_is_ignored() -> None:
    assert status(pain=[pain(15, before=1, during=2, next_morning=4)]).ok


def test_high_and_unsettled_pain_give_both_concerns() -> None:
    s = status(pain=[pain(1, before=3, during=4, next_morning=7)])
    assert concerns(s.attention) == [Concern.PAIN_ABOVE_5, Concern.NOT_SETTLED]


def test_not_settled_names_the_latest_unsettled_entry() -> None:
    s = status(pain=[pain(2, before=1, during=1, next_morning=2, exercise="bird_dog"), pain(6, before=0, during=1, next_morning=3)])
    (flag,) = s.attention
    assert flag.on == ago(2) and flag.exercise_id == "bird_dog"


# --- needs attention: "this hurts" ------------------------------------------------------------


def test_a_this_hurts_press_in_the_window_needs_attention() -> None:
    s = status(hurts=[HurtReport(ago(13), "dead_bug"), HurtReport(ago(4), "side_plank", 3), HurtReport(ago(20), "bird_dog")])
    assert concerns(s.attention) == [Concern.THIS_HURTS]
    flag = s.attention[0]
    assert flag.on == ago(4)
    assert flag.detail.en.startswith("2 time(s)") and flag.exercise_id == "side_plank"
    assert flag.detail.nl.startswith("2 keer")


def test_a_this_hurts_press_older_than_14_days_is_ignored() -> None:
    assert status(hurts=[HurtReport(ago(15), "dead_bug", 9)]).ok


def test_a_high_this_hurts_pain_counts_as_pain_above_5() -> None:
    s = status(hurts=[HurtReport(ago(1), "dead_bug", 8)])
    assert concerns(s.attention) == [Concern.PAIN_ABOVE_5, Concern.THIS_HURTS]
    assert s.attention[0].on == ago(1) and "8/10" in s.attention[0].detail.en


def test_a_this_hurts_press_at_5_is_no_pain_concern() -> None:
    s = status(hurts=[HurtReport(ago(1), "dead_bug", 5)])
    assert concerns(s.attention) == [Concern.THIS_HURTS]


def test_the_worst_pain_across_logs_and_presses_is_shown() -> None:
    s = status(pain=[pain(3, before=6, during=6, next_morning=2)], hurts=[HurtReport(ago(5), "bird_dog", 9)])
    flag = next(f for f in s.attention if f.concern is Concern.PAIN_ABOVE_5)
    assert "9/10" in flag.detail.en
    assert flag.on == ago(3)  # the latest high day, not the worst one


# --- red flag ---------------------------------------------------------------------------------


def test_a_red_flag_needs_attention_and_suppresses_the_stuck_rules() -> None:
    s = status(program_made_on=ago(60), last_session_on=ago(30), last_progression_on=None, red_flag_reported_on=ago(30))
    assert s.stuck == []
    assert concerns(s.attention) == [Concern.RED_FLAG]
    assert s.attention[0].on == ago(30)  # it stays, however long ago
    assert s.attention[0].detail == DEFINITIONS[Concern.RED_FLAG]
    assert s.attention_has_red_flag is True
    assert s.ok is False


def test_a_red_flag_keeps_the_pain_concerns_beside_it() -> None:
    s = status(red_flag_reported_on=ago(1), pain=[pain(1, before=1, during=7, next_morning=8)], hurts=[HurtReport(ago(1), "dead_bug")])
    assert concerns(s.attention) == [Concern.RED_FLAG, Concern.PAIN_ABOVE_5, Concern.NOT_SETTLED, Concern.THIS_HURTS]


# --- ClientStatus and definitions -------------------------------------------------------------


def test_client_status_ok_is_false_with_either_list() -> None:
    flag = Flag(Concern.THIS_HURTS, TODAY, DEFINITIONS[Concern.THIS_HURTS])
    assert ClientStatus().ok is True
    assert ClientStatus(stuck=[flag]).ok is False
    assert ClientStatus(attention=[flag]).ok is False
    assert ClientStatus(attention=[flag]).attention_has_red_flag is False


def test_stuck_and_attention_split_every_concern() -> None:
    assert set(STUCK) | set(ATTENTION) == set(Concern)
    assert not set(STUCK) & set(ATTENTION)


@pytest.mark.parametrize("concern", list(Concern))
def test_every_concern_has_a_definition_in_english_and_dutch(concern: Concern) -> None:
    text = DEFINITIONS[concern]
    assert text.en.strip() and text.nl.strip() and text.en != text.nl


def test_definitions_state_the_numbers_the_rules_use() -> None:
    assert "7 days" in DEFINITIONS[Concern.NO_SESSION_7_DAYS].en and "7 dagen" in DEFINITIONS[Concern.NO_SESSION_7_DAYS].nl
    assert "4 weeks" in DEFINITIONS[Concern.NO_PROGRESSION_4_WEEKS].en and "4 weken" in DEFINITIONS[Concern.NO_PROGRESSION_4_WEEKS].nl
    for concern in (Concern.PAIN_ABOVE_5, Concern.NOT_SETTLED, Concern.THIS_HURTS):
        assert "14" in DEFINITIONS[concern].en and "14" in DEFINITIONS[concern].nl
    assert "5/10" in DEFINITIONS[Concern.PAIN_ABOVE_5].en and "5/10" in DEFINITIONS[Concern.PAIN_ABOVE_5].nl
