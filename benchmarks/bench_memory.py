"""Peak memory of analysing a long 1080p video (target: under 600 MB for 5 minutes).

Run with ``make bench-memory`` (``--minutes N`` to change the length). The benchmark first makes
the clip itself from the shared 1080p squat clip (frames looped and re-encoded to H.264 with
PyAV, into a temporary folder), then analyses it in a fresh process and reads that process's peak
resident memory. The baseline in the same run is the same process decoding the clip only.
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


def run_child(mode: str, path: Path) -> tuple[int, float, float]:
    proc = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True, check=True)
    frames, seconds, maxrss_kb = proc.stdout.split()[-3:]
    return int(frames), float(seconds), int(maxrss_kb) / 1024.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=5.0)
    args = parser.parse_args()
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        clip = Path(tmp) / "long_1080p.mp4"
        t0 = time.perf_counter()
        n = make_clip(clip, args.minutes)
        console.print(f"made {clip.name}: {n} frames 1920x1080 in {time.perf_counter() - t0:.0f} s")
        _, dsec, dmb = run_child("decode", clip)
        frames, asec, amb = run_child("analyse", clip)
    console.print(f"decode only:   peak {dmb:6.0f} MB  ({dsec:.0f} s)")
    console.print(f"full analysis: peak {amb:6.0f} MB  ({asec:.0f} s, {frames} frames, {frames / asec:.1f} fps)")
    console.print(f"ratio analysis/decode peak: {amb / dmb:.2f}; target: analysis peak under 600 MB -> {'met' if amb < 600 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
