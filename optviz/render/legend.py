"""Where a legend goes: the place inside the axes that hides the least of the paths.

Every path is drawn in full into a set of pixels (segments clipped to the axes and sampled every
pixel or so); a candidate box costs the number of those pixels under it, and any minimum or
start marker under it rules the place out.
"""

from __future__ import annotations

import numpy as np

__all__ = ["LOCATIONS", "MAX_COVER", "best_location", "path_pixels"]

#: Legend positions tried inside the axes, in order of preference when equally good.
LOCATIONS = ("upper right", "upper left", "lower left", "lower right",
             "center right", "center left", "upper center", "lower center")
#: The legend moves outside the axes when every inside position would hide a minimum or a start
#: point, or more than this share of the drawn path.
MAX_COVER = 0.03
#: Paths are sampled on a grid of at most this many cells a side (pixels, up to axes this wide),
#: and this many samples at a time: memory stays bounded for 100,000-step paths at 8192 px.
MAX_CELLS, CHUNK = 2048, 2**20


def best_location(legend, renderer, lines: list[np.ndarray], marks: np.ndarray,
                  box, locations=LOCATIONS) -> tuple[str, bool]:
    """The location of *locations* where *legend* hides the least of the polylines *lines*
    and none of the points *marks* (display pixels, inside the axes box *box*), and whether
    that is good enough (see MAX_COVER).  The legend is left at the last location tried."""
    spacing = max(1.0, max(box.width, box.height) / MAX_CELLS)
    pixels = [path_pixels(xy, box, spacing) for xy in lines]
    pixels = np.unique(np.concatenate(pixels), axis=0) if pixels else np.empty((0, 2))
    best, best_cost = None, None
    for loc in locations:
        legend.set_loc(loc)
        legend_box = legend.get_window_extent(renderer).padded(3)
        cost = (_count_inside(marks, legend_box), _count_inside(pixels + 0.5, legend_box))
        if best_cost is None or cost < best_cost:
            best, best_cost = loc, cost
    good = best_cost[0] == 0 and best_cost[1] <= MAX_COVER * max(len(pixels), 1)
    return best, good


def _count_inside(xy: np.ndarray, box) -> int:
    if xy.size == 0:
        return 0
    x, y = xy[:, 0], xy[:, 1]
    return int(np.count_nonzero((x >= box.x0) & (x <= box.x1) & (y >= box.y0) & (y <= box.y1)))


def path_pixels(xy: np.ndarray, box, spacing: float = 1.0) -> np.ndarray:
    """Cells of *spacing* pixels (x, y, their corners in display coords; pixels when 1) a
    polyline through *xy* (display coords) covers inside *box*.  A row of NaN breaks the line,
    as in matplotlib (several pieces in one array)."""
    if len(xy) == 1:                    # a lone point covers its own pixel
        xy = np.repeat(xy, 2, axis=0)
    p0, p1 = xy[:-1], xy[1:]
    drawn = np.isfinite(p0).all(axis=1) & np.isfinite(p1).all(axis=1)
    p0, p1 = p0[drawn], p1[drawn]
    if len(p0) == 0:
        return np.empty((0, 2))
    d = p1 - p0
    t0 = np.zeros(len(p0))
    t1 = np.ones(len(p0))
    keep = np.ones(len(p0), dtype=bool)
    # Liang–Barsky clipping of every segment to the box at once.
    for p, q in ((-d[:, 0], p0[:, 0] - box.x0), (d[:, 0], box.x1 - p0[:, 0]),
                 (-d[:, 1], p0[:, 1] - box.y0), (d[:, 1], box.y1 - p0[:, 1])):
        with np.errstate(divide="ignore", invalid="ignore"):
            r = q / p
        keep &= ~((p == 0) & (q < 0))
        t0 = np.where(p < 0, np.maximum(t0, r), t0)
        t1 = np.where(p > 0, np.minimum(t1, r), t1)
    keep &= t0 <= t1
    a = (p0[keep] + t0[keep, None] * d[keep]) / spacing
    b = (p0[keep] + t1[keep, None] * d[keep]) / spacing
    counts = np.ceil(np.hypot(*(b - a).T)).astype(np.int64) + 1
    # Segments in chunks of about CHUNK samples, their cells merged as packed integers.
    ends = np.searchsorted(np.cumsum(counts), np.arange(CHUNK, counts.sum(), CHUNK)) + 1
    packed = np.empty(0, dtype=np.int64)
    for first, last in zip([0, *ends], [*ends, len(a)]):
        if first < last:
            packed = np.union1d(packed, _cells(a[first:last], b[first:last], counts[first:last]))
    return np.stack([packed // 2**32, packed % 2**32], axis=1) * spacing


def _cells(a: np.ndarray, b: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The unit cells segments a→b cover, sampled *counts* times each, as x * 2**32 + y."""
    owner = np.repeat(np.arange(len(a)), counts)
    starts = np.cumsum(counts) - counts
    t = (np.arange(counts.sum()) - starts[owner]) / np.maximum(counts[owner] - 1, 1)
    samples = a[owner] + t[:, None] * (b - a)[owner]
    cells = np.floor(samples).astype(np.int64)
    return np.unique(cells[:, 0] * 2**32 + cells[:, 1])
