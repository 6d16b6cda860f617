"""Exercise demonstrations as self-contained, accessible SVG: one renderer, pure (no I/O).

:func:`render_demo_svg` draws the animated figure of a :class:`~corecoach.catalogue.demo.Demo`
(SMIL ``<animate>`` on the figure's coordinates, looping); :func:`render_demo_svg_static` draws
the start and end positions side by side for print; :func:`demo_text_alternative` is the words
that stand in for the picture (start position, movement, end position, cues). Both SVGs carry
``role="img"`` and a ``<title>`` and ``<desc>`` in the requested language.

Notes
-----
* No scripts, no external references, no CSS the page must allow: colours and sizes are
  presentation attributes. The animated SVG has two groups: ``cc-demo-motion`` (the animation)
  and ``cc-demo-still`` (the start position with the end position faintly over it), hidden with
  ``display="none"``. :data:`REDUCED_MOTION_CSS` swaps them for people who ask for reduced
  motion; it is embedded as a ``<style>`` element unless ``embed_style=False`` (a page whose
  content security policy forbids inline styles puts the same rule in its own stylesheet).
* Without SMIL support the figure simply stands in its start position.
* Each moving segment is sampled finely enough (see :meth:`Demo.timeline`) that the straight-line
  steps between samples keep every segment within a fraction of a percent of its length.
* One SVG unit is one centimetre of the figure; the picture is at least :data:`MIN_WIDTH` wide so
  the cue text fits. ``id_prefix`` keeps ids unique when several demos share a page.
"""

from __future__ import annotations

import itertools
import math
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from corecoach.catalogue.demo import (
    BONES,
    HEAD_RADIUS,
    Band,
    BodyRegion,
    Demo,
    Joint,
    Mat,
    PoseValues,
    Roller,
    Vec3,
    View,
    Wall,
    Weight,
    Wheel,
    compute_forward,
    compute_joints,
    compute_outline,
)
from corecoach.catalogue.schema import Exercise
from corecoach.domain.enums import Language
from corecoach.domain.text import Text

SVG_NS = "http://www.w3.org/2000/svg"

#: Hides the animation and shows the still picture for people who ask for reduced motion.
REDUCED_MOTION_CSS = "@media (prefers-reduced-motion: reduce) { .cc-demo-motion { display: none; } .cc-demo-still { display: inline; } }"

#: Narrowest picture, in SVG units (centimetres of the figure), so the cues have room.
MIN_WIDTH = 260.0

_MARGIN = 16.0
_FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"
_NEAR = "#1f2933"
_FAR = "#8a96a3"
_GHOST = "#9aa5b1"
_PROP = "#616e7c"
_FLOOR = "#7b8794"
#: One colour per cue (Okabe-Ito hues, darkened so white numbers on them stay readable).
CUE_COLOURS = ("#b84a00", "#0067a3", "#00795a")

_WORDS: dict[str, Text] = {
    "title": Text(en="{name}: how it is done", nl="{name}: zo doe je het"),
    "side": Text(en="Seen from the side.", nl="Van opzij gezien."),
    "front": Text(en="Seen from the front.", nl="Van voren gezien."),
    "head_end": Text(en="Seen from the head end.", nl="Gezien vanaf het hoofdeind."),
    "start": Text(en="Start", nl="Begin"),
    "movement": Text(en="Movement", nl="Beweging"),
    "end": Text(en="End", nl="Eind"),
    "cues": Text(en="Watch", nl="Let op"),
}

#: Regions on the back of the trunk, on its front, and along a limb.
_BACK_REGIONS = {BodyRegion.LOWER_BACK, BodyRegion.UPPER_BACK, BodyRegion.PELVIS}
_LIMBS: dict[BodyRegion, tuple[Joint, ...]] = {
    BodyRegion.RIGHT_ARM: (Joint.RIGHT_SHOULDER, Joint.RIGHT_ELBOW, Joint.RIGHT_WRIST),
    BodyRegion.LEFT_ARM: (Joint.LEFT_SHOULDER, Joint.LEFT_ELBOW, Joint.LEFT_WRIST),
    BodyRegion.RIGHT_LEG: (Joint.RIGHT_HIP, Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE),
    BodyRegion.LEFT_LEG: (Joint.LEFT_HIP, Joint.LEFT_KNEE, Joint.LEFT_ANKLE),
}
_CHAINS: dict[str, tuple[Joint, ...]] = {
    "right_arm": _LIMBS[BodyRegion.RIGHT_ARM],
    "left_arm": _LIMBS[BodyRegion.LEFT_ARM],
    "right_leg": (*_LIMBS[BodyRegion.RIGHT_LEG], Joint.RIGHT_TOE),
    "left_leg": (*_LIMBS[BodyRegion.LEFT_LEG], Joint.LEFT_TOE),
}

