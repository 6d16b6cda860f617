"""The seam between video frames and landmarks: any estimator that fills a :class:`PoseFrame`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class PoseFrame:
    """One frame's result. ``image_xy`` is None when no person was found (not an exception).

    image_xy: (33, 2) pixels in the upright frame; world_xyz: (33, 3) metres; visibility: (33,);
    mask: (H, W) float32 0..1 person probability, or None when segmentation is off.
    """

    image_xy: npt.NDArray[np.float64] | None
    world_xyz: npt.NDArray[np.float64] | None
    visibility: npt.NDArray[np.float64] | None
    mask: npt.NDArray[np.float32] | None = None


class PoseEstimator(Protocol):
    """Feed frames in order (tracking mode); ``close`` frees the model."""

    def process(self, rgb: npt.NDArray[np.uint8], timestamp_s: float) -> PoseFrame: ...

    def close(self) -> None: ...
