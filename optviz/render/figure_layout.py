"""How a stage's figure is built and laid out, once, before the first frame: the exact-size
figure and canvas, the panels on their grid, the step counter, the legend (inside the first
panel where it hides little, else below the plot, in columns), the title fitted to the width,
the constrained layout run once and then frozen.  ``Stage`` inherits these steps; the frame
loop is ``stage.py``'s.
"""

from __future__ import annotations

import warnings

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from .counter import StepCounter, place_counter
from .legend import best_location
from .style import HEAD_SIZE, PANEL_INCHES, PATH_WIDTH, REFERENCE_DPI, scale
from .titles import fit_panel_titles, fit_title

__all__ = ["FigureLayout", "grid_shape"]

#: An outside legend must leave the axes at least this share of the figure's height; to leave
#: it, a legend below the plot of a small figure may shrink its type down to this scale.
MIN_AXES_HEIGHT = 0.45
MIN_LEGEND_SCALE = 0.6
#: In choosing a grid, an empty cell weighs as much as panels this far from square (log of
#: their aspect ratio).
EMPTY_CELL_COST = 0.3
_Z_COUNTER = 10.0


class FigureLayout:
    """The steps that build and lay out a ``Stage``'s figure (its attributes: ``size``,
    ``dpi``, ``theme``, ``panels``, ``tracks``, ``shape``, ``titles``, ``title``, ``steps``)."""

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
        self._fig, self._canvas = fig, canvas
        self._base = self._bg = self._bg_key = self._base_key = None
        self._legend_sprites = {}

        rows, columns = self.shape
        grid = fig.add_gridspec(rows, columns)
        # A panel's sizes follow its own share of the figure, never beyond the figure's.
        cell = (width / columns, height / rows)
        k_panel = k if len(self.panels) == 1 else min(k, scale(cell, self.dpi, PANEL_INCHES))
        for i, panel in enumerate(self.panels):
            tracks = self.tracks if panel.only is None else [self.tracks[j] for j in panel.only]
            panel.attach(fig, grid[i // columns, i % columns], tracks, theme, k_panel)
            if self.titles:
                # A 3-D box reaches above its axes: its title stands further off.
                pad = (4 if panel.ax.name != "3d" else 16) * k_panel
                panel.ax.set_title(tracks[0].label, color=theme.text, fontsize=9.5 * k_panel,
                                   pad=pad)
                if panel.ax.name != "3d":
                    panel.ax.label_outer()   # shared view: tick labels on the outer panels
                    if i + columns >= len(self.panels):      # nothing below: the x axis too
                        panel.ax.xaxis.set_tick_params(labelbottom=True)
                        panel.ax.xaxis.label.set_visible(True)
        self._counter = StepCounter(self.steps, color=theme.text, fontsize=9 * k, dpi=self.dpi,
                                    zorder=_Z_COUNTER)
        self._counter.set_animated(True)
        fig.add_artist(self._counter)
        self._legend = None
        if not self.titles:
            self._make_legend("upper right")
        self._title = fig.suptitle(self.title, color=theme.text, fontsize=11 * k)

    def _make_legend(self, loc: str, ncols: int = 1, anchor=None, k: float | None = None) -> None:
        """(Re)create the legend in the first panel with the labels of the last step, the
        longest ones; *anchor* is a point in figure coordinates to place it by, instead of the
        axes; *k* scales its sizes (default: the figure's).  Its handles are proxies: a legend
        entry copies its handle's properties, animated=True included."""
        theme, k = self.theme, self._k if k is None else k
        handles = [Line2D([], [], color=t.color, linestyle=t.linestyle,
                          linewidth=PATH_WIDTH * k, marker="o", markersize=HEAD_SIZE * 0.8 * k,
                          markerfacecolor=t.color, markeredgecolor=theme.head_edge,
                          markeredgewidth=0.6 * k) for t in self.tracks]
        final = [t.label_at(t.diverged_count(self.steps)) for t in self.tracks]
        self._legend = self.panels[0].ax.legend(
            handles, final, loc=loc, ncols=ncols, bbox_to_anchor=anchor,
            bbox_transform=None if anchor is None else self._fig.transFigure,
            fontsize=8.5 * k,
            labelcolor=theme.text, facecolor=theme.legend_face, edgecolor=theme.legend_edge,
            framealpha=0.92, fancybox=True, borderpad=0.5, handlelength=2.2, columnspacing=1.4,
            borderaxespad=0.6)
        self._legend.get_frame().set_linewidth(0.8 * k)

    # -------------------------------------------------------------------------------- layout

    def _layout(self) -> None:
        """Fit the title, lay the figure out once, place legend and step counter, then freeze."""
        fig = self._fig
        renderer = self._canvas.get_renderer()
        fit_title(self._title, self.title, self._fig.bbox.width * 0.96, 8.0 * self._k, renderer)
        fig.set_layout_engine("constrained", w_pad=6 / 72, h_pad=6 / 72)
        engine = fig.get_layout_engine()
        _execute(engine, fig)
        if self.titles:
            self._short_titles = fit_panel_titles(
                self.panels, [self.tracks[i] for p in self.panels for i in p.only], self.steps,
                renderer)
            self.legend_location = None
        else:
            self._place_legend(renderer, engine)
        fig.set_layout_engine("none")      # no layout engine re-running on every draw

        # Centre the title over the panels rather than the figure where it fits.
        panels = Bbox.union([p.ax.bbox for p in self.panels])
        centre = (panels.x0 + panels.x1) / 2
        half = self._title.get_window_extent(renderer).width / 2
        if half + 2 <= centre <= fig.bbox.width - half - 2:
            self._title.set_x(centre / fig.bbox.width)
        for panel in self.panels:       # labels where the final layout puts them (no full draw)
            panel.ax.get_tightbbox(renderer)
        block = self._legend if self._legend is not None else self.panels[-1].ax.title
        place_counter(self._counter, self.panels[-1], block, self.steps, renderer)
        for placed in (self._counter, self._legend):   # laid out now: kept by a tight box
            if placed is not None:
                placed.set_in_layout(True)

    def _place_legend(self, renderer, engine) -> None:
        """At the theme's place where it hides little there, else inside the first panel where
        it hides least; else below the plot, in columns."""
        fig, main = self._fig, self.panels[0]
        lines, marks = main.legend_obstacles()
        good = False
        if self.theme.legend_loc is not None:       # the classic look's, unless paths cross it
            loc, good = best_location(self._legend, renderer, lines, np.empty((0, 2)),
                                      main.ax.bbox, locations=(self.theme.legend_loc,))
        if not good:
            loc, good = best_location(self._legend, renderer, lines, marks, main.ax.bbox)
        # A legend wider than the plot goes below it, in columns.
        good = good and self._legend.get_window_extent(renderer).width <= main.ax.bbox.width
        self.legend_location = loc
        if good:
            self._legend.set_loc(loc)
            return
        # At the bottom of the figure, centred, in as many columns as fit its width; on a
        # small figure in smaller type if that is what leaves the plot room.
        smallest = MIN_LEGEND_SCALE * REFERENCE_DPI / self.dpi
        for k in sorted({self._k, min(self._k, smallest)}, reverse=True):
            for ncols in range(min(len(self.tracks), 4), 0, -1):
                self._make_legend("lower center", ncols, anchor=(0.5, 0.0), k=k)
                if self._legend.get_window_extent(renderer).width <= 0.96 * fig.bbox.width:
                    break
            # The layout engine keeps decorations inside the figure but not apart from each
            # other: reserve the legend's row with the layout's rectangle.
            self._legend.set_in_layout(False)
            row = (self._legend.get_window_extent(renderer).height + 4) / fig.bbox.height
            engine.set(rect=(0, row, 1, 1 - row))
            _execute(engine, fig)
            self.legend_location = "outside"
            if main.ax.bbox.height >= MIN_AXES_HEIGHT * fig.bbox.height:
                return
        # Too little room left for the plot: back inside, in the best place.
        self._make_legend(loc)
        engine.set(rect=(0, 0, 1, 1))
        _execute(engine, fig)
        self.legend_location = loc


def _execute(engine, fig) -> None:
    """Lay *fig* out; a crowded figure is laid out as well as it can be, without a warning,
    and one with no room left at all is a ValueError that says what to change."""
    from kiwisolver import UnsatisfiableConstraint      # matplotlib's layout solver
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "constrained_layout", UserWarning)
        try:
            engine.execute(fig)
        except UnsatisfiableConstraint:
            width, height = (round(v) for v in fig.bbox.size)
            raise ValueError(f"Invalid size: ({width}, {height}) (the legend, titles and labels "
                             f"leave no room for the plot: give a larger size, fewer runs or "
                             f"shorter labels)") from None


def grid_shape(count: int, size: tuple[int, int]) -> tuple[int, int]:
    """(rows, columns) for *count* panels on a figure of *size* pixels: panels as close to
    square as can be, an empty cell counting against a shape (four panels at 600x500 take
    2 x 2, five take 2 x 3, three at 1280x720 take 1 x 3)."""
    width, height = size
    shapes = [(-(-count // columns), columns) for columns in range(1, count + 1)]
    return min(shapes, key=lambda s: abs(np.log(width / s[1] / (height / s[0])))
               + EMPTY_CELL_COST * (s[0] * s[1] - count))
