"""Animate optimizer paths over the filled contours of a 2-D surface, one frame at a time.

The picture is split into a static background and a few moving artists:

* background (drawn with a full ``canvas.draw()`` and saved with ``copy_from_bbox``): filled
  contours, iso-lines, minima stars, start and saddle markers, axes, title, legend;
* moving (``animated=True``, drawn with ``draw_artist`` over the restored background): one line
  per path growing step by step, a copy of the minima stars so paths never hide them, a head
  marker per optimizer at its current points, and the step counter.

Every moving artist sits above every static one in z-order, so restoring the background and
drawing the moving artists gives the same pixels as drawing the whole figure (``render_full``).
The background only changes when a path diverges (its legend entry then says so); it is redrawn
and saved again at those few frames.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import LogNorm, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import _checks
from .counter import StepCounter
from .style import Theme, get_theme, rgb8

if TYPE_CHECKING:  # pragma: no cover
    from ..surfaces import Surface
    from ..trajectory import Trajectory

__all__ = ["Series", "ContourRenderer", "frame_steps"]

#: Legend positions tried inside the axes, in order of preference when equally good.
LEGEND_LOCATIONS = ("upper right", "upper left", "lower left", "lower right",
                    "center right", "center left", "upper center", "lower center")
#: The legend moves outside the axes when every inside position would hide a minimum or a start
#: point, or more than this share of the drawn path.
LEGEND_MAX_COVER = 0.03
#: Samples per side of the grid the surface is evaluated on for the contours.
GRID = 300
#: Number of filled contour bands.
LEVELS = 28
#: Log-spaced levels span at most this many decades below the highest value in view.
LOG_DECADES = 7.0

# Sizes in points (they scale with dpi like the fonts do) for a figure of 6 x 5 inches or more;
# smaller figures scale every size down, to no less than MIN_SCALE.
PATH_WIDTH = 1.8
HEAD_SIZE = 7.5
STAR_SIZE = 15.0
NOMINAL_INCHES = (6.0, 5.0)
MIN_SCALE = 0.6
#: An outside legend must leave the axes at least this share of the figure's height.
MIN_AXES_HEIGHT = 0.45

# Z-orders: static artists below the legend (5), moving artists above everything static.
_Z_CONTOUR_LINES = 1.5
_Z_MARKERS = 3.0
_Z_PATHS = 6.0
_Z_STARS = 6.5
_Z_HEADS = 7.0
_Z_COUNTER = 10.0

_DIVERGED = "\N{EM DASH} diverged"

#: Line styles for the first, second and third rounds through the palette.
LINESTYLES = ("solid", (0, (4, 2)), (0, (1, 1.5)))


@dataclass(frozen=True)
class Series:
    """One optimizer on the picture: its legend text and its path(s), drawn in one colour."""

    label: str
    trajectory: Trajectory


def frame_steps(steps: int, frames: int) -> np.ndarray:
    """The step each of *frames* frames shows: 0..steps evenly, rounded; the last is *steps*.

    With fewer steps than frames some steps repeat; a single frame shows the final step.
    """
    if frames == 1:
        return np.array([steps], dtype=np.int64)
    return np.rint(np.linspace(0, steps, frames)).astype(np.int64)


class _Path:
    """One series prepared for drawing: contiguous x and y per path, divergence per path."""

    def __init__(self, series: Series, index: int):
        if not isinstance(series, Series):
            raise ValueError(f"Invalid series #{index}: {series!r} (must be a Series)")
        points = np.asarray(series.trajectory.points, dtype=np.float64)
        if points.ndim == 2:
            points = points[:, None, :]
        if points.ndim != 3 or points.shape[-1] != 2 or points.shape[0] < 1 or points.shape[1] < 1:
            raise ValueError(f"Invalid series #{index} ({series.label!r}): points of shape "
                             f"{np.shape(series.trajectory.points)} (must be (steps+1, 2) or "
                             f"(steps+1, n, 2))")
        diverged_at = np.asarray(series.trajectory.diverged_at, dtype=np.int64).reshape(-1)
        if diverged_at.shape != (points.shape[1],):
            raise ValueError(f"Invalid series #{index} ({series.label!r}): diverged_at of shape "
                             f"{np.shape(series.trajectory.diverged_at)} does not match "
                             f"{points.shape[1]} path(s)")
        self.label = str(series.label)
        self.points = points                      # (steps + 1, n, 2)
        self.steps = points.shape[0] - 1
        self.diverged_at = diverged_at            # (n,), -1 = never
        # Last step worth drawing per path: after divergence the points only repeat.
        self.last = np.where(diverged_at >= 0, np.maximum(diverged_at - 1, 0), self.steps)
        self.xy = [np.ascontiguousarray(points[:, j]) for j in range(points.shape[1])]

    def diverged_count(self, step: int) -> int:
        return int(np.count_nonzero((self.diverged_at >= 0) & (self.diverged_at <= step)))

    def label_at(self, count: int) -> str:
        """The legend text once *count* of the paths have diverged."""
        n = len(self.diverged_at)
        if count == 0:
            return self.label
        if count == n:
            return f"{self.label} {_DIVERGED}"
        return f"{self.label} \N{EM DASH} {count}/{n} diverged"


class ContourRenderer:
    """Frames of optimizer paths over a surface's filled contours, drawn fast by blitting.

    ``frames()`` yields ``frames`` images of exactly ``size`` = (width, height) pixels as
    (height, width, 3) uint8 arrays; frame *i* shows every path up to step ``frame_steps[i]``.
    Use it as a context manager or call ``close()`` to release the figure.

    Attributes: ``frame_steps`` (int array, one step per frame, the last one the final step),
    ``steps`` (the longest trajectory's), ``colors`` (one matplotlib colour per series),
    ``reserved_colors`` (exact RGB of everything drawn per frame: paths, heads and their rim,
    minima stars, counter text; an encoder with a fixed palette should keep these exact),
    ``legend_location`` (where the legend went: a matplotlib location or "outside").
    A series with several starts draws them all in its colour.  A path that diverged stops at
    its last good point (lines are clipped by the axes) and its legend entry says "diverged"
    from that step on.
    """

    def __init__(self, surface: Surface, series: Sequence[Series], *, frames: int,
                 size: tuple[int, int] = (600, 500), dpi: float = 100, theme: str = "light",
                 title: str | None = None, xlim=None, ylim=None):
        self.surface = surface
        self.series = tuple(series)
        if not self.series:
            raise ValueError("Invalid series: none given (need at least one Series)")
        self._paths = [_Path(s, i) for i, s in enumerate(self.series)]
        self.theme: Theme = get_theme(theme)
        self.steps = max(p.steps for p in self._paths)
        self.frame_steps = frame_steps(self.steps, _checks.count("frames", frames, minimum=1))
        self.size, self.dpi = _checks.figure(size, dpi)
        self.xlim = _checks.limits("xlim", surface.xlim if xlim is None else xlim)
        self.ylim = _checks.limits("ylim", surface.ylim if ylim is None else ylim)
        if title is None:
            title = getattr(surface, "description", "") or getattr(surface, "name", "")
        self.title = str(title)
        inches = np.array(self.size) / self.dpi
        self._k = float(np.clip(min(inches / NOMINAL_INCHES), MIN_SCALE, 1.0))
        self.colors = [self.theme.color(i) for i in range(len(self._paths))]
        # Past the palette's end colours repeat: the repeats are told apart by dashes.
        self.linestyles = [LINESTYLES[i // len(self.theme.palette) % len(LINESTYLES)]
                           for i in range(len(self._paths))]

        self._keys = [self._state_key(int(s)) for s in self.frame_steps]
        self._base = self._bg = None
        self._bg_key = None
        self._build_figure()
        self._layout()

        theme = self.theme
        self.reserved_colors: list[tuple[int, int, int]] = list(dict.fromkeys(
            [rgb8(c) for c in self.colors]
            + [rgb8(theme.head_edge), rgb8(theme.text)]
            + ([rgb8(theme.star_face), rgb8(theme.star_edge)] if self._minima.size else [])))

    # ----------------------------------------------------------------------------- public API

    def __len__(self) -> int:
        return len(self.frame_steps)

    def __enter__(self) -> ContourRenderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def figure(self) -> Figure:
        """The matplotlib figure (for inspection; don't draw on it while frames are streaming)."""
        self._check_open()
        return self._fig

    @property
    def axes(self):
        self._check_open()
        return self._ax

    @property
    def legend(self):
        self._check_open()
        return self._legend

    def background(self, frame_index: int = 0) -> np.ndarray:
        """The static picture behind frame *frame_index* (no paths, heads or step counter).

        A new (height, width, 3) uint8 array.  It overwrites the canvas, so a frame yielded by
        ``frames()`` before this call is no longer valid.
        """
        index = self._check_index(frame_index)
        self._ensure_background(self._keys[index])
        self._canvas.restore_region(self._bg)
        return np.array(self._rgb())

    def frames(self) -> Iterator[np.ndarray]:
        """Yield every frame as a (height, width, 3) uint8 array, in order.

        Each array is a read-only view into the canvas buffer, valid only until the generator is
        advanced (or another method of this renderer draws); copy it (``np.array(frame)``) to
        keep it.  Per frame: the saved background is restored and only the moving artists are
        drawn.  The background is drawn in full once; at frames where a path has just diverged
        the legend is redrawn over it and the result saved as the new background.
        """
        self._check_open()
        canvas, fig = self._canvas, self._fig
        moving = self._moving
        for step, key in zip(self.frame_steps.tolist(), self._keys):
            if key != self._bg_key:
                self._ensure_background(key)
            canvas.restore_region(self._bg)
            self._update_moving(step)
            for artist in moving:
                fig.draw_artist(artist)
            yield self._rgb()

    def render_full(self, frame_index: int) -> np.ndarray:
        """Frame *frame_index* drawn the ordinary way, with one full ``canvas.draw()``.

        Returns a new (height, width, 3) uint8 array; meant for checking ``frames()``.
        """
        self.pose(frame_index)
        try:
            self._canvas.draw()
            return np.array(self._rgb())
        finally:
            for artist in self._moving:
                artist.set_animated(True)

    def pose(self, frame_index: int) -> None:
        """Set every artist as frame *frame_index* shows it, for the ordinary way of drawing:
        after this a plain ``figure.canvas.draw()`` (or a FuncAnimation redrawing the figure)
        draws the frame.  ``frames()`` must not be used afterwards."""
        index = self._check_index(frame_index)
        self._set_legend_state(self._keys[index])
        self._update_moving(int(self.frame_steps[index]))
        for artist in self._moving:
            artist.set_animated(False)

    def close(self) -> None:
        """Release the figure; the renderer can't draw afterwards."""
        if getattr(self, "_fig", None) is not None:
            self._fig.clear()
        self._fig = self._canvas = self._ax = self._legend = self._bg = self._base = None
        self._moving = ()

    # ------------------------------------------------------------------------------- drawing

    def _check_open(self) -> None:
        if self._fig is None:
            raise ValueError("This renderer is closed")

    def _check_index(self, frame_index) -> int:
        self._check_open()
        index = _checks.count("frame_index", frame_index)
        if index >= len(self.frame_steps):
            raise ValueError(f"Invalid frame_index: {index} (must be < {len(self.frame_steps)})")
        return index

    def _rgb(self) -> np.ndarray:
        """The canvas as a read-only (height, width, 3) view (no copy)."""
        rgb = np.asarray(self._canvas.buffer_rgba())[..., :3]
        rgb.flags.writeable = False
        return rgb

    def _state_key(self, step: int) -> tuple[int, ...]:
        return tuple(p.diverged_count(step) for p in self._paths)

    def _set_legend_state(self, key: tuple[int, ...]) -> None:
        for text, path, count in zip(self._legend.get_texts(), self._paths, key):
            text.set_text(path.label_at(count))

    def _ensure_background(self, key: tuple[int, ...]) -> None:
        if key == self._bg_key and self._bg is not None:
            return
        canvas, legend = self._canvas, self._legend
        if self._base is None:
            # Everything static but the legend, drawn once (animated artists are skipped).
            legend.set_visible(False)
            try:
                canvas.draw()
            finally:
                legend.set_visible(True)
            self._base = canvas.copy_from_bbox(self._fig.bbox)
        # The legend is the top static layer (nothing static above it overlaps it), so drawing
        # it over the base gives the pixels of a full draw.
        canvas.restore_region(self._base)
        self._set_legend_state(key)
        self._fig.draw_artist(legend)
        self._bg = canvas.copy_from_bbox(self._fig.bbox)
        self._bg_key = key

    def _update_moving(self, step: int) -> None:
        segments, heads = [], []
        for path in self._paths:
            k = min(step, path.steps)
            ends = np.minimum(k, path.last) + 1
            segments += [path.xy[j][:end] for j, end in enumerate(ends.tolist())]
            heads.append(path.points[k])
        self._path_lines.set_segments(segments)
        self._heads.set_offsets(np.concatenate(heads))
        self._counter.set_step(step)

    def _build_figure(self) -> None:
        theme, k = self.theme, self._k
        width, height = self.size
        fig = Figure(figsize=(width / self.dpi, height / self.dpi), dpi=self.dpi,
                     facecolor=theme.page)
        if (int(fig.bbox.width), int(fig.bbox.height)) != (width, height):
            # width / dpi * dpi can land a hair below the integer; Agg truncates.
            fig.set_size_inches((width + 1e-6) / self.dpi, (height + 1e-6) / self.dpi)
        canvas = FigureCanvasAgg(fig)
        if canvas.get_width_height() != (width, height):  # pragma: no cover
            raise ValueError(f"Invalid size: {self.size} at dpi {self.dpi} gives "
                             f"{canvas.get_width_height()} pixels")
        ax = fig.add_subplot()
        self._fig, self._canvas, self._ax = fig, canvas, ax

        ax.set_facecolor(theme.page)
        for spine in ax.spines.values():
            spine.set_color(theme.spine)
            spine.set_linewidth(0.8 * k)
        ax.tick_params(colors=theme.spine, labelcolor=theme.text, labelsize=8.5 * k,
                       length=3 * k, width=0.8 * k, pad=3 * k)
        ax.set_xlabel("x", color=theme.text, fontsize=10 * k, labelpad=3 * k)
        ax.set_ylabel("y", color=theme.text, fontsize=10 * k, labelpad=3 * k, rotation=0,
                      va="center")

        self._draw_contours()
        self._draw_markers()

        # Moving artists, above everything static: all paths in one collection (one draw call
        # per frame, series in order), a copy of the minima stars, all heads in one collection,
        # the step counter.
        path_colors = [c for path, c in zip(self._paths, self.colors) for _ in path.xy]
        path_styles = [s for path, s in zip(self._paths, self.linestyles) for _ in path.xy]
        self._path_lines = LineCollection(
            [np.empty((0, 2))] * len(path_colors), colors=path_colors, linestyles=path_styles,
            linewidths=PATH_WIDTH * k,
            capstyle="round", joinstyle="round", zorder=_Z_PATHS, animated=True)
        ax.add_collection(self._path_lines, autolim=False)
        moving = [self._path_lines]
        if self._minima.size:
            overlay = Line2D(self._minima[:, 0], self._minima[:, 1], **self._star_style(),
                             zorder=_Z_STARS, animated=True)
            ax.add_line(overlay)
            moving.append(overlay)
        self._heads = ax.scatter(
            np.zeros(len(path_colors)), np.zeros(len(path_colors)), s=(HEAD_SIZE * k) ** 2,
            marker="o", facecolors=path_colors, edgecolors=theme.head_edge, linewidths=0.8 * k,
            zorder=_Z_HEADS, animated=True)
        moving.append(self._heads)
        self._counter = StepCounter(self.steps, color=theme.text, fontsize=9 * k, dpi=self.dpi,
                                    zorder=_Z_COUNTER)
        self._counter.set_animated(True)
        fig.add_artist(self._counter)
        moving.append(self._counter)
        self._moving = tuple(moving)

        self._make_legend("upper right")

        self._title = fig.suptitle(self.title, color=theme.text, fontsize=11 * k)
        ax.set(xlim=self.xlim, ylim=self.ylim, autoscale_on=False)

    def _make_legend(self, loc: str, ncols: int = 1, anchor=None) -> None:
        """(Re)create the legend with the labels of the last step, the longest ones; *anchor*
        is a point in figure coordinates to place it by, instead of the axes.

        It is static: its handles are proxies, because a legend entry copies its handle's
        properties, animated=True included.
        """
        theme, k = self.theme, self._k
        handles = [Line2D([], [], color=color, linestyle=style, linewidth=PATH_WIDTH * k,
                          marker="o", markersize=HEAD_SIZE * 0.8 * k, markerfacecolor=color,
                          markeredgecolor=theme.head_edge, markeredgewidth=0.6 * k)
                   for color, style in zip(self.colors, self.linestyles)]
        final = [p.label_at(p.diverged_count(self.steps)) for p in self._paths]
        self._legend = self._ax.legend(
            handles, final, loc=loc, ncols=ncols, bbox_to_anchor=anchor,
            bbox_transform=None if anchor is None else self._fig.transFigure,
            fontsize=8.5 * k,
            labelcolor=theme.text, facecolor=theme.legend_face, edgecolor=theme.legend_edge,
            framealpha=0.92, fancybox=True, borderpad=0.5, handlelength=2.2, columnspacing=1.4,
            borderaxespad=0.6)
        self._legend.get_frame().set_linewidth(0.8 * k)

    def _star_style(self) -> dict:
        k = self._k
        return dict(linestyle="none", marker="*", markersize=STAR_SIZE * k,
                    markerfacecolor=self.theme.star_face, markeredgecolor=self.theme.star_edge,
                    markeredgewidth=0.9 * k)

    def _draw_contours(self) -> None:
        theme, ax, surface = self.theme, self._ax, self.surface
        gx = np.linspace(*self.xlim, GRID)
        gy = np.linspace(*self.ylim, GRID)
        grid_x, grid_y = np.meshgrid(gx, gy)
        with np.errstate(all="ignore"):
            z = np.asarray(surface.f(np.stack([grid_x, grid_y], axis=-1)), dtype=np.float64)
        finite = np.isfinite(z)
        if not finite.any():
            raise ValueError(f"Invalid surface {getattr(surface, 'name', surface)!r}: "
                             f"f is not finite anywhere in the view")
        z = np.where(finite, z, z[finite].max())
        lo, hi = float(z.min()), float(z.max())
        if getattr(surface, "log_levels", False) and hi > lo:
            min_value = getattr(surface, "min_value", None)
            base = lo if min_value is None else min(lo, float(min_value))
            z = z - base
            top = float(z.max())
            floor = max(float(z[z > 0].min()) if (z > 0).any() else 0.0,
                        top * 10.0 ** -LOG_DECADES)
            z = np.clip(z, floor, None)
            levels = np.geomspace(floor, top, LEVELS + 1)
            norm = LogNorm(floor, top)
        else:
            if hi <= lo:
                lo, hi = lo - 0.5, hi + 0.5
            levels = np.linspace(lo, hi, LEVELS + 1)
            norm = Normalize(lo, hi)
        self._contours = ax.contourf(grid_x, grid_y, z, levels=levels, cmap=theme.cmap,
                                     norm=norm, zorder=1)
        ax.contour(grid_x, grid_y, z, levels=levels[1:-1], colors=theme.contour_line, linestyles="solid",
                   linewidths=0.5 * self._k, alpha=theme.contour_line_alpha, zorder=_Z_CONTOUR_LINES)

    def _draw_markers(self) -> None:
        theme, ax, surface, k = self.theme, self._ax, self.surface, self._k
        self._minima = np.asarray(getattr(surface, "minima", ()) or (), float).reshape(-1, 2)
        self._saddles = np.asarray(getattr(surface, "saddles", ()) or (), float).reshape(-1, 2)
        self._starts = np.unique(np.concatenate([p.points[0] for p in self._paths]), axis=0)
        if self._saddles.size:
            ax.plot(self._saddles[:, 0], self._saddles[:, 1], linestyle="none", marker="X",
                    markersize=8 * k, markerfacecolor="none", markeredgecolor=theme.marker,
                    markeredgewidth=1.0 * k, zorder=_Z_MARKERS)
        ax.plot(self._starts[:, 0], self._starts[:, 1], linestyle="none", marker="o",
                markersize=8 * k, markerfacecolor="none", markeredgecolor=theme.marker,
                markeredgewidth=1.2 * k, zorder=_Z_MARKERS)
        if self._minima.size:
            ax.plot(self._minima[:, 0], self._minima[:, 1], **self._star_style(),
                    zorder=_Z_MARKERS + 0.5)

    # -------------------------------------------------------------------------------- layout

    def _layout(self) -> None:
        """Fit the title, lay the figure out once, place legend and step counter, then freeze."""
        fig, ax = self._fig, self._ax
        renderer = self._canvas.get_renderer()
        self._fit_title(renderer)
        fig.set_layout_engine("constrained", w_pad=6 / 72, h_pad=6 / 72)
        engine = fig.get_layout_engine()
        engine.execute(fig)
        loc, good = self._best_legend_location(renderer)
        self.legend_location = loc
        if not good:
            # At the bottom of the figure, centred, in as many columns as fit its width.
            for ncols in range(min(len(self._paths), 4), 0, -1):
                self._make_legend("lower center", ncols, anchor=(0.5, 0.0))
                if self._legend.get_window_extent(renderer).width <= 0.96 * fig.bbox.width:
                    break
            # The layout engine keeps decorations inside the figure but not apart from each
            # other: reserve the legend's row with the layout's rectangle.
            self._legend.set_in_layout(False)
            row = (self._legend.get_window_extent(renderer).height + 4) / fig.bbox.height
            engine.set(rect=(0, row, 1, 1 - row))
            engine.execute(fig)
            self.legend_location = "outside"
            if ax.bbox.height < MIN_AXES_HEIGHT * fig.bbox.height:
                # Too little room left for the plot (a small figure): back inside, best place.
                self._make_legend(loc)
                engine.set(rect=(0, 0, 1, 1))
                engine.execute(fig)
                self.legend_location = loc
        else:
            self._legend.set_loc(loc)
        fig.set_layout_engine("none")      # no layout engine re-running on every draw

        # Centre the title over the axes rather than the figure where it fits.
        centre = (ax.bbox.x0 + ax.bbox.x1) / 2
        half = self._title.get_window_extent(renderer).width / 2
        if half + 2 <= centre <= fig.bbox.width - half - 2:
            self._title.set_x(centre / fig.bbox.width)

        # The step counter sits under the axes' right end, on the x label's baseline.
        self._canvas.draw()
        label = ax.xaxis.label
        descent = renderer.get_text_width_height_descent(
            "lp", label.get_fontproperties(), ismath=False)[2]
        self._counter.set_anchor(ax.bbox.x1, label.get_window_extent(renderer).y0 + descent)

    def _fit_title(self, renderer) -> None:
        title = self._title
        room = self._fig.bbox.width * 0.96
        width = title.get_window_extent(renderer).width
        if width <= room:
            return
        size = title.get_fontsize()
        title.set_fontsize(max(8.0 * self._k, size * room / width))
        width = title.get_window_extent(renderer).width
        if width > room:
            chars = max(10, int(len(self.title) * room / width))
            title.set_text("\n".join(textwrap.wrap(self.title, chars)))

    def _best_legend_location(self, renderer) -> tuple[str, bool]:
        """The inside location whose legend box hides the least of the paths, and whether that
        is good enough.

        Every path is drawn in full into a set of pixels (segments clipped to the axes and
        sampled every pixel or so); a box costs the number of those pixels under it, and any
        minimum or start marker under it rules the place out.  Not good enough (see
        LEGEND_MAX_COVER) means: put the legend outside if there is room.
        """
        ax = self._ax
        box = ax.bbox
        to_pixels = ax.transData.transform
        pixels = []
        for path in self._paths:
            for j in range(path.points.shape[1]):
                xy = to_pixels(path.points[: int(path.last[j]) + 1, j])
                pixels.append(_path_pixels(xy, box))
        pixels = np.unique(np.concatenate(pixels), axis=0) if pixels else np.empty((0, 2))
        marks = [m for m in (self._minima, self._starts) if m.size]
        marks = to_pixels(np.concatenate(marks)) if marks else np.empty((0, 2))

        best, best_cost = None, None
        for loc in LEGEND_LOCATIONS:
            self._legend.set_loc(loc)
            legend_box = self._legend.get_window_extent(renderer).padded(3)
            cost = (_count_inside(marks, legend_box), _count_inside(pixels + 0.5, legend_box))
            if best_cost is None or cost < best_cost:
                best, best_cost = loc, cost
        good = best_cost[0] == 0 and best_cost[1] <= LEGEND_MAX_COVER * max(len(pixels), 1)
        return best, good


# ------------------------------------------------------------------------------------ helpers

def _count_inside(xy: np.ndarray, box) -> int:
    if xy.size == 0:
        return 0
    x, y = xy[:, 0], xy[:, 1]
    return int(np.count_nonzero((x >= box.x0) & (x <= box.x1) & (y >= box.y0) & (y <= box.y1)))


def _path_pixels(xy: np.ndarray, box, spacing: float = 1.0) -> np.ndarray:
    """Integer pixels (x, y) a polyline through *xy* (display coords) covers inside *box*."""
    xy = xy[np.isfinite(xy).all(axis=1)]
    if len(xy) == 0:
        return np.empty((0, 2), dtype=np.int64)
    if len(xy) == 1:
        p0 = p1 = xy
    else:
        p0, p1 = xy[:-1], xy[1:]
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
    a = p0[keep] + t0[keep, None] * d[keep]
    b = p0[keep] + t1[keep, None] * d[keep]
    counts = np.ceil(np.hypot(*(b - a).T) / spacing).astype(np.int64) + 1
    owner = np.repeat(np.arange(len(a)), counts)
    starts = np.cumsum(counts) - counts
    t = (np.arange(counts.sum()) - starts[owner]) / np.maximum(counts[owner] - 1, 1)
    samples = a[owner] + t[:, None] * (b - a)[owner]
    return np.unique(np.floor(samples).astype(np.int64), axis=0)
