"""Every exercise file shipped in the package loads, validates and meets the method's requirements."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from corecoach.catalogue import Catalogue, Exercise
from corecoach.catalogue.loader import parse_exercise
from corecoach.domain.enums import CoreFunction, Level
from corecoach.domain.text import Text

DATA_DIR = resources.files("corecoach.catalogue").joinpath("data")
YAML_FILES = sorted(entry.name for entry in DATA_DIR.iterdir() if entry.name.endswith(".yaml"))

REQUIRED_IDS = (
    "breathing_90_90",
    "crocodile_breathing",
    "dead_bug",
    "wall_press_dead_bug",
    "ab_wheel_rollout",
    "suitcase_carry",
    "pallof_press_standing",
    "pallof_press_tall_kneeling",
    "pallof_press_half_kneeling",
    "bird_dog",
    "kettlebell_crosswalk",
    "side_plank",
    "mcgill_curl_up",
)

PALLOF_LADDER = ["pallof_press_standing", "pallof_press_tall_kneeling", "pallof_press_half_kneeling"]


def _read(file_name: str) -> Any:
    return yaml.safe_load(DATA_DIR.joinpath(file_name).read_text(encoding="utf-8"))


def _raw_texts(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every ``{en: ..., nl: ...}`` mapping in the raw YAML, with where it sits."""
    if isinstance(node, dict):
        if set(node) & {"en", "nl"}:
            yield path, node
            return
        for key, value in node.items():
            yield from _raw_texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _raw_texts(value, f"{path}[{i}]")


def _model_texts(node: Any, path: str = "") -> Iterator[tuple[str, Text]]:
    """Every :class:`Text` inside a validated model."""
    if isinstance(node, Text):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _model_texts(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, (tuple, list)):
        for i, value in enumerate(node):
            yield from _model_texts(value, f"{path}[{i}]")


def test_the_data_folder_holds_exercise_files() -> None:
    assert len(YAML_FILES) >= len(REQUIRED_IDS)


@pytest.mark.parametrize("file_name", YAML_FILES)
def test_file_parses_and_validates(file_name: str) -> None:
    raw = _read(file_name)
    exercise = parse_exercise(file_name, raw)
    assert isinstance(exercise, Exercise)
    assert file_name == f"{exercise.id}.yaml"
    assert exercise.functions, "every exercise trains at least one function"
    assert exercise.criterion.description.en and exercise.criterion.description.nl


@pytest.mark.parametrize("file_name", YAML_FILES)
def test_file_texts_are_bilingual_non_empty_and_translated(file_name: str) -> None:
    raw = _read(file_name)
    raw_texts = list(_raw_texts(raw))
    assert raw_texts, "an exercise has a name, instructions, cues and faults in two languages"
    for where, text in raw_texts:
        assert set(text) == {"en", "nl"}, f"{file_name} {where}: a text has exactly the keys en and nl"
        assert isinstance(text["en"], str) and text["en"].strip(), f"{file_name} {where}.en is empty"
        assert isinstance(text["nl"], str) and text["nl"].strip(), f"{file_name} {where}.nl is empty"
        assert text["en"].strip() != text["nl"].strip(), f"{file_name} {where}: en and nl are identical"
    exercise = parse_exercise(file_name, raw)
    model_texts = list(_model_texts(exercise))
    assert len(model_texts) == len(raw_texts)
    for where, text in model_texts:
        assert text.en and text.nl and text.en != text.nl, f"{file_name} {where}"


@pytest.mark.parametrize("file_name", YAML_FILES)
def test_file_links_point_at_real_files(file_name: str) -> None:
    exercise = parse_exercise(file_name, _read(file_name))
    for other in (exercise.regression, exercise.progression):
        if other is not None:
            assert f"{other}.yaml" in YAML_FILES


def test_load_catalogue_holds_every_file(catalogue: Catalogue) -> None:
    assert sorted(f"{e.id}.yaml" for e in catalogue) == YAML_FILES


@pytest.mark.parametrize("exercise_id", REQUIRED_IDS)
def test_required_id_exists_exactly_as_written(catalogue: Catalogue, exercise_id: str) -> None:
    assert exercise_id in catalogue
    assert catalogue[exercise_id].id == exercise_id


