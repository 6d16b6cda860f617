"""What the program does with a movement analysis: the joint-by-joint model applied to what the camera saw.

Pure rules over an analysis result document (``AnalysisResult.model_dump(mode="json")``):

- ``video_butt_wink``: lower-back rounding in a squat -> the hips need mobility, and squats are
  capped above the depth where the back rounded (10 deg less knee bend than the shallowest
  rounding rep);
- ``video_carry_lean``: a lean in a suitcase carry or crosswalk -> a lighter load next time;
- ``video_dead_bug_arching``: the lower back arching in a dead bug -> back one rung on the
  anti-extension ladder;
- ``video_bird_dog_sagging``: the lower back sagging in a bird dog -> back one rung on the
  integration ladder;
- ``video_pallof_rotation``: the trunk turning in a Pallof press -> a lighter band or a step
  closer to the anchor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from corecoach.domain.enums import CoreFunction, Need
from corecoach.domain.text import Text

DEPTH_CAP_MARGIN_DEG = 10.0


@dataclass(frozen=True)
class Adjustment:
    rule: str
    explanation: Text
    need: Need | None = None
    regress: CoreFunction | None = None
    squat_depth_cap_deg: float | None = None


def adjustments_from_analysis(result: Mapping[str, Any]) -> list[Adjustment]:
    """The program changes one analysis calls for (empty when it found nothing to act on)."""
    movement = result.get("movement")
    ids = {f["id"] for f in result.get("findings", [])}
    out: list[Adjustment] = []
    if movement == "squat" and "lower_back_rounding" in ids:
        winks = [f for f in result["findings"] if f["id"] == "lower_back_rounding"]
        depths = [
            r["metrics"].get("knee_flexion_bottom_deg")
            for r in result.get("per_rep", [])
            if any(w["start_s"] <= r["bottom_s"] <= w["end_s"] for w in winks) and r["metrics"].get("knee_flexion_bottom_deg") is not None
        ]
        cap = round(min(depths) - DEPTH_CAP_MARGIN_DEG) if depths else None
        cap_en = f" Squat only to about {cap}° of knee bend for now, above where the back rounded." if cap else ""
        cap_nl = f" Squat voorlopig tot ongeveer {cap}° kniebuiging, boven het punt waar de rug bolde." if cap else ""
        out.append(Adjustment(
            rule="video_butt_wink", need=Need.HIP_MOBILITY, squat_depth_cap_deg=cap,
            explanation=Text(
                en="Your squat video shows the lower back rounding at the bottom: hip mobility drills are added." + cap_en,
                nl="Je squatvideo laat zien dat de onderrug onderin bolt: er komen heupmobiliteitsoefeningen bij." + cap_nl,
            ),
        ))  # fmt: skip
    if movement in ("suitcase_carry", "kettlebell_crosswalk") and "lateral_trunk_lean" in ids:
        out.append(Adjustment(rule="video_carry_lean", explanation=Text(
            en="Your carry video shows the trunk leaning sideways: use a lighter load next time, ribs down over the hips.",
            nl="Je carry-video laat zien dat de romp opzij helt: neem de volgende keer een lichter gewicht, ribben omlaag boven het bekken.",
        )))  # fmt: skip
    if movement == "dead_bug" and "lower_back_arching" in ids:
        out.append(Adjustment(rule="video_dead_bug_arching", regress=CoreFunction.ANTI_EXTENSION, explanation=Text(
            en="Your dead bug video shows the lower back arching: back one rung until it stays flat.",
            nl="Je dead-bugvideo laat zien dat de onderrug hol trekt: één trede terug tot hij plat blijft.",
        )))  # fmt: skip
    if movement == "bird_dog" and "lower_back_sagging" in ids:
        out.append(Adjustment(rule="video_bird_dog_sagging", regress=CoreFunction.INTEGRATION, explanation=Text(
            en="Your bird dog video shows the lower back sagging: back one rung until it stays still.",
            nl="Je bird-dogvideo laat zien dat de onderrug doorzakt: één trede terug tot hij stil blijft.",
        )))  # fmt: skip
    if movement == "pallof_press" and "trunk_rotation" in ids:
        out.append(Adjustment(rule="video_pallof_rotation", explanation=Text(
            en="Your Pallof press video shows the trunk turning towards the band: use a lighter band or stand closer to the anchor.",
            nl="Je Pallof-pressvideo laat zien dat de romp naar de band draait: neem een lichtere band of ga dichter bij het anker staan.",
        )))  # fmt: skip
    return out


def program_extras(results: Sequence[Mapping[str, Any]]) -> tuple[list[Need], list[Text]]:
    """Needs and notes for the program from the latest analysis of each movement."""
    latest: dict[str, Mapping[str, Any]] = {}
    for r in results:
        latest[str(r.get("movement"))] = r
    needs: list[Need] = []
    notes: list[Text] = []
    for r in latest.values():
        for adj in adjustments_from_analysis(r):
            if adj.need is not None and adj.need not in needs:
                needs.append(adj.need)
            if adj.regress is None:
                notes.append(adj.explanation)
    return needs, notes


def log_values_from_analysis(result: Mapping[str, Any]) -> dict[str, Any]:
    """What a logged set takes from its video: reps (per side: the weaker side), hold seconds, clean form."""
    values: dict[str, Any] = {"clean_form": not any(f["severity"] in ("major", "minor") for f in result.get("findings", []))}
    per_side = result.get("reps_per_side")
    if per_side:
        values["reps_per_side"] = min(per_side.get("left", 0), per_side.get("right", 0))
    elif result.get("reps") is not None:
        values["reps"] = int(result["reps"])
    if result.get("hold_s") is not None:
        values["hold_s"] = float(result["hold_s"])
    return values
