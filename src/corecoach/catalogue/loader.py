"""Load and cross-check the catalogue shipped inside the package.

Reading package data is the only I/O here; it happens when asked (never at import) and the
result is cached, since the files are immutable within an installed version.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import ValidationError

from corecoach.catalogue.demo import Demo
from corecoach.catalogue.schema import Exercise
from corecoach.domain.enums import CoreFunction, Level
from corecoach.errors import CatalogueError, UnknownExerciseError


@dataclass(frozen=True)
class Catalogue:
    """All exercises by id, with the ladders implied by their regression/progression links."""

    exercises: Mapping[str, Exercise]
    #: The demonstration of each exercise by exercise id (``data/demos/<id>.yaml``)
    demos: Mapping[str, Demo] = field(default_factory=dict)
    #: ``ordered()`` per function filter, filled on first use (the exercises never change once loaded)
    _ordered: dict[CoreFunction | None, tuple[Exercise, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getitem__(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise UnknownExerciseError(
                f"There is no exercise with id '{exercise_id}'. Run `corecoach exercises` to see the ids you can use."
            ) from None

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.exercises

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises.values())

    def demo(self, exercise_id: str) -> Demo | None:
        """The exercise's demonstration, or None when it has none (an unknown id is an error)."""
        return self.demos.get(self[exercise_id].id)

    def by_function(self, function: CoreFunction) -> list[Exercise]:
        return [e for e in self.exercises.values() if function in e.functions]

    def ladder(self, exercise_id: str) -> list[str]:
        """The whole chain the exercise sits on, easiest first."""
        start = self[exercise_id]
        while start.regression is not None:
            start = self[start.regression]
        chain = [start.id]
        while (nxt := self[chain[-1]].progression) is not None:
            chain.append(nxt)
        return chain

    def rung(self, exercise_id: str) -> int:
        """0-based position of the exercise on its ladder."""
        return self.ladder(exercise_id).index(exercise_id)

    def ordered(self, function: CoreFunction | None = None) -> tuple[Exercise, ...]:
        """Exercises by primary function (in the enum's order), then rung on their ladder, then id.

        Only those training ``function`` when one is given. Memoized: the exercise library shows
        this list on every request, and sorting walks every exercise's ladder.
        """
        cached = self._ordered.get(function)
        if cached is None:
            order = list(CoreFunction)
            cached = tuple(
                sorted(
                    (e for e in self.exercises.values() if function is None or function in e.functions),
                    key=lambda e: (order.index(e.primary_function), self.rung(e.id), e.id),
                )
            )
            self._ordered[function] = cached
        return cached

    def offered_at(self, exercise_id: str, level: Level) -> bool:
        """Advanced exercises (e.g. the ab-wheel roll-out) are offered only to advanced trainees.

        Beginner and intermediate rungs are earned on the ladder itself, by meeting the criterion
        of the rung below; only the advanced tier is held back by experience.
        """
        return self[exercise_id].level is not Level.ADVANCED or level is Level.ADVANCED


def _read_files(subfolder: str | None = None) -> list[tuple[str, Any]]:
    folder = resources.files("corecoach.catalogue").joinpath("data")
    if subfolder is not None:
        folder = folder.joinpath(subfolder)
        if not folder.is_dir():
            return []
    out: list[tuple[str, Any]] = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        shown = f"{subfolder}/{entry.name}" if subfolder else entry.name
        try:
            out.append((shown, yaml.safe_load(entry.read_text(encoding="utf-8"))))
        except yaml.YAMLError as exc:
            raise CatalogueError(f"Catalogue file {shown} is not valid YAML: {exc}") from exc
    return out


def parse_exercise(file_name: str, raw: Any) -> Exercise:
    """Validate one file's content; the file must be named after the exercise id."""
    try:
        exercise = Exercise.model_validate(raw)
    except ValidationError as exc:
        raise CatalogueError(f"Catalogue file {file_name} does not match the schema:\n{exc}") from exc
    if file_name != f"{exercise.id}.yaml":
        raise CatalogueError(f"Catalogue file {file_name} holds exercise '{exercise.id}': name it {exercise.id}.yaml")
    return exercise


def parse_demo(file_name: str, raw: Any) -> Demo:
    """Validate one demo file; it must be named after the exercise it shows (``demos/<id>.yaml``)."""
    try:
        demo = Demo.model_validate(raw)
    except ValidationError as exc:
        raise CatalogueError(f"Demo file {file_name} does not match the schema:\n{exc}") from exc
    if file_name.rpartition("/")[2] != f"{demo.exercise}.yaml":
        raise CatalogueError(f"Demo file {file_name} shows exercise '{demo.exercise}': name it demos/{demo.exercise}.yaml")
    return demo


def parse_demos(files: list[tuple[str, Any]], exercises: Mapping[str, Exercise]) -> dict[str, Demo]:
    """Validate every demo file; each must show an exercise of the catalogue."""
    demos: dict[str, Demo] = {}
    for file_name, raw in files:
        demo = parse_demo(file_name, raw)
        if demo.exercise not in exercises:
            raise CatalogueError(f"Demo file {file_name} shows exercise '{demo.exercise}', which is not in the catalogue")
        demos[demo.exercise] = demo
    return demos


def check_links(exercises: Mapping[str, Exercise]) -> None:
    """Regressions and progressions must point at real exercises, both ways, without loops."""
    problems: list[str] = []
    for ex in exercises.values():
        for kind, other_id, back in (("progression", ex.progression, "regression"), ("regression", ex.regression, "progression")):
            if other_id is None:
                continue
            other = exercises.get(other_id)
            if other is None:
                problems.append(f"{ex.id}: {kind} '{other_id}' is not in the catalogue")
            elif getattr(other, back) != ex.id:
                problems.append(f"{ex.id}: {kind} is '{other_id}' but {other_id}.{back} is '{getattr(other, back)}'")
    for ex in exercises.values():
        seen = {ex.id}
        nxt = ex.progression
        while nxt is not None and nxt in exercises:
            if nxt in seen:
                problems.append(f"{ex.id}: the progression chain loops back to '{nxt}'")
                break
            seen.add(nxt)
            nxt = exercises[nxt].progression
    if problems:
        raise CatalogueError("The catalogue's ladders are inconsistent:\n" + "\n".join(f"  - {p}" for p in problems))


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """Load, validate and cross-check every exercise file and every demo file in the package."""
    exercises: dict[str, Exercise] = {}
    for file_name, raw in _read_files():
        exercise = parse_exercise(file_name, raw)
        if exercise.id in exercises:
            raise CatalogueError(f"Exercise id '{exercise.id}' appears twice in the catalogue")
        exercises[exercise.id] = exercise
    if not exercises:
        raise CatalogueError("The exercise catalogue is empty: the package was installed without its data files")
    check_links(exercises)
    return Catalogue(exercises=exercises, demos=parse_demos(_read_files("demos"), exercises))