def test_regressions_below_the_dead_bug_start_with_dead_bug_(catalogue: Catalogue) -> None:
    ladder = catalogue.ladder("dead_bug")
    below = ladder[: ladder.index("dead_bug")]
    assert below, "there is at least one regression below the dead bug"
    assert all(ex_id.startswith("dead_bug_") for ex_id in below), below
    assert catalogue["dead_bug"].regression is not None
    assert catalogue["dead_bug"].regression.startswith("dead_bug_")


@pytest.mark.parametrize("function", [CoreFunction.HIP_MOBILITY, CoreFunction.THORACIC_MOBILITY])
def test_at_least_three_mobility_drills(catalogue: Catalogue, function: CoreFunction) -> None:
    drills = [e.id for e in catalogue.by_function(function) if e.primary_function is function]
    assert len(drills) >= 3, drills


def test_anti_extension_ladder(catalogue: Catalogue) -> None:
    ladder = catalogue.ladder("dead_bug")
    i = ladder.index("dead_bug")
    assert ladder[i : i + 3] == ["dead_bug", "wall_press_dead_bug", "ab_wheel_rollout"]
    assert catalogue["dead_bug"].progression == "wall_press_dead_bug"
    assert catalogue["wall_press_dead_bug"].regression == "dead_bug"
    assert catalogue["wall_press_dead_bug"].progression == "ab_wheel_rollout"
    assert catalogue["ab_wheel_rollout"].regression == "wall_press_dead_bug"


def test_ab_wheel_is_advanced_and_only_reached_from_wall_press_dead_bug(catalogue: Catalogue) -> None:
    assert catalogue["ab_wheel_rollout"].level is Level.ADVANCED
    assert [e.id for e in catalogue if e.progression == "ab_wheel_rollout"] == ["wall_press_dead_bug"]
    assert not catalogue.offered_at("ab_wheel_rollout", Level.BEGINNER)
    assert not catalogue.offered_at("ab_wheel_rollout", Level.INTERMEDIATE)
    assert catalogue.offered_at("ab_wheel_rollout", Level.ADVANCED)


def test_pallof_ladder_standing_tall_kneeling_half_kneeling(catalogue: Catalogue) -> None:
    assert catalogue.ladder("pallof_press_tall_kneeling") == PALLOF_LADDER
    assert catalogue["pallof_press_standing"].regression is None
    assert catalogue["pallof_press_half_kneeling"].progression is None


@pytest.mark.parametrize("exercise_id", PALLOF_LADDER)
def test_pallof_dosage_three_by_eight_per_side_twice_a_week(catalogue: Catalogue, exercise_id: str) -> None:
    ex = catalogue[exercise_id]
    assert ex.functions[0] is CoreFunction.ANTI_ROTATION
    assert ex.dosage.sets == 3
    assert ex.dosage.reps_per_side == 8
    assert ex.dosage.measure == "reps_per_side"
    assert ex.dosage.times_per_week == 2


def test_carry_ladder(catalogue: Catalogue) -> None:
    assert catalogue["suitcase_carry"].progression == "kettlebell_crosswalk"
    assert catalogue["kettlebell_crosswalk"].regression == "suitcase_carry"
    ladder = catalogue.ladder("suitcase_carry")
    assert ladder.index("kettlebell_crosswalk") == ladder.index("suitcase_carry") + 1
    assert CoreFunction.ANTI_LATERAL_FLEXION in catalogue["suitcase_carry"].functions


@pytest.mark.parametrize("exercise_id", ["dead_bug", *PALLOF_LADDER])
def test_article_criterion_three_by_eight_per_side_clean(catalogue: Catalogue, exercise_id: str) -> None:
    crit = catalogue[exercise_id].criterion
    assert (crit.sets, crit.measure, crit.target, crit.clean_form) == (3, "reps_per_side", 8.0, True)


def test_every_exercise_has_a_positive_time_estimate(catalogue: Catalogue) -> None:
    for ex in catalogue:
        assert ex.estimated_minutes() > 0, ex.id


def test_ladders_have_no_level_drop(catalogue: Catalogue) -> None:
    """A progression is never easier (lower level) than the rung it follows."""
    for ex in catalogue:
        if ex.progression is not None:
            assert catalogue[ex.progression].level.rank >= ex.level.rank, ex.id
