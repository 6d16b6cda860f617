"""count_person_regions on constructed masks whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from corecoach.pose.recording import count_person_regions

H, W = 120, 200  # 24,000 px: 2 % is 480 px


def _mask(*boxes: tuple[int, int, int, int], value: float = 0.9) -> np.ndarray:
    mask = np.zeros((H, W), np.float32)
    for top, left, height, width in boxes:
        mask[top : top + height, left : left + width] = value
    return mask


@pytest.mark.parametrize(
    ("mask", "expected"),
    [
        (_mask(), 0),
        (_mask((10, 20, 100, 30)), 1),  # one person, 3,000 px
        (_mask((10, 20, 100, 30), (20, 140, 90, 25)), 2),  # two people apart
        (_mask((10, 20, 100, 30), (5, 170, 4, 4)), 1),  # a person and a 16 px speck
        (_mask((5, 170, 4, 4)), 0),  # only a speck
        (_mask((10, 20, 100, 30), (20, 50, 90, 25)), 1),  # two people touching merge: undercount, never over
        (_mask((10, 20, 100, 30), value=0.4), 0),  # below the 0.5 probability threshold
        (_mask((10, 20, 20, 24)), 1),  # 480 px exactly: counts
        (_mask((10, 20, 20, 23)), 0),  # 460 px: too small
    ],
    ids=["empty", "one", "two", "one_plus_speck", "speck_only", "touching", "faint", "at_threshold", "below_threshold"],
)
def test_count_person_regions(mask: np.ndarray, expected: int) -> None:
    assert count_person_regions(mask) == expected


def test_diagonal_touch_is_one_region() -> None:
    """8-connectivity: a limb drawn as a diagonal staircase stays one region."""
    mask = _mask((0, 0, 40, 20), (40, 20, 40, 20))
    assert count_person_regions(mask) == 1


def test_min_area_fraction_is_tunable() -> None:
    mask = _mask((10, 20, 100, 30), (5, 170, 4, 4))
    assert count_person_regions(mask, min_area_fraction=0.0005) == 2
    assert count_person_regions(mask, min_area_fraction=0.5) == 0


def test_binary_masks_and_bad_shapes() -> None:
    assert count_person_regions(_mask((10, 20, 100, 30), value=1.0).astype(np.float64)) == 1
    with pytest.raises(ValueError, match="2-D"):
        count_person_regions(np.zeros((4, 4, 1), np.float32))
