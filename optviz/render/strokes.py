"""How a path becomes strokes: the pieces of a long path worth drawing, thinned to about two
points a pixel, and strokes short enough for Agg.

A path of 100,000 steps has far more points than the picture has pixels along it: an optimizer
jittering about a minimum goes back and forth over its own track, and one crawling a tenth of a
pixel a step puts ten points in a pixel.  ``pieces`` keeps the steps that join cells of a
quarter pixel no earlier step joined, ``joined`` strings them into one polyline with a point
every half pixel along it, so a frame strokes about as many points as there are pixels along
the path, in the path's own order (later steps over earlier ones, as the whole would be drawn).
"""

from __future__ import annotations

import numpy as np

__all__ = ["pieces", "joined", "piece_points", "strung", "columns", "column_of",
           "stroke_pixels", "split_stroke", "in_strokes"]

#: Agg strokes at most about 5e7 pixels of line in one path ("Exceeded cell block limit");
#: a drawn path longer than this many pixels goes to it in several.
MAX_STROKE_PIXELS = 10**7
#: Pieces join points that lie in different cells of this many pixels; pieces fewer steps apart
#: than MAX_GAP are drawn as one.
CELL_PIXELS, MAX_GAP = 0.25, 16
#: Within a piece, a point is kept every this many pixels along the path.
STEP_PIXELS = 0.5


def pieces(xy: np.ndarray, cells_per_unit) -> tuple[np.ndarray, np.ndarray]:
    """The parts of the polyline *xy* worth drawing, as (first, last) point indices of runs of
    steps: a step is worth drawing when it joins two cells (of a grid of *cells_per_unit* per
    data unit) that no earlier step joined.  A path that crawls inside a pixel or goes back and
    forth over its own track (an optimizer jittering about a minimum) adds no pieces, so a
    path of 100,000 steps draws about as many points as there are pixels along it, in order
    (later pieces over earlier ones, as the whole path would be drawn)."""
    with np.errstate(all="ignore"):
        cells = np.floor(xy * cells_per_unit)
    cells = np.where(np.isfinite(cells), cells, 2.0 ** 40).astype(np.int64)
    # Cells numbered 0..n-1, so that a pair of cells packs into one integer (sorting pairs of
    # integers as rows is several times slower).
    ids = np.unique(cells[:, 0] * (1 << 21) + cells[:, 1], return_inverse=True)[1].ravel()
    low, high = np.minimum(ids[:-1], ids[1:]), np.maximum(ids[:-1], ids[1:])
    new = np.zeros(len(low), dtype=bool)
    new[np.unique(low * len(ids) + high, return_index=True)[1]] = True
    new &= low != high
    # Runs of new steps (step i joins points i and i + 1); runs closer than MAX_GAP steps are
    # one piece (redrawing a few steps costs less than another piece).
    edges = np.diff(np.concatenate([[False], new, [False]]).astype(np.int8))
    first, last = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    heads = np.flatnonzero(np.concatenate([[True], first[1:] - last[:-1] > MAX_GAP]))[:len(first)]
    return first[heads], last[np.append(heads[1:] - 1, len(last) - 1)] if len(last) else last


