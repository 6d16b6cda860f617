"""Collect per-frame pose results into a :class:`PoseTrack`, and count people in the person mask.

MediaPipe follows one person; the segmentation mask, however, covers everyone it sees. Counting the
person-sized regions of that mask is how "more than one person" can be said when it is visible.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from corecoach.motion.landmarks import N_LANDMARKS, PoseTrack
from corecoach.pose.base import PoseFrame

MASK_THRESHOLD = 0.5


def count_person_regions(mask: npt.NDArray[np.floating], min_area_fraction: float = 0.02) -> int:
    """Count separate person-sized regions in a segmentation mask.

    Parameters
    ----------
    mask
        (H, W) person probability 0..1 (or 0/1).
    min_area_fraction
        A region counts only when it covers at least this share of the image: 0.02 of a frame is
        about a person standing at the back of a room, while specks and a stray hand are smaller.

    Returns
    -------
    int
        Connected regions (8-connected) of ``mask > 0.5`` at least that large; 0 for an empty mask.

    Notes
    -----
    Two people touching in the image merge into one region, so this undercounts rather than
    overcounts: a count above 1 is a reliable sign of a second person, a count of 1 is not proof
    of being alone.
    """
    if mask.ndim != 2 or mask.size == 0:
        raise ValueError(f"expected a 2-D mask, got shape {mask.shape}")
    # person-sized regions survive a 4x smaller mask; counting there costs a tenth (it runs every frame)
    small = np.asarray(mask, dtype=np.float32)
    if min(small.shape) >= 256:
        small = np.asarray(cv2.resize(small, (small.shape[1] // 4, small.shape[0] // 4), interpolation=cv2.INTER_AREA), dtype=np.float32)
    binary = (small > MASK_THRESHOLD).astype(np.uint8)
    n_labels, _labels, stats, _centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    min_area = min_area_fraction * binary.shape[0] * binary.shape[1]
    # label 0 is the background
    return int(np.count_nonzero(stats[1:n_labels, cv2.CC_STAT_AREA] >= min_area))


class TrackRecorder:
    """Append :class:`PoseFrame` results frame by frame; :meth:`build` returns the :class:`PoseTrack`.

    Keeps only landmarks (about 1 KB a frame), never images or masks: a mask is reduced to its
    person count as it arrives. Frames without a person become NaN coordinates and 0 visibility.
    """

    def __init__(self, min_area_fraction: float = 0.02) -> None:
        self._min_area_fraction = min_area_fraction
        self._timestamps: list[float] = []
        self._image: list[npt.NDArray[np.float64]] = []
        self._world: list[npt.NDArray[np.float64]] = []
        self._visibility: list[npt.NDArray[np.float64]] = []
        self._people: list[int] = []
        self._seen: list[int] = []

    def __len__(self) -> int:
        return len(self._timestamps)

    def append(self, timestamp_s: float, frame: PoseFrame, people_seen: int = -1) -> None:
        """Add one frame; ``people_seen`` is the person detector's count for it (-1: not checked)."""
        self._timestamps.append(timestamp_s)
        nan2 = np.full((N_LANDMARKS, 2), np.nan)
        nan3 = np.full((N_LANDMARKS, 3), np.nan)
        self._image.append(nan2 if frame.image_xy is None else np.asarray(frame.image_xy, dtype=np.float64))
        self._world.append(nan3 if frame.world_xyz is None else np.asarray(frame.world_xyz, dtype=np.float64))
        self._visibility.append(np.zeros(N_LANDMARKS) if frame.visibility is None else np.asarray(frame.visibility, dtype=np.float64))
        self._people.append(-1 if frame.mask is None else count_person_regions(frame.mask, self._min_area_fraction))
        self._seen.append(people_seen)

    def build(self, frame_size: tuple[int, int], source_fps: float) -> PoseTrack:
        """The track so far; ``frame_size`` is (width, height) of the upright frames."""
        t = len(self._timestamps)
        return PoseTrack(
            timestamps_s=np.asarray(self._timestamps, dtype=np.float64),
            image_xy=np.stack(self._image) if t else np.zeros((0, N_LANDMARKS, 2)),
            world_xyz=np.stack(self._world) if t else np.zeros((0, N_LANDMARKS, 3)),
            visibility=np.stack(self._visibility) if t else np.zeros((0, N_LANDMARKS)),
            frame_size=frame_size,
            people_in_mask=np.asarray(self._people, dtype=np.int64),
            people_seen=np.asarray(self._seen, dtype=np.int64),
            source_fps=source_fps,
        )
