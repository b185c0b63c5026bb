"""The stage: an exact-size figure made of panels, drawn frame after frame by blitting.

The stage owns what belongs to the whole figure: the canvas, the panels' places on a grid, the
title, the legend (inside the first panel where it hides little, else below the plot; or, for
small multiples, each panel titled by the one series it shows), the step counter, and the
frame loop with its background cache.  Each frame: the panels set their moving artists for the frame's
step; if the background key changed (a path diverged, so the legend text changes; or a panel's
static part went stale, as a rotating camera's does every frame) the background is drawn again;
then the saved background is restored and only the moving artists are drawn over it.

Every moving artist sits above every static one, so a blitted frame has the pixels of a full
``canvas.draw()`` (``render_full``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from matplotlib.figure import Figure

from .. import _checks
from ..timeline import counter_steps
from .figure_layout import FigureLayout
from .panel import Panel, draw
from .series import Series, note_hidden_twins, prepare
from .sprite import capture
from .style import Theme, get_theme, rgb8, safe_text, scale

__all__ = ["Stage"]


class Stage(FigureLayout):
    """Frames of *series* drawn by *panels* on a figure of exactly *size* = (width, height)
    pixels; frame *i* shows optimizer step ``frame_steps[i]``.

    The panels fill a grid of *shape* = (rows, columns) row by row (default: one row).  With
    *titles*, every panel shows one series (``panel.only``) and is titled by it instead of a
    legend: small multiples.  Given the *fps* the frames will play at, the step counter ticks
    on round steps at most ten times a second (``timeline.counter_steps``); without, it shows
    every frame's step.

    ``frames()`` streams them as (height, width, 3) uint8 arrays.  Use the stage as a context
    manager or call ``close()`` to release the figure.  Attributes: ``frame_steps``, ``steps``
    (the longest trajectory's), ``tracks`` (the series prepared, each with its colour),
    ``colors`` and ``linestyles`` (per series), ``reserved_colors`` (exact RGB of everything
    drawn per frame, for an encoder's palette), ``legend_location`` (a matplotlib location,
    or "outside").
    """

    def __init__(self, series: Sequence[Series], frame_steps, panels: Sequence[Panel], *,
                 size=(600, 500), dpi: float = 100, theme: str | Theme = "light",
                 title: str = "", shape=None, titles: bool = False, fps: float | None = None):
        self.theme: Theme = get_theme(theme)
        self.tracks = prepare(series, self.theme)
        self.series = tuple(series)
        self.steps = max(t.steps for t in self.tracks)
        self.frame_steps = _frame_steps(frame_steps, self.steps)
        self._counter_steps = counter_steps(
            self.frame_steps, None if fps is None else _checks.positive("fps", fps))
        self.size, self.dpi = _checks.figure(size, dpi)
        self.title = safe_text(title)
        self.panels = list(panels)
        if not self.panels:
            raise ValueError("Invalid panels: none given (need at least one Panel)")
        self.shape = _shape(shape, len(self.panels))
        self.titles = bool(titles)
        if self.titles and any(p.only is None or len(p.only) != 1 for p in self.panels):
            raise ValueError("Invalid panels: titled panels show one series each (panel.only)")
        xlim, ylim = (getattr(self.panels[0], name, None) for name in ("xlim", "ylim"))
        if xlim is not None and ylim is not None and not self.titles:
            # Pixels per unit at most: the whole figure.
            note_hidden_twins(self.tracks, (self.size[0] / (xlim[1] - xlim[0]),
                                            self.size[1] / (ylim[1] - ylim[0])))
        self.colors = [t.color for t in self.tracks]
        self.linestyles = [t.linestyle for t in self.tracks]
        self._k = scale(self.size, self.dpi)
        self._build_figure()
        self._layout()
        # Panels whose static part changes between frames (a rotating camera) get the legend
        # pasted from a sprite in every frame, the first included.
        self._changing_base = len({self._key(i)[1] for i in range(len(self.frame_steps))}) > 1
        self.reserved_colors: list[tuple[int, int, int]] = list(dict.fromkeys(
            [c for p in self.panels for c in p.reserved_colors()] + [rgb8(self.theme.text)]))

    # ----------------------------------------------------------------------------- public API

    def __len__(self) -> int:
        return len(self.frame_steps)

    @property
    def stroke_pixels(self) -> float:
        """Pixels of path the last frame strokes, in all panels: what drawing a frame costs."""
        return sum(panel.stroke_pixels for panel in self.panels)

    def __enter__(self) -> Stage:
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
        """The first panel's axes (the one holding the legend)."""
        self._check_open()
        return self.panels[0].ax

    @property
    def legend(self):
        """The legend (None where the panels are titled instead)."""
        self._check_open()
        return self._legend

    def background(self, frame_index: int = 0) -> np.ndarray:
        """The static picture behind frame *frame_index* (no paths, heads or step counter).

        A new (height, width, 3) uint8 array.  It overwrites the canvas, so a frame yielded by
        ``frames()`` before this call is no longer valid.
        """
        index = self._check_index(frame_index)
        self._update(index)
        self._ensure_background(self._key(index))
        self._canvas.restore_region(self._bg)
        return np.array(self._rgb())

    def frames(self) -> Iterator[np.ndarray]:
        """Yield every frame as a (height, width, 3) uint8 array, in order.

        Each array is a read-only view into the canvas buffer, valid only until the generator is
        advanced (or another method of this stage draws); copy it (``np.array(frame)``) to
        keep it.
        """
        self._check_open()
        canvas, fig = self._canvas, self._fig
        moving = self._moving()
        for index in range(len(self.frame_steps)):
            self._update(index)
            self._ensure_background(self._key(index))
            canvas.restore_region(self._bg)
            for artist in moving:
                fig.draw_artist(artist)
            yield self._rgb()

    def render_full(self, frame_index: int) -> np.ndarray:
        """Frame *frame_index* drawn the ordinary way, with one full ``canvas.draw()``.

        Returns a new (height, width, 3) uint8 array; meant for posters and for checking
        ``frames()``.
        """
        self.pose(frame_index)
        try:
            draw(self._canvas)
            return np.array(self._rgb())
        finally:
            for artist in self._moving():
                artist.set_animated(True)

    def pose(self, frame_index: int) -> None:
        """Set every artist as frame *frame_index* shows it, for the ordinary way of drawing:
        after this a plain ``figure.canvas.draw()`` (or a FuncAnimation redrawing the figure)
        draws the frame.  ``frames()`` must not be used afterwards."""
        index = self._check_index(frame_index)
        self._set_legend_texts(self._legend_key(index))
        self._update(index)
        for artist in self._moving():
            artist.set_animated(False)

    def close(self) -> None:
        """Release the figure; the stage can't draw afterwards."""
        if getattr(self, "_fig", None) is not None:
            self._fig.clear()
        self._fig = self._canvas = self._legend = self._bg = self._base = None

    # ------------------------------------------------------------------------------ the loop

    def _check_open(self) -> None:
        if self._fig is None:
            raise ValueError("This renderer is closed")

    def _check_index(self, frame_index) -> int:
        self._check_open()
        index = _checks.count("frame_index", frame_index)
        if index >= len(self.frame_steps):
            raise ValueError(f"Invalid frame_index: {index} (must be < {len(self.frame_steps)})")
        return index

    def _moving(self) -> list:
        return [a for p in self.panels for a in p.moving] + [self._counter]

    def _rgb(self) -> np.ndarray:
        """The canvas as a read-only (height, width, 3) view (no copy)."""
        rgb = np.asarray(self._canvas.buffer_rgba())[..., :3]
        rgb.flags.writeable = False
        return rgb

    def _update(self, index: int) -> None:
        step = int(self.frame_steps[index])
        for panel in self.panels:
            panel.update(step, index)
        self._counter.set_step(int(self._counter_steps[index]))

    def _legend_key(self, index: int) -> tuple[int, ...]:
        step = int(self.frame_steps[index])
        return tuple(t.diverged_count(step) for t in self.tracks)

    def _key(self, index: int) -> tuple:
        return self._legend_key(index), tuple(p.background_key(index) for p in self.panels)

    def _set_legend_texts(self, counts: tuple[int, ...]) -> None:
        """The legend's texts, or the panels' titles, as they read once *counts* of each
        series' paths have diverged."""
        if self.titles:
            for panel, short in zip(self.panels, self._short_titles):
                (i,) = panel.only
                panel.ax.title.set_text(self.tracks[i].label_at(counts[i], short))
            return
        for text, track, count in zip(self._legend.get_texts(), self.tracks, counts):
            text.set_text(track.label_at(count))

    def _ensure_background(self, key) -> None:
        """Draw and save the static picture for *key*: the panels' static parts once per panel
        key, then the legend over them (the legend is the top static layer, so this gives the
        pixels of a full draw).  Where the panels' static part keeps changing (a rotating
        camera), the legend is pasted from a captured sprite instead of drawn again."""
        if key == self._bg_key:
            return
        legend_key, panel_key = key
        canvas, legend = self._canvas, self._legend
        if legend is None:           # titled panels: their titles are part of the static picture
            self._set_legend_texts(legend_key)
            draw(canvas)
            self._bg, self._bg_key = canvas.copy_from_bbox(self._fig.bbox), key
            return
        if self._base is None or panel_key != self._base_key:
            legend.set_visible(False)
            try:
                draw(canvas)         # animated (moving) artists are skipped
            finally:
                legend.set_visible(True)
            self._base, self._base_key = canvas.copy_from_bbox(self._fig.bbox), panel_key
        canvas.restore_region(self._base)
        self._set_legend_texts(legend_key)
        if self._changing_base:
            sprite = self._legend_sprites.get(legend_key)
            if sprite is None:
                sprite = self._legend_sprites[legend_key] = capture(self._fig, legend, 5)
                sprite.set_figure(self._fig)
                canvas.restore_region(self._base)
            self._fig.draw_artist(sprite)
        else:
            self._fig.draw_artist(legend)
        self._bg, self._bg_key = canvas.copy_from_bbox(self._fig.bbox), key


def _shape(shape, count: int) -> tuple[int, int]:
    if shape is None:
        return 1, count
    rows, columns = (_checks.count(name, v, minimum=1) for name, v in zip(("rows", "columns"), shape))
    if rows * columns < count:
        raise ValueError(f"Invalid shape: {rows} x {columns} has no room for {count} panels")
    return rows, columns


def _frame_steps(frame_steps, steps: int) -> np.ndarray:
    """The frame schedule as an int array: at least one frame, each step in 0..steps."""
    schedule = np.asarray(frame_steps)
    if (schedule.ndim != 1 or schedule.size == 0 or schedule.dtype.kind not in "iu"
            or schedule.min() < 0 or schedule.max() > steps):
        raise _checks.Invalid("frame_steps", frame_steps, f"must be a non-empty sequence of "
                                                            f"whole steps from 0 to {steps}")
    return schedule.astype(np.int64)
