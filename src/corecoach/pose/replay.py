"""Recorded landmarks: save a :class:`PoseTrack` to ``.npz`` and replay it as a pose estimator.

Recordings made once with the real model on the shared clips let the many analysis tests run in
milliseconds, with no model and no video, while still being real landmarks of real people.

Notes
-----
File layout (``np.savez_compressed``, ``format_version`` 1): ``timestamps_s`` float64 (T,);
``image_xy`` float32 (T, 33, 2) pixels; ``world_xyz`` float32 or float16 (T, 33, 3) metres;
``visibility`` float32 (T, 33); ``frame_size`` int64 (2,) width, height; ``source_fps`` float64
(); ``people_in_mask`` int16 (T,) with -1 for unknown; ``back_curvature`` and
``upper_back_curve_deg`` float32 (T,) with NaN for unknown (the latter may be absent from older
files and then loads as NaN); ``people_seen`` int16 (T,), the person detector's count with -1 for
frames not checked (absent from older files: loads as all -1). Frames without a person are NaN in both coordinate arrays. Loading gives float64 arrays
again, so float32 storage rounds pixels to about 1e-4 px and metres to about 1e-7 m (float16:
about 1 mm), far below the model's own noise.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from corecoach.errors import PoseBackendError
from corecoach.motion.landmarks import PoseTrack
from corecoach.pose.base import PoseFrame

FORMAT_VERSION = 1
_KEYS = ("timestamps_s", "image_xy", "world_xyz", "visibility", "frame_size", "source_fps", "people_in_mask", "back_curvature")


def save_recording(path: str | Path, track: PoseTrack, *, world_dtype: type[np.floating] = np.float32) -> Path:
    """Write ``track`` to a compressed ``.npz`` file and return its path.

    Parameters
    ----------
    path
        Target file; ``.npz`` is appended by NumPy when missing, and the returned path says so.
    track
        The landmarks to store.
    world_dtype
        ``np.float32`` (default) or ``np.float16`` for the world landmarks, which halves the biggest
        array when fixtures must stay small (float16 still resolves about 1 mm near the hips).
    """
    target = Path(path)
    if target.suffix != ".npz":
        target = target.with_name(target.name + ".npz")
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        target,
        format_version=np.int64(FORMAT_VERSION),
        timestamps_s=np.asarray(track.timestamps_s, dtype=np.float64),
        image_xy=np.asarray(track.image_xy, dtype=np.float32),
        world_xyz=np.asarray(track.world_xyz, dtype=world_dtype),
        visibility=np.asarray(track.visibility, dtype=np.float32),
        frame_size=np.asarray(track.frame_size, dtype=np.int64),
        source_fps=np.float64(track.source_fps),
        people_in_mask=np.asarray(track.people_in_mask, dtype=np.int16),
        back_curvature=np.asarray(track.back_curvature, dtype=np.float32),
        upper_back_curve_deg=np.asarray(track.upper_back_curve_deg, dtype=np.float32),
        people_seen=np.asarray(track.people_seen, dtype=np.int16),
    )
    return target


def load_recording(path: str | Path) -> PoseTrack:
    """Read a recording written by :func:`save_recording` back into a float64 :class:`PoseTrack`."""
    p = Path(path)
    try:
        with np.load(p, allow_pickle=False) as data:
            missing = [k for k in _KEYS if k not in data.files]
            if missing:
                raise PoseBackendError(f"{p.name} is not a corecoach landmark recording (missing: {', '.join(missing)}).")
            version = int(data["format_version"]) if "format_version" in data.files else 0
            if version != FORMAT_VERSION:
                raise PoseBackendError(f"{p.name} is a landmark recording of format {version}; this corecoach reads {FORMAT_VERSION}.")
            width, height = (int(v) for v in data["frame_size"])
            upper = data["upper_back_curve_deg"].astype(np.float64) if "upper_back_curve_deg" in data.files else np.zeros(0)
            seen = data["people_seen"].astype(np.int64) if "people_seen" in data.files else np.zeros(0, dtype=np.int64)
            return PoseTrack(
                timestamps_s=data["timestamps_s"].astype(np.float64),
                image_xy=data["image_xy"].astype(np.float64),
                world_xyz=data["world_xyz"].astype(np.float64),
                visibility=data["visibility"].astype(np.float64),
                frame_size=(width, height),
                people_in_mask=data["people_in_mask"].astype(np.int64),
                back_curvature=data["back_curvature"].astype(np.float64),
                upper_back_curve_deg=upper,
                people_seen=seen,
                source_fps=float(data["source_fps"]),
            )
    except (OSError, ValueError) as exc:
        raise PoseBackendError(f"{p.name} could not be read as a landmark recording: {exc}") from exc


class ReplayEstimator:
    """A :class:`~corecoach.pose.base.PoseEstimator` that hands back a recording's frames in order.

    The image and timestamp given to :meth:`process` are ignored: the n-th call returns the n-th
    recorded frame, so feed it the same frames (same stride) the recording was made from. Masks
    were not recorded, so ``mask`` is always None; the recorded per-frame people counts are on
    ``track.people_in_mask``.
    """

    def __init__(self, track: PoseTrack) -> None:
        self.track = track
        self._next = 0

    @classmethod
    def from_file(cls, path: str | Path) -> ReplayEstimator:
        return cls(load_recording(path))

    @property
    def frames_used(self) -> int:
        return self._next

    def process(self, rgb: npt.NDArray[np.uint8], timestamp_s: float) -> PoseFrame:
        i = self._next
        if i >= len(self.track):
            raise PoseBackendError(f"The landmark recording holds {len(self.track)} frames; frame {i + 1} was asked for.")
        self._next += 1
        xy = self.track.image_xy[i]
        if np.all(np.isnan(xy)):
            return PoseFrame(None, None, None, None)
        return PoseFrame(xy.copy(), self.track.world_xyz[i].copy(), self.track.visibility[i].copy(), None)

    def close(self) -> None:
        """Nothing to free; present to satisfy the protocol."""