Point2 = tuple[float, float]


def _lang(lang: Language | str) -> Language:
    return Language(lang)


def demo_text_alternative(exercise: Exercise, demo: Demo, lang: Language | str) -> str:
    """The words for the picture: what is seen, the start, the movement, the end and the cues."""
    lang = _lang(lang)
    cues = " ".join(f"{i}. {_sentence(cue.text(lang))}" for i, cue in enumerate(demo.cues, start=1))
    return " ".join(
        (
            f"{_sentence(exercise.name(lang))}",
            _WORDS[demo.view.value](lang),
            f"{_WORDS['start'](lang)}: {_sentence(demo.start(lang))}",
            f"{_WORDS['movement'](lang)}: {_sentence(demo.movement(lang))}",
            f"{_WORDS['end'](lang)}: {_sentence(demo.end(lang))}",
            f"{_WORDS['cues'](lang)}: {cues}",
        )
    )


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


# --- geometry: one frame of the figure in picture coordinates ---------------------------------


@dataclass(frozen=True)
class _Frame:
    """One pose, projected: joints (x, y up) and their depth towards the viewer."""

    pose: PoseValues
    joints3: dict[Joint, Vec3]
    joints: dict[Joint, Point2]
    depth: dict[Joint, float]


def _projector(demo: Demo) -> Callable[[Vec3], tuple[float, float, float]]:
    yaw = math.radians(demo.camera_yaw_deg)
    c, s = math.cos(yaw), math.sin(yaw)

    def project(p: Vec3) -> tuple[float, float, float]:
        return (p[0] * c + p[2] * s, p[1], -p[0] * s + p[2] * c)

    return project


def _frame(demo: Demo, pose: PoseValues) -> _Frame:
    project = _projector(demo)
    joints3 = compute_joints(pose, demo.anchor)
    projected = {j: project(p) for j, p in joints3.items()}
    return _Frame(
        pose=pose,
        joints3=joints3,
        joints={j: (p[0], p[1]) for j, p in projected.items()},
        depth={j: p[2] for j, p in projected.items()},
    )


def _attach(frame: _Frame, at: str) -> Vec3:
    if at == "hands":
        r, left = frame.joints3[Joint.RIGHT_WRIST], frame.joints3[Joint.LEFT_WRIST]
        return ((r[0] + left[0]) / 2, (r[1] + left[1]) / 2, (r[2] + left[2]) / 2)
    return frame.joints3[Joint(at)]


def _along(a: Vec3, b: Vec3, f: float, normal: Vec3 = (0.0, 0.0, 0.0), out: float = 0.0) -> Vec3:
    return (
        a[0] + (b[0] - a[0]) * f + normal[0] * out,
        a[1] + (b[1] - a[1]) * f + normal[1] * out,
        a[2] + (b[2] - a[2]) * f + normal[2] * out,
    )


