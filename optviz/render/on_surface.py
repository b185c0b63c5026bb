"""Paths lying on a 3-D surface: the heights the surface is drawn at, each path subdivided onto
it, and which of its points a camera can see.

Every step is subdivided (at most 1/SUBDIVISIONS of the view apart) and each point lies at
z = height(f(x, y)), so a long step follows the surface instead of cutting through it.  The
height is the surface's z treatment (``Surface.z_scale`` and ``zlim``): f itself, clipped to
zlim, or log10 of f minus its minimum for surfaces whose values span decades.  A point is
hidden when the segment from it to the camera's eye passes under the surface (a height field
occludes exactly where a ray from the point dips below it), tested at RAY_SAMPLES points.
"""

from __future__ import annotations

import numpy as np

from .. import _checks
from .contour import log_range, surface_grid
from .strokes import piece_points, strung

__all__ = ["DensePath", "Heights", "dense", "eye_of", "in_view", "runs", "visible"]

#: Samples per side for the surface's height range.
RANGE_GRID = 200
#: A path is subdivided so its points are at most 1/SUBDIVISIONS of the view apart.
SUBDIVISIONS = 150
#: Points tested along each ray from a path point to the eye.
RAY_SAMPLES = 48
#: Log heights span at most this many decades below the highest value in view.
LOG_DECADES = 3.0
#: At most this many subdivided points per path (a long zig-zag is thinned to fit), and how
#: many are depth-tested at once (memory: RAY_SAMPLES x 3 floats each).
MAX_POINTS = 50_000
DEPTH_BATCH = 4096


