"""The loss panel: f at every step, one line per path growing with the animation, a cursor at
the current step, and a cross where a path diverged.  A swarm (a series of more than
MAX_PATHS paths) is one line instead: the median of its paths' losses.

The y axis is logarithmic (of f minus the lowest value in view, so a minimum of 0 or below
works) when the losses span more than two decades, linear otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.collections import LineCollection

from .panel import Z_HEADS, Z_PATHS, Panel, moving_colors
from .series import Track
from .strokes import column_of, columns
from .style import HEAD_SIZE, PATH_WIDTH, Theme

__all__ = ["LossPanel"]

#: Losses spanning more than this many decades get a log axis.
LOG_DECADES = 2.0
#: A series of more paths than this is drawn as its median loss.
MAX_PATHS = 64
#: A curve of more points than this many per pixel of the figure's width is drawn through the
#: points that draw each quarter-pixel column (``strokes.columns``), its current column whole:
#: 100,000 steps of Adadelta jittering on Beale, 12x faster, within a level or two but where
#: the curve fills a band (PSNR 41-44 dB against every point).
COLUMNS_ABOVE = 4


class LossPanel(Panel):
    """Loss against step for every path of every series, in the series' colours."""

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
        # at the left end: the step counter, "step 120 / 300", stands at the right end
        ax.set_xlabel("step", color=theme.text, fontsize=10 * k, labelpad=3 * k, loc="left")
        self._curves, self._last, self._diverged, colors, styles = [], [], [], [], []
        for t in self.tracks:
            steps = np.arange(t.steps + 1)
            if t.losses.shape[1] > MAX_PATHS:     # a swarm: its median
                self._curves.append(np.c_[steps, np.median(t.losses, axis=1)])
                self._last.append(t.steps)
                self._diverged.append(-1)
                colors.append(t.color)
                styles.append(t.linestyle)
                continue
            for j in range(t.losses.shape[1]):
                self._curves.append(np.c_[steps, t.losses[:, j]])
                self._last.append(int(t.last[j]))
                self._diverged.append(int(t.diverged_at[j]))
                colors.append(t.color)
                styles.append(t.linestyle)
        self._median = any(t.losses.shape[1] > MAX_PATHS for t in self.tracks)
        self._limits(ax)
        width = int(figure.bbox.width)
        self._columns = [columns(c, 4 * width) if len(c) > COLUMNS_ABOVE * width else None
                         for c in self._curves]                  # quarter-pixel columns
        self._lines = LineCollection([np.empty((0, 2))] * len(colors), colors=colors,
                                     linestyles=styles, linewidths=PATH_WIDTH * k * 0.8,
                                     zorder=Z_PATHS, animated=True)
        ax.add_collection(self._lines, autolim=False)
        self._cursor = ax.axvline(0, color=theme.spine, linewidth=0.8 * k, zorder=Z_PATHS - 0.5,
                                  animated=True)
        self._crosses = ax.scatter([], [], marker="x", s=(HEAD_SIZE * k) ** 2, c=[],
                                   linewidths=1.5 * k, zorder=Z_HEADS, animated=True)
        self._cross_colors = colors
        self.moving = (self._cursor, self._lines, self._crosses)

    def update(self, step: int, frame: int) -> None:
        self._lines.set_segments([self._drawn(i, min(step, last))
                                  for i, last in enumerate(self._last)])
        self._cursor.set_xdata([step, step])
        crossed = [(curve[last], color) for curve, last, at, color
                   in zip(self._curves, self._last, self._diverged, self._cross_colors)
                   if 0 <= at <= step]
        self._crosses.set_offsets(np.reshape([c for c, _ in crossed], (-1, 2)))
        self._crosses.set_color([color for _, color in crossed])

    def _drawn(self, i: int, end: int) -> np.ndarray:
        """Curve *i* as far as point *end*: whole, or through its columns' points."""
        curve, cut = self._curves[i], self._columns[i]
        if cut is None:
            return curve[: end + 1]
        kept, begins = cut
        column = column_of(end, len(curve), len(begins))
        first = kept[begins[column]]                     # the current column's first point
        return np.concatenate([curve[kept[: begins[column]]], curve[first: end + 1]])

    def reserved_colors(self) -> list[tuple[int, int, int]]:
        return moving_colors(self.tracks, self.theme, stars=False)[:-1]

    def _limits(self, ax) -> None:
        """x from 0 to the last step; y over the drawn losses, log if they span decades."""
        drawn = np.concatenate([c[: last + 1, 1] for c, last in zip(self._curves, self._last)])
        drawn = drawn[np.isfinite(drawn)]
        low, high = (float(drawn.min()), float(drawn.max())) if drawn.size else (0.0, 1.0)
        steps = max(t.steps for t in self.tracks)
        ax.set_xlim(0, max(steps, 1))
        shift = low - (high - low) * 1e-3 if low <= 0 else 0.0
        if high - shift > 0 and (low - shift) > 0 and np.log10((high - shift) / (low - shift)) > LOG_DECADES:
            self._curves = [np.c_[c[:, 0], c[:, 1] - shift] for c in self._curves]
            ax.set_yscale("log")
            ax.set_ylim((low - shift) / 1.5, (high - shift) * 1.5)
            label = "f − min" if shift else "f"
        else:
            pad = (high - low) * 0.05 or 0.5
            ax.set_ylim(low - pad, high + pad)
            label = "f"
        label += " (median of a swarm)" if self._median else ""
        ax.set_ylabel(label, color=self.theme.text, fontsize=10 * self._k, labelpad=3 * self._k)
