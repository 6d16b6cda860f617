"""The demo SVGs: well-formed, accessible in both languages, self-contained, and the drawn figure
keeps its proportions at any moment of the animation (as a browser interpolates it)."""

from __future__ import annotations

import bisect
import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest

from corecoach.catalogue import Catalogue, Exercise, load_catalogue
from corecoach.catalogue.demo import SEGMENT_LENGTHS, Demo, Joint, compute_joints
from corecoach.domain.enums import Language
from corecoach.presentation.demo_svg import (
    REDUCED_MOTION_CSS,
    SVG_NS,
    demo_text_alternative,
    render_demo_svg,
    render_demo_svg_static,
)

NS = {"svg": SVG_NS}
#: Points in time at which the drawn animation is checked, per demo.
TIME_POINTS = 40
#: A drawn segment may differ from the true (projected) one by this much: 1 unit (1 cm of the
#: figure, rounding of the coordinates included) plus 2 % of the segment's length.
DRAWN_SLACK_CM = 1.0
DRAWN_SLACK_FRACTION = 0.02

_CATALOGUE = load_catalogue()
CASES = [(e, d) for e in _CATALOGUE.ordered() if (d := _CATALOGUE.demo(e.id)) is not None]
CASE_IDS = [e.id for e, _ in CASES]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _tag(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def _numbers(path_d: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path_d)]


def _at(animate: ET.Element, t_s: float) -> list[float]:
    """The numbers of an animated ``d`` at time ``t_s``, interpolated linearly as SMIL does."""
    key_times = [float(v) for v in animate.attrib["keyTimes"].split(";")]
    values = [_numbers(v) for v in animate.attrib["values"].split(";")]
    duration = float(animate.attrib["dur"].removesuffix("s"))
    f = (t_s % duration) / duration
    i = min(max(bisect.bisect_right(key_times, f) - 1, 0), len(key_times) - 2)
    span = key_times[i + 1] - key_times[i]
    w = 0.0 if span <= 0 else (f - key_times[i]) / span
    return [a + (b - a) * w for a, b in zip(values[i], values[i + 1], strict=True)]


def _projected(demo: Demo, t_s: float) -> dict[Joint, tuple[float, float]]:
    yaw = math.radians(demo.camera_yaw_deg)
    joints = compute_joints(demo.pose_at(t_s), demo.anchor)
    return {j: (p[0] * math.cos(yaw) + p[2] * math.sin(yaw), p[1]) for j, p in joints.items()}


@pytest.mark.parametrize("lang", list(Language))
@pytest.mark.parametrize(("exercise", "demo"), CASES, ids=CASE_IDS)
def test_svg_is_wellformed_accessible_and_self_contained(exercise: Exercise, demo: Demo, lang: Language) -> None:
    for svg, prefix in ((render_demo_svg(exercise, demo, lang), "cc-demo-"), (render_demo_svg_static(exercise, demo, lang), "cc-demo-")):
        root = _parse(svg)
        assert _tag(root) == "svg"
        assert root.attrib["role"] == "img"
        title_id, desc_id = root.attrib["aria-labelledby"].split()
        assert title_id.startswith(prefix) and desc_id.startswith(prefix)
        title = root.find(f"svg:title[@id='{title_id}']", NS)
        desc = root.find(f"svg:desc[@id='{desc_id}']", NS)
        assert title is not None and desc is not None
        assert exercise.name(lang) in (title.text or "")
        assert desc.text == demo_text_alternative(exercise, demo, lang)
        assert "viewBox" in root.attrib
        # nothing to fetch, nothing to run
        without_namespace = svg.replace(f'xmlns="{SVG_NS}"', "", 1)
        assert not re.search(r"https?:", without_namespace, flags=re.IGNORECASE)
        assert "url(" not in svg
        tags = {_tag(e) for e in root.iter()}
        assert not tags & {"script", "foreignObject", "image", "use", "a", "iframe"}
        assert not any(name.endswith("href") or name.lower().startswith("on") for e in root.iter() for name in e.attrib)
        # the cues are written out under the picture (a long cue wraps over lines)
        shown = " ".join(" ".join(t.itertext()) for t in root.iter(f"{{{SVG_NS}}}text"))
        for cue in demo.cues:
            assert cue.text(lang) in re.sub(r"\s+", " ", shown)


@pytest.mark.parametrize(("exercise", "demo"), CASES, ids=CASE_IDS)
def test_text_alternative_tells_start_movement_end_and_cues(exercise: Exercise, demo: Demo) -> None:
    for lang, other in ((Language.EN, Language.NL), (Language.NL, Language.EN)):
        text = demo_text_alternative(exercise, demo, lang)
        for part in (demo.start, demo.movement, demo.end, *(cue.text for cue in demo.cues)):
            assert part(lang).rstrip(".") in text
            assert part(other).rstrip(".") not in text
    assert "Start:" in demo_text_alternative(exercise, demo, "en") and "End:" in demo_text_alternative(exercise, demo, "en")
    assert "Begin:" in demo_text_alternative(exercise, demo, "nl") and "Eind:" in demo_text_alternative(exercise, demo, "nl")


