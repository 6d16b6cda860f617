"""Peak memory and time of analysing long videos, each against decoding the same clip alone.

Run with ``make bench-memory``. Two cases, each clip made by the benchmark itself with PyAV in a
temporary folder:

* **long 1080p** (``--minutes N``, default 5; target: analysis peak under 600 MB): the shared 1080p
  squat clip looped and re-encoded to H.264, analysed as a squat.
* **nobody in view** (``--empty-minutes N``, default 10): a black 320x240 clip at 30 fps, which
  must stop with "nobody was seen in the first 30 s" (``NO_PERSON_STOP_S``) in about the time of
  30 s of video, with a peak that does not grow with the clip's length.

Each analysis runs in a fresh process that reports its own peak resident memory; the baseline in
the same run is such a process decoding the clip only. ``--only 1080p`` or ``--only empty`` runs
one case.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import clips_dir

SOURCE = "wahoo_squats.mp4"

CHILD = """
import resource, sys, time
from pathlib import Path
mode, path = sys.argv[1], Path(sys.argv[2])
t0 = time.perf_counter()
if mode == "decode":
    from corecoach.video.reader import iter_frames
    n = sum(1 for _ in iter_frames(path))
elif mode == "empty":
    from corecoach.errors import NoPersonError
    from corecoach.services.analysis import analyse_media
    try:
        analyse_media(path)
        n = -1  # analysed: nobody should have been found
    except NoPersonError:
        n = 0
else:
    from corecoach.motion.results import Movement
    from corecoach.services.analysis import analyse_media
    r = analyse_media(path, Movement.SQUAT)
    n = r.frames.analysed
print(n, time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def make_clip(target: Path, minutes: float) -> int:
    import av

    from corecoach.video.reader import iter_frames, probe_media

    info = probe_media(clips_dir() / SOURCE)
    total = int(minutes * 60 * info.fps)
    written = 0
    with av.open(str(target), "w") as out, Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"making a {minutes:g}-minute 1080p clip", total=total)
        stream = out.add_stream("libx264", rate=round(info.fps))
        stream.width, stream.height, stream.pix_fmt = info.width, info.height, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "28"}
        while written < total:
            for frame in iter_frames(clips_dir() / SOURCE):
                if written >= total:
                    break
                for packet in stream.encode(av.VideoFrame.from_ndarray(frame.rgb, format="rgb24")):
                    out.mux(packet)
                written += 1
                bar.update(task, completed=written)
        for packet in stream.encode():
            out.mux(packet)
    return written


def make_empty_clip(target: Path, minutes: float) -> int:
    """A black 320x240 clip at 30 fps: nobody in view, quick to make."""
    import av
    import numpy as np

    total = int(minutes * 60 * 30)
    with av.open(str(target), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "30"}
        black = np.zeros((240, 320, 3), dtype=np.uint8)
        for _ in range(total):
            for packet in stream.encode(av.VideoFrame.from_ndarray(black, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return total


def run_child(mode: str, path: Path) -> tuple[int, float, float]:
    proc = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True, check=True)
    frames, seconds, maxrss_kb = proc.stdout.split()[-3:]
    return int(frames), float(seconds), int(maxrss_kb) / 1024.0


def bench_1080p(console: Console, tmp: Path, minutes: float) -> None:
    clip = tmp / "long_1080p.mp4"
    t0 = time.perf_counter()
    n = make_clip(clip, minutes)
    console.print(f"made {clip.name}: {n} frames 1920x1080 in {time.perf_counter() - t0:.0f} s")
    _, dsec, dmb = run_child("decode", clip)
    frames, asec, amb = run_child("analyse", clip)
    console.print(f"decode only:   peak {dmb:6.0f} MB  ({dsec:.0f} s)")
    console.print(f"full analysis: peak {amb:6.0f} MB  ({asec:.0f} s, {frames} frames, {frames / asec:.1f} fps)")
    console.print(f"ratio analysis/decode peak: {amb / dmb:.2f}; target: analysis peak under 600 MB -> {'met' if amb < 600 else 'NOT met'}")


def bench_empty(console: Console, tmp: Path, minutes: float) -> None:
    from corecoach.services.analysis import NO_PERSON_STOP_S

    clip = tmp / "nobody.mp4"
    t0 = time.perf_counter()
    n = make_empty_clip(clip, minutes)
    console.print(f"made {clip.name}: {n} black frames 320x240 ({minutes:g} min) in {time.perf_counter() - t0:.0f} s")
    _, dsec, dmb = run_child("decode", clip)
    outcome, asec, amb = run_child("empty", clip)
    console.print(f"decode only:       peak {dmb:6.0f} MB  ({dsec:.1f} s for all {minutes:g} min)")
    said = "stopped with 'nobody was seen'" if outcome == 0 else "NOT stopped: it was analysed"
    console.print(f"nobody in view:    peak {amb:6.0f} MB  ({asec:.1f} s; {said} after {NO_PERSON_STOP_S:.0f} s of video)")
    console.print(f"ratio analysis/decode: peak {amb / dmb:.2f}, time {asec / max(dsec, 1e-9):.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=5.0, help="length of the long 1080p clip")
    parser.add_argument("--empty-minutes", type=float, default=10.0, help="length of the clip with nobody in view")
    parser.add_argument("--only", choices=("1080p", "empty"), default=None, help="run one case only")
    args = parser.parse_args()
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "empty"):
            bench_empty(console, Path(tmp), args.empty_minutes)
        if args.only in (None, "1080p"):
            bench_1080p(console, Path(tmp), args.minutes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