def region_points(region: BodyRegion, frame: _Frame) -> tuple[Vec3, ...]:
    """The 3-D line a region's highlight follows in one frame (back regions sit behind the spine)."""
    j = frame.joints3
    low, high = compute_forward(frame.pose, upper=False), compute_forward(frame.pose, upper=True)
    if region is BodyRegion.LOWER_BACK:
        return (_along(j[Joint.PELVIS], j[Joint.MID_BACK], 0.0, low, -3.0), _along(j[Joint.PELVIS], j[Joint.MID_BACK], 1.0, low, -3.0))
    if region is BodyRegion.BELLY:
        return (_along(j[Joint.PELVIS], j[Joint.MID_BACK], 0.1, low, 5.0), _along(j[Joint.PELVIS], j[Joint.MID_BACK], 0.9, low, 5.0))
    if region is BodyRegion.UPPER_BACK:
        return (_along(j[Joint.MID_BACK], j[Joint.NECK], 0.15, high, -3.0), _along(j[Joint.MID_BACK], j[Joint.NECK], 0.85, high, -3.0))
    if region is BodyRegion.RIBS:
        return (_along(j[Joint.MID_BACK], j[Joint.NECK], 0.05, high, 5.0), _along(j[Joint.MID_BACK], j[Joint.NECK], 0.6, high, 5.0))
    if region is BodyRegion.NECK:
        return (j[Joint.NECK], _along(j[Joint.NECK], j[Joint.HEAD], 0.45))
    if region is BodyRegion.PELVIS:
        return (_along(j[Joint.RIGHT_HIP], j[Joint.LEFT_HIP], -0.3), _along(j[Joint.RIGHT_HIP], j[Joint.LEFT_HIP], 1.3))
    if region is BodyRegion.SHOULDERS:
        return (
            _along(j[Joint.RIGHT_SHOULDER], j[Joint.LEFT_SHOULDER], -0.15),
            _along(j[Joint.RIGHT_SHOULDER], j[Joint.LEFT_SHOULDER], 1.15),
        )
    return tuple(j[joint] for joint in _LIMBS[region])


def _bones_2d(frame: _Frame) -> list[tuple[Point2, Point2]]:
    j = frame.joints
    lines = [(j[a], j[b]) for a, b, _, _ in BONES]
    lines += [(j[Joint.RIGHT_HIP], j[Joint.LEFT_HIP]), (j[Joint.RIGHT_SHOULDER], j[Joint.LEFT_SHOULDER])]
    return lines


def _distance_to_segment(p: Point2, a: Point2, b: Point2) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    f = 0.0 if length2 < 1e-9 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - a[0] - f * dx, p[1] - a[1] - f * dy)


#: Where a cue's number may sit, relative to its region: (turn from the preferred side in degrees, distance).
_MARKER_PLACES = tuple(
    (turn, distance) for distance in (15.0, 21.0, 28.0) for turn in (0.0, 180.0, 45.0, -45.0, 135.0, -135.0, 90.0, -90.0)
)


def _marker_basis(region: BodyRegion, frame: _Frame, project: Callable[[Vec3], tuple[float, float, float]]) -> tuple[Point2, Point2]:
    """A region's centre in the picture and the preferred way out from it (away from the body)."""
    pts = [project(p) for p in region_points(region, frame)]
    cx, cy = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
    direction: Point2 = (0.0, 0.0)
    if region in (BodyRegion.LOWER_BACK, BodyRegion.UPPER_BACK, BodyRegion.BELLY, BodyRegion.RIBS, BodyRegion.PELVIS):
        forward = compute_forward(frame.pose, upper=region in (BodyRegion.UPPER_BACK, BodyRegion.RIBS))
        f = project(forward)
        sign = -1.0 if region in _BACK_REGIONS else 1.0
        direction = (sign * f[0], sign * f[1])
    if math.hypot(*direction) < 0.35:
        body = frame.joints
        mx = (body[Joint.PELVIS][0] + body[Joint.NECK][0]) / 2
        my = (body[Joint.PELVIS][1] + body[Joint.NECK][1]) / 2
        direction = (cx - mx, cy - my)
        if math.hypot(*direction) < 1.0:
            direction = (-1.0, 0.0)
    n = math.hypot(*direction)
    return (cx, cy), (direction[0] / n, direction[1] / n)


#: Lowest height of a cue's number above the floor, so it never sits in the floor.
_MARKER_FLOOR = 8.0


def _place(centre: Point2, direction: Point2, place: tuple[float, float]) -> Point2:
    turn, distance = math.radians(place[0]), place[1]
    c, s = math.cos(turn), math.sin(turn)
    dx, dy = direction[0] * c - direction[1] * s, direction[0] * s + direction[1] * c
    return (centre[0] + distance * dx, max(_MARKER_FLOOR, centre[1] + distance * dy))


