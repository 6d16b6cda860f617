"""Choose and run the analysis for a movement (or recognise it with ``auto``)."""

from __future__ import annotations

import numpy as np

from corecoach.domain.text import Text
from corecoach.motion.analyses.common import Context, frame_stats, make_context, views_out
from corecoach.motion.analyses.holds import analyse_hold, plank_frames
from corecoach.motion.analyses.squat import analyse_squat, count_squat_reps
from corecoach.motion.angles import point
from corecoach.motion.landmarks import PoseTrack
from corecoach.motion.reps import held_seconds, runs_of
from corecoach.motion.results import AnalysisResult, Finding, Movement, RepOut
from corecoach.motion.signal import clean_track

AUTO_MIN_HOLD_S = 2.0
AUTO_MIN_SQUAT_REPS = 2

#: catalogue rungs -> the analysis that watches them
CATALOGUE_TO_MOVEMENT: dict[str, Movement] = {
    "dead_bug": Movement.DEAD_BUG, "dead_bug_heel_slide": Movement.DEAD_BUG, "dead_bug_toe_tap": Movement.DEAD_BUG,
    "wall_press_dead_bug": Movement.DEAD_BUG, "bird_dog": Movement.BIRD_DOG, "bird_dog_single_limb": Movement.BIRD_DOG,
    "pallof_press_standing": Movement.PALLOF_PRESS, "pallof_press_tall_kneeling": Movement.PALLOF_PRESS,
    "pallof_press_half_kneeling": Movement.PALLOF_PRESS, "suitcase_carry": Movement.SUITCASE_CARRY,
    "kettlebell_crosswalk": Movement.KETTLEBELL_CROSSWALK, "side_plank": Movement.SIDE_PLANK, "side_plank_knees": Movement.SIDE_PLANK,
}  # fmt: skip


def recognise_movement(ctx: Context) -> tuple[Movement, float]:
    """Which supported movement the clip shows, with a confidence; ``unknown`` when none does."""
    t = ctx.track.timestamps_s
    frame_s = 1.0 / max(ctx.fps, 1.0)
    plank_s = held_seconds(runs_of(plank_frames(ctx, side_plank=False), t, 1.0), t, frame_s)
    side_s = held_seconds(runs_of(plank_frames(ctx, side_plank=True), t, 1.0), t, frame_s)
    reps = len(count_squat_reps(ctx))
    body_s = max(1e-6, float(ctx.full_body.sum()) * frame_s)
    candidates: list[tuple[Movement, float]] = []
    if reps >= AUTO_MIN_SQUAT_REPS:
        candidates.append((Movement.SQUAT, min(0.95, 0.55 + 0.05 * reps)))
    if plank_s >= AUTO_MIN_HOLD_S:
        candidates.append((Movement.PLANK, min(0.95, 0.4 + plank_s / body_s)))
    if side_s >= AUTO_MIN_HOLD_S:
        candidates.append((Movement.SIDE_PLANK, min(0.95, 0.4 + side_s / body_s)))
    if not candidates:
        return Movement.UNKNOWN, 0.6
    movement, conf = max(candidates, key=lambda c: c[1])
    return movement, round(conf, 2)


def _unknown_notes() -> list[Text]:
    return [
        Text(
            en="No supported exercise was recognised (squat, plank, side plank). Pick one with --movement, or film the whole body from the side.",
            nl="Er is geen ondersteunde oefening herkend (squat, plank, zijplank). Kies er een met --movement, of film het hele lichaam van opzij.",
        )
    ]


PARTLY_OUT_OF_FRAME_FRACTION = 0.5
TRACK_JUMP_TRUNKS = 1.0  # hips moving a trunk length within TRACK_JUMP_WINDOW_S: not one person exercising
TRACK_JUMP_WINDOW_S = 0.15


#: checks (about one a second) that must find someone besides the followed person before the
#: analysis warns: one stray detection (a poster, a first frame before tracking settles) is not
#: enough; a second person who stays shows up in check after check
MIN_CHECKS_WITH_OTHERS = 2


