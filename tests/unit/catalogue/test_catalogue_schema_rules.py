"""The exercise schema rejects bad data; the link check catches broken ladders; lookups fail helpfully."""

from __future__ import annotations

from typing import Any

import pytest

from corecoach.catalogue import Catalogue, Exercise
from corecoach.catalogue.loader import check_links, parse_exercise
from corecoach.errors import CatalogueError, InvalidInputError, UnknownExerciseError


def _text(en: str, nl: str) -> dict[str, str]:
    return {"en": en, "nl": nl}


def exercise_dict(exercise_id: str = "demo_drill", **overrides: Any) -> dict[str, Any]:
    """A minimal valid exercise as raw data."""
    raw: dict[str, Any] = {
        "id": exercise_id,
        "name": _text(f"Demo {exercise_id}", f"Demo-oefening {exercise_id}"),
        "functions": ["anti_extension"],
        "level": "beginner",
        "variants": [{"needs": ["mat"], "use": _text("Your mat.", "Je mat.")}],
        "dosage": {"sets": 3, "reps_per_side": 8, "tempo": "2-1-2-1"},
        "instructions": [_text("Lie on your back.", "Ga op je rug liggen.")],
        "cues": [_text("Ribs down.", "Ribben omlaag.")],
        "common_faults": [_text("Arching the back.", "Je rug hol trekken.")],
        "regression": None,
        "progression": None,
        "criterion": {
            "sets": 3,
            "reps_per_side": 8,
            "description": _text("3 sets of 8 per side, clean.", "3 sets van 8 per kant, netjes."),
        },
        "contraindications": [_text("Stop if pain goes above 5.", "Stop als de pijn boven 5 komt.")],
    }
    raw.update(overrides)
    return raw


def exercise(exercise_id: str, **overrides: Any) -> Exercise:
    return Exercise.model_validate(exercise_dict(exercise_id, **overrides))


def test_the_minimal_exercise_is_valid() -> None:
    ex = parse_exercise("demo_drill.yaml", exercise_dict())
    assert ex.id == "demo_drill"
    assert ex.dosage.measure == "reps_per_side"


@pytest.mark.parametrize(
    ("label", "overrides", "message_part"),
    [
        ("unknown top-level field", {"colour": "blue"}, "colour"),
        (
            "unknown nested field",
            {"dosage": {"sets": 3, "reps_per_side": 8, "weight_kg": 5}},
            "weight_kg",
        ),
        ("identical en/nl name", {"name": _text("Dead bug", "Dead bug")}, "identical"),
        (
            "identical en/nl in a list",
            {"cues": [_text("Ribs down.", "Ribs down.")]},
            "identical",
        ),
        ("two work measures", {"dosage": {"sets": 3, "reps_per_side": 8, "hold_s": 10}}, "exactly one"),
        ("no work measure", {"dosage": {"sets": 3}}, "exactly one"),
        (
            "two work measures in the criterion",
            {"criterion": {"sets": 3, "reps": 8, "reps_per_side": 8, "description": _text("Done.", "Klaar.")}},
            "exactly one",
        ),
        ("empty English name", {"name": _text("", "Iets")}, "name"),
        ("blank Dutch name", {"name": _text("Something", "   ")}, "name"),
        ("missing Dutch", {"name": {"en": "Something"}}, "name"),
        ("bad slug id", {"id": "Dead-Bug"}, "slug"),
        ("bad slug progression", {"progression": "wall press"}, "slug"),
        ("unknown function spelling", {"functions": ["anti-extension"]}, "functions"),
        ("no functions", {"functions": []}, "functions"),
        ("unknown level", {"level": "expert"}, "level"),
        ("no instructions", {"instructions": []}, "instructions"),
        ("missing criterion", {"criterion": None}, "criterion"),
        (
            "variant with unknown equipment",
            {"variants": [{"needs": ["trampoline"], "use": _text("A trampoline.", "Een trampoline.")}]},
            "unknown equipment 'trampoline'",
        ),
        (
            "variant needing 'none'",
            {"variants": [{"needs": ["none"], "use": _text("Nothing.", "Niets.")}]},
            "unknown equipment 'none'",
        ),
        ("no variants", {"variants": []}, "variants"),
        ("old flat equipment list", {"equipment": ["mat"]}, "equipment"),
        (
            "variant without what to use",
            {"variants": [{"needs": ["mat"]}]},
            "use",
        ),
        (
            "the same item twice in one variant",
            {"variants": [{"needs": ["band", "band"], "use": _text("A band.", "Een band.")}]},
            "only once",
        ),
        (
            "two variants with the same needs",
            {
                "variants": [
                    {"needs": ["mat"], "use": _text("Your mat.", "Je mat.")},
                    {"needs": ["mat"], "use": _text("A mat.", "Een mat.")},
                ]
            },
            "same equipment",
        ),
    ],
)
def test_schema_rejects(label: str, overrides: dict[str, Any], message_part: str) -> None:
    raw = exercise_dict(**overrides)
    file_name = f"{raw['id']}.yaml" if isinstance(raw["id"], str) else "x.yaml"
    with pytest.raises(CatalogueError) as info:
        parse_exercise(file_name, raw)
    assert message_part in str(info.value), label
    assert file_name in str(info.value)