def _choose_marker_places(demo: Demo) -> list[tuple[float, float]]:
    """For each cue, the first place (see :data:`_MARKER_PLACES`) clear of the figure and the other numbers.

    Chosen once for the whole demo, checked on every keyframe, and kept for the whole animation
    so that the numbers never jump; when no place is clear everywhere, the one with most room.
    """
    project = _projector(demo)
    keyframes = [_frame(demo, pose) for pose in demo.poses()]
    bones = [_bones_2d(frame) for frame in keyframes]
    for frame, frame_bones in zip(keyframes, bones, strict=True):  # a band is in the way too
        for prop in demo.props:
            if isinstance(prop, Band):
                a, b = project(prop.anchor), project(_attach(frame, prop.to))
                frame_bones.append(((a[0], a[1]), (b[0], b[1])))
    chosen: list[tuple[float, float]] = []
    taken: list[list[Point2]] = []
    for cue in demo.cues:
        bases = [_marker_basis(cue.region, frame, project) for frame in keyframes]
        best, best_room = _MARKER_PLACES[0], -math.inf
        for place in _MARKER_PLACES:
            points = [_place(centre, direction, place) for centre, direction in bases]
            room = min(
                min(
                    min(_distance_to_segment(p, a, b) for a, b in frame_bones) - 10.0,
                    math.dist(p, frame.joints[Joint.HEAD]) - HEAD_RADIUS - 9.0,
                    *(math.dist(p, other[k]) - 16.0 for other in taken),
                )
                for k, (p, frame, frame_bones) in enumerate(zip(points, keyframes, bones, strict=True))
            )
            if room >= 0.0:
                best = place
                break
            if room > best_room:
                best, best_room = place, room
        chosen.append(best)
        taken.append([_place(centre, direction, best) for centre, direction in bases])
    return chosen


# --- the scene: what is drawn, per frame ---------------------------------------------------------


@dataclass
class _Item:
    """One drawn element: its tag, fixed attributes and its geometry in each frame."""

    tag: str  # "path", "circle" or "marker"
    attrs: dict[str, str]
    geometry: Sequence[tuple[float, ...]]  # per frame: path points (x0, y0, x1, y1, ...) or a centre (x, y)
    closed: bool = False
    smooth: bool = False
    label: str = ""


def _joints_attr(chain: Sequence[Joint]) -> dict[str, str]:
    """``data-joints``: which joints a path runs through, for people and tests reading the SVG."""
    return {"data-joints": " ".join(j.value for j in chain)}


def _limb_is_far(demo: Demo, frame: _Frame, chain: Sequence[Joint]) -> bool:
    if demo.view is not View.SIDE:
        return False
    pelvis_depth = frame.depth[Joint.PELVIS]
    return sum(frame.depth[j] for j in chain) / len(chain) < pelvis_depth - 3.0


