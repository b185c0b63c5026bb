"""Encoding beside rendering: a GIF rendered and encoded in one process, against the same GIF
with the encoder in a forked child (``optviz/encode/forked.py``), in one run, as ratios.

Scenes: Beale with six optimizers (sgd, momentum, nesterov, adagrad, rmsprop, adam) from
(1, 1.5), 30 fps, no hold,

* 2-D at 600x500, 300 frames: the usual picture (moving artists blitted, small changed
  rectangles: rendering and encoding are both cheap);
* 2-D at 1280x720, 300 frames: more pixels to copy, compare and blit;
* 3-D with the camera turning a full circle, 600x500, 100 frames: every frame redrawn and every
  pixel changed, so rendering and encoding are both expensive.

Each run is a fresh subprocess that records the paths first (not timed), then times what
``Animation.save`` does: the stage renders every frame and ``open_writer(..., parallel=...)``
encodes it.  Runs alternate between the two ways and the best of ``--repeat`` is kept for
each.  "Frames only" leaves out building the stage and drawing its static background, which
come before the first frame and are the same both ways.  Also printed: the time spent inside ``writer.write`` (in-process: the encoding itself;
forked: copying the frame into shared memory and waiting for a free slot) and the encoder
child's CPU time.  The two files are compared byte for byte.  The machine's load average is
printed with the results, since a busy machine takes away the second core this relies on.

    python benchmarks/encode_overlap.py               # about three minutes on 2 cores
    python benchmarks/encode_overlap.py --repeat 1    # a quicker look
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OPTIMIZERS = {"sgd": 0.001, "momentum": 0.001, "nesterov": 0.001, "adagrad": 0.5,
              "rmsprop": 0.01, "adam": 0.05}
START, FPS = (1.0, 1.5), 30

#: name: (size, frames, options for optviz.animate)
CASES = {
    "2-D, 600x500, 300 frames": ((600, 500), 300, {}),
    "2-D, 1280x720, 300 frames": ((1280, 720), 300, {}),
    "3-D turning, 600x500, 100 frames": ((600, 500), 100, {"view": "3d", "rotate": 360.0}),
}


def child(case: str, parallel: bool, path: str) -> None:
    """Render and encode one case; print the times as JSON."""
    import optviz
    from optviz.encode import open_writer

    size, frames, options = CASES[case]
    animation = optviz.animate("beale", {n: {"lr": lr} for n, lr in OPTIMIZERS.items()},
                               starts=START, steps=frames, frames=frames, fps=FPS, size=size,
                               hold=0, **options)
    begin = time.perf_counter()
    in_write = 0.0
    with animation.renderer() as renderer:
        background = renderer.background()
        setup = time.perf_counter() - begin
        with open_writer(path, fps=animation.fps, size=animation.size,
                         reserved_colors=renderer.reserved_colors, background=background,
                         hold=animation.hold, parallel=parallel) as writer:
            kind = type(writer).__name__
            for frame in renderer.frames():
                start = time.perf_counter()
                writer.write(frame)
                in_write += time.perf_counter() - start
    seconds = time.perf_counter() - begin
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "frames": seconds - setup, "in_write": in_write,
                      "writer": kind, "child_cpu": children.ru_utime + children.ru_stime}))


def measure(case: str, parallel: bool, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", case, str(int(parallel)), str(path)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(repeat: int) -> None:
    load_before = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for case in CASES:
            runs = {False: [], True: []}
            for _ in range(repeat):
                for parallel in (False, True):
                    runs[parallel].append(measure(case, parallel, folder / f"{parallel}.gif"))
            alone = min(runs[False], key=lambda r: r["seconds"])
            forked = min(runs[True], key=lambda r: r["seconds"])
            same = (folder / "False.gif").read_bytes() == (folder / "True.gif").read_bytes()
            rows.append((case, alone, forked, same))
    load_after = os.getloadavg()

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"Beale, 6 optimizers, {FPS} fps, GIF; {cores} cores, best of {repeat}; load average "
          f"(1, 5, 15 min) {' '.join(f'{v:.2f}' for v in load_before)} before, "
          f"{' '.join(f'{v:.2f}' for v in load_after)} after\n")
    print("| scene | in-process | forked encoder | speed-up | frames only: in-process, forked, "
          "speed-up | in write(): in-process, forked | encoder child CPU | same bytes |\n"
          "|---|---|---|---|---|---|---|---|")
    for case, alone, forked, same in rows:
        assert alone["writer"] == "GifWriter" and forked["writer"] == "ForkedWriter", (alone, forked)
        print(f"| {case} | {alone['seconds']:.2f} s | {forked['seconds']:.2f} s "
              f"| {alone['seconds'] / forked['seconds']:.2f}x | {alone['frames']:.2f} s, "
              f"{forked['frames']:.2f} s, {alone['frames'] / forked['frames']:.2f}x "
              f"| {alone['in_write']:.2f} s, {forked['in_write']:.2f} s "
              f"| {forked['child_cpu']:.2f} s | {'yes' if same else 'NO'} |")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3] == "1", sys.argv[4])
    else:
        main(int(sys.argv[2]) if len(sys.argv) == 3 and sys.argv[1] == "--repeat" else 3)
