"""Domain enums: the spellings used in YAML, CLI and JSON, and their orderings."""

from __future__ import annotations

import pytest

from corecoach.domain.enums import MOBILITY_FUNCTIONS, PHASE_ORDER, CoreFunction, Language, Level, Urgency, Weekday
from corecoach.domain.text import Text


def test_function_spellings() -> None:
    assert [f.value for f in CoreFunction] == [
        "breathing",
        "anti_extension",
        "anti_lateral_flexion",
        "anti_rotation",
        "integration",
        "hip_mobility",
        "thoracic_mobility",
    ]


def test_phase_order_is_the_articles() -> None:
    assert [f.value for f in PHASE_ORDER] == ["breathing", "anti_extension", "anti_lateral_flexion", "anti_rotation", "integration"]
    assert set(MOBILITY_FUNCTIONS).isdisjoint(PHASE_ORDER)


def test_level_rank() -> None:
    assert [lvl.rank for lvl in Level] == [0, 1, 2]
    assert all(isinstance(lvl.rank, int) for lvl in Level)


def test_urgency_rank_most_urgent_first() -> None:
    assert Urgency.EMERGENCY.rank < Urgency.URGENT.rank < Urgency.SEE_DOCTOR_BEFORE_STARTING.rank


def test_weekday_number_matches_date_weekday() -> None:
    # A property named like a str method (e.g. ``index``) would be shadowed on a StrEnum; this pins a real int.
    assert [d.day_number for d in Weekday] == list(range(7))
    assert sorted([Weekday.FRI, Weekday.MON, Weekday.WED], key=lambda d: d.day_number) == [Weekday.MON, Weekday.WED, Weekday.FRI]


def test_text_picks_the_language() -> None:
    text = Text(en="Breathe out", nl="Adem uit")
    assert text(Language.EN) == "Breathe out"
    assert text("nl") == "Adem uit"


@pytest.mark.parametrize(("en", "nl"), [("", "x"), ("x", ""), ("  ", "x"), ("same", "same"), (" same", "same ")])
def test_text_rejects_empty_or_untranslated(en: str, nl: str) -> None:
    with pytest.raises(ValueError):
        Text(en=en, nl=nl)