def _scene(demo: Demo, frames: Sequence[_Frame], start: _Frame | None = None) -> list[_Item]:
    """Everything drawn, back to front, with each item's geometry in every frame.

    ``start`` is the frame that decides which limbs are far (the first frame unless given), so
    that a still of any pose matches the animation.
    """
    project = _projector(demo)
    first = start or frames[0]

    def flat(points: Sequence[Vec3]) -> tuple[float, ...]:
        out: list[float] = []
        for p in points:
            x, y, _ = project(p)
            out += [x, y]
        return tuple(out)

    items: list[_Item] = []
    for prop in demo.props:
        if isinstance(prop, Wall):
            items.append(_Item("path", {"stroke": _PROP, "stroke-width": "4"}, [(prop.x, 0.0, prop.x, 100.0)] * len(frames)))
        elif isinstance(prop, Roller):
            x, y, _ = project(prop.at)
            items.append(
                _Item("circle", {"r": f"{prop.radius:g}", "fill": "#d9e2ec", "stroke": _PROP, "stroke-width": "2"}, [(x, y)] * len(frames))
            )
        elif isinstance(prop, Band):
            x, y, _ = project(prop.anchor)
            items.append(_Item("circle", {"r": "4", "fill": _PROP}, [(x, y)] * len(frames)))
    for index, cue in enumerate(demo.cues):
        colour = CUE_COLOURS[index]
        items.append(
            _Item(
                "path",
                {"stroke": colour, "stroke-width": "13", "stroke-opacity": "0.45", "class": "cc-demo-highlight"},
                [flat(region_points(cue.region, f)) for f in frames],
            )
        )
    chains = list(_CHAINS.items())
    far = [(name, chain) for name, chain in chains if _limb_is_far(demo, first, chain)]
    near = [(name, chain) for name, chain in chains if (name, chain) not in far]
    for _, chain in far:
        items.append(
            _Item(
                "path", {"stroke": _FAR, "stroke-width": "5", **_joints_attr(chain)}, [flat([f.joints3[j] for j in chain]) for f in frames]
            )
        )
    for prop in demo.props:
        if isinstance(prop, Band):
            items.append(
                _Item("path", {"stroke": "#c2410c", "stroke-width": "2.5"}, [flat([prop.anchor, _attach(f, prop.to)]) for f in frames])
            )
    if demo.breathing:
        items.append(
            _Item(
                "path",
                {"stroke": _NEAR, "stroke-width": "1.5", "fill": "#d9e2ec", "fill-opacity": "0.6"},
                [flat([*compute_outline(f.pose, f.joints3), *reversed(compute_outline(f.pose, f.joints3, back=True))]) for f in frames],
                closed=True,
                smooth=True,
            )
        )
    for chain, width in (
        ((Joint.PELVIS, Joint.MID_BACK, Joint.NECK), "7"),
        ((Joint.RIGHT_HIP, Joint.LEFT_HIP), "5"),
        ((Joint.RIGHT_SHOULDER, Joint.LEFT_SHOULDER), "5"),
        ((Joint.NECK, Joint.HEAD), "5"),
    ):
        items.append(
            _Item(
                "path",
                {"stroke": _NEAR, "stroke-width": width, **_joints_attr(chain)},
                [flat([f.joints3[j] for j in chain]) for f in frames],
            )
        )
    items.append(
        _Item(
            "circle",
            {"r": f"{HEAD_RADIUS:g}", "fill": "#ffffff", "stroke": _NEAR, "stroke-width": "3"},
            [flat([f.joints3[Joint.HEAD]]) for f in frames],
        )
    )
    for _, chain in near:
        items.append(
            _Item(
                "path", {"stroke": _NEAR, "stroke-width": "5", **_joints_attr(chain)}, [flat([f.joints3[j] for j in chain]) for f in frames]
            )
        )
    for prop in demo.props:
        if isinstance(prop, Weight):
            items.append(
                _Item(
                    "path",
                    {"stroke": "#323f4b", "stroke-width": "2"},
                    [flat([_attach(f, prop.at), _along(_attach(f, prop.at), _attach(f, prop.at), 0.0, prop.offset, 1.0)]) for f in frames],
                )
            )
            items.append(
                _Item(
                    "circle",
                    {"r": f"{prop.radius:g}", "fill": "#323f4b"},
                    [flat([_along(_attach(f, prop.at), _attach(f, prop.at), 0.0, prop.offset, 1.0)]) for f in frames],
                )
            )
        elif isinstance(prop, Wheel):
            items.append(
                _Item(
                    "circle",
                    {"r": f"{prop.radius:g}", "fill": "none", "stroke": "#323f4b", "stroke-width": "3.5"},
                    [flat([_attach(f, prop.at)]) for f in frames],
                )
            )
    places = _choose_marker_places(demo)
    for index, cue in enumerate(demo.cues):
        geometry = [_place(*_marker_basis(cue.region, f, project), places[index]) for f in frames]
        items.append(_Item("marker", {"fill": CUE_COLOURS[index]}, geometry, label=str(index + 1)))
    return items


# --- layout and writing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Box:
    min_x: float
    max_x: float
    min_y: float
    max_y: float

    @property
    def width(self) -> float:
        return self.max_x - self.min_x

    @property
    def height(self) -> float:
        return self.max_y - self.min_y


def _bounds(items: Sequence[_Item]) -> _Box:
    xs: list[float] = [0.0]
    ys: list[float] = [0.0]
    for item in items:
        pad = float(item.attrs.get("r", "0")) + (8.0 if item.tag == "marker" else 3.0)
        for g in item.geometry:
            xs += [v - pad for v in g[0::2]] + [v + pad for v in g[0::2]]
            ys += [v - pad for v in g[1::2]] + [v + pad for v in g[1::2]]
    return _Box(min(xs), max(xs), max(min(ys), -4.0), max(ys))


