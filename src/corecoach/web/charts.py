"""Charts for the progress page, drawn on the server as inline SVG from the progress report.

Pure functions: a progress report (see :func:`corecoach.services.coaching.progress_report`) in,
SVG text out; no scripts, no external files, so they work offline and under a strict CSP.
Colours and line styles come from CSS classes (``static/app.css``); every chart has a
``<title>`` and the page shows the same numbers in a table for screen readers.

Notes
-----
Pain chart: x is the session number (dates as labels), y is pain 0-10; a session without a
value leaves a gap in that line. Rung chart: one row per core function; x is time from the first
logged session (or decision) to the last; y is the rung on that function's ladder, easiest at the
bottom. The rung before the first decision is found by undoing the decisions from the current
rung backwards (each progress or regress moves exactly one rung).

The SVG text is memoized on the numbers it is drawn from (and the language and day), so a
progress page asked for again with no new log reuses the charts it drew last time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from corecoach.domain.enums import Language
from corecoach.web.i18n import format_short_date, translate

PAIN_SERIES = ("pain_before", "pain_during", "pain_next_morning")
#: viewBox width: small enough that 15-unit text stays readable when a phone shows the chart ~360 px wide
WIDTH = 480
#: drawn charts kept per kind (a few per profile: languages, days)
CHART_CACHE_SIZE = 256

#: one session on the pain chart: its date, then its value for each of PAIN_SERIES (None: not given)
PainPoint = tuple[Any, ...]


def _a(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def pain_chart(sessions: Sequence[Mapping[str, Any]], lang: Language) -> str:
    """Pain before, during and the next morning for each logged session."""
    if not sessions:
        return ""
    return _pain_chart(tuple((s["date"], *(s.get(series) for series in PAIN_SERIES)) for s in sessions), lang)


@lru_cache(maxsize=CHART_CACHE_SIZE, typed=True)
def _pain_chart(sessions: tuple[PainPoint, ...], lang: Language) -> str:
    """Draw :func:`pain_chart` from hashable points (memoized)."""
    left, right, top, bottom = 34, 14, 14, 58
    height = 250
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    n = len(sessions)

    def x(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else i * plot_w / (n - 1))

    def y(pain: float) -> float:
        return top + plot_h * (1 - pain / 10)

    title = translate("progress.pain_chart", lang)
    out = [
        f'<svg class="chart pain-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="pain-chart-title" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="pain-chart-title">{_a(title)}</title>',
    ]
    for level in range(0, 11, 2):
        out.append(f'<line class="grid" x1="{left}" x2="{WIDTH - right}" y1="{y(level):.1f}" y2="{y(level):.1f}"/>')
        out.append(f'<text class="axis" x="{left - 6}" y="{y(level) + 4:.1f}" text-anchor="end">{level}</text>')
    step = max(1, round(n / 5))
    for i, s in enumerate(sessions):
        if i % step == 0 or i == n - 1:
            anchor = "middle" if n == 1 else "start" if i == 0 else "end" if i == n - 1 else "middle"
            out.append(
                f'<text class="axis" x="{x(i):.1f}" y="{height - bottom + 20}" text-anchor="{anchor}">{_a(format_short_date(s[0], lang))}</text>'
            )
    for column, series in enumerate(PAIN_SERIES, start=1):
        runs: list[list[tuple[float, float]]] = [[]]
        for i, s in enumerate(sessions):
            value = s[column]
            if value is None:
                runs.append([])
            else:
                runs[-1].append((x(i), y(float(value))))
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
                out.append(f'<polyline class="line {series}" points="{points}"/>')
            for px, py in run:
                out.append(f'<circle class="dot {series}" cx="{px:.1f}" cy="{py:.1f}" r="4"/>')
    legend_x = left
    for series in PAIN_SERIES:
        label = translate(f"series.{series}", lang)
        out.append(f'<line class="line {series}" x1="{legend_x}" x2="{legend_x + 22}" y1="{height - 12}" y2="{height - 12}"/>')
        out.append(f'<text class="legend" x="{legend_x + 28}" y="{height - 8}">{_a(label)}</text>')
        legend_x += 44 + 9 * len(label)
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class RungTrack:
    """One core function's rung over time: where it started and each move after."""

    function: str
    ladder: tuple[str, ...]
    start_rung: int
    moves: tuple[tuple[date, int, str], ...]  # (date, rung after the move, action)
    unlocked: bool


