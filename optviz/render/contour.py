"""The 2-D panel: optimizer paths over the filled contours of a surface.

Static (drawn into the stage's background): filled contours, iso-lines, minima stars, start and
saddle markers, the axes.  Moving (``animated=True``, drawn per frame over the restored
background): one line per path growing step by step, a copy of the minima stars so paths never
hide them, and a head marker per path at its current point.  Every moving artist sits above
every static one, so blitting gives the pixels of a full draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import LogNorm, Normalize, to_rgba
from matplotlib.lines import Line2D

from .. import _checks
from .edge_marks import EdgeMarks
from .strokes import CELL_PIXELS, in_strokes, joined, pieces, stroke_pixels
from .trail_layer import TrailLayer
from .panel import Z_HEADS, Z_PATHS, Z_STARS, Panel, moving_colors, on_pixel_centres
from .series import Track
from .style import HEAD_SIZE, PATH_WIDTH, STAR_SIZE, Theme

if TYPE_CHECKING:  # pragma: no cover
    from ..surfaces import Surface

__all__ = ["ContourPanel", "surface_grid", "log_range", "star_style"]

#: Samples per side of the grid the surface is evaluated on for the contours.
GRID = 300
#: Number of filled contour bands.
LEVELS = 28
#: Log-spaced levels span at most this many decades below the highest value in view.
LOG_DECADES = 7.0
#: Starts are ringed when there are at most this many (a swarm's would bury the surface).
MAX_START_MARKERS = 16
#: A swarm's dots (paths drawn without trails): their size in points.
DOT_SIZE, MIN_DOT_SIZE = 3.2, 1.2
#: The legend avoids at most this many paths (evenly sampled from a swarm).
MAX_LEGEND_PATHS = 256
#: A path of more points than this many per pixel of the figure's width plus height is drawn
#: as its pieces (see ``strokes.pieces``); shorter ones point for point.
PIECES_ABOVE = 2
#: A path in pieces whose whole stroke is longer than this many pixels per pixel of the
#: figure's width plus height is stroked once into an image of its own (``TrailLayer``): a
#: frame then costs a paste (about as much as stroking 400 pixels of line) and no more.
HEAVY_ABOVE = 4

# Z-orders of the static artists, below the legend (5); the moving ones are panel.Z_*.
_Z_CONTOUR_LINES = 1.5
_Z_MARKERS = 3.0


def surface_grid(surface: Surface, xlim, ylim, samples: int) -> tuple[np.ndarray, ...]:
    """(x, y, z) on a *samples* x *samples* grid over the view; z is f with non-finite values
    replaced by the highest finite one."""
    grid_x, grid_y = np.meshgrid(np.linspace(*xlim, samples), np.linspace(*ylim, samples))
    with np.errstate(all="ignore"):
        z = np.asarray(surface.f(np.stack([grid_x, grid_y], axis=-1)), dtype=np.float64)
    finite = np.isfinite(z)
    if not finite.any():
        raise _checks.Invalid("surface", getattr(surface, "name", surface),
                              "f is not finite anywhere in the view")
    return grid_x, grid_y, np.where(finite, z, z[finite].max())


def log_range(surface: Surface, z: np.ndarray, decades: float) -> tuple[float, float, float]:
    """For f − base on a log scale: (base, floor, top), base the lowest value of f (or the
    surface's minimum), the floor at most *decades* below the top."""
    min_value = getattr(surface, "min_value", None)
    base = float(z.min()) if min_value is None else min(float(z.min()), float(min_value))
    above = z - base
    top = float(above.max())
    floor = max(float(above[above > 0].min()) if (above > 0).any() else 0.0,
                top * 10.0 ** -decades)
    return base, floor, top


def star_style(theme: Theme, k: float) -> dict:
    """How minima are marked: a star in the theme's colours."""
    return dict(linestyle="none", marker="*", markersize=STAR_SIZE * k,
                markerfacecolor=theme.star_face, markeredgecolor=theme.star_edge,
                markeredgewidth=0.9 * k)


class ContourPanel(Panel):
    """Paths over filled contours of *surface* in the view *xlim* x *ylim* (default: the
    surface's).  A series with several starts draws them all in its colour; a diverged path
    stops at its last good point, clipped by the axes.  Without *trails*, every path is only
    a small dot at its current point: a swarm."""

    def __init__(self, surface: Surface, *, xlim=None, ylim=None, trails: bool = True):
        self.surface = surface
        self.trails = bool(trails)
        self.xlim = _checks.limits("xlim", surface.xlim if xlim is None else xlim)
        self.ylim = _checks.limits("ylim", surface.ylim if ylim is None else ylim)

    def attach(self, figure, spec, tracks: Sequence[Track], theme: Theme, scale: float) -> None:
        self.tracks, self.theme, self._k = list(tracks), theme, scale
        k = scale
        ax = self.ax = figure.add_subplot(spec)
        ax.set_facecolor(theme.page)
        for spine in ax.spines.values():
            spine.set_color(theme.spine)
            spine.set_linewidth(0.8 * k)
        ax.tick_params(colors=theme.spine, labelcolor=theme.text, labelsize=8.5 * k,
                       length=3 * k, width=0.8 * k, pad=3 * k)
        ax.set_xlabel("x", color=theme.text, fontsize=10 * k, labelpad=3 * k)
        ax.set_ylabel("y", color=theme.text, fontsize=10 * k, labelpad=3 * k, rotation=0,
                      va="center")
        if not theme.show_axes:
            ax.set_axis_off()
        self._draw_contours()
        self._draw_markers()

        # Moving artists: the paths (consecutive ones in one collection, one draw call per
        # frame, series in order), a copy of the minima stars, all heads in one collection.
        colors = [t.color for t in self.tracks for _ in t.xy]
        styles = [t.linestyle for t in self.tracks for _ in t.xy]
        self._looks = (colors, styles)
        width, height = figure.bbox.size
        self._pixels_per_unit = np.array([width / np.ptp(self.xlim), height / np.ptp(self.ylim)])
        per_unit = self._pixels_per_unit / CELL_PIXELS
        self._pieces = [[pieces(xy, per_unit) if len(xy) > PIECES_ABOVE * (width + height)
                         else None for xy in t.xy] for t in self.tracks]
        self._joined = [joined(xy, cut, self._pixels_per_unit)
                        for t, cuts in zip(self.tracks, self._pieces)
                        for xy, cut in zip(t.xy, cuts)]
        moving = []
        if self.trails:     # every drawn path is a prefix of its points or of its pieces
            xys = [xy for t in self.tracks for xy in t.xy]
            self._lengths = [stroke_pixels(xy if line is None else line, self._pixels_per_unit)
                             for xy, (line, _) in zip(xys, self._joined)]
            self.stroke_pixels = float(sum(length[-1] for length in self._lengths))
            self._groups = self._path_artists(HEAVY_ABOVE * (width + height))
            moving = [artist for _, artist in self._groups]
        if self._minima.size:
            overlay = Line2D(self._minima[:, 0], self._minima[:, 1], **star_style(theme, k),
                             zorder=Z_STARS, animated=True)
            ax.add_line(overlay)
            moving.append(overlay)
        if self.trails:
            self._heads = ax.scatter(
                np.zeros(len(colors)), np.zeros(len(colors)), s=(HEAD_SIZE * k) ** 2,
                marker="o", facecolors=colors, edgecolors=theme.head_edge, linewidths=0.8 * k,
                zorder=Z_HEADS, animated=True)
            self._edge_marks = EdgeMarks(ax, size=1.4 * HEAD_SIZE * k, edgecolor=theme.head_edge,
                                         linewidth=0.8 * k, zorder=Z_HEADS)
            moving += [self._heads, self._edge_marks.artist]
        else:   # a swarm: one marker line per series (Agg stamps a cached marker: fast)
            # Beyond a few thousand dots, smaller ones, so the crowd keeps its shape.
            size = max(MIN_DOT_SIZE, DOT_SIZE * k * min(1.0, (2000 / len(colors)) ** 0.5))
            self._dots = [ax.plot([], [], linestyle="none", marker="o", markersize=size,
                                  markerfacecolor=t.color, markeredgewidth=0, zorder=Z_HEADS,
                                  animated=True)[0] for t in self.tracks]
            self._edge_marks = EdgeMarks(ax, size=1.4 * size, edgecolor="none", linewidth=0,
                                         zorder=Z_HEADS)
            moving += [*self._dots, self._edge_marks.artist]
        self.moving = tuple(moving)
        ax.set(xlim=self.xlim, ylim=self.ylim, autoscale_on=False)

    def update(self, step: int, frame: int) -> None:
        heads = [track.points[min(step, track.steps)] for track in self.tracks]
        every = np.concatenate(heads)
        inside = self._edge_marks.update(every, self._looks[0])
        if not self.trails:
            for dots, points, shown in zip(self._dots, heads, np.split(
                    inside, np.cumsum([len(points) for points in heads])[:-1])):
                dots.set_data(points[shown].T)
            return
        segments = []
        ends = [end for track in self.tracks for end in track.ends(step)]
        xys = [xy for track in self.tracks for xy in track.xy]
        for xy, end, (line, upto) in zip(xys, ends, self._joined):
            segments.append(xy[:end] if line is None else line[: upto[end - 1]])
        self._set_paths(segments)
        to_pixels = self.ax.transData
        centred = to_pixels.inverted().transform(on_pixel_centres(to_pixels.transform(every)))
        self._heads.set_offsets(np.where(inside[:, None], centred, np.nan))

    def _path_artists(self, heavy: float) -> list[tuple[slice, object]]:
        """The artists that draw the paths, in series order, each with the paths it draws: a
        TrailLayer for a path in pieces whose whole stroke is longer than *heavy* pixels (solid
        and opaque: dashes would restart with every chunk, and a translucent colour would show
        the chunks' joints), one LineCollection for each run of the others.  Most animations
        have none of the first: one collection for all."""
        (colors, styles), k = self._looks, self._k
        layered = [line is not None and style == "solid" and to_rgba(color)[3] == 1
                   and length[-1] > heavy for (line, _), length, style, color
                   in zip(self._joined, self._lengths, styles, colors)]
        groups, first = [], 0
        for i in range(len(colors) + 1):
            if i < len(colors) and not layered[i]:
                continue
            if i > first:
                lines = LineCollection(
                    [np.empty((0, 2))] * (i - first), colors=colors[first:i],
                    linestyles=styles[first:i], linewidths=PATH_WIDTH * k, capstyle="round",
                    joinstyle="round", zorder=Z_PATHS, animated=True)
                self.ax.add_collection(lines, autolim=False)
                groups.append((slice(first, i), lines))
            if i < len(colors):
                layer = TrailLayer(self.ax, self._joined[i][0], color=colors[i],
                                   linewidth=PATH_WIDTH * k, zorder=Z_PATHS)
                layer.set_animated(True)
                self.ax.add_artist(layer)
                groups.append((slice(i, i + 1), layer))
            first = i + 1
        self._split = [False] * len(groups)
        return groups

    def _set_paths(self, paths: list[np.ndarray]) -> None:
        """The drawn paths, in series order; one longer than MAX_STROKE_PIXELS in parts."""
        for g, (which, artist) in enumerate(self._groups):
            if isinstance(artist, TrailLayer):
                artist.upto = len(paths[which.start])
                continue
            lengths = [length[:len(xy)] for xy, length in zip(paths[which], self._lengths[which])]
            parts, colors, styles = in_strokes(paths[which], lengths, self._looks[0][which],
                                               self._looks[1][which])
            split = len(parts) > len(lengths)
            if split or self._split[g]:      # else the colours and styles set once stay right
                artist.set_color(colors)
                artist.set_linestyle(styles)
                self._split[g] = split
            artist.set_segments(parts)

    def reserved_colors(self) -> list[tuple[int, int, int]]:
        return moving_colors(self.tracks, self.theme, stars=bool(self._minima.size))

    def legend_obstacles(self) -> tuple[list[np.ndarray], np.ndarray]:
        to_pixels = self.ax.transData.transform
        paths = [(i, j) for i, t in enumerate(self.tracks) for j in range(t.points.shape[1])]
        chosen = range(len(paths))
        if len(paths) > MAX_LEGEND_PATHS:     # a swarm: an even sample tells where they go
            chosen = np.linspace(0, len(paths) - 1, MAX_LEGEND_PATHS).astype(int)
        lines = []
        for f in chosen:        # what is drawn: the whole path, or its pieces (NaN between)
            (i, j), (line, _) = paths[f], self._joined[f]
            track = self.tracks[i]
            lines.append(to_pixels(track.xy[j][: int(track.last[j]) + 1] if line is None else line))
        starts = self._starts if len(self._starts) <= MAX_START_MARKERS else np.empty((0, 2))
        marks = [m for m in (self._minima, starts) if m.size]
        return lines, to_pixels(np.concatenate(marks)) if marks else np.empty((0, 2))

    def counter_anchors(self, renderer) -> list[tuple[float, float, str]]:
        """Under the axes' right end, on the x label's baseline (inside the bottom right
        corner when the axes are hidden)."""
        if not self.theme.show_axes:
            pad = 8 * self._k * self.ax.figure.dpi / 72
            return [(self.ax.bbox.x1 - pad, self.ax.bbox.y0 + pad, "right")]
        return super().counter_anchors(renderer)

    # ------------------------------------------------------------------------------- drawing

    def _draw_contours(self) -> None:
        theme, surface = self.theme, self.surface
        grid_x, grid_y, z = surface_grid(surface, self.xlim, self.ylim, GRID)
        lo, hi = float(z.min()), float(z.max())
        if getattr(surface, "log_levels", False) and hi > lo:
            base, floor, top = log_range(surface, z, LOG_DECADES)
            z = np.clip(z - base, floor, None)
            levels = np.geomspace(floor, top, LEVELS + 1)
            norm = LogNorm(floor, top)
        else:
            if hi <= lo:
                lo, hi = lo - 0.5, hi + 0.5
            levels = np.linspace(lo, hi, LEVELS + 1)
            norm = Normalize(lo, hi)
        if not theme.contour_fill:     # iso-lines in the colormap's colours, nothing else
            self.ax.contour(grid_x, grid_y, z, levels=levels[1:-1], cmap=theme.cmap, norm=norm,
                            linestyles="solid", linewidths=0.8 * self._k, zorder=1)
            return
        self.ax.contourf(grid_x, grid_y, z, levels=levels, cmap=theme.cmap, norm=norm, zorder=1)
        self.ax.contour(grid_x, grid_y, z, levels=levels[1:-1], colors=theme.contour_line,
                        linestyles="solid", linewidths=0.5 * self._k,
                        alpha=theme.contour_line_alpha, zorder=_Z_CONTOUR_LINES)

    def _draw_markers(self) -> None:
        theme, ax, surface, k = self.theme, self.ax, self.surface, self._k
        self._minima = np.asarray(getattr(surface, "minima", ()) or (), float).reshape(-1, 2)
        saddles = np.asarray(getattr(surface, "saddles", ()) or (), float).reshape(-1, 2)
        self._starts = np.unique(np.concatenate([t.points[0] for t in self.tracks]), axis=0)
        if saddles.size:
            ax.plot(saddles[:, 0], saddles[:, 1], linestyle="none", marker="X",
                    markersize=8 * k, markerfacecolor="none", markeredgecolor=theme.marker,
                    markeredgewidth=1.0 * k, zorder=_Z_MARKERS)
        if len(self._starts) <= MAX_START_MARKERS:
            ax.plot(self._starts[:, 0], self._starts[:, 1], linestyle="none", marker="o",
                    markersize=8 * k, markerfacecolor="none", markeredgecolor=theme.marker,
                    markeredgewidth=1.2 * k, zorder=_Z_MARKERS)
        if self._minima.size:
            ax.plot(self._minima[:, 0], self._minima[:, 1], **star_style(theme, k),
                    zorder=_Z_MARKERS + 0.5)
