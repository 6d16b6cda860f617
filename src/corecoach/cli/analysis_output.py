"""`corecoach analyze`: progress on stderr, the result as JSON or as a readable summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from corecoach.domain.enums import Language
from corecoach.errors import InvalidInputError
from corecoach.motion.analyse import CATALOGUE_TO_MOVEMENT
from corecoach.motion.results import AnalysisResult, Movement


def parse_movement(name: str) -> Movement:
    """A movement name or a catalogue rung that maps onto one (``pallof_press_half_kneeling`` -> ``pallof_press``)."""
    if name in CATALOGUE_TO_MOVEMENT:
        return CATALOGUE_TO_MOVEMENT[name]
    try:
        movement = Movement(name)
    except ValueError:
        choices = ", ".join(m.value for m in Movement if m is not Movement.UNKNOWN)
        raise InvalidInputError(
            f"--movement: '{name}' is not one of {choices} (or a catalogue id such as pallof_press_half_kneeling)."
        ) from None
    if movement is Movement.UNKNOWN:
        raise InvalidInputError("--movement: 'unknown' is a result, not a choice; use auto.")
    return movement


def run_analyze(
    file: Path,
    movement_name: str,
    out_dir: Path | None,
    stride: int,
    as_json: bool,
    lang: Language,
    out: Console,
    err: Console,
    emit_json: Callable[[Any], None],
) -> AnalysisResult:
    from corecoach.services.analysis import analyse_media_with_track

    movement = parse_movement(movement_name)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} frames"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(f"Analysing {file.name}", total=None)
        result, track = analyse_media_with_track(
            file, movement, stride=stride, progress=lambda n, total: bar.update(task, completed=n, total=total)
        )
    if out_dir is not None:
        from corecoach.presentation.analysis_report import write_outputs

        written = write_outputs(file, result, track, out_dir, lang, stride=stride)
        for path in written:
            err.print(f"Wrote {path}")
    if as_json:
        emit_json(result.model_dump(mode="json"))
    else:
        show_result(out, result, lang)
    return result


def show_result(console: Console, r: AnalysisResult, lang: Language) -> None:
    nl = lang is Language.NL
    console.print(
        f"[bold]{r.file}[/bold]: {r.movement.value} ({r.movement_confidence:.0%}), "
        + ("aanzicht" if nl else "view")
        + f" {r.view} ({r.view_confidence:.0%})"
    )
    if r.reps is not None:
        console.print(("Herhalingen" if nl else "Reps") + f": {r.reps}" + (f" {r.reps_per_side}" if r.reps_per_side else ""))
    if r.hold_s is not None:
        console.print(("Vastgehouden" if nl else "Held") + f": {r.hold_s:.1f} s")
    for rep in r.per_rep:
        shown = {k: v for k, v in rep.metrics.items() if v is not None}
        console.print(f"  #{rep.index} {rep.start_s:.1f}-{rep.end_s:.1f} s {'✓' if rep.clean else '✗'} {shown}")
    for f in r.findings:
        console.print(
            f"[yellow]{f.severity.value}[/yellow] {f.id} ({f.confidence:.0%}, {f.start_s:.1f}-{f.end_s:.1f} s): {f.message(lang)}"
        )
    for n in r.notes:
        console.print(f"[dim]{n(lang)}[/dim]")
