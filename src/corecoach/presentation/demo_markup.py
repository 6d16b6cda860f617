"""Exercise demonstrations ready for a page: inline SVG markup and its words, rendered once, kept.

Pages and exports ask a :class:`DemoMarkup` (one per catalogue and language) for an exercise's
animated demo, its still (start and end side by side) or its text alternative. Drawing a demo
takes tens of milliseconds, so each picture is drawn once per process and kept; the SVG's ids
depend on where it stands on the page (``id_prefix``), so a kept picture is re-labelled with a
plain string swap of its two ids instead of being drawn again.

The animated SVG is made without its ``<style>`` element (``embed_style=False``): pages under the
app's content security policy (``style-src 'self'``) get the reduced-motion rule from
``app.css``. Exercises without a demonstration give ``None`` / an empty string.
"""

from __future__ import annotations

import threading
from typing import Literal

from markupsafe import Markup

from corecoach.catalogue import Catalogue
from corecoach.catalogue.demo import Demo
from corecoach.catalogue.schema import Exercise
from corecoach.domain.enums import Language
from corecoach.presentation.demo_svg import demo_text_alternative, render_demo_svg, render_demo_svg_static

Kind = Literal["animated", "still"]

_LOCK = threading.Lock()
#: (kind, exercise id, language) -> (the demo drawn, its default id prefix, the SVG)
_DRAWN: dict[tuple[Kind, str, Language], tuple[Demo, str, str]] = {}


def _default_prefix(exercise: Exercise, kind: Kind) -> str:
    return f"cc-demo-{exercise.id.replace('_', '-')}" + ("-still" if kind == "still" else "")


def demo_svg_markup(exercise: Exercise, demo: Demo, lang: Language, kind: Kind, id_prefix: str | None = None) -> str:
    """The SVG (``kind``: ``"animated"`` or ``"still"``), drawn at most once per exercise, kind and language."""
    key = (kind, exercise.id, lang)
    with _LOCK:
        kept = _DRAWN.get(key)
    if kept is None or kept[0] is not demo:
        if kind == "animated":
            svg = render_demo_svg(exercise, demo, lang, embed_style=False)
        else:
            svg = render_demo_svg_static(exercise, demo, lang)
        kept = (demo, _default_prefix(exercise, kind), svg)
        with _LOCK:
            _DRAWN[key] = kept
    _, default, svg = kept
    if id_prefix is None or id_prefix == default:
        return svg
    # validate the prefix the way the renderer does (letters, digits, - and _)
    if not id_prefix[:1].isalpha() or not all(ch.isalnum() or ch in "-_" for ch in id_prefix) or not id_prefix.isascii():
        raise ValueError(f"id_prefix {id_prefix!r} is not usable as an XML id (letters, digits, - and _)")
    for suffix in ("-title", "-desc"):  # the ids and aria-labelledby: the only places the prefix stands
        svg = svg.replace(f"{default}{suffix}", f"{id_prefix}{suffix}")
    return svg


class DemoMarkup:
    """An exercise's demo for one page: ``animated``/``still`` give safe inline SVG markup, ``words`` the text."""

    def __init__(self, catalogue: Catalogue, lang: Language) -> None:
        self.catalogue = catalogue
        self.lang = lang

    def has(self, exercise_id: str) -> bool:
        return exercise_id in self.catalogue and self.catalogue.demo(exercise_id) is not None

    def _svg(self, exercise_id: str, kind: Kind, id_prefix: str | None) -> Markup | None:
        if not self.has(exercise_id):
            return None
        exercise = self.catalogue[exercise_id]
        demo = self.catalogue.demo(exercise_id)
        assert demo is not None
        # the SVG is built with ElementTree from the catalogue's text: every text node is escaped
        return Markup(demo_svg_markup(exercise, demo, self.lang, kind, id_prefix))

    def animated(self, exercise_id: str, id_prefix: str | None = None) -> Markup | None:
        """The looping demonstration (reduced motion: the still picture, through ``app.css``)."""
        return self._svg(exercise_id, "animated", id_prefix)

    def still(self, exercise_id: str, id_prefix: str | None = None) -> Markup | None:
        """Start and end positions side by side: for print, and for pages with many exercises."""
        return self._svg(exercise_id, "still", id_prefix)

    def words(self, exercise_id: str) -> str:
        """What the picture shows, in words: the view, start, movement, end and cues."""
        if not self.has(exercise_id):
            return ""
        demo = self.catalogue.demo(exercise_id)
        assert demo is not None
        return demo_text_alternative(self.catalogue[exercise_id], demo, self.lang)