class Heights:
    """The z treatment of a surface in a view: ``z(f)`` maps loss values to drawn heights,
    ``zlim`` is the drawn range; ``log`` says whether heights are log10(f − base)."""

    def __init__(self, surface: Surface, xlim, ylim):
        _, _, f = surface_grid(surface, xlim, ylim, RANGE_GRID)
        self.log = getattr(surface, "z_scale", "linear") == "log" and f.max() > f.min()
        if self.log:
            self._base, self._floor, top = log_range(surface, f, LOG_DECADES)
            self.zlim = (float(np.log10(self._floor)), float(np.log10(top)))
        elif getattr(surface, "zlim", None) is not None:
            self.zlim = _checks.limits("zlim", surface.zlim)
        else:
            low, high = float(f.min()), float(f.max())
            self.zlim = (low, high) if high > low else (low - 0.5, high + 0.5)   # a flat surface

    def __call__(self, f: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            if self.log:
                z = np.log10(np.clip(f - self._base, self._floor, None))
            else:
                z = np.asarray(f, dtype=np.float64)
        return np.clip(np.where(np.isfinite(z), z, self.zlim[1]), *self.zlim)


class DensePath:
    """One path subdivided onto the surface: xyz (m, 3), the step each point belongs to, and
    whether it is inside the view; pixels, visibility and runs are set per camera."""

    def __init__(self, xyz, owner, inside):
        self.xyz, self.owner, self.inside = xyz, owner, inside
        self.pixels = self.visible = self.runs = None


def dense(points: np.ndarray, xlim, ylim, heights: Heights, surface, cut=None) -> DensePath:
    """*points* (m, 2) subdivided onto the surface.  With *cut*, the path's pieces worth
    drawing (``strokes.pieces``), only those are: a break (a point outside the view) between
    them, and each point owned by its step of the whole path."""
    owners = np.arange(len(points))
    if cut is not None:
        points, owners = _pieces_only(points, cut)
    span = np.array([xlim[1] - xlim[0], ylim[1] - ylim[0]])
    with np.errstate(invalid="ignore"):
        steps = np.nan_to_num(np.hypot(*(np.diff(points, axis=0) / span).T))   # breaks: 0
    pieces = np.clip(np.ceil(steps * SUBDIVISIONS), 1, 4 * SUBDIVISIONS)
    if pieces.sum() > MAX_POINTS:          # a long zig-zag: fewer pieces per step
        pieces = np.maximum(1, np.floor(pieces * (MAX_POINTS - len(pieces)) / pieces.sum()))
    pieces = pieces.astype(np.int64)
    owner = np.concatenate([owners[:1], np.repeat(owners[1:], pieces)])
    first = np.repeat(np.arange(len(points) - 1), pieces)
    t = (np.arange(pieces.sum()) - np.repeat(np.cumsum(pieces) - pieces, pieces) + 1)
    t = (t / np.repeat(pieces, pieces))[:, None]
    a, b = points[first], points[first + 1]
    with np.errstate(invalid="ignore"):
        between = np.where(t < 1, a + t * (b - a), b)       # a step's end exactly (after a break)
    xy = np.concatenate([points[:1], between])
    inside = in_view(xy, xlim, ylim)
    with np.errstate(all="ignore"):
        f = np.asarray(surface.f(xy), dtype=np.float64)
    return DensePath(np.c_[xy, heights(f)], owner, inside)


def _pieces_only(points: np.ndarray, cut) -> tuple[np.ndarray, np.ndarray]:
    """The points of the pieces in *cut* strung with a NaN row between pieces, and the step
    each row belongs to (a break: the step that begins the next piece)."""
    if not len(cut[0]):
        return points[:1], np.zeros(1, dtype=np.int64)
    kept, which = piece_points(cut)
    reduced, rows = strung(points, kept, which)
    owners = np.empty(len(reduced), dtype=np.int64)
    owners[rows] = kept
    owners[rows[1:][which[1:] != which[:-1]] - 1] = cut[0][1:]
    return reduced, owners


def in_view(xy: np.ndarray, xlim, ylim) -> np.ndarray:
    if len(xy) == 0:
        return np.zeros(0, dtype=bool)
    x, y = xy[:, 0], xy[:, 1]
    return (x >= xlim[0]) & (x <= xlim[1]) & (y >= ylim[0]) & (y <= ylim[1]) & np.isfinite(x + y)


def eye_of(matrix: np.ndarray) -> np.ndarray:
    """The camera's eye in data coordinates, as a homogeneous 4-vector (w = 0 for a camera at
    infinity): the point the projection sends to the centre of every ray, where x, y and w of
    the projected point are all 0."""
    return np.linalg.svd(matrix[[0, 1, 3], :])[2][-1]


def visible(xyz: np.ndarray, eye: np.ndarray, surface, heights: Heights, xlim,
            ylim) -> np.ndarray:
    """Whether each data point (m, 3) can be seen from *eye*: the segment from the point to the
    eye stays above the surface, tested at RAY_SAMPLES points until it leaves the box.  (The
    camera is matplotlib's perspective one, so the eye is a point: eye[3] != 0.)"""
    if len(xyz) > DEPTH_BATCH:
        return np.concatenate([visible(xyz[i:i + DEPTH_BATCH], eye, surface, heights, xlim, ylim)
                               for i in range(0, len(xyz), DEPTH_BATCH)])
    if len(xyz) == 0:
        return np.zeros(0, dtype=bool)
    direction = eye[:3] / eye[3] - xyz
    low = np.array([xlim[0], ylim[0], -np.inf])
    high = np.array([xlim[1], ylim[1], heights.zlim[1]])
    with np.errstate(all="ignore"):
        exits = np.where(direction > 0, (high - xyz) / direction,
                         np.where(direction < 0, (low - xyz) / direction, np.inf))
    t_exit = np.clip(exits.min(axis=1), 0, 1e6)
    fractions = (np.arange(1, RAY_SAMPLES + 1) / RAY_SAMPLES) ** 2
    samples = xyz[:, None, :] + (t_exit[:, None, None] * fractions[None, :, None]) * direction[:, None, :]
    with np.errstate(all="ignore"):
        surface_z = heights(np.asarray(surface.f(samples[..., :2]), dtype=np.float64))
    tolerance = 1e-3 * (heights.zlim[1] - heights.zlim[0])
    below = samples[..., 2] < surface_z - tolerance
    return ~below.any(axis=1)


def runs(inside: np.ndarray, visible: np.ndarray) -> list[tuple[int, int, bool]]:
    """(start, end, visible) index ranges of consecutive points inside the view that are all
    visible or all hidden; neighbouring runs share their boundary point so lines join."""
    kind = np.where(inside, np.where(visible, 1, 0), -1)
    edges = np.flatnonzero(np.diff(kind)) + 1
    bounds = np.concatenate([[0], edges, [len(kind)]])
    runs = []
    for start, end in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        if kind[start] < 0:
            continue
        begin = start - 1 if start > 0 and kind[start - 1] >= 0 else start
        runs.append((begin, end, bool(kind[start])))
    return runs