def joined(xy: np.ndarray, cut, pixels_per_unit) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The *pieces* of *xy* as one polyline (``strung``), and ``upto``: ``line[:upto[i]]`` is
    what is drawn once point i is reached; (None, None) for a path drawn whole.  Inside a piece
    a point is kept every STEP_PIXELS along the path (and the piece's ends): a path crawling a
    tenth of a pixel a step keeps one point in five, and no kept line strays half a pixel from
    the whole one.  One path per series and frame, whatever the number of pieces."""
    if cut is None:
        return None, None
    if not len(cut[0]):
        return np.empty((0, 2)), np.zeros(len(xy), dtype=np.intp)
    points, which = piece_points(cut)
    along = stroke_pixels(xy[: points[-1] + 1], pixels_per_unit)[points]
    begins = np.concatenate([[True], which[1:] != which[:-1]])
    keep = begins | np.append(begins[1:], True)          # each piece's first and last point
    keep[1:] |= np.floor(along[1:] / STEP_PIXELS) != np.floor(along[:-1] / STEP_PIXELS)
    points = points[keep]
    line, rows = strung(xy, points, which[keep])
    reached = np.searchsorted(points, np.arange(len(xy)), side="right")   # kept points <= i
    return line, np.where(reached > 0, rows[reached - 1] + 1, 0)


def piece_points(cut) -> tuple[np.ndarray, np.ndarray]:
    """The indices of the points of the pieces in *cut* (the (first, last) of each), in
    order, and the piece (0, 1, ...) each belongs to."""
    firsts, lasts = cut
    lengths = lasts - firsts + 1
    which = np.repeat(np.arange(len(firsts)), lengths)
    starts = np.cumsum(lengths) - lengths                # where each piece begins in the result
    return np.arange(len(which)) + np.repeat(firsts - starts, lengths), which


def strung(xy: np.ndarray, points: np.ndarray, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows *points* of *xy* (non-empty, every piece of *which* among them) as one
    polyline, a row of NaN before each piece but the first (matplotlib breaks a line there);
    and the row each point went to."""
    rows = np.arange(len(points)) + which
    line = np.full((len(points) + which[-1], 2), np.nan)
    line[rows] = xy[points]
    return line, rows


def column_of(index, points: int, count: int):
    """The column, of *count* equal runs of steps, that point *index* of *points* lies in."""
    return index * count // points


def columns(curve: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """For a curve (steps, value) of more points than *count* columns across: in each column
    (of equal runs of steps) the points that draw it, its first, lowest, highest and last, in
    order (a line through them covers what the whole line covers, at that resolution), and
    where each column's points begin.  ``curve[kept[:begins[c]]]`` then ``curve[first of c:
    i + 1]`` draws the curve as far as point i of column c."""
    n = len(curve)
    column = column_of(np.arange(n), n, count)
    firsts = np.flatnonzero(np.diff(column, prepend=-1))
    lasts = np.append(firsts[1:], n) - 1
    by_value = np.lexsort((curve[:, 1], column))        # per column, lowest first, NaN last
    low, high = by_value[firsts], by_value[lasts]
    kept = np.unique(np.concatenate([firsts, lasts, low, high]))
    return kept, np.searchsorted(kept, firsts)


def stroke_pixels(xy: np.ndarray, pixels_per_unit: np.ndarray) -> np.ndarray:
    """The length in pixels of the polyline *xy* up to each of its points (NaN rows: gaps)."""
    steps = np.hypot(*(np.diff(xy, axis=0) * pixels_per_unit).T) if len(xy) > 1 else np.empty(0)
    return np.concatenate([[0.0], np.nancumsum(steps)])


def split_stroke(xy: np.ndarray, length: np.ndarray) -> list[np.ndarray]:
    """*xy* as consecutive parts of at most about MAX_STROKE_PIXELS each, sharing their ends;
    *length* is its :func:`stroke_pixels`."""
    cuts = np.searchsorted(length, np.arange(MAX_STROKE_PIXELS, length[-1], MAX_STROKE_PIXELS))
    bounds = np.unique(np.concatenate([[0], cuts, [len(xy) - 1]]))
    return [xy[a: b + 1] for a, b in zip(bounds[:-1], bounds[1:])] or [xy]


def in_strokes(paths, lengths, colors, styles) -> tuple[list, list, list]:
    """*paths* (their *lengths* the :func:`stroke_pixels` of each) with their *colors* and
    *styles*, a path longer than MAX_STROKE_PIXELS cut into parts that keep its look."""
    out = ([], [], [])
    for xy, length, color, style in zip(paths, lengths, colors, styles):
        long = len(xy) and length[-1] > MAX_STROKE_PIXELS
        for part in split_stroke(xy, length) if long else [xy]:
            for column, value in zip(out, (part, color, style)):
                column.append(value)
    return out
