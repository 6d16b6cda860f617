"""Red flags as data, and the referral they lead to."""

from __future__ import annotations

import re
from importlib import resources

import pytest
import yaml

from corecoach.domain.enums import Language, Urgency
from corecoach.screening.red_flags import RedFlag, make_referral

CATEGORIES = {"cauda_equina", "cancer", "infection", "fracture", "neurological", "inflammatory", "other"}

# Ids are keys in people's intake files: once released they never change. Adding flags is fine.
RELEASED_IDS = {
    "bladder_retention",
    "bladder_incontinence",
    "bowel_incontinence",
    "saddle_numbness",
    "new_sexual_dysfunction",
    "bilateral_sciatica",
    "bilateral_leg_weakness",
    "progressive_leg_weakness",
    "spreading_numbness",
    "fever_with_back_pain",
    "iv_drug_use",
    "immunosuppression",
    "recent_infection_or_wound",
    "history_of_cancer",
    "unexplained_weight_loss",
    "night_pain",
    "trauma",
    "osteoporosis_or_steroids_sudden_pain",
    "severe_central_pain_eased_lying",
    "new_pain_under_20_or_over_50",
    "no_improvement_after_month",
    "structural_deformity",
    "unwell_or_pain_many_sites",
}


def _raw_ids() -> list[str]:
    text = resources.files("corecoach.screening").joinpath("data", "red_flags.yaml").read_text(encoding="utf-8")
    return [item["id"] for item in yaml.safe_load(text)]


def _first(red_flags: dict[str, RedFlag], urgency: Urgency) -> str:
    return next(f.id for f in red_flags.values() if f.urgency is urgency)


def test_at_least_ten_red_flags(red_flags: dict[str, RedFlag]) -> None:
    assert len(red_flags) >= 10


def test_ids_are_unique_slugs_in_the_data_file() -> None:
    ids = _raw_ids()
    assert len(ids) == len(set(ids))
    for flag_id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", flag_id), flag_id


def test_released_ids_are_stable(red_flags: dict[str, RedFlag]) -> None:
    assert RELEASED_IDS <= set(red_flags)


def test_every_category_the_spec_names_is_covered(red_flags: dict[str, RedFlag]) -> None:
    assert {"cauda_equina", "cancer", "infection", "fracture", "neurological"} <= {f.category for f in red_flags.values()}


@pytest.mark.parametrize("flag_id", sorted(RELEASED_IDS))
def test_flag_has_category_urgency_and_bilingual_question(red_flags: dict[str, RedFlag], flag_id: str) -> None:
    flag = red_flags[flag_id]
    assert flag.id == flag_id
    assert flag.category in CATEGORIES
    assert isinstance(flag.urgency, Urgency)
    assert flag.question.en.strip() and flag.question.nl.strip()
    assert flag.question.en != flag.question.nl
    assert flag.question(Language.EN) == flag.question.en
    assert flag.question(Language.NL) == flag.question.nl
    assert flag.source.strip()


def test_every_cauda_equina_flag_is_an_emergency(red_flags: dict[str, RedFlag]) -> None:
    cauda = [f for f in red_flags.values() if f.category == "cauda_equina"]
    assert cauda
    assert all(f.urgency is Urgency.EMERGENCY for f in cauda), [f.id for f in cauda if f.urgency is not Urgency.EMERGENCY]


def test_every_urgency_level_is_used(red_flags: dict[str, RedFlag]) -> None:
    assert {f.urgency for f in red_flags.values()} == set(Urgency)


def test_no_flags_no_referral(red_flags: dict[str, RedFlag]) -> None:
    assert make_referral([], red_flags) is None
    assert make_referral([]) is None


@pytest.mark.parametrize(
    ("urgencies", "expected"),
    [
        ((Urgency.SEE_DOCTOR_BEFORE_STARTING,), Urgency.SEE_DOCTOR_BEFORE_STARTING),
        ((Urgency.URGENT,), Urgency.URGENT),
        ((Urgency.EMERGENCY,), Urgency.EMERGENCY),
        ((Urgency.SEE_DOCTOR_BEFORE_STARTING, Urgency.URGENT), Urgency.URGENT),
        ((Urgency.URGENT, Urgency.SEE_DOCTOR_BEFORE_STARTING), Urgency.URGENT),
        ((Urgency.SEE_DOCTOR_BEFORE_STARTING, Urgency.EMERGENCY), Urgency.EMERGENCY),
        ((Urgency.URGENT, Urgency.EMERGENCY, Urgency.SEE_DOCTOR_BEFORE_STARTING), Urgency.EMERGENCY),
    ],
)
def test_referral_picks_the_most_urgent(red_flags: dict[str, RedFlag], urgencies: tuple[Urgency, ...], expected: Urgency) -> None:
    ids = [_first(red_flags, u) for u in urgencies]
    referral = make_referral(ids, red_flags)
    assert referral is not None
    assert referral.urgency is expected
    assert set(referral.red_flag_ids) == set(ids)


def test_referral_uses_the_shipped_flags_by_default(red_flags: dict[str, RedFlag]) -> None:
    referral = make_referral(["night_pain", "saddle_numbness"])
    assert referral is not None
    assert referral.urgency is Urgency.EMERGENCY
    assert set(referral.red_flag_ids) == {"night_pain", "saddle_numbness"}


def test_referral_actions_differ_by_urgency(red_flags: dict[str, RedFlag]) -> None:
    actions = set()
    for urgency in Urgency:
        referral = make_referral([_first(red_flags, urgency)], red_flags)
        assert referral is not None
        actions.add(referral.action.en)
    assert len(actions) == len(Urgency)


@pytest.mark.parametrize("lang", list(Language))
@pytest.mark.parametrize(
    "ids",
    [
        ["saddle_numbness"],
        ["fever_with_back_pain", "night_pain"],
        ["structural_deformity", "trauma", "bladder_retention"],
    ],
)
def test_referral_render(red_flags: dict[str, RedFlag], lang: Language, ids: list[str]) -> None:
    referral = make_referral(ids, red_flags)
    assert referral is not None
    text = referral.render(lang, red_flags)
    assert referral.action(lang) in text
    assert referral.headline(lang) in text
    for flag_id in ids:
        assert red_flags[flag_id].question(lang) in text
    if lang is Language.EN:
        assert "not a diagnosis" in text
        assert "No program" in text
    else:
        assert "geen diagnose" in text
        assert "geen programma" in text
        assert "not a diagnosis" not in text
        assert "You reported" not in text