def test_file_must_be_named_after_the_id() -> None:
    with pytest.raises(CatalogueError, match=r"demo_drill\.yaml"):
        parse_exercise("other_name.yaml", exercise_dict("demo_drill"))


def test_check_links_accepts_a_symmetric_ladder() -> None:
    a = exercise("rung_a", progression="rung_b")
    b = exercise("rung_b", regression="rung_a", progression="rung_c")
    c = exercise("rung_c", regression="rung_b")
    check_links({e.id: e for e in (a, b, c)})
    assert Catalogue(exercises={e.id: e for e in (a, b, c)}).ladder("rung_b") == ["rung_a", "rung_b", "rung_c"]


def test_check_links_catches_an_asymmetric_link() -> None:
    a = exercise("rung_a", progression="rung_b")
    b = exercise("rung_b")  # does not point back
    with pytest.raises(CatalogueError) as info:
        check_links({"rung_a": a, "rung_b": b})
    assert "rung_a" in str(info.value) and "rung_b" in str(info.value)


def test_check_links_catches_a_regression_pointing_at_the_wrong_rung() -> None:
    a = exercise("rung_a", progression="rung_b")
    b = exercise("rung_b", regression="rung_a")
    c = exercise("rung_c", regression="rung_a")  # rung_a.progression is rung_b, not rung_c
    with pytest.raises(CatalogueError, match="rung_c"):
        check_links({e.id: e for e in (a, b, c)})


def test_check_links_catches_a_dangling_link() -> None:
    a = exercise("rung_a", progression="ghost_rung")
    with pytest.raises(CatalogueError, match="ghost_rung"):
        check_links({"rung_a": a})


def test_check_links_catches_a_loop() -> None:
    # Symmetric both ways, so only the loop check can catch it.
    a = exercise("rung_a", progression="rung_b", regression="rung_b")
    b = exercise("rung_b", progression="rung_a", regression="rung_a")
    with pytest.raises(CatalogueError, match="loop"):
        check_links({"rung_a": a, "rung_b": b})


def test_check_links_catches_a_three_rung_loop() -> None:
    a = exercise("rung_a", progression="rung_b", regression="rung_c")
    b = exercise("rung_b", progression="rung_c", regression="rung_a")
    c = exercise("rung_c", progression="rung_a", regression="rung_b")
    with pytest.raises(CatalogueError, match="loop"):
        check_links({e.id: e for e in (a, b, c)})


def test_check_links_catches_a_self_loop() -> None:
    a = exercise("rung_a", progression="rung_a", regression="rung_a")
    with pytest.raises(CatalogueError, match="loop"):
        check_links({"rung_a": a})


def test_unknown_exercise_lookup_raises_a_helpful_error(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownExerciseError) as info:
        catalogue["dead_bugg"]
    message = str(info.value)
    assert "dead_bugg" in message
    assert "corecoach exercises" in message
    assert isinstance(info.value, InvalidInputError)
    assert "dead_bugg" not in catalogue


def test_unknown_exercise_in_ladder_raises(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownExerciseError):
        catalogue.ladder("no_such_exercise")
