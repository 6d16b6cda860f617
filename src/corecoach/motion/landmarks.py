"""Our landmark names and the array layout every analysis reads.

Notes
-----
A pose track is a :class:`PoseTrack`: ``image_xy`` holds image coordinates in **pixels** of the
upright frame (x to the right, y downwards), so angles are not distorted by the aspect ratio;
``world_xyz`` holds metric coordinates in metres centred between the hips (x right, y down,
z towards the camera, as the model reports them); ``visibility`` is 0..1. A landmark that was not
seen is NaN in both coordinate arrays, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

LANDMARK_NAMES: tuple[str, ...] = (
    "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye", "right_eye_outer",
    "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder", "right_shoulder", "left_elbow",
    "right_elbow", "left_wrist", "right_wrist", "left_pinky", "right_pinky", "left_index", "right_index",
    "left_thumb", "right_thumb", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
    "left_heel", "right_heel", "left_foot_index", "right_foot_index",
)  # fmt: skip
INDEX: dict[str, int] = {name: i for i, name in enumerate(LANDMARK_NAMES)}
N_LANDMARKS = len(LANDMARK_NAMES)

FloatArray = npt.NDArray[np.float64]


@dataclass
class PoseTrack:
    """One person's landmarks over time (T frames) plus per-frame facts from the segmentation mask.

    ``people_seen`` is how many people the person detector found in a frame (the followed one
    included; :mod:`corecoach.pose.people`), checked on about one frame a second: -1 elsewhere.
    """

    timestamps_s: FloatArray  # (T,)
    image_xy: FloatArray  # (T, 33, 2) pixels
    world_xyz: FloatArray  # (T, 33, 3) metres
    visibility: FloatArray  # (T, 33)
    frame_size: tuple[int, int]  # (width, height) of the upright frame in pixels
    people_in_mask: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # (T,) -1 unknown
    back_curvature: FloatArray = field(default_factory=lambda: np.zeros(0))  # (T,) lumbar outline flexion, deg, NaN unknown
    upper_back_curve_deg: FloatArray = field(default_factory=lambda: np.zeros(0))  # (T,) thoracic outline curve, deg
    people_seen: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # (T,) person detector, -1 unchecked
    source_fps: float = 30.0

    def __post_init__(self) -> None:
        t = len(self.timestamps_s)
        if (
            self.image_xy.shape != (t, N_LANDMARKS, 2)
            or self.world_xyz.shape != (t, N_LANDMARKS, 3)
            or self.visibility.shape != (t, N_LANDMARKS)
        ):
            raise ValueError("PoseTrack arrays do not share the frame count / landmark layout")
        if self.people_in_mask.size == 0:
            self.people_in_mask = np.full(t, -1, dtype=np.int64)
        if self.back_curvature.size == 0:
            self.back_curvature = np.full(t, np.nan)
        if self.upper_back_curve_deg.size == 0:
            self.upper_back_curve_deg = np.full(t, np.nan)
        if self.people_seen.size == 0:
            self.people_seen = np.full(t, -1, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.timestamps_s)

    def xy(self, name: str) -> FloatArray:
        """(T, 2) pixel track of one landmark."""
        return self.image_xy[:, INDEX[name], :]

    def xyz(self, name: str) -> FloatArray:
        return self.world_xyz[:, INDEX[name], :]

    def vis(self, name: str) -> FloatArray:
        return self.visibility[:, INDEX[name]]

    @property
    def detected(self) -> npt.NDArray[np.bool_]:
        """Frames where a person was found at all."""
        return np.asarray(~np.all(np.isnan(self.image_xy[:, :, 0]), axis=1))
