"""The exercise library, filterable by core function.

Both pages read only the catalogue (loaded once, immutable), so they are ``async`` and take no
plain-``def`` dependencies: FastAPI runs ``def`` endpoints and dependencies in its thread pool,
and under load those hops cost more than the page itself.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import Response

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import CoreFunction, Language
from corecoach.presentation.demo_markup import DemoMarkup
from corecoach.presentation.words import GLOSSARY, GLOSSARY_LEAD, GLOSSARY_TITLE
from corecoach.web.deps import get_resources, render, request_language

router = APIRouter(include_in_schema=False)


async def loaded_catalogue(request: Request) -> Catalogue:
    """The app's catalogue, read on the event loop (no thread-pool hop, unlike ``CatalogueDep``)."""
    return get_resources(request).catalogue


LoadedCatalogue = Annotated[Catalogue, Depends(loaded_catalogue)]


@router.get("/exercises")
async def library(request: Request, catalogue: LoadedCatalogue, function: str | None = None) -> Response:
    """Every exercise, or those training one function (``?function=anti_rotation``); htmx gets only the list."""
    chosen: CoreFunction | None = None
    bad: str | None = None
    if function:
        try:
            chosen = CoreFunction(function)
        except ValueError:
            bad = function
    template = "_exercise_list.html.j2" if request.headers.get("hx-request") == "true" else "exercises.html.j2"
    return render(
        request,
        template,
        exercises=list(catalogue.ordered(chosen)),
        functions=list(CoreFunction),
        chosen=chosen.value if chosen else "",
        bad=bad,
        demos=DemoMarkup(catalogue, request_language(request)),
    )


@router.get("/exercises/{exercise_id}")
async def exercise_page(request: Request, exercise_id: str, catalogue: LoadedCatalogue) -> Response:
    """One exercise: how, cues, faults, when to move up, when not to do it, its ladder."""
    if exercise_id not in catalogue:
        raise HTTPException(status_code=404)
    ex = catalogue[exercise_id]
    ladder = [catalogue[i] for i in catalogue.ladder(ex.id)]
    demos = DemoMarkup(catalogue, request_language(request))
    return render(request, "exercise.html.j2", ex=ex, ladder=ladder, catalogue=catalogue, Language=Language, demos=demos)


@router.get("/exercises/{exercise_id}/demo.svg")
async def exercise_demo_still(request: Request, exercise_id: str, catalogue: LoadedCatalogue) -> Response:
    """The exercise's start and end positions as an SVG picture (the library's cards load it lazily)."""
    demos = DemoMarkup(catalogue, request_language(request))
    svg = demos.still(exercise_id) if exercise_id in catalogue else None
    if svg is None:
        raise HTTPException(status_code=404)
    return Response(str(svg), media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/glossary")
async def glossary_page(request: Request) -> Response:
    """The coach's terms (anti-extension, Pallof press, RPE...) explained in plain words."""
    return render(request, "glossary.html.j2", glossary=GLOSSARY, title=GLOSSARY_TITLE, lead=GLOSSARY_LEAD)
