"""Record optimizer trajectories over a surface: ``record(surface, optimizer, starts, steps)``."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from . import _checks
from .optimizers import Optimizer, get_optimizer
from .surfaces import Surface, as_surface

#: A point counts as diverged once it is non-finite or outside the view enlarged this many times
#: about its centre (a view 9 wide allows up to 45 from the centre).
DIVERGENCE_ZOOM = 10.0

#: Fewest starting points worth a thread of their own.
MIN_BATCH = 4096
#: Points whose losses and divergence are computed together (see ``_run``).
BLOCK_POINTS = 4096


@dataclass(frozen=True)
class Trajectory:
    """The path of one optimizer from one or many starting points.

    points:      float64, shape (steps + 1, *starts.shape); points[0] are the starts.
    losses:      float64, shape (steps + 1, *starts.shape[:-1]); f at every point.
    diverged_at: int64, shape starts.shape[:-1], a plain int for one start (x, y): the first
                 step whose point or loss was non-finite or whose point was far outside the
                 view (see DIVERGENCE_ZOOM), or -1 where the path never diverged.
                 From that step on, points and losses repeat the last good value: no NaN.
    """

    points: np.ndarray
    losses: np.ndarray
    diverged_at: np.ndarray | int

    @property
    def steps(self) -> int:
        return self.points.shape[0] - 1

    def __repr__(self) -> str:
        """One line: the shape, the steps and what diverged, not the arrays."""
        diverged = int(np.count_nonzero(self.diverged_at >= 0))
        starts = int(np.size(self.diverged_at))
        status = ("none diverged" if not diverged else "diverged" if starts == 1
                  else f"{diverged} of {starts} diverged")
        return f"<Trajectory of {starts} start(s), {self.steps} steps, points {self.points.shape}: {status}>"


def record(surface: Surface | str, optimizer: Optimizer | str, starts=None, steps: int = 100, *,
           xlim=None, ylim=None, progress=None) -> Trajectory:
    """Run *optimizer* on *surface* for *steps* steps from *starts* and record every point.

    *starts* is one point ``(x, y)`` or an ``(n, 2)`` array of points (default: the surface's
    starts); all points are advanced together by one vectorized update per step.  *xlim* and
    *ylim* (default: the surface's view) decide what "far outside the view" means.  Names are
    accepted for *surface* and *optimizer*.  No numpy warnings escape.  *progress*, if given,
    is called with the number of steps done since its last call, as they are done (for a
    progress bar; ``Progress.advance`` fits).
    """
    return record_all(surface, [optimizer], starts, steps, xlim=xlim, ylim=ylim,
                      progress=progress)[0]


def record_all(surface: Surface | str, optimizers, starts=None, steps: int = 100, *,
               xlim=None, ylim=None, progress=None) -> list[Trajectory]:
    """:func:`record` for each of *optimizers* from the same *starts*: the same trajectories,
    number for number, stepped together, so that one call of the gradient serves them all (for
    a few starts the gradient is most of a step's cost).  *progress* counts steps of every
    optimizer."""
    surface = as_surface(surface)
    optimizers = [_optimizer(optimizer) for optimizer in optimizers]
    if not optimizers:
        raise _checks.Invalid("optimizers", optimizers, "need at least one")
    starts = _checks.points("starts", surface.starts if starts is None else starts)
    steps = _checks.count("steps", steps, minimum=1, maximum=_checks.MAX_POINTS)
    xlim = _checks.limits("xlim", surface.xlim if xlim is None else xlim)
    ylim = _checks.limits("ylim", surface.ylim if ylim is None else ylim)
    centre = np.array([sum(xlim) / 2, sum(ylim) / 2])
    reach = DIVERGENCE_ZOOM / 2 * np.array([xlim[1] - xlim[0], ylim[1] - ylim[0]])

    flat = starts.reshape(-1, 2)
    _checks.recording(steps, len(flat), len(optimizers))
    far = ~(np.abs(flat - centre) <= reach).all(axis=-1)
    if far.any():
        x, y = flat[far][0]
        raise ValueError(f"Invalid starts: ({x:g}, {y:g}) is far outside the view x {list(xlim)}, "
                         f"y {list(ylim)} (start inside it, or give xlim/ylim that include it)")
    with np.errstate(all="ignore"):
        bad = ~np.isfinite(surface.f(flat))
    if bad.any():
        x, y = flat[bad][0]
        raise ValueError(f"Invalid starts: ({x:g}, {y:g}) (f is not finite there; start where "
                         f"f has a value)")
    # One block of memory per optimizer: each trajectory is a contiguous part of it.
    points = np.empty((len(optimizers), steps + 1, *flat.shape))
    losses = np.empty(points.shape[:-1])
    diverged_at = np.full((len(optimizers), len(flat)), -1, dtype=np.int64)

    stop = threading.Event()          # set when the caller is interrupted (Ctrl-C)

    def run(batch):
        # The batches advance at the same pace: the first one's progress stands for all.
        advance = progress if batch.start == 0 else None
        diverged_at[:, batch] = _run(surface, optimizers, flat[batch], points[:, :, batch],
                                     losses[:, :, batch], centre, reach, advance, stop)

    # numpy releases the GIL inside its loops, so large sets of starts are split into one batch
    # per core, stepped in parallel threads (measured in benchmarks/record_speed.py).
    parts = min(os.cpu_count() or 1, max(1, len(flat) // MIN_BATCH))
    bounds = np.linspace(0, len(flat), parts + 1).astype(int)
    batches = [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:])]
    if parts == 1:
        run(batches[0])
    else:
        with ThreadPoolExecutor(parts) as pool:
            try:
                list(pool.map(run, batches))
            except BaseException:     # the threads stop at their next block, not at the end
                stop.set()
                raise
    shape = starts.shape[:-1]
    return [Trajectory(points[i].reshape(steps + 1, *starts.shape),
                       losses[i].reshape(steps + 1, *shape),
                       diverged_at[i].reshape(shape) if shape else int(diverged_at[i, 0]))
            for i in range(len(optimizers))]


def _optimizer(optimizer) -> Optimizer:
    if isinstance(optimizer, str):
        return get_optimizer(optimizer)
    if not isinstance(optimizer, Optimizer):
        raise _checks.WrongType("optimizer", optimizer, "give a name such as 'adam' or an "
                                                       "Optimizer")
    return optimizer


def _run(surface, optimizers, starts, points, losses, centre, reach, advance=None,
         stop=None) -> np.ndarray:
    """Step *starts* under each of *optimizers*, writing every point and loss into *points*
    (optimizers x steps + 1 x starts x 2) and *losses*; return each path's divergence step
    (optimizers x starts, -1 for none).  Diverged paths repeat their last good point.

    The loop body is only the gradient and the updates: one gradient call per step for the
    points of every optimizer still moving, stacked.  Losses and the divergence test are
    computed for a block of steps at once (about BLOCK_POINTS points), which for a few starts
    replaces thousands of tiny numpy calls with one; a path that diverges inside a block goes on
    as NaN or inf until the block ends, and is then frozen from its divergence step.  An
    optimizer whose own Python-float arithmetic overflows (ArithmeticError) stops: its paths
    still going diverge at that step.  A set *stop* event ends the stepping at the next block
    (the caller was interrupted and discards the result).
    """
    count, total = len(starts), points.shape[1]
    params = [starts.copy() for _ in optimizers]
    alive = np.ones((len(optimizers), count), dtype=bool)
    diverged_at = np.full(alive.shape, -1, dtype=np.int64)
    block = max(1, BLOCK_POINTS // (len(optimizers) * count))
    with np.errstate(all="ignore"):
        points[:, 0], losses[:, 0] = starts, surface.f(starts)  # record_all checked the starts
        states = [optimizer.init(start) for optimizer, start in zip(optimizers, params)]
        moving = list(range(len(optimizers)))
        for first in range(1, total, block):
            last, stopped = min(first + block, total), {}
            for step in range(first, last):
                grads = surface.grad(params[moving[0]] if len(moving) == 1 else
                                     np.concatenate([params[i] for i in moving]))
                for place, i in enumerate(moving):
                    try:
                        params[i], states[i] = optimizers[i].update(
                            grads[place * count:(place + 1) * count], states[i], params[i])
                    except ArithmeticError:
                        stopped[i] = step
                        continue
                    points[i, step] = params[i]
                if stopped:
                    moving = [i for i in moving if i not in stopped]
                if not moving:
                    break
            for i in range(len(optimizers)):
                end = stopped.get(i, last)
                if alive[i].any() and end > first:
                    losses[i, first:end] = surface.f(points[i, first:end])
                    _check(points[i, first:end], losses[i, first:end], first, alive[i],
                           diverged_at[i], centre, reach)
                if i in stopped:          # what was still going is lost at that step
                    diverged_at[i, alive[i]], alive[i] = stopped[i], False
            moving = [i for i in moving if alive[i].any()]
            if stop is not None and stop.is_set():
                break
            if advance is not None:       # steps skipped after the last optimizer stops count
                advance(len(optimizers) * ((last if moving else total) - first))
            if not moving:
                break
    for i in range(len(optimizers)):
        _freeze_after_divergence(points[i], losses[i], diverged_at[i])
    return diverged_at


def _check(points, losses, first, alive, diverged_at, centre, reach) -> None:
    """Mark the paths still *alive* that diverge within this block of steps (from step *first*):
    a point non-finite or far outside the view, or a non-finite loss (f can overflow first)."""
    # Both coordinates inside, tested as one 16-bit word; False for NaN and inf too.
    inside = (np.abs(points - centre) <= reach).view(np.uint16)[..., 0] == 0x0101
    inside &= np.isfinite(losses)
    lost = alive & ~inside.all(axis=0)
    if lost.any():
        diverged_at[lost] = first + np.argmin(inside[:, lost], axis=0)
        alive &= ~lost


def _freeze_after_divergence(points: np.ndarray, losses: np.ndarray, diverged_at: np.ndarray) -> None:
    """From each path's divergence step on, repeat its last good point and loss (in place)."""
    lost = np.flatnonzero(diverged_at >= 0)
    if lost.size == 0:
        return
    first_bad = diverged_at[lost]
    after = np.arange(points.shape[0])[:, None] >= first_bad[None, :]
    points[:, lost] = np.where(after[..., None], points[first_bad - 1, lost][None], points[:, lost])
    losses[:, lost] = np.where(after, losses[first_bad - 1, lost][None], losses[:, lost])