def other_people_note(track: PoseTrack) -> Text | None:
    """A warning when the person detector saw more than one person (``people_seen``), else None.

    It fires when at least :data:`MIN_CHECKS_WITH_OTHERS` checks (or the only check, for a photo or
    a clip under a second) found two people or more.
    """
    checks = track.people_seen[track.people_seen >= 0]
    crowded = int(np.count_nonzero(checks >= 2))
    if checks.size == 0 or crowded < min(MIN_CHECKS_WITH_OTHERS, checks.size):
        return None
    most = int(checks.max())
    if checks.size == 1:
        en_when, nl_when = "", ""
    else:
        en_when = f" (in {crowded} of {checks.size} checks, about one a second)"
        nl_when = f" (bij {crowded} van de {checks.size} controles, ongeveer één per seconde)"
    return Text(
        en=f"More than one person was in view: up to {most} at once{en_when}. corecoach follows one person and can switch "
        "to another, so the rep count and the findings may be wrong. Film again with only the person exercising in view.",
        nl=f"Er was meer dan één persoon in beeld: tot {most} tegelijk{nl_when}. corecoach volgt één persoon en kan op een "
        "ander overspringen, dus het aantal herhalingen en de bevindingen kunnen niet kloppen. Film opnieuw met alleen "
        "degene die oefent in beeld.",
    )


def framing_notes(ctx: Context) -> list[Text]:
    """Say when the person was partly out of frame, or when the track jumped (likely another person)."""
    notes: list[Text] = []
    tr = ctx.track
    seen = int(tr.detected.sum())
    if seen and ctx.full_body.sum() < PARTLY_OUT_OF_FRAME_FRACTION * seen:
        share = 1.0 - ctx.full_body.sum() / seen
        notes.append(Text(
            en=f"The person was partly out of frame in {share:.0%} of the frames with a person: film the whole body, head to feet.",
            nl=f"De persoon stond in {share:.0%} van de beelden met een persoon deels buiten beeld: film het hele lichaam, van hoofd tot voeten.",
        ))  # fmt: skip
    hip = point(tr.image_xy, "mid_hip")
    trunk = np.linalg.norm(point(tr.image_xy, "mid_shoulder") - hip, axis=-1)
    lag = max(1, round(TRACK_JUMP_WINDOW_S * ctx.fps))  # the low-pass filter spreads a jump over a few frames
    jumps = 0
    if len(tr) > lag:
        travel = np.linalg.norm(hip[lag:] - hip[:-lag], axis=-1)
        with np.errstate(invalid="ignore"):
            jumps = int(np.sum(travel > TRACK_JUMP_TRUNKS * np.fmax(trunk[lag:], trunk[:-lag])))
    people = tr.people_in_mask
    if jumps or (people.size and people.max() > 1):
        notes.append(Text(
            en="The tracked body jumped between frames: a cut in the video, or more than one person in view. corecoach follows one person; film one continuous take with only the person exercising in view.",
            nl="Het gevolgde lichaam sprong tussen beelden: een knip in de video, of meer dan één persoon in beeld. corecoach volgt één persoon; film één doorlopend shot met alleen degene die oefent in beeld.",
        ))  # fmt: skip
    return notes


def analyse_track(track: PoseTrack, movement: Movement, file_name: str, *, already_clean: bool = False) -> AnalysisResult:
    """Clean the track, pick the analysis and build the result document."""
    clean = track if already_clean else clean_track(track)
    ctx = make_context(clean)
    confidence = 1.0
    if movement is Movement.AUTO:
        movement, confidence = recognise_movement(ctx)
    reps: int | None = None
    hold: float | None = None
    per_rep: list[RepOut] = []
    findings: list[Finding] = []
    notes: list[Text] = []
    if movement is Movement.SQUAT:
        per_rep, findings, notes = analyse_squat(ctx)
        reps = len(per_rep)
    elif movement in (Movement.PLANK, Movement.SIDE_PLANK):
        hold, findings, _runs = analyse_hold(ctx, side_plank=movement is Movement.SIDE_PLANK)
    elif movement is Movement.UNKNOWN:
        notes = _unknown_notes()
    else:
        from corecoach.motion.analyses.core_moves import analyse_core_move

        reps, per_rep, findings, notes, hold = analyse_core_move(ctx, movement)
    return AnalysisResult(
        file=file_name,
        movement=movement,
        movement_confidence=confidence,
        view=ctx.view,
        view_confidence=ctx.view_confidence,
        views=views_out(ctx),
        reps=reps,
        reps_per_side=_per_side(per_rep),
        hold_s=hold,
        per_rep=per_rep,
        findings=findings,
        notes=[n for n in (other_people_note(clean),) if n is not None] + notes + framing_notes(ctx),
        frames=frame_stats(ctx),
    )


def _per_side(per_rep: list[RepOut]) -> dict[str, int] | None:
    sides = [r.side for r in per_rep if r.side is not None]
    if not sides:
        return None
    return {s: sides.count(s) for s in ("left", "right")}