def rung_tracks(report: Mapping[str, Any]) -> list[RungTrack]:
    """Reconstruct each function's rung history from its current rung and its decisions."""
    tracks: list[RungTrack] = []
    for phase in report["phases"]:
        ladder = tuple(phase["ladder"])
        rung = int(phase["rung"])
        moves: list[tuple[date, int, str]] = []
        for d in reversed(report["decisions"]):
            if d["function"] != phase["function"] or d["action"] not in ("progress", "regress"):
                continue
            after = ladder.index(d["to_exercise"]) if d["to_exercise"] in ladder else rung
            moves.append((date.fromisoformat(d["date"]), after, d["action"]))
            rung = ladder.index(d["from_exercise"]) if d["from_exercise"] in ladder else rung
        tracks.append(RungTrack(phase["function"], ladder, rung, tuple(reversed(moves)), bool(phase["unlocked"])))
    return tracks


def rung_chart(report: Mapping[str, Any], lang: Language, today: date) -> str:
    """One row per core function: a step line of the rung from the first session until today."""
    tracks = rung_tracks(report)
    if not tracks:
        return ""
    return _rung_chart(tuple(tracks), tuple(date.fromisoformat(s["date"]) for s in report["sessions"]), lang, today)


@lru_cache(maxsize=CHART_CACHE_SIZE, typed=True)
def _rung_chart(tracks: tuple[RungTrack, ...], session_dates: tuple[date, ...], lang: Language, today: date) -> str:
    """Draw :func:`rung_chart` from the reconstructed tracks and the session dates (memoized)."""
    dates = [*session_dates, *(m[0] for t in tracks for m in t.moves)]
    first = min(dates, default=today)
    last = max([*dates, today])
    span = max(1, (last - first).days)
    left, right, row_h, gap = 170, 10, 54, 10
    height = len(tracks) * (row_h + gap) + 24
    plot_w = WIDTH - left - right

    def x(d: date) -> float:
        return left + plot_w * (d - first).days / span

    title = translate("progress.rung_chart", lang)
    out = [
        f'<svg class="chart rung-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="rung-chart-title" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="rung-chart-title">{_a(title)}</title>',
    ]
    for row, track in enumerate(tracks):
        top = row * (row_h + gap) + 4
        levels = max(1, len(track.ladder) - 1)

        def y(rung: int, top: int = top, levels: int = levels) -> float:
            return top + row_h - 6 - (row_h - 12) * rung / levels

        name = translate(f"function.{track.function}", lang)
        css = "track" if track.unlocked else "track locked"
        out.append(f'<rect class="row-bg" x="{left}" y="{top}" width="{plot_w}" height="{row_h}"/>')
        out.append(f'<text class="axis" x="{left - 8}" y="{top + row_h / 2 + 5:.1f}" text-anchor="end">{_a(name)}</text>')
        rung = track.start_rung
        cx, path = x(first), [f"M{x(first):.1f},{y(rung):.1f}"]
        for when, after, action in track.moves:
            cx = x(when)
            path.append(f"H{cx:.1f}V{y(after):.1f}")
            out.append(f'<circle class="move {action}" cx="{cx:.1f}" cy="{y(after):.1f}" r="4"/>')
            rung = after
        path.append(f"H{x(last):.1f}")
        out.append(f'<path class="{css}" d="{"".join(path)}"/>')
        out.append(
            f'<text class="legend" x="{WIDTH - right - 4}" y="{top + 15}" text-anchor="end">'
            f"{_a(translate('phase.rung', lang, n=rung + 1, total=len(track.ladder)))}</text>"
        )
    axis_y = height - 6
    out.append(f'<text class="axis" x="{left}" y="{axis_y}">{_a(format_short_date(first, lang))}</text>')
    out.append(f'<text class="axis" x="{WIDTH - right}" y="{axis_y}" text-anchor="end">{_a(format_short_date(last, lang))}</text>')
    out.append("</svg>")
    return "".join(out)
