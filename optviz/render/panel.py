"""The panel protocol: one axes of a stage, split into a static part and moving artists.

A :class:`~optviz.render.stage.Stage` owns the figure, the frame loop, the title, the legend
and the step counter; each panel owns one axes and knows only

* how to draw its static part (``attach``: the axes, the surface, markers) and its moving
  artists (``moving``, created with ``animated=True`` so a full ``canvas.draw()`` skips them
  unless they are posed);
* how the moving artists look at a step (``update``);
* when its static part goes stale (``background_key``: a new key redraws the background, as a
  rotating camera does on every frame);
* the exact colours it draws per frame (``reserved_colors``), what a legend must not cover
  (``legend_obstacles``) and where the step counter goes (``counter_anchors``).
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence

import numpy as np

from .series import Track
from .style import Theme, rgb8

__all__ = ["Panel", "Z_PATHS", "Z_STARS", "Z_HEADS", "moving_colors", "on_pixel_centres"]

# Z-orders of the moving artists: above everything static (the legend is at 5).
Z_PATHS, Z_STARS, Z_HEADS = 6.0, 6.5, 7.0


def moving_colors(tracks: Sequence[Track], theme: Theme, stars: bool) -> list[tuple[int, int, int]]:
    """Exact RGB of what a panel draws per frame: the paths, the heads' rims and, if it marks
    minima, the stars."""
    return ([rgb8(t.color) for t in tracks] + [rgb8(theme.head_edge)]
            + ([rgb8(theme.star_face), rgb8(theme.star_edge)] if stars else []))


def on_pixel_centres(pixels: np.ndarray) -> np.ndarray:
    """*pixels* (display coordinates) moved to the centres of the pixels they fall in.

    A head drawn there rasterizes the same until it crosses into another pixel (as Agg stamps
    plot markers), so a head moving a fraction of a pixel a frame changes no pixel in most
    frames; anywhere else its antialiased rim changes every frame, and those rims were a third
    of a GIF's bytes (the Beale reference scene: 0.265 MB, 0.179 MB on pixel centres).
    """
    return np.floor(pixels) + 0.5


class Panel:
    """Base class of the panels; subclasses override ``attach`` and ``update``."""

    #: The panel's axes and its moving artists, set by ``attach``.
    ax = None
    moving: tuple = ()
    #: The indices of the series this panel shows (None: all of them).
    only: tuple[int, ...] | None = None
    #: Pixels of path the last frame strokes, set by ``attach``: what drawing a frame costs.
    stroke_pixels: float = 0.0

    def attach(self, figure, spec, tracks: Sequence[Track], theme: Theme, scale: float) -> None:
        """Create the axes in *figure* at subplot *spec* and every artist, static and moving.

        *scale* multiplies every size in points (see :func:`optviz.render.style.scale`).
        """
        raise NotImplementedError

    def update(self, step: int, frame: int) -> None:
        """Set the moving artists (and, for a stale background, the static ones) as frame
        number *frame*, which shows optimizer step *step*, draws them."""
        raise NotImplementedError

    def background_key(self, frame: int) -> Hashable:
        """Frames with equal keys share this panel's static picture."""
        return None

    def reserved_colors(self) -> list[tuple[int, int, int]]:
        """Exact RGB colours of the moving artists (an encoder's palette keeps them exact)."""
        return []

    def legend_obstacles(self) -> tuple[list[np.ndarray], np.ndarray]:
        """What a legend inside the axes should not hide, in display pixels: the paths as
        polylines, and markers (minima, starts), none of which may be covered."""
        return [], np.empty((0, 2))

    def counter_anchors(self, renderer) -> list[tuple[float, float, str]]:
        """Places for the step counter: (x, baseline) in display pixels and which end of the
        text is at x ("left" or "right"), best first; the stage takes the first place where
        the counter clears the legend.  By default: under the axes' right end, on the x
        label's baseline (or the figure's bottom where the axes show no x label)."""
        label = self.ax.xaxis.label
        if not label.get_visible() or not label.get_text():
            return [(self.ax.bbox.x1, 4.0, "right")]
        descent = renderer.get_text_width_height_descent(
            "lp", label.get_fontproperties(), ismath=False)[2]
        return [(self.ax.bbox.x1, label.get_window_extent(renderer).y0 + descent, "right")]

    def counter_obstacles(self) -> np.ndarray:
        """Points (display pixels) the step counter must not cover, such as tick labels."""
        return np.empty((0, 2))


def draw(canvas) -> None:
    """``canvas.draw()``, its layout engine's "constrained_layout not applied" warning (a crowded
    figure is laid out as well as it can be) kept inside."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "constrained_layout", UserWarning)
        canvas.draw()