@pytest.mark.parametrize(("exercise", "demo"), CASES, ids=CASE_IDS)
def test_drawn_figure_keeps_its_proportions_through_the_animation(exercise: Exercise, demo: Demo) -> None:
    root = _parse(render_demo_svg(exercise, demo, "en"))
    motion = root.find("svg:g[@class='cc-demo-motion']", NS)
    assert motion is not None
    paths = [p for p in motion.iter(f"{{{SVG_NS}}}path") if "data-joints" in p.attrib]
    animated = [(p, p.find("svg:animate[@attributeName='d']", NS)) for p in paths]
    moving = [(p, a) for p, a in animated if a is not None]
    assert moving, "nothing moves"
    checked = 0
    for k in range(TIME_POINTS):
        t = demo.duration_s * (k + 0.5) / TIME_POINTS
        truth = _projected(demo, t)
        for path, animate in animated:
            joints = [Joint(name) for name in path.attrib["data-joints"].split()]
            numbers = _at(animate, t) if animate is not None else _numbers(path.attrib["d"])
            points = list(zip(numbers[0::2], numbers[1::2], strict=True))
            assert len(points) == len(joints)
            for (a, b), (pa, pb) in zip(itertools.pairwise(joints), itertools.pairwise(points), strict=True):
                drawn = math.dist(pa, pb)
                expected = math.dist(truth[a], truth[b])
                full = SEGMENT_LENGTHS.get((a, b)) or SEGMENT_LENGTHS.get((b, a)) or math.dist(truth[a], truth[b])
                slack = DRAWN_SLACK_CM + DRAWN_SLACK_FRACTION * full
                assert abs(drawn - expected) <= slack, (
                    f"{exercise.id} at {t:.2f} s: {a.value}-{b.value} drawn {drawn:.1f}, should be {expected:.1f}"
                )
                checked += 1
    assert checked >= TIME_POINTS * 10


@pytest.mark.parametrize(("exercise", "demo"), CASES, ids=CASE_IDS)
def test_animation_timing_is_valid_smil(exercise: Exercise, demo: Demo) -> None:
    root = _parse(render_demo_svg(exercise, demo, "nl"))
    animations = [e for e in root.iter() if _tag(e) in ("animate", "animateTransform")]
    assert animations
    for animation in animations:
        key_times = [float(v) for v in animation.attrib["keyTimes"].split(";")]
        assert len(key_times) == len(animation.attrib["values"].split(";"))
        assert key_times[0] == 0.0 and key_times[-1] == 1.0
        assert all(a < b for a, b in itertools.pairwise(key_times))
        assert animation.attrib["repeatCount"] == "indefinite"
        assert float(animation.attrib["dur"].removesuffix("s")) == pytest.approx(demo.duration_s, abs=0.01)


def test_reduced_motion_shows_a_still_picture(catalogue: Catalogue) -> None:
    exercise = catalogue["dead_bug"]
    demo = catalogue.demo("dead_bug")
    assert demo is not None
    root = _parse(render_demo_svg(exercise, demo, "en"))
    style = root.find("svg:style", NS)
    assert style is not None and style.text == REDUCED_MOTION_CSS
    assert "prefers-reduced-motion: reduce" in REDUCED_MOTION_CSS
    still = root.find("svg:g[@class='cc-demo-still']", NS)
    assert still is not None and still.attrib["display"] == "none"
    assert not [e for e in still.iter() if _tag(e).startswith("animate")]
    assert len([p for p in still.iter(f"{{{SVG_NS}}}path") if "data-joints" in p.attrib]) >= 2 * 8  # start and end figures
    inline = _parse(render_demo_svg(exercise, demo, "en", embed_style=False))
    assert inline.find("svg:style", NS) is None
    assert inline.find("svg:g[@class='cc-demo-still']", NS) is not None


def test_static_variant_shows_start_and_end_side_by_side(catalogue: Catalogue) -> None:
    exercise = catalogue["bird_dog"]
    demo = catalogue.demo("bird_dog")
    assert demo is not None
    for lang, words in ((Language.EN, ("Start", "End")), (Language.NL, ("Begin", "Eind"))):
        root = _parse(render_demo_svg_static(exercise, demo, lang))
        assert not [e for e in root.iter() if _tag(e).startswith("animate")]
        panels = root.findall("svg:g", NS)
        assert len(panels) == 2
        captions = [next(iter(p.iter(f"{{{SVG_NS}}}text"))).text for p in panels]
        assert captions == list(words)
        figures = [_figure_points(panel) for panel in panels]
        assert figures[0].keys() == figures[1].keys()
        moved = max(math.dist(figures[0][key], figures[1][key]) for key in figures[0])
        assert moved > 20.0, "the end position looks like the start position"


def _figure_points(panel: ET.Element) -> dict[tuple[str, int], tuple[float, float]]:
    """The figure's points in one panel, relative to its pelvis (panels sit side by side)."""
    points: dict[tuple[str, int], tuple[float, float]] = {}
    for path in panel.iter(f"{{{SVG_NS}}}path"):
        if "data-joints" in path.attrib:
            numbers = _numbers(path.attrib["d"])
            for i, (x, y) in enumerate(zip(numbers[0::2], numbers[1::2], strict=True)):
                points[(path.attrib["data-joints"], i)] = (x, y)
    px, py = points[("pelvis mid_back neck", 0)]
    return {key: (x - px, y - py) for key, (x, y) in points.items()}


def test_ids_are_prefixed_for_several_demos_on_one_page(catalogue: Catalogue) -> None:
    exercise = catalogue["side_plank"]
    demo = catalogue.demo("side_plank")
    assert demo is not None
    root = _parse(render_demo_svg(exercise, demo, "nl", id_prefix="plan-3-demo"))
    assert root.attrib["aria-labelledby"] == "plan-3-demo-title plan-3-demo-desc"
    default = _parse(render_demo_svg(exercise, demo, "nl"))
    still = _parse(render_demo_svg_static(exercise, demo, "nl"))
    assert default.attrib["aria-labelledby"] != still.attrib["aria-labelledby"]
    with pytest.raises(ValueError, match="not usable as an XML id"):
        render_demo_svg(exercise, demo, "nl", id_prefix="3 demo")
