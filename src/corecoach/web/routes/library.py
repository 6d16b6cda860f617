"""The exercise library, filterable by core function."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from corecoach.domain.enums import CoreFunction, Language
from corecoach.web.deps import CatalogueDep, LangDep, render

router = APIRouter(include_in_schema=False)


@router.get("/exercises")
def library(request: Request, catalogue: CatalogueDep, lang: LangDep, function: str | None = None) -> Response:
    """Every exercise, or those training one function (``?function=anti_rotation``); htmx gets only the list."""
    chosen: CoreFunction | None = None
    bad: str | None = None
    if function:
        try:
            chosen = CoreFunction(function)
        except ValueError:
            bad = function
    exercises = sorted(
        (e for e in catalogue if chosen is None or chosen in e.functions),
        key=lambda e: (list(CoreFunction).index(e.primary_function), catalogue.rung(e.id), e.id),
    )
    template = "_exercise_list.html.j2" if request.headers.get("hx-request") == "true" else "exercises.html.j2"
    return render(
        request,
        template,
        exercises=exercises,
        functions=list(CoreFunction),
        chosen=chosen.value if chosen else "",
        bad=bad,
    )


@router.get("/exercises/{exercise_id}")
def exercise_page(request: Request, exercise_id: str, catalogue: CatalogueDep, lang: LangDep) -> Response:
    """One exercise: how, cues, faults, when to move up, when not to do it, its ladder."""
    if exercise_id not in catalogue:
        raise HTTPException(status_code=404)
    ex = catalogue[exercise_id]
    ladder = [catalogue[i] for i in catalogue.ladder(ex.id)]
    return render(request, "exercise.html.j2", ex=ex, ladder=ladder, catalogue=catalogue, Language=Language)
