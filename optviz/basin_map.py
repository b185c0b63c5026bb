"""Basins of attraction: where one optimizer takes every start of a fine grid over the view.

    >>> m = optviz.basins("himmelblau", "adam:lr=0.05", resolution=200, steps=500)
    >>> m.shares()          # {'(3, 2)': 0.27, '(-2.81, 3.13)': 0.24, ..., 'diverged': 0.0}
    >>> m.save("basins.png")

Every start of a ``resolution`` x ``resolution`` grid (pixel centres over the view) is stepped
``steps`` times, all of them together in vectorized calls of :func:`~optviz.record`.  Each
start then belongs to

* the attractor its path ends at: a listed minimum of the surface when the path's end (the mean
  of its last tenth of steps, so that an optimizer jittering about a point ends at the point)
  lies within ``tolerance`` (default 1% of the view's diagonal) of it; else, when the path has
  come to rest at a critical point (its last tenth stays within ``tolerance`` of its end and
  does not drift, the two halves' means less than ``tolerance / 20`` apart, and the gradient
  there is under half the gradient ``tolerance`` away: a point where the gradient
  vanishes is near, not a slope the optimizer crawls on), another point of rest (a local
  minimum, or a saddle it sits on), points of rest within ``tolerance`` of each other being one;
* ``ELSEWHERE``, when it came to rest at a point beyond the first MAX_ATTRACTORS (Rastrigin's
  grid of local minima has a hundred);
* ``DIVERGED``, when the path diverged (see :func:`~optviz.record`);
* ``UNSETTLED``, when it was still moving at the end.

``steps_to`` counts, per start with an attractor, the steps its path needed to come within
``tolerance`` of where it ends, for good (-1 for the others).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _checks
from .optimizers import Optimizer
from .progress import Progress
from .runs import Run, parse_runs
from .surfaces import Surface, as_surface
from .trajectory import record

__all__ = ["BasinMap", "basins", "DIVERGED", "UNSETTLED", "ELSEWHERE", "MAX_RESOLUTION"]

DIVERGED, UNSETTLED, ELSEWHERE = -1, -2, -3
#: What the negative basins are called, in the order of their values from -1 down.
OUTCOMES = ("diverged", "unsettled", "at rest elsewhere")
#: At most this many starts per side (the grid's memory grows with its square).
MAX_RESOLUTION = 1000
#: At most this many attractors get a colour of their own; the rest are ELSEWHERE.
MAX_ATTRACTORS = 8
#: At most this many steps in all (starts x steps): about three minutes on 2 cores.
MAX_STARTS_X_STEPS = 2 * 10**9
#: Starts are recorded this many at a time (memory: CHUNK x (steps + 1) x 3 floats).
CHUNK = 8192


@dataclass(frozen=True)
class BasinMap:
    """The basins of one optimizer on one surface (see the module docstring).

    basin:      int, (resolution, resolution): the attractor of each start (an index into
                ``attractors``), or DIVERGED / UNSETTLED / ELSEWHERE.  Row 0 is the lowest y, column 0
                the lowest x, as ``imshow(origin="lower")`` draws it.
    steps_to:   int, same shape: steps to come within ``tolerance`` of the path's end for good,
                or -1 where the start has no attractor.
    attractors: float, (k, 2): the listed minima reached first, then other points of rest.
    """

    surface: Surface
    optimizer: Optimizer
    steps: int
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    tolerance: float
    basin: np.ndarray
    steps_to: np.ndarray
    attractors: np.ndarray

    @property
    def resolution(self) -> int:
        return self.basin.shape[0]

    def shares(self) -> dict[str, float]:
        """Share of the starts in each basin, by attractor ("(3, 2)"), then "diverged",
        "unsettled" and "at rest elsewhere"."""
        offset = len(OUTCOMES)
        counts = np.bincount(self.basin.ravel() + offset, minlength=len(self.attractors) + offset)
        total = self.basin.size
        shares = {point_text(p): float(counts[i + offset] / total)
                  for i, p in enumerate(self.attractors)}
        return {**shares, **{name: float(counts[offset - 1 - i] / total)
                             for i, name in enumerate(OUTCOMES)}}

    def save(self, path, *, size=(600, 500), dpi: float = 100, theme="light",
             color_by: str = "basin") -> Path:
        """Write the map as a PNG; *color_by* "basin" (a colour per attractor) or "steps" (the
        steps each start needs).  Written beside *path* and renamed when complete."""
        from .render.basin_png import write_png     # matplotlib only when a picture is made
        return write_png(self, path, size=size, dpi=dpi, theme=theme, color_by=color_by)

    def __repr__(self) -> str:
        shares = ", ".join(f"{k} {v:.0%}" for k, v in self.shares().items() if v)
        return (f"<BasinMap of {self.optimizer.label} on {self.surface.name}, "
                f"{self.resolution}x{self.resolution} starts, {self.steps} steps: {shares}>")


def point_text(point) -> str:
    return "(" + ", ".join(f"{v:.3g}" if abs(v) >= 5e-4 else "0" for v in point) + ")"


def basins(surface: Surface | str, optimizer: Optimizer | Run | str = "adam", *,
           resolution: int = 200, steps: int = 500, xlim=None, ylim=None,
           flavor: str = "torch", tolerance: float | None = None,
           quiet: bool = False) -> BasinMap:
    """The :class:`BasinMap` of *optimizer* (a name or a run as written on the command line,
    ``"adam:lr=0.05"``, a :class:`~optviz.Run` or an Optimizer) over a *resolution* x
    *resolution* grid of starts on the view *xlim* x *ylim* (default: the surface's).  A
    progress bar shows on a terminal when it takes over a second, unless *quiet*."""
    surface = as_surface(surface)
    optimizer = _optimizer(optimizer, flavor)
    resolution = _checks.count("resolution", resolution, minimum=2, maximum=MAX_RESOLUTION)
    steps = _checks.count("steps", steps, minimum=1, maximum=100_000)
    if resolution**2 * steps > MAX_STARTS_X_STEPS:
        raise _checks.Invalid("steps", steps, f"{resolution}x{resolution} starts x {steps:,} "
                              f"steps = {resolution**2 * steps:.2g} steps in all, about "
                              f"{resolution**2 * steps / 1e7 / 60:.0f} minutes; at most "
                              f"{MAX_STARTS_X_STEPS:.0e}: give a lower resolution or fewer steps")
    xlim = _checks.limits("xlim", surface.xlim if xlim is None else xlim)
    ylim = _checks.limits("ylim", surface.ylim if ylim is None else ylim)
    if tolerance is None:
        tolerance = 0.01 * float(np.hypot(xlim[1] - xlim[0], ylim[1] - ylim[0]))
    tolerance = _checks.positive("tolerance", tolerance)
    quiet = _checks.flag("quiet", quiet)

    grid_x, grid_y = np.meshgrid(_centres(xlim, resolution), _centres(ylim, resolution))
    starts = np.stack([grid_x.ravel(), grid_y.ravel()], axis=-1)
    chunks = range(0, len(starts), CHUNK)
    with Progress(len(chunks) * steps, "optviz: basins", enabled=not quiet) as progress:
        parts = [_summary(record(surface, optimizer, starts[begin:begin + CHUNK], steps,
                                 xlim=xlim, ylim=ylim, progress=progress.advance), tolerance)
                 for begin in chunks]
    ends, spread, drift, diverged, steps_to = (np.concatenate(column) for column in zip(*parts))

    with np.errstate(all="ignore"):
        slope = np.linalg.norm(surface.grad(ends), axis=-1)
        around = np.mean([np.linalg.norm(surface.grad(ends + offset), axis=-1) for offset
                          in tolerance * np.array([[1, 0], [-1, 0], [0, 1], [0, -1]])], axis=0)
    moving = (spread >= tolerance) | (drift >= tolerance / 20) | ~(slope < 0.5 * around)
    basin, attractors = _classify(surface, ends, moving, diverged, tolerance)
    steps_to[basin < 0] = -1
    shape = (resolution, resolution)
    return BasinMap(surface, optimizer, steps, xlim, ylim, tolerance, basin.reshape(shape),
                    steps_to.reshape(shape), attractors)


def _summary(trajectory, tolerance: float) -> tuple[np.ndarray, ...]:
    """For each path of *trajectory*: where it ends (the mean of its last tenth), how far it
    still spreads and drifts there, whether it diverged, and the step from which it stays within
    *tolerance* of its end."""
    points = trajectory.points
    steps = len(points) - 1
    tail = max(2, steps // 10)
    end = points[-tail:].mean(axis=0)
    spread = np.linalg.norm(points[-tail:] - end, axis=-1).max(axis=0)
    half = tail // 2       # jitter averages out between the halves of the tail; drift not
    drift = np.linalg.norm(points[-half:].mean(axis=0) - points[-tail:-half].mean(axis=0), axis=-1)
    far = np.linalg.norm(points - end, axis=-1) >= tolerance     # (steps + 1, n)
    # One past the last step still far: within tolerance of the end for good from there.
    steps_to = np.where(far.any(axis=0), steps + 1 - np.argmax(far[::-1], axis=0), 0)
    return end, spread, drift, trajectory.diverged_at >= 0, steps_to


def _centres(limits, count: int) -> np.ndarray:
    """*count* pixel centres spanning *limits*."""
    low, high = limits
    half = (high - low) / count / 2
    return np.linspace(low + half, high - half, count)


def _optimizer(optimizer, flavor: str) -> Optimizer:
    if isinstance(optimizer, Optimizer):
        return optimizer
    if isinstance(optimizer, str):
        runs = parse_runs(optimizer)
        if len(runs) != 1:
            raise ValueError(f"Invalid optimizer: {optimizer!r} names {len(runs)} runs "
                             f"(a basin map shows one optimizer)")
        optimizer = runs[0]
    if isinstance(optimizer, Run):
        return optimizer.optimizer(flavor)
    raise ValueError(f"Invalid optimizer: {optimizer!r} (must be a name, a Run or an Optimizer)")


def _classify(surface, ends, moving, diverged, tolerance) -> tuple[np.ndarray, np.ndarray]:
    """Each end point's attractor index (or DIVERGED / UNSETTLED), and the attractors."""
    basin = np.full(len(ends), UNSETTLED, dtype=np.int64)
    basin[diverged] = DIVERGED
    alive = ~diverged
    minima = np.asarray(surface.minima or (), dtype=float).reshape(-1, 2)
    attractors: list[np.ndarray] = []
    if len(minima):
        distance = np.linalg.norm(ends[:, None] - minima[None], axis=-1)
        nearest = distance.argmin(axis=1)
        at_minimum = alive & (distance.min(axis=1) < tolerance)
        for index in np.unique(nearest[at_minimum]):         # the minima reached, in order
            basin[at_minimum & (nearest == index)] = len(attractors)
            attractors.append(minima[index])
    # Other points of rest, greedily grouped: each group is the first remaining end point and
    # every end point within tolerance of it.
    rest = np.flatnonzero(alive & ~moving & (basin == UNSETTLED))
    while rest.size and len(attractors) < MAX_ATTRACTORS:
        centre = ends[rest[0]]
        near = np.linalg.norm(ends[rest] - centre, axis=-1) < tolerance
        basin[rest[near]] = len(attractors)
        attractors.append(ends[rest[near]].mean(axis=0))
        rest = rest[~near]
    basin[rest] = ELSEWHERE
    return basin, np.array(attractors, dtype=float).reshape(-1, 2)
