"""The 3-D panel: optimizer paths sliding over the surface, seen by a fixed or rotating camera.

Static: the surface from a coarse grid (a colormap and thin mesh lines), the 3-D axes, the start
and saddle markers.  Moving: the paths, their heads and the minima stars, drawn as plain 2-D
artists in display pixels at the points the camera projects them to, so a fixed camera is
blitted like the 2-D panel: the surface is drawn once, only the paths are drawn per frame.  A
rotating camera changes the static part every frame (``background_key``), so every frame is a
full redraw.

Paths lie on the surface and their depth is honest (``on_surface``): every step follows the
surface, and a point the surface hides from the camera's eye is found once per camera.  Hidden
parts of a path are drawn faded and thinner, hidden heads faded, hidden minima not at all.
(The 2014 classic draws every trail on top.)
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress
from typing import TYPE_CHECKING

import numpy as np
from matplotlib import rc_context
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import Normalize, to_rgba
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import Affine2D, IdentityTransform

from .. import _checks
from .contour import PIECES_ABOVE, star_style, surface_grid
from .strokes import in_strokes, pieces, stroke_pixels
from .on_surface import SUBDIVISIONS, Heights, dense, eye_of, in_view, runs, visible
from .panel import Z_HEADS, Z_PATHS, Z_STARS, Panel, draw, moving_colors, on_pixel_centres
from .series import Track
from .style import HEAD_SIZE, PATH_WIDTH, Theme, rgb8

if TYPE_CHECKING:  # pragma: no cover
    from ..surfaces import Surface

__all__ = ["SurfacePanel", "DEFAULT_CAMERA"]

#: Grid samples per side for the drawn surface: coarse, so it draws fast and the mesh reads
#: (fewer on small pictures, down to MIN_GRID).
GRID = 49
MIN_GRID = 25
#: Panels smaller than this many pixels a side show no tick labels.
MIN_TICKED = 220
#: The 3-D box's size in its axes (matplotlib's 1 leaves wide margins).
ZOOM = 1.15
#: How hidden parts look: their opacity, and their width relative to visible ones.
HIDDEN_ALPHA = 0.3
HIDDEN_WIDTH = 0.6

#: (elevation, azimuth) in degrees when none is given: matplotlib's, about the classic's.
DEFAULT_CAMERA = (30.0, -60.0)
#: Paths are drawn in display pixels: one pixel per unit on both axes.
_PIXELS = np.ones(2)

#: mplot3d's own offsets of tick labels and axis labels from the box (axis3d.py).
_MPLOT3D_TICK_OFFSET, _MPLOT3D_LABEL_OFFSET = 8.0, 21.0


class SurfacePanel(Panel):
    """Paths on the 3-D surface of *surface* over the view *xlim* x *ylim*, seen from
    *camera* = (elevation, azimuth) in degrees; *rotate* degrees of azimuth are swept over
    *frames* frames (0: a fixed camera), the last frame at azimuth + rotate, except for whole
    turns, which stop one frame short so that the animation loops without a repeated frame."""

    def __init__(self, surface: Surface, *, xlim=None, ylim=None, camera=DEFAULT_CAMERA,
                 rotate: float = 0.0, frames: int = 1):
        self.surface = surface
        self.xlim = _checks.limits("xlim", surface.xlim if xlim is None else xlim)
        self.ylim = _checks.limits("ylim", surface.ylim if ylim is None else ylim)
        self.elev, self.azim = _checks.camera(camera)
        self.rotate = _checks.rotate(rotate)
        self.frames = _checks.count("frames", frames, minimum=1)
        self._camera_key = None

    # ------------------------------------------------------------------------ panel protocol

    def attach(self, figure, spec, tracks: Sequence[Track], theme: Theme, scale: float) -> None:
        self.tracks, self.theme, self._k = list(tracks), theme, scale
        self.heights = Heights(self.surface, self.xlim, self.ylim)
        k = scale
        grid = {"grid.color": theme.spine, "grid.linewidth": 0.5 * k, "axes.edgecolor": theme.spine}
        with rc_context(grid):
            ax = self.ax = figure.add_subplot(spec, projection="3d", computed_zorder=False)
        self._style_axes()
        self._draw_surface()
        self._ends = [(xy, int(t.last[j])) for t in self.tracks for j, xy in enumerate(t.xy)]
        long = PIECES_ABOVE * sum(figure.bbox.size)       # more points: drawn as their pieces
        cells = 4 * SUBDIVISIONS / np.array([np.ptp(self.xlim), np.ptp(self.ylim)])
        self._paths = [dense(xy[: last + 1], self.xlim, self.ylim, self.heights, self.surface,
                             pieces(xy[: last + 1], cells) if last + 1 > long else None)
                       for xy, last in self._ends]
        self._colors = [to_rgba(t.color) for t in self.tracks for _ in t.xy]
        self._styles = [t.linestyle for t in self.tracks for _ in t.xy]
        self._draw_markers()
        ax.view_init(self.elev, self.azim)

        # Paths, heads and stars are projected to the figure's pixels here, once per camera;
        # through the figure's transform they stay in place when savefig draws at another
        # dpi, in points for a vector file, or moved by bbox_inches="tight".
        pixels = Affine2D().scale(1 / figure.bbox.width, 1 / figure.bbox.height)
        pixels += figure.transFigure
        width = PATH_WIDTH * k * 1.4
        self._lines = LineCollection([], linewidths=width, capstyle="round",
                                     joinstyle="round", zorder=Z_PATHS, animated=True,
                                     transform=pixels)
        self._hidden = LineCollection([], linewidths=width * HIDDEN_WIDTH, capstyle="round",
                                      zorder=Z_PATHS - 0.1, animated=True, transform=pixels)
        marker = MarkerStyle("o")
        self._heads = PathCollection(
            [marker.get_path().transformed(marker.get_transform())], sizes=[(HEAD_SIZE * k) ** 2],
            offsets=np.zeros((0, 2)), offset_transform=pixels, transform=IdentityTransform(),
            edgecolors=theme.head_edge, linewidths=0.8 * k, zorder=Z_HEADS, animated=True)
        self._stars = Line2D([], [], **star_style(theme, k), zorder=Z_STARS, animated=True,
                             transform=pixels)
        self._hidden_stars = Line2D([], [], **star_style(theme, k), zorder=Z_STARS - 0.1,
                                    alpha=HIDDEN_ALPHA, animated=True, transform=pixels)
        self.moving = (self._hidden, self._lines, self._hidden_stars, self._stars, self._heads)
        for artist in self.moving:
            figure.add_artist(artist)

    def background_key(self, frame: int):
        return self._azimuth(frame) if self.rotate else None

    def update(self, step: int, frame: int) -> None:
        self._set_camera(self._azimuth(frame))
        lines, line_colors, line_styles = [], [], []
        hidden, hidden_colors, hidden_styles = [], [], []
        for path, color, style in zip(self._paths, self._colors, self._styles):
            n = int(np.searchsorted(path.owner, step, side="right"))
            for start, end, seen in path.runs:
                if start >= n - 1:
                    break
                segment = path.pixels[start:min(end, n)]
                if seen:
                    lines.append(segment)
                    line_colors.append(color)
                    line_styles.append(style)
                else:
                    hidden.append(segment)
                    hidden_colors.append(_faded(color))
                    hidden_styles.append(style)
        at = np.array([xy[min(step, last)] for xy, last in self._ends]).reshape(-1, 2)
        inside = in_view(at, self.xlim, self.ylim)
        lifted = self._lift(at[inside])
        seen = self._visible(lifted, self._eye)
        heads = self._project(lifted) if len(lifted) else np.empty((0, 2))
        head_colors = [color if shown else _faded(color) for color, shown
                       in zip(compress(self._colors, inside), seen)]
        for collection, (paths, colors, styles) in (
                (self._lines, (lines, line_colors, line_styles)),
                (self._hidden, (hidden, hidden_colors, hidden_styles))):
            lengths = [stroke_pixels(xy, _PIXELS) for xy in paths]
            parts, colors, styles = in_strokes(paths, lengths, colors, styles)
            collection.set_segments(parts)
            collection.set_color(colors)
            collection.set_linestyles(styles or "solid")
        self._heads.set_offsets(on_pixel_centres(np.reshape(heads, (-1, 2))))
        self._heads.set_facecolors(head_colors)
        for stars, shown in ((self._stars, self._minima_visible),
                             (self._hidden_stars, ~self._minima_visible)):
            stars.set_data(*self._minima_pixels[shown].T)

    def reserved_colors(self) -> list[tuple[int, int, int]]:
        return moving_colors(self.tracks, self.theme, stars=bool(len(self._minima)))

    @property
    def stroke_pixels(self) -> float:
        """Pixels of path the last frame strokes, as the first camera sees them."""
        if self._paths and self._paths[0].pixels is None:
            self._set_camera(self._azimuth(0))
        return float(sum(stroke_pixels(p.pixels[p.inside], _PIXELS)[-1] for p in self._paths))

    def legend_obstacles(self) -> tuple[list[np.ndarray], np.ndarray]:
        """The paths, minima, starts and labels as every camera of the animation sees them (a
        rotating camera: eight angles of its sweep)."""
        lines, marks = [], []
        for frame in self._sample_frames():
            self._set_camera(self._azimuth(frame))
            lines += [p.pixels[p.inside] for p in self._paths]
            marks += [self._minima_pixels, self._project(self._starts3)]
        return lines, np.concatenate(marks + [self.counter_obstacles()])

    def counter_obstacles(self) -> np.ndarray:
        """The pixels of the tick and axis labels, wherever the cameras put them: a legend or
        step counter must not cover them.  A 3-D axes places its labels only while drawing,
        so the axes are drawn (once per sampled camera) and the pixels in the text colour
        taken, in display coordinates (y up)."""
        key = tuple(self.ax.bbox.bounds)       # the layout may still move the axes
        if getattr(self, "_text_key", None) != key:
            canvas, points = self.ax.figure.canvas, []
            for frame in self._sample_frames():
                self._set_camera(self._azimuth(frame))
                draw(canvas)
                rgb = np.asarray(canvas.buffer_rgba())[..., :3]
                rows, cols = np.nonzero((rgb == rgb8(self.theme.text)).all(axis=-1))
                points.append(np.c_[cols + 0.5, rgb.shape[0] - rows - 0.5])
            self._text_pixels, self._text_key = np.unique(np.concatenate(points), axis=0), key
        self._set_camera(self._azimuth(0))
        return self._text_pixels

    def _sample_frames(self) -> list[int]:
        """The frames whose cameras stand for all: the first, or eight across a sweep."""
        if not self.rotate:
            return [0]
        return sorted({round(i * (self.frames - 1) / 7) for i in range(8)})

    def counter_anchors(self, renderer) -> list[tuple[float, float]]:
        """The axes' top corners, which the 3-D box leaves empty, then the figure's bottom
        right corner."""
        box, pad = self.ax.bbox, 10 * self._k * self.ax.figure.dpi / 72
        return [(box.x1 - pad / 2, box.y1 - pad, "right"), (box.x0 + pad / 2, box.y1 - pad, "left"),
                (self.ax.figure.bbox.x1 - pad / 2, pad / 2, "right")]

    # --------------------------------------------------------------------------- the camera

    def _azimuth(self, frame: int) -> float:
        whole_turns = self.rotate and self.rotate % 360 == 0
        steps = self.frames if whole_turns else max(self.frames - 1, 1)
        return self.azim + self.rotate * (frame / steps)

    def _set_camera(self, azimuth: float) -> None:
        """Point the camera, then project every path point and test its depth (once per
        camera: a fixed camera does this once)."""
        key = (azimuth, tuple(self.ax.bbox.bounds))
        if key == self._camera_key:
            return
        self.ax.view_init(self.elev, azimuth)
        matrix = self.ax.get_proj()
        eye = self._eye = eye_of(matrix)
        for path in self._paths:
            path.pixels = self._project(path.xyz, matrix)
            path.visible = path.inside & self._visible(path.xyz, eye)
            path.runs = runs(path.inside, path.visible)
        self._minima_pixels = self._project(self._minima3, matrix)
        self._minima_visible = self._visible(self._minima3, eye)
        self._camera_key = key

    def _visible(self, xyz: np.ndarray, eye) -> np.ndarray:
        return visible(xyz, eye, self.surface, self.heights, self.xlim, self.ylim)

    def _project(self, xyz: np.ndarray, matrix=None) -> np.ndarray:
        """Display pixels of data points (m, 3) for the current camera."""
        matrix = self.ax.get_proj() if matrix is None else matrix
        homogeneous = np.c_[xyz, np.ones(len(xyz))] @ matrix.T
        with np.errstate(all="ignore"):
            projected = homogeneous[:, :2] / homogeneous[:, 3:4]
        return self.ax.transData.transform(projected) if len(xyz) else np.empty((0, 2))

    # ------------------------------------------------------------------------------ drawing

    def _style_axes(self) -> None:
        ax, theme, k = self.ax, self.theme, self._k
        ax.set_facecolor(theme.page)
        for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
            axis.set_pane_color(theme.pane)
            axis.line.set_color(theme.spine)
        # mplot3d sets tick labels 8 and axis labels 21 "points" (plus their pads) out from the
        # box, in a measure that does not grow with the fonts.  On a larger picture the axis
        # label's pad keeps it as far beyond its tick labels as at the nominal size, 11 points
        # scaled (at 1280x720 the larger labels ran into each other, "0.0y"), and no further:
        # the layout does not see 3-D axis labels, and further out they meet a legend below.
        ax.tick_params(colors=theme.spine, labelcolor=theme.text, labelsize=8 * k, pad=0)
        beyond_ticks = _MPLOT3D_LABEL_OFFSET - 2 - _MPLOT3D_TICK_OFFSET     # at k = 1
        pad = max(-2 * k, beyond_ticks * k + _MPLOT3D_TICK_OFFSET - _MPLOT3D_LABEL_OFFSET)
        for set_label, text in ((ax.set_xlabel, "x"), (ax.set_ylabel, "y"),
                                (ax.set_zlabel, self._z_label())):
            set_label(text, color=theme.text, fontsize=10 * k, labelpad=pad)
        ax.set(xlim=self.xlim, ylim=self.ylim, zlim=self.heights.zlim)
        ax.set_box_aspect(None, zoom=ZOOM)
        if min(self._pixels()) < MIN_TICKED:   # a small panel of a grid: tick labels would pile up
            for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
                axis.set_ticklabels([])
                axis.label.set_visible(False)
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(MaxNLocator(5))
        if self.heights.log:
            ax.zaxis.set_major_locator(MaxNLocator(5, integer=True))
            ax.zaxis.set_major_formatter(FuncFormatter(lambda v, _: f"$10^{{{v:g}}}$"))
        else:
            ax.zaxis.set_major_locator(MaxNLocator(5))

    def _pixels(self) -> tuple[float, float]:
        """The panel's share of the figure in pixels: the figure over the grid's rows and
        columns."""
        rows, columns = self.ax.get_subplotspec().get_gridspec().get_geometry()
        figure = self.ax.figure.bbox
        return figure.width / columns, figure.height / rows

    def _z_label(self) -> str:
        if not self.heights.log:
            return "f"
        minimum = getattr(self.surface, "min_value", None)
        return "f" if not minimum else "f − min f"

    def _draw_surface(self) -> None:
        theme = self.theme
        # About one mesh line every 10 pixels of the smaller side: a fine mesh turns into
        # hatching on a small picture.
        samples = int(np.clip(min(self._pixels()) / 10, MIN_GRID, GRID))
        x, y, f = surface_grid(self.surface, self.xlim, self.ylim, samples)
        z = self.heights(f)
        norm = Normalize(*self.heights.zlim)
        self.ax.plot_surface(x, y, z, rstride=1, cstride=1, cmap=theme.surface_cmap, norm=norm,
                             edgecolor=theme.mesh, linewidth=0.25 * self._k, antialiased=True,
                             shade=False, zorder=1)

    def _draw_markers(self) -> None:
        surface, theme, k = self.surface, self.theme, self._k
        minima = np.asarray(getattr(surface, "minima", ()) or (), float).reshape(-1, 2)
        self._minima = minima[in_view(minima, self.xlim, self.ylim)]
        self._minima3 = self._lift(self._minima)
        starts = np.unique(np.concatenate([t.points[0] for t in self.tracks]), axis=0)
        self._starts3 = self._lift(starts[in_view(starts, self.xlim, self.ylim)])
        saddles = np.asarray(getattr(surface, "saddles", ()) or (), float).reshape(-1, 2)
        for points, marker, size, width in ((self._lift(saddles[in_view(saddles, self.xlim, self.ylim)]), "X", 8, 1.0),
                                            (self._starts3, "o", 8, 1.2)):
            if len(points):
                self.ax.plot(points[:, 0], points[:, 1], points[:, 2], linestyle="none",
                             marker=marker, markersize=size * k, markerfacecolor="none",
                             markeredgecolor=theme.marker, markeredgewidth=width * k, zorder=3)

    def _lift(self, xy: np.ndarray) -> np.ndarray:
        """Points (m, 2) on the surface, as (m, 3) data points."""
        with np.errstate(all="ignore"):
            f = np.asarray(self.surface.f(xy), dtype=np.float64) if len(xy) else np.empty(0)
        return np.c_[xy, self.heights(f)] if len(xy) else np.empty((0, 3))


def _faded(color) -> tuple[float, float, float, float]:
    return (*color[:3], HIDDEN_ALPHA)
