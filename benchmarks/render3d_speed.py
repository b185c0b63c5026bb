"""3-D rendering benchmark, in one run, as ratios: the saddle-point scene (seven optimizers,
300 steps, 300 frames, 600x500, 30 fps) saved as GIF

* in 2-D by optviz (the baseline a 3-D render should stay close to),
* in 3-D with a fixed camera by optviz (surface drawn once, paths blitted),
* in 3-D with a fixed camera the tutorial way: the very same figure animated by FuncAnimation
  (the whole figure redrawn every frame) and saved with PillowWriter,
* in 3-D with a rotating camera (a full turn) by optviz (every frame redrawn; rendering and
  GIF encoding overlap when the encoder runs in a second process),
* in 3-D with the same rotating camera the tutorial way.

Each approach runs in a fresh subprocess.  The machine's load average is printed with the
results, since a loaded machine slows every approach.

    python benchmarks/render3d_speed.py             # 300 frames (about three minutes)
    python benchmarks/render3d_speed.py 60          # fewer frames, for a quick look
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCENE, SIZE, FPS = "saddle-point", (600, 500), 30


def animation(frames: int, view: str, rotate: float = 0.0):
    import optviz

    options = dict(rotate=rotate) if rotate else {}
    return optviz.get_scene(SCENE).animate(view=view, steps=frames, frames=frames, fps=FPS,
                                           size=SIZE, hold=0, **options)


def run_optviz(path: Path, frames: int, view: str, rotate: float) -> None:
    animation(frames, view, rotate).save(path, quiet=True)


def run_funcanimation(path: Path, frames: int, view: str, rotate: float) -> None:
    """The same figure, posed frame by frame and redrawn in full by FuncAnimation."""
    from matplotlib.animation import FuncAnimation, PillowWriter

    with animation(frames, view, rotate).renderer() as stage:
        FuncAnimation(stage.figure, stage.pose, frames=frames).save(
            path, writer=PillowWriter(fps=FPS))


RUNS = {"optviz": run_optviz, "funcanimation": run_funcanimation}


def child(which: str, path: str, frames: int, view: str, rotate: float) -> None:
    begin = time.perf_counter()
    RUNS[which](Path(path), frames, view, rotate)
    print(json.dumps({"seconds": time.perf_counter() - begin}))


def measure(which: str, path: Path, frames: int, view: str, rotate: float = 0.0) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", which, str(path), str(frames),
                          view, str(rotate)], check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["bytes"] = path.stat().st_size
    return result


def main(frames: int) -> None:
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        flat = measure("optviz", folder / "2d.gif", frames, "2d")
        fixed = measure("optviz", folder / "3d.gif", frames, "3d")
        fixed_naive = measure("funcanimation", folder / "3d-naive.gif", frames, "3d")
        turning = measure("optviz", folder / "turn.gif", frames, "3d", 360.0)
        turning_naive = measure("funcanimation", folder / "turn-naive.gif", frames, "3d", 360.0)

    print(f"{SCENE}, 7 optimizers, {frames} steps, {frames} frames, {SIZE[0]}x{SIZE[1]}, "
          f"{FPS} fps, GIF; {os.cpu_count()} cores, load average before the run "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")
    print("| approach | time | GIF size |\n|---|---|---|")
    for name, r in [("optviz 2-D", flat), ("optviz 3-D, fixed camera", fixed),
                    ("3-D fixed, FuncAnimation + PillowWriter", fixed_naive),
                    ("optviz 3-D, rotating camera", turning),
                    ("3-D rotating, FuncAnimation + PillowWriter", turning_naive)]:
        print(f"| {name} | {r['seconds']:.2f} s | {r['bytes'] / 1e6:.2f} MB |")
    print(f"\n3-D fixed / 2-D time: {fixed['seconds'] / flat['seconds']:.2f}x (target <= 1.5x)")
    print(f"3-D fixed: {fixed_naive['seconds'] / fixed['seconds']:.1f}x faster than FuncAnimation "
          f"+ PillowWriter (target >= 20x); GIF {fixed['bytes'] / 1e6:.2f} MB (target <= 1 MB)")
    print(f"3-D rotating: {turning_naive['seconds'] / turning['seconds']:.1f}x faster than "
          f"FuncAnimation + PillowWriter (target >= 3x)")


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], float(sys.argv[6]))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
