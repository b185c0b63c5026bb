"""Rendering benchmark: optviz against matplotlib's usual animation path, in one run, as ratios.

The scene: Beale, six optimizers (sgd, momentum, nesterov, adagrad, rmsprop, adam) from (1, 1.5),
300 steps, 300 frames, 600x500 pixels, 30 fps, saved as GIF.

* optviz: ``optviz.animate(...).save("optviz.gif")`` (background drawn once, moving artists
  blitted, frames streamed to a one-palette GIF writer that writes changed rectangles).
* same picture, tutorial path: the very same figure, animated the way tutorials do it, a
  FuncAnimation whose update function moves the artists, the whole figure redrawn for every
  frame, saved with matplotlib's PillowWriter (every frame kept until the end, each with its
  own palette).  This is the like-for-like comparison.
* typical tutorial figure: the same path with the figure a tutorial would draw (viridis filled
  contours, default styling), for reference: its flat colours make a smaller naive GIF.

Each run happens in a fresh subprocess so that its peak memory (max RSS) is its own; the import
floor is a child that only imports what a render needs (issue 12's target 1: optviz within 2x).  Fidelity:
the PSNR of the middle frame of each GIF against the same frame drawn directly by matplotlib.
Memory flatness: optviz's peak memory at 300 and at 3000 frames (3000 steps).

    python benchmarks/render_speed.py
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

OPTIMIZERS = {"sgd": 0.001, "momentum": 0.001, "nesterov": 0.001, "adagrad": 0.5,
              "rmsprop": 0.01, "adam": 0.05}
START = (1.0, 1.5)
FPS, SIZE = 30, (600, 500)


def run_optviz(path: Path, frames: int) -> None:
    import optviz

    animation = optviz.animate("beale", {n: {"lr": lr} for n, lr in OPTIMIZERS.items()},
                               starts=START, steps=frames, frames=frames, fps=FPS, size=SIZE, hold=0)
    animation.save(path, quiet=True)


def tutorial_figure(frames: int):
    """The tutorial's figure and its per-frame update function (no blitting)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    import optviz

    beale = optviz.get_surface("beale")
    paths = {name: optviz.record(beale, optviz.get_optimizer(name, lr=lr), START, frames).points
             for name, lr in OPTIMIZERS.items()}
    x, y = np.meshgrid(np.linspace(-4.5, 4.5, 300), np.linspace(-4.5, 4.5, 300))
    z = beale.f(np.stack([x, y], axis=-1))
    fig, ax = plt.subplots(figsize=(SIZE[0] / 100, SIZE[1] / 100), dpi=100)
    ax.contourf(x, y, z, levels=np.logspace(-1, 5, 30), norm=LogNorm(), cmap="viridis")
    ax.plot(3, 0.5, "r*", markersize=15)
    lines = {name: ax.plot([], [], label=f"{name} (lr={OPTIMIZERS[name]})")[0] for name in paths}
    heads = {name: ax.plot([], [], "o", color=lines[name].get_color())[0] for name in paths}
    ax.legend(loc="upper right")
    ax.set_title("Beale")

    def update(i):
        for name, points in paths.items():
            lines[name].set_data(points[: i + 1, 0], points[: i + 1, 1])
            heads[name].set_data(points[i : i + 1, 0], points[i : i + 1, 1])
        return [*lines.values(), *heads.values()]

    return fig, update


def run_tutorial(path: Path, frames: int) -> None:
    from matplotlib.animation import FuncAnimation, PillowWriter

    fig, update = tutorial_figure(frames)
    FuncAnimation(fig, update, frames=frames).save(path, writer=PillowWriter(fps=FPS))


def optviz_renderer(frames: int):
    import optviz
    from optviz.render import ContourPanel, Series, Stage
    from optviz.timeline import frame_steps

    beale = optviz.get_surface("beale")
    series = [Series(f"{n} (lr={lr:g})", optviz.record(beale, optviz.get_optimizer(n, lr=lr), START, frames))
              for n, lr in OPTIMIZERS.items()]
    return Stage(series, frame_steps(frames, frames), [ContourPanel(beale)], size=SIZE,
                 title=beale.description, fps=FPS)