class _Canvas:
    """Maps figure coordinates (cm, y up) to SVG units (y down) for one panel."""

    def __init__(self, box: _Box, left: float, top: float) -> None:
        self.box, self.left, self.top = box, left, top

    def xy(self, x: float, y: float) -> Point2:
        return (self.left + x - self.box.min_x, self.top + self.box.max_y - y)

    def path(self, g: Sequence[float], smooth: bool = False, closed: bool = False) -> str:
        pts = [self.xy(g[i], g[i + 1]) for i in range(0, len(g), 2)]
        end = " Z" if closed else ""
        if smooth and len(pts) > 2:
            # a quadratic curve through the midpoints: smooth and with the same commands in every frame
            parts = [f"M{_n(pts[0][0])} {_n(pts[0][1])}"]
            for a, b in itertools.pairwise(pts[1:]):
                parts.append(f"Q{_n(a[0])} {_n(a[1])} {_n((a[0] + b[0]) / 2)} {_n((a[1] + b[1]) / 2)}")
            parts.append(f"L{_n(pts[-1][0])} {_n(pts[-1][1])}")
            return " ".join(parts) + end
        return "M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in pts) + end


def _n(value: float) -> str:
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text in ("-0", "-0.0") else text


def _wrap(text: str, width_units: float, font_size: float) -> list[str]:
    chars = max(20, int(width_units / (font_size * 0.54)))
    return textwrap.wrap(text, chars) or [""]


def _svg_root(width: float, height: float, prefix: str) -> ET.Element:
    return ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {_n(width)} {_n(height)}",
            "width": _n(width),
            "height": _n(height),
            "role": "img",
            "aria-labelledby": f"{prefix}-title {prefix}-desc",
            "class": "cc-demo",
            "font-family": _FONT,
        },
    )


def _title_desc(root: ET.Element, exercise: Exercise, demo: Demo, lang: Language, prefix: str) -> None:
    title = ET.SubElement(root, "title", {"id": f"{prefix}-title"})
    title.text = _WORDS["title"](lang).format(name=exercise.name(lang))
    desc = ET.SubElement(root, "desc", {"id": f"{prefix}-desc"})
    desc.text = demo_text_alternative(exercise, demo, lang)


def _draw_still(parent: ET.Element, items: Sequence[_Item], frame: int, canvas: _Canvas, ghost: bool = False) -> None:
    for item in items:
        _draw(parent, item, canvas, frame, animate=None, ghost=ghost)


def _draw(parent: ET.Element, item: _Item, canvas: _Canvas, frame: int, animate: tuple[str, str] | None, ghost: bool = False) -> None:
    """One item at one frame; with ``animate`` (dur, keyTimes) it moves through every frame."""
    if ghost and (item.tag == "marker" or "cc-demo-highlight" in item.attrs.get("class", "")):
        return
    attrs = dict(item.attrs)
    if ghost:
        attrs.update({"stroke": _GHOST, "stroke-dasharray": "4 3"} if "stroke" in attrs else {})
        if attrs.get("fill", "none") not in ("none", "#ffffff"):
            attrs["fill"] = _GHOST
        attrs["opacity"] = "0.8"
    moving = animate is not None and any(g != item.geometry[0] for g in item.geometry)
    if item.tag == "path":
        attrs.setdefault("fill", "none")
        attrs.update({"stroke-linecap": "round", "stroke-linejoin": "round"})
        attrs["d"] = canvas.path(item.geometry[frame], item.smooth, item.closed)
        element = ET.SubElement(parent, "path", attrs)
        if moving and animate is not None:
            values = ";".join(canvas.path(g, item.smooth, item.closed) for g in item.geometry)
            _animate(element, "d", values, animate)
    elif item.tag == "circle":
        x, y = canvas.xy(*item.geometry[frame][:2])
        attrs.update({"cx": _n(x), "cy": _n(y)})
        element = ET.SubElement(parent, "circle", attrs)
        if moving and animate is not None:
            points = [canvas.xy(*g[:2]) for g in item.geometry]
            _animate(element, "cx", ";".join(_n(p[0]) for p in points), animate)
            _animate(element, "cy", ";".join(_n(p[1]) for p in points), animate)
    else:
        x, y = canvas.xy(*item.geometry[frame][:2])
        group = ET.SubElement(parent, "g", {"transform": f"translate({_n(x)} {_n(y)})"})
        ET.SubElement(group, "circle", {"r": "7", "fill": attrs["fill"], "stroke": "#ffffff", "stroke-width": "1.5"})
        number = ET.SubElement(
            group,
            "text",
            {"text-anchor": "middle", "dy": "3.6", "font-size": "10", "font-weight": "700", "fill": "#ffffff"},
        )
        number.text = item.label
        if moving and animate is not None:
            points = [canvas.xy(*g[:2]) for g in item.geometry]
            ET.SubElement(
                group,
                "animateTransform",
                {
                    "attributeName": "transform",
                    "type": "translate",
                    "values": ";".join(f"{_n(p[0])} {_n(p[1])}" for p in points),
                    "keyTimes": animate[1],
                    "dur": animate[0],
                    "repeatCount": "indefinite",
                },
            )


