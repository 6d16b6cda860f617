"""How many people a frame shows, besides the one the pose model follows.

The pose model follows one person, and the segmentation mask covers only that person's crop, so a
second person beside them is invisible to both: the model may hop from one to the other and the rep
count mixes two people's movements. A *person detector* looks at the whole frame instead.
:func:`people_in_frame` hides the followed person (a grey box over their landmarks, widened by
:data:`HIDE_MARGIN`) and asks the detector whether anyone is left; that finds a second person who
stands apart, and never counts the followed person twice.

It runs on a sample of frames (about one a second, chosen by the caller), never every frame: people
do not come and go faster than that, and the detector costs about as much as one pose-model frame.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

#: the followed person's box is widened by this share of its width and height on each side (and as
#: much again above the head, which the landmarks stop short of) before it is hidden, so that no
#: hand, hair or shadow of theirs is left for the detector to find
HIDE_MARGIN = 0.15
_GREY = 128


class PersonDetector(Protocol):
    """Counts the people it finds anywhere in one RGB frame; ``close`` frees it."""

    def count(self, rgb: npt.NDArray[np.uint8]) -> int: ...

    def close(self) -> None: ...


def hide_person(rgb: npt.NDArray[np.uint8], image_xy: npt.NDArray[np.float64]) -> npt.NDArray[np.uint8]:
    """A copy of ``rgb`` with the box around the landmarks ``image_xy`` (pixels) painted grey."""
    height, width = rgb.shape[:2]
    points = image_xy[np.all(np.isfinite(image_xy), axis=1)]
    out = rgb.copy()
    if points.size == 0:
        return out
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    mx, my = HIDE_MARGIN * (x1 - x0), HIDE_MARGIN * (y1 - y0)
    left, right = max(0, int(x0 - mx)), min(width, int(np.ceil(x1 + mx)))
    top, bottom = max(0, int(y0 - 2 * my)), min(height, int(np.ceil(y1 + my)))
    if left < right and top < bottom:
        out[top:bottom, left:right] = _GREY
    return out


def people_in_frame(detector: PersonDetector, rgb: npt.NDArray[np.uint8], followed_xy: npt.NDArray[np.float64] | None) -> int:
    """People in one frame: the followed one (when ``followed_xy`` is given) plus whoever else the detector finds."""
    if followed_xy is None:
        return detector.count(rgb)
    return 1 + detector.count(hide_person(rgb, followed_xy))
