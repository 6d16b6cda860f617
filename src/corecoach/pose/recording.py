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


#: frames per storage block of :class:`TrackRecorder` (about 0.8 MB a block)
CHUNK_FRAMES = 512


class TrackRecorder:
    """Append :class:`PoseFrame` results frame by frame; :meth:`build` returns the :class:`PoseTrack`.

    Keeps only landmarks (about 1.6 KB a frame), never images or masks: a mask is reduced to its
    person count as it arrives. Frames without a person become NaN coordinates and 0 visibility.

    Notes
    -----
    Frames are written into preallocated blocks of :data:`CHUNK_FRAMES` rows, not kept as small
    per-frame arrays: tens of thousands of small long-lived arrays, allocated between each frame's
    short-lived picture buffers, fragment the C heap so that it grows in steps and is never given
    back (a 10-minute clip with nobody in it ended at 605 MB, where the pose model alone stays at
    343 MB). One block per 512 frames leaves nothing between the picture buffers.
    """

    def __init__(self, min_area_fraction: float = 0.02) -> None:
        self._min_area_fraction = min_area_fraction
        self._blocks: list[dict[str, npt.NDArray[np.generic]]] = []
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def _row(self) -> tuple[dict[str, npt.NDArray[np.generic]], int]:
        i = self._n % CHUNK_FRAMES
        if i == 0:
            self._blocks.append(
                {
                    "t": np.zeros(CHUNK_FRAMES),
                    "image": np.full((CHUNK_FRAMES, N_LANDMARKS, 2), np.nan),
                    "world": np.full((CHUNK_FRAMES, N_LANDMARKS, 3), np.nan),
                    "vis": np.zeros((CHUNK_FRAMES, N_LANDMARKS)),
                    "people": np.full(CHUNK_FRAMES, -1, dtype=np.int64),
                    "seen": np.full(CHUNK_FRAMES, -1, dtype=np.int64),
                    "back": np.full(CHUNK_FRAMES, np.nan),
                    "upper": np.full(CHUNK_FRAMES, np.nan),
                }
            )
        return self._blocks[-1], i

    def append(
        self,
        timestamp_s: float,
        frame: PoseFrame,
        people_seen: int = -1,
        *,
        back_curvature: float = float("nan"),
        upper_back_curve_deg: float = float("nan"),
    ) -> None:
        """Add one frame; ``people_seen`` is the person detector's count for it (-1: not checked),
        the two outline angles (degrees, NaN: not measured) go to the track's per-frame arrays."""
        block, i = self._row()
        block["t"][i] = timestamp_s
        if frame.image_xy is not None:
            block["image"][i] = frame.image_xy
        if frame.world_xyz is not None:
            block["world"][i] = frame.world_xyz
        if frame.visibility is not None:
            block["vis"][i] = frame.visibility
        if frame.mask is not None:
            block["people"][i] = count_person_regions(frame.mask, self._min_area_fraction)
        block["seen"][i] = people_seen
        block["back"][i] = back_curvature
        block["upper"][i] = upper_back_curve_deg
        self._n += 1

    def _column(self, key: str) -> npt.NDArray[np.generic]:
        if not self._blocks:
            return np.zeros(0)
        return np.concatenate([b[key] for b in self._blocks])[: self._n]

    def build(self, frame_size: tuple[int, int], source_fps: float) -> PoseTrack:
        """The track so far; ``frame_size`` is (width, height) of the upright frames."""
        t = self._n
        return PoseTrack(
            timestamps_s=np.asarray(self._column("t"), dtype=np.float64),
            image_xy=np.asarray(self._column("image"), dtype=np.float64) if t else np.zeros((0, N_LANDMARKS, 2)),
            world_xyz=np.asarray(self._column("world"), dtype=np.float64) if t else np.zeros((0, N_LANDMARKS, 3)),
            visibility=np.asarray(self._column("vis"), dtype=np.float64) if t else np.zeros((0, N_LANDMARKS)),
            frame_size=frame_size,
            people_in_mask=np.asarray(self._column("people"), dtype=np.int64),
            people_seen=np.asarray(self._column("seen"), dtype=np.int64),
            back_curvature=np.asarray(self._column("back"), dtype=np.float64),
            upper_back_curve_deg=np.asarray(self._column("upper"), dtype=np.float64),
            source_fps=source_fps,
        )