def _animate(element: ET.Element, attribute: str, values: str, timing: tuple[str, str]) -> None:
    ET.SubElement(
        element,
        "animate",
        {"attributeName": attribute, "values": values, "keyTimes": timing[1], "dur": timing[0], "repeatCount": "indefinite"},
    )


def _floor_and_mat(parent: ET.Element, demo: Demo, canvas: _Canvas, frames: Sequence[_Frame], x_from: float, x_to: float) -> None:
    """The floor line from ``x_from`` to ``x_to`` (SVG units) and, when the demo has one, the mat."""
    _, fy = canvas.xy(0.0, 0.0)
    ET.SubElement(parent, "path", {"d": f"M{_n(x_from)} {_n(fy)} H{_n(x_to)}", "stroke": _FLOOR, "stroke-width": "2"})
    if any(isinstance(p, Mat) for p in demo.props):
        low = [x for f in frames for j, (x, y) in f.joints.items() if y < 30.0 and j is not Joint.HEAD]
        if low:
            x0, _ = canvas.xy(min(low) - 10.0, 0.0)
            x1, _ = canvas.xy(max(low) + 10.0, 0.0)
            ET.SubElement(
                parent, "rect", {"x": _n(x0), "y": _n(fy - 3.0), "width": _n(x1 - x0), "height": "3", "rx": "1.5", "fill": "#7fb3d5"}
            )


def _legend(parent: ET.Element, demo: Demo, lang: Language, top: float, width: float) -> float:
    """The numbered cues under the picture; returns the y below the last line."""
    font, line_h = 10.5, 13.0
    y = top
    for index, cue in enumerate(demo.cues):
        lines = _wrap(cue.text(lang), width - 2 * _MARGIN - 17.0, font)
        ET.SubElement(parent, "circle", {"cx": _n(_MARGIN + 6), "cy": _n(y - 3.6), "r": "6", "fill": CUE_COLOURS[index]})
        number = ET.SubElement(
            parent,
            "text",
            {"x": _n(_MARGIN + 6), "y": _n(y - 0.5), "text-anchor": "middle", "font-size": "9", "font-weight": "700", "fill": "#ffffff"},
        )
        number.text = str(index + 1)
        text = ET.SubElement(parent, "text", {"x": _n(_MARGIN + 17), "y": _n(y), "font-size": _n(font), "fill": _NEAR})
        for i, line in enumerate(lines):
            span = ET.SubElement(text, "tspan", {"x": _n(_MARGIN + 17), "dy": "0" if i == 0 else _n(line_h)})
            span.text = line
        y += line_h * len(lines) + 5.0
    return y


def _prefix(exercise: Exercise, id_prefix: str | None, suffix: str) -> str:
    prefix = id_prefix or f"cc-demo-{exercise.id.replace('_', '-')}{suffix}"
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", prefix):
        raise ValueError(f"id_prefix {prefix!r} is not usable as an XML id (letters, digits, - and _)")
    return prefix


