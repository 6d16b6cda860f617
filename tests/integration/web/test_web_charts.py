"""Server-side SVG charts from a progress report: known inputs, known drawings."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

from corecoach.domain.enums import Language
from corecoach.web.charts import pain_chart, rung_chart, rung_tracks

SVG = "{http://www.w3.org/2000/svg}"


def report() -> dict[str, Any]:
    ladder = ["dead_bug_heel_slide", "dead_bug_toe_tap", "dead_bug", "wall_press_dead_bug", "ab_wheel_rollout"]
    return {
        "phases": [
            {"function": "anti_extension", "exercise_id": "wall_press_dead_bug", "rung": 3, "ladder": ladder, "unlocked": True},
            {
                "function": "anti_rotation",
                "exercise_id": "pallof_press_standing",
                "rung": 0,
                "ladder": ["pallof_press_standing"],
                "unlocked": False,
            },
        ],
        "sessions": [
            {"date": "2025-03-01", "pain_before": 2, "pain_during": 3, "pain_next_morning": 2, "clean_form": True},
            {"date": "2025-03-03", "pain_before": 2, "pain_during": 6, "pain_next_morning": None, "clean_form": False},
            {"date": "2025-03-05", "pain_before": 1, "pain_during": 2, "pain_next_morning": 1, "clean_form": True},
        ],
        "decisions": [
            {
                "date": "2025-03-03",
                "function": "anti_extension",
                "action": "regress",
                "from_exercise": "dead_bug",
                "to_exercise": "dead_bug_toe_tap",
            },
            {
                "date": "2025-03-05",
                "function": "anti_extension",
                "action": "progress",
                "from_exercise": "dead_bug_toe_tap",
                "to_exercise": "dead_bug",
            },
            {"date": "2025-03-05", "function": "anti_extension", "action": "hold", "from_exercise": "dead_bug", "to_exercise": "dead_bug"},
            {
                "date": "2025-03-09",
                "function": "anti_extension",
                "action": "progress",
                "from_exercise": "dead_bug",
                "to_exercise": "wall_press_dead_bug",
            },
        ],
    }


def test_rung_history_is_rebuilt_backwards_from_the_current_rung() -> None:
    anti_ext, anti_rot = rung_tracks(report())
    assert anti_ext.start_rung == 2  # dead_bug before the first decision
    assert [(m[0], m[1], m[2]) for m in anti_ext.moves] == [
        (date(2025, 3, 3), 1, "regress"),
        (date(2025, 3, 5), 2, "progress"),
        (date(2025, 3, 9), 3, "progress"),
    ]
    assert anti_rot.start_rung == 0 and anti_rot.moves == ()


def test_pain_chart_is_valid_svg_with_a_gap_for_missing_values() -> None:
    svg = pain_chart(report()["sessions"], Language.NL)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}title").text == "Pijn per training"  # type: ignore[union-attr]
    dots = root.findall(f"{SVG}circle")
    assert len(dots) == 3 + 3 + 2  # next-morning pain is missing once
    morning_lines = [p for p in root.findall(f"{SVG}polyline") if "pain_next_morning" in p.get("class", "")]
    assert morning_lines == []  # two values with a gap between them: no line drawn across the gap
    assert "3 mrt" in svg
    assert pain_chart([], Language.EN) == ""


def test_pain_is_drawn_on_a_0_to_10_scale() -> None:
    svg = pain_chart([{"date": "2025-01-01", "pain_before": 0, "pain_during": 10, "pain_next_morning": None}], Language.EN)
    root = ET.fromstring(svg)
    ys = sorted(float(c.get("cy", "0")) for c in root.findall(f"{SVG}circle"))
    assert ys == [14.0, 192.0]  # top of the plot for 10, bottom for 0


def test_rung_chart_marks_each_move() -> None:
    svg = rung_chart(report(), Language.EN, today=date(2025, 3, 10))
    root = ET.fromstring(svg)
    moves = [c.get("class") for c in root.findall(f"{SVG}circle")]
    assert moves == ["move regress", "move progress", "move progress"]
    paths = root.findall(f"{SVG}path")
    assert [p.get("class") for p in paths] == ["track", "track locked"]
    assert "step 4 of 5" in svg
