"""The terminal's forgiving readers (issue 14): yes/no in English and Dutch, Dutch week days, pain as 7/10,
day-first dates and the future refused, "did you mean" for exercise ids."""

from __future__ import annotations

from datetime import date

import pytest

from corecoach.catalogue import load_catalogue
from corecoach.cli.parsing import (
    check_exercise_id,
    closest_ids,
    parse_choice,
    parse_date,
    parse_days,
    parse_number,
    parse_pain,
    parse_yes_no,
)
from corecoach.domain.enums import Language, Weekday
from corecoach.errors import InvalidInputError, UnknownExerciseError

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize("raw", ["y", "yes", "Y", "j", "ja", "JA", " Ja ", "ja."])
def test_yes_in_both_languages(raw: str) -> None:
    assert parse_yes_no(raw) is True


@pytest.mark.parametrize("raw", ["n", "no", "nee", "NEE", "N", "nee!"])
def test_no_in_both_languages(raw: str) -> None:
    assert parse_yes_no(raw) is False


@pytest.mark.parametrize("raw", ["", "misschien", "maybe", "yesno", "1"])
def test_anything_else_is_asked_again(raw: str) -> None:
    assert parse_yes_no(raw) is None


@pytest.mark.parametrize(
    ("raw", "days"),
    [
        ("ma,wo,vr", [Weekday.MON, Weekday.WED, Weekday.FRI]),
        ("maandag, woensdag en vrijdag", [Weekday.MON, Weekday.WED, Weekday.FRI]),
        ("di do za zo", [Weekday.TUE, Weekday.THU, Weekday.SAT, Weekday.SUN]),
        ("mon,wed,fri", [Weekday.MON, Weekday.WED, Weekday.FRI]),
        ("Tuesday, Thursday", [Weekday.TUE, Weekday.THU]),
        ("ma,ma,wo", [Weekday.MON, Weekday.WED]),
    ],
)
def test_days_in_english_and_dutch(raw: str, days: list[Weekday]) -> None:
    assert parse_days(raw) == days


@pytest.mark.parametrize("raw", ["", "ma,someday", "weekend", "1,2"])
def test_not_a_day_is_refused(raw: str) -> None:
    assert parse_days(raw) is None


@pytest.mark.parametrize(("raw", "pain"), [("7", 7), ("7/10", 7), ("7 / 10", 7), (" 0/10 ", 0), ("10", 10), ("10/10", 10)])
def test_pain_as_written(raw: str, pain: int) -> None:
    assert parse_pain(raw) == pain


@pytest.mark.parametrize("raw", ["11", "7/11", "-1", "lots", "7.5", "", "3/5"])
def test_not_a_pain_score_shows_the_scale(raw: str) -> None:
    with pytest.raises(InvalidInputError, match="0 \\(none\\) to 10"):
        parse_pain(raw)
    with pytest.raises(InvalidInputError, match="0 \\(geen\\) tot 10"):
        parse_pain(raw, lang=Language.NL)


@pytest.mark.parametrize(
    ("raw", "on"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("01-12-2026", date(2026, 12, 1)),
        ("1-12-2026", date(2026, 12, 1)),
        ("1/12/2026", date(2026, 12, 1)),
        ("1.12.2026", date(2026, 12, 1)),
        ("02-11-2026", date(2026, 11, 2)),  # day first: 2 November, never 11 February
        ("vandaag", TODAY),
        ("gisteren", date(2026, 12, 1)),
        ("yesterday", date(2026, 12, 1)),
    ],
)
def test_dates_iso_or_day_first(raw: str, on: date) -> None:
    assert parse_date(raw, TODAY) == on


@pytest.mark.parametrize("raw", ["12/31/2026", "31-02-2026", "2026-13-01"])
def test_impossible_dates_show_the_format(raw: str) -> None:
    with pytest.raises(InvalidInputError, match=r"YYYY-MM-DD .* 02-12-2026"):
        parse_date(raw, TODAY)


@pytest.mark.parametrize("raw", ["next week", "2026/12", "12-2026", "20261201"])
def test_not_a_date_shows_the_format(raw: str) -> None:
    with pytest.raises(InvalidInputError, match="is not a date; write it as YYYY-MM-DD"):
        parse_date(raw, TODAY)
    with pytest.raises(InvalidInputError, match="JJJJ-MM-DD"):
        parse_date(raw, TODAY, lang=Language.NL)


@pytest.mark.parametrize("raw", ["2026-12-03", "03-12-2026", "1-1-2027"])
def test_a_future_date_is_refused_in_plain_words(raw: str) -> None:
    with pytest.raises(InvalidInputError, match="is in the future \\(today is 2026-12-02\\)"):
        parse_date(raw, TODAY)
    with pytest.raises(InvalidInputError, match="ligt in de toekomst"):
        parse_date(raw, TODAY, lang=Language.NL)


def test_numbers_with_a_dutch_decimal_comma() -> None:
    assert parse_number("7,5") == 7.5
    assert parse_number("7.5") == 7.5
    assert parse_number("zeven") is None
    assert parse_number("nan") is None


def test_choices_in_dutch() -> None:
    words = {"belly": ("buik",), "mixed": ("gemengd",), "chest": ("borst",)}
    assert parse_choice("Buik", words) == "belly"
    assert parse_choice("chest", words) == "chest"
    assert parse_choice("rug", words) is None


@pytest.mark.parametrize(
    ("typo", "expected"),
    [("dead_bgu", "dead_bug"), ("crocodile", "crocodile_breathing"), ("ab_wheel", "ab_wheel_rollout"), ("sidepkank", "side_plank")],
)
def test_a_typo_gets_the_closest_ids(typo: str, expected: str) -> None:
    ids = [e.id for e in load_catalogue()]
    assert expected in closest_ids(typo, ids)
    with pytest.raises(UnknownExerciseError, match=f"Did you mean .*{expected}") as caught:
        check_exercise_id(typo, ids)
    assert "corecoach exercises" in str(caught.value)
    with pytest.raises(UnknownExerciseError, match=f"Bedoel je .*{expected}"):
        check_exercise_id(typo, ids, Language.NL)


def test_a_known_id_passes_and_nonsense_gets_no_guess() -> None:
    ids = [e.id for e in load_catalogue()]
    check_exercise_id("dead_bug", ids)
    with pytest.raises(UnknownExerciseError) as caught:
        check_exercise_id("qqqqqqq", ids)
    assert "Did you mean" not in str(caught.value)