def render_demo_svg(
    exercise: Exercise,
    demo: Demo,
    lang: Language | str,
    *,
    id_prefix: str | None = None,
    embed_style: bool = True,
) -> str:
    """The animated demonstration as an SVG document (a string), looping, in the requested language.

    Parameters
    ----------
    exercise
        The exercise shown (its name goes into the title).
    demo
        Its demonstration, e.g. ``catalogue.demo(exercise.id)``.
    lang
        ``"en"`` or ``"nl"``: the title, the text alternative and the cues.
    id_prefix
        Prefix of the ids inside the SVG (``<title>``/``<desc>``), unique on the page.
    embed_style
        Put :data:`REDUCED_MOTION_CSS` in a ``<style>`` element; pass False for inline use on a
        page whose content security policy forbids inline styles (the page's stylesheet then
        carries the rule).
    """
    lang = _lang(lang)
    prefix = _prefix(exercise, id_prefix, "")
    timeline = demo.timeline()
    frames = [_frame(demo, pose) for _, pose in timeline]
    items = _scene(demo, frames)
    box = _bounds(items)
    width = max(box.width + 2 * _MARGIN, MIN_WIDTH)
    canvas = _Canvas(box, (width - box.width) / 2, _MARGIN)
    figure_bottom = _MARGIN + box.height
    # measure the legend first (text only), then build the document with the right height
    probe = ET.Element("g")
    height = _legend(probe, demo, lang, figure_bottom + 22.0, width) + _MARGIN - 10.0
    root = _svg_root(width, height, prefix)
    _title_desc(root, exercise, demo, lang, prefix)
    if embed_style:
        style = ET.SubElement(root, "style")
        style.text = REDUCED_MOTION_CSS
    ET.SubElement(root, "rect", {"width": "100%", "height": "100%", "fill": "#ffffff"})
    _floor_and_mat(root, demo, canvas, frames, 4.0, width - 4.0)
    total = timeline[-1][0]
    timing = (f"{total:.2f}s", ";".join(f"{t / total:.4f}" for t, _ in timeline))
    motion = ET.SubElement(root, "g", {"class": "cc-demo-motion"})
    for item in items:
        _draw(motion, item, canvas, 0, animate=timing)
    still = ET.SubElement(root, "g", {"class": "cc-demo-still", "display": "none"})
    end_frame = _frame(demo, demo.poses()[demo.end_keyframe])
    end_items = _scene(demo, [end_frame], start=frames[0])
    _draw_still(still, end_items, 0, canvas, ghost=True)
    _draw_still(still, items, 0, canvas)
    _legend(root, demo, lang, figure_bottom + 22.0, width)
    return ET.tostring(root, encoding="unicode")


def render_demo_svg_static(exercise: Exercise, demo: Demo, lang: Language | str, *, id_prefix: str | None = None) -> str:
    """Start and end positions side by side, with the cues, no animation: for print and exports.

    Same parameters as :func:`render_demo_svg` (nothing moves, so there is no style to embed).
    """
    lang = _lang(lang)
    prefix = _prefix(exercise, id_prefix, "-still")
    frames = [_frame(demo, pose) for _, pose in demo.timeline()]
    box = _bounds(_scene(demo, frames))
    panel = box.width + 2 * _MARGIN
    width = max(2 * panel, MIN_WIDTH)
    left = (width - 2 * panel) / 2
    caption_h = 18.0
    figure_bottom = _MARGIN + caption_h + box.height
    probe = ET.Element("g")
    height = _legend(probe, demo, lang, figure_bottom + 22.0, width) + _MARGIN - 10.0
    root = _svg_root(width, height, prefix)
    _title_desc(root, exercise, demo, lang, prefix)
    ET.SubElement(root, "rect", {"width": "100%", "height": "100%", "fill": "#ffffff"})
    poses = demo.poses()
    for index, (key, pose) in enumerate((("start", poses[0]), ("end", poses[demo.end_keyframe]))):
        x0 = left + index * panel
        canvas = _Canvas(box, x0 + _MARGIN, _MARGIN + caption_h)
        frame = _frame(demo, pose)
        group = ET.SubElement(root, "g")
        caption = ET.SubElement(
            group,
            "text",
            {
                "x": _n(x0 + panel / 2),
                "y": _n(_MARGIN + 4),
                "text-anchor": "middle",
                "font-size": "13",
                "font-weight": "700",
                "fill": _NEAR,
            },
        )
        caption.text = _WORDS[key](lang)
        _floor_and_mat(group, demo, canvas, frames, x0 + 6.0, x0 + panel - 6.0)
        _draw_still(group, _scene(demo, [frame], start=frames[0]), 0, canvas)
    _legend(root, demo, lang, figure_bottom + 22.0, width)
    return ET.tostring(root, encoding="unicode")
