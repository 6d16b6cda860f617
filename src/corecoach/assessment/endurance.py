"""McGill torso endurance ratios (clinical.md 4.4): flag imbalance, never diagnose.

Notes
-----
Targets as McGill lists them: flexion/extension below 1.0; each side bridge/extension below
0.75; right/left side bridge within 0.05 of 1.0. A ratio on the wrong side of its target is
flagged as an imbalance worth training, not as a disorder.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from corecoach.domain.text import Text
from corecoach.screening.intake import Endurance

FLEXION_EXTENSION_MAX = 1.0
SIDE_BRIDGE_EXTENSION_MAX = 0.75
SIDE_TO_SIDE_TOLERANCE = 0.05


class EnduranceFinding(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    ratio: float
    threshold: float
    flagged: bool
    message: Text


def compute_endurance_ratios(times: Endurance) -> list[EnduranceFinding]:
    """Each McGill ratio with its threshold and whether it is out of balance."""
    fe = times.flexor_s / times.extensor_s
    sr = times.side_bridge_right_s / times.extensor_s
    sl = times.side_bridge_left_s / times.extensor_s
    rl = times.side_bridge_right_s / times.side_bridge_left_s
    out = [
        EnduranceFinding(
            id="flexion_extension_ratio",
            ratio=round(fe, 3),
            threshold=FLEXION_EXTENSION_MAX,
            flagged=fe >= FLEXION_EXTENSION_MAX,
            message=Text(
                en=f"Flexor/extensor hold ratio {fe:.2f} (aim below {FLEXION_EXTENSION_MAX:.2f}).",
                nl=f"Verhouding buikspieren/rugstrekkers {fe:.2f} (streef naar onder {FLEXION_EXTENSION_MAX:.2f}).",
            ),
        ),
    ]
    for side_en, side_nl, ratio in (("right", "rechts", sr), ("left", "links", sl)):
        out.append(
            EnduranceFinding(
                id=f"side_bridge_{side_en}_extension_ratio",
                ratio=round(ratio, 3),
                threshold=SIDE_BRIDGE_EXTENSION_MAX,
                flagged=ratio > SIDE_BRIDGE_EXTENSION_MAX,
                message=Text(
                    en=f"Side bridge ({side_en})/extensor hold ratio {ratio:.2f} (aim below {SIDE_BRIDGE_EXTENSION_MAX:.2f}).",
                    nl=f"Verhouding zijplank ({side_nl})/rugstrekkers {ratio:.2f} (streef naar onder {SIDE_BRIDGE_EXTENSION_MAX:.2f}).",
                ),
            )
        )
    out.append(
        EnduranceFinding(
            id="side_bridge_right_left_ratio",
            ratio=round(rl, 3),
            threshold=SIDE_TO_SIDE_TOLERANCE,
            flagged=abs(rl - 1.0) > SIDE_TO_SIDE_TOLERANCE,
            message=Text(
                en=f"Right/left side bridge ratio {rl:.2f} (aim within {SIDE_TO_SIDE_TOLERANCE:.2f} of 1.00).",
                nl=f"Verhouding zijplank rechts/links {rl:.2f} (streef naar hooguit {SIDE_TO_SIDE_TOLERANCE:.2f} van 1,00).",
            ),
        )
    )
    return out
