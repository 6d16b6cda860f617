"""Accuracy of movement analysis on the labelled shared clips (issue 3's targets).

Run with ``make bench-accuracy`` (or ``.venv/bin/python benchmarks/bench_accuracy.py``). Each clip
goes through the real pipeline once (decode + MediaPipe + cleaning); the track is analysed with
the labelled movement and with ``auto``. Clips are processed in parallel, one per core.

A clip is right when reps fall in ``reps_accept`` and ``hold_s`` is within ``hold_tolerance_s``.
Targets: >= 90% of labelled clips right; reps never outside ``reps_accept`` by more than one;
``auto`` right on every labelled squat, plank and side-plank clip and ``unknown`` on walking and
standing clips; no butt-wink finding on wahoo_squats.mp4.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from rich.console import Console
from rich.progress import track as progress_track
from rich.table import Table

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from _shared import clips_dir, labels

ANALYSED = {"squat": "squat", "plank": "plank", "side_plank": "side_plank"}
AUTO_UNKNOWN = {"walking", "standing"}


def run_clip(label: dict[str, Any]) -> dict[str, Any]:
    from corecoach.motion.analyse import analyse_track
    from corecoach.motion.results import Movement
    from corecoach.motion.signal import clean_track
    from corecoach.services.analysis import track_from_media

    path = clips_dir() / label["clip"]
    t0 = time.perf_counter()
    _info, raw = track_from_media(path)
    track = clean_track(raw)
    out: dict[str, Any] = {"clip": label["clip"], "seconds": time.perf_counter() - t0}
    auto = analyse_track(track, Movement.AUTO, path.name, already_clean=True)
    out["auto"] = auto.movement.value
    if label["movement"] in ANALYSED:
        res = analyse_track(track, Movement(ANALYSED[label["movement"]]), path.name, already_clean=True)
        out.update(reps=res.reps, hold_s=res.hold_s, findings=[f.id for f in res.findings], view=res.view)
    return out


def judge(label: dict[str, Any], got: dict[str, Any]) -> tuple[bool | None, str]:
    if label["movement"] not in ANALYSED:
        return None, ""
    if label["reps_accept"]:
        lo, hi = label["reps_accept"]
        reps = got.get("reps")
        ok = reps is not None and lo <= reps <= hi
        miss = 0 if ok or reps is None else (lo - reps if reps < lo else reps - hi)
        return ok, f"reps {reps} in [{lo}, {hi}]" + ("" if ok else f" (off by {miss})")
    if label["hold_s"] is not None:
        hold = got.get("hold_s")
        ok = hold is not None and abs(hold - label["hold_s"]) <= label["hold_tolerance_s"]
        return ok, f"hold {hold} vs {label['hold_s']}±{label['hold_tolerance_s']}"
    return None, "no count labelled"


def main() -> int:
    console = Console()
    chosen = [lab for lab in labels() if "cam0" not in lab["clip"] or lab["clip"].endswith("cam01.mp4")]
    t0 = time.perf_counter()
    results: dict[str, dict[str, Any]] = {}
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(run_clip, lab) for lab in chosen]
        for fut in progress_track(as_completed(futures), total=len(futures), description="analysing clips", console=Console(stderr=True)):
            got = fut.result()
            results[got["clip"]] = got
    wall = time.perf_counter() - t0
    table = Table(title="movement analysis accuracy on labelled shared clips")
    for col in ("clip", "label", "result", "right", "auto", "auto right"):
        table.add_column(col)
    right = labelled = 0
    worst_miss = 0
    auto_ok = auto_total = 0
    for lab in chosen:
        got = results[lab["clip"]]
        ok, text = judge(lab, got)
        if ok is not None:
            labelled += 1
            right += int(ok)
            if "off by" in text:
                worst_miss = max(worst_miss, int(text.rsplit(" ", 1)[-1].rstrip(")")))
        expect_auto = ANALYSED.get(lab["movement"]) or ("unknown" if lab["movement"] in AUTO_UNKNOWN else None)
        a_ok = None if expect_auto is None else got["auto"] == expect_auto
        if a_ok is not None:
            auto_total += 1
            auto_ok += int(a_ok)
        table.add_row(
            lab["clip"],
            lab["movement"],
            text,
            "" if ok is None else ("yes" if ok else "NO"),
            got["auto"],
            "" if a_ok is None else ("yes" if a_ok else "NO"),
        )
    console.print(table)
    wahoo = results.get("wahoo_squats.mp4", {})
    wink = "lower_back_rounding" in wahoo.get("findings", [])
    console.print(f"labelled clips right: {right}/{labelled} = {right / max(labelled, 1):.0%} (target >= 90%)")
    console.print(f"worst reps miss outside reps_accept: {worst_miss} (target <= 1)")
    console.print(f"auto right: {auto_ok}/{auto_total} (target: all)")
    console.print(f"butt wink reported on wahoo_squats.mp4: {'YES (target: no)' if wink else 'no (target met)'}")
    console.print(
        f"wall time with 2 workers: {wall:.1f} s for {len(chosen)} clips (sum of per-clip times {sum(r['seconds'] for r in results.values()):.1f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