def run_same_picture(path: Path, frames: int) -> None:
    from matplotlib.animation import FuncAnimation, PillowWriter

    with optviz_renderer(frames) as renderer:
        FuncAnimation(renderer.figure, renderer.pose, frames=frames).save(
            path, writer=PillowWriter(fps=FPS))


def run_import_floor(path: Path, frames: int) -> None:
    """What any render needs before it draws: matplotlib's Agg figure and Pillow (numpy is
    imported by this script in every child alike)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401
    from matplotlib.figure import Figure  # noqa: F401
    from PIL import Image

    Image.new("RGB", (1, 1)).save(path, format="GIF")


RUNS = {"optviz": run_optviz, "same": run_same_picture, "tutorial": run_tutorial,
        "floor": run_import_floor}


def child(which: str, path: str, frames: int) -> None:
    """Run one approach and print its time and peak memory as JSON."""
    begin = time.perf_counter()
    RUNS[which](Path(path), frames)
    seconds = time.perf_counter() - begin
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024}))


def measure(which: str, path: Path, frames: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", which, str(path), str(frames)],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["bytes"] = path.stat().st_size
    return result


def gif_frame(path: Path, index: int) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as gif:
        gif.seek(index)
        return np.array(gif.convert("RGB"))


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255**2 / mse)


def direct_frames(index: int, frames: int) -> tuple[np.ndarray, np.ndarray]:
    """Frame *index* drawn directly by matplotlib (one full draw): optviz's picture, the tutorial's."""
    with optviz_renderer(frames) as renderer:
        ours = renderer.render_full(index)
    fig, update = tutorial_figure(frames)
    update(index)
    fig.canvas.draw()
    theirs = np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()
    return ours, theirs


def main() -> None:
    frames = 300
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        floor = measure("floor", folder / "floor.gif", frames)
        ours = measure("optviz", folder / "optviz.gif", frames)
        same = measure("same", folder / "same.gif", frames)
        tutorial = measure("tutorial", folder / "tutorial.gif", frames)
        long = measure("optviz", folder / "optviz-3000.gif", 3000)
        middle = frames // 2
        direct_ours, direct_tutorial = direct_frames(middle, frames)
        ours["psnr"] = psnr(gif_frame(folder / "optviz.gif", middle), direct_ours)
        same["psnr"] = psnr(gif_frame(folder / "same.gif", middle), direct_ours)
        tutorial["psnr"] = psnr(gif_frame(folder / "tutorial.gif", middle), direct_tutorial)

    print(f"Beale, 6 optimizers, {frames} steps, {frames} frames, {SIZE[0]}x{SIZE[1]}, {FPS} fps\n")
    print(f"| approach | time | GIF size | peak RSS | PSNR of middle frame |\n|---|---|---|---|---|")
    for name, r in [("optviz", ours), ("same picture, FuncAnimation + PillowWriter", same),
                    ("typical tutorial figure, FuncAnimation + PillowWriter", tutorial)]:
        print(f"| {name} | {r['seconds']:.2f} s | {r['bytes'] / 1e6:.2f} MB | {r['peak_mib']:.0f} MB "
              f"| {r['psnr']:.1f} dB |")
    print(f"\nimport floor (matplotlib's Agg figure and Pillow): {floor['seconds']:.2f} s; optviz takes "
          f"{ours['seconds'] / floor['seconds']:.1f}x that (target <= 2x)")
    print(f"like for like (same picture): {same['seconds'] / ours['seconds']:.1f}x faster (target >= 20x), "
          f"GIF {same['bytes'] / ours['bytes']:.1f}x smaller (target >= 15x)")
    print(f"against the typical tutorial figure: {tutorial['seconds'] / ours['seconds']:.1f}x faster "
          f"(target >= 30x), GIF {tutorial['bytes'] / ours['bytes']:.1f}x smaller (target >= 15x)")
    print(f"optviz fidelity: {ours['psnr']:.1f} dB (target >= 45 dB)")
    print(f"optviz peak RSS: {ours['peak_mib']:.0f} MB at {frames} frames, {long['peak_mib']:.0f} MB at 3000 "
          f"frames ({long['seconds']:.1f} s, {long['bytes'] / 1e6:.2f} MB)")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
