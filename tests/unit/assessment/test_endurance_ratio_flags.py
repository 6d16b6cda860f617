"""McGill torso endurance ratios: flag imbalance against the thresholds in clinical.md 4.4, never diagnose."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from corecoach.assessment.assess import assess
from corecoach.assessment.endurance import compute_endurance_ratios
from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Need
from corecoach.screening.intake import Endurance, Intake


def _flags(flexor: float, extensor: float, right: float, left: float) -> dict[str, bool]:
    times = Endurance(flexor_s=flexor, extensor_s=extensor, side_bridge_right_s=right, side_bridge_left_s=left)
    return {f.id: f.flagged for f in compute_endurance_ratios(times)}


@pytest.mark.parametrize(
    ("right", "left", "flagged"),
    [
        pytest.param(76, 76, True, id="0.76-flagged"),
        pytest.param(90, 90, True, id="0.90-flagged"),
        pytest.param(70, 70, False, id="0.70-not-flagged"),
        pytest.param(75, 75, False, id="0.75-exactly-not-above"),
        pytest.param(50, 50, False, id="0.50-not-flagged"),
    ],
)
def test_side_bridge_to_extension_above_075_is_flagged(right: float, left: float, flagged: bool) -> None:
    flags = _flags(flexor=50, extensor=100, right=right, left=left)
    assert flags["side_bridge_right_extension_ratio"] is flagged
    assert flags["side_bridge_left_extension_ratio"] is flagged
    assert flags["side_bridge_right_left_ratio"] is False
    assert flags["flexion_extension_ratio"] is False


def test_one_side_bridge_above_075_flags_only_that_side() -> None:
    flags = _flags(flexor=50, extensor=100, right=78, left=78 / 1.04)
    assert flags["side_bridge_right_extension_ratio"] is True
    assert flags["side_bridge_left_extension_ratio"] is False


@pytest.mark.parametrize(
    ("flexor", "flagged"),
    [
        pytest.param(100, True, id="1.00-flagged"),
        pytest.param(130, True, id="1.30-flagged"),
        pytest.param(99, False, id="0.99-not-flagged"),
        pytest.param(60, False, id="0.60-not-flagged"),
    ],
)
def test_flexion_to_extension_at_or_above_one_is_flagged(flexor: float, flagged: bool) -> None:
    flags = _flags(flexor=flexor, extensor=100, right=60, left=60)
    assert flags["flexion_extension_ratio"] is flagged


@pytest.mark.parametrize(
    ("right", "left", "flagged"),
    [
        pytest.param(60, 60, False, id="equal"),
        pytest.param(62, 60, False, id="1.033"),
        pytest.param(60, 62, False, id="0.968"),
        pytest.param(64, 60, True, id="1.067"),
        pytest.param(60, 64, True, id="0.9375"),
        pytest.param(35, 28, True, id="example-1.25"),
    ],
)
def test_right_left_differing_by_more_than_005_is_flagged(right: float, left: float, flagged: bool) -> None:
    assert _flags(flexor=50, extensor=100, right=right, left=left)["side_bridge_right_left_ratio"] is flagged


def test_findings_carry_ratio_threshold_and_bilingual_message() -> None:
    findings = compute_endurance_ratios(Endurance(flexor_s=60, extensor_s=70, side_bridge_right_s=35, side_bridge_left_s=28))
    by_id = {f.id: f for f in findings}
    assert set(by_id) == {
        "flexion_extension_ratio",
        "side_bridge_right_extension_ratio",
        "side_bridge_left_extension_ratio",
        "side_bridge_right_left_ratio",
    }
    assert by_id["flexion_extension_ratio"].ratio == pytest.approx(60 / 70, abs=1e-3)
    assert by_id["flexion_extension_ratio"].threshold == 1.0
    assert by_id["side_bridge_right_extension_ratio"].ratio == pytest.approx(0.5, abs=1e-3)
    assert by_id["side_bridge_left_extension_ratio"].threshold == 0.75
    assert by_id["side_bridge_right_left_ratio"].ratio == pytest.approx(1.25, abs=1e-3)
    for finding in findings:
        assert finding.message.en and finding.message.nl and finding.message.en != finding.message.nl
        assert "diagnos" not in finding.message.en.lower()


def test_flagged_ratios_become_lumbar_stability_reasons(make_intake: Callable[..., Intake], catalogue: Catalogue) -> None:
    intake = make_intake({"endurance": {"flexor_s": 120, "extensor_s": 100, "side_bridge_right_s": 60, "side_bridge_left_s": 60}})
    result = assess(intake, catalogue)
    flagged = [f for f in result.endurance if f.flagged]
    assert [f.id for f in flagged] == ["flexion_extension_ratio"]
    assert Need.LUMBAR_STABILITY in result.needs
    assert any(r.reason == flagged[0].message and r.need is Need.LUMBAR_STABILITY for r in result.reasons)


def test_no_endurance_tests_no_findings(make_intake: Callable[..., Intake], catalogue: Catalogue) -> None:
    assert assess(make_intake({"endurance": None}), catalogue).endurance == ()
