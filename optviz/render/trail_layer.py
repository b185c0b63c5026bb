"""A long path stroked once into an image of its own as it grows, and pasted every frame.

A path that jitters for thousands of steps (Adadelta at lr=5 criss-crossing a triangle of the
Beale surface) strokes hundreds of thousands of pixels a frame when it is redrawn whole, and
the part already drawn never changes.  So its points are stroked in fixed chunks of CHUNK
points (each sharing its first point with the chunk before) into a transparent image of the
figure's size, and each frame pastes that image, cropped to the path's box, and strokes only
the points after the last whole chunk.  A frame's cost no longer grows with the path.

Pasting gives the pixels of a direct stroke (Agg blends the image by the coverage it drew: a
chunk pasted equals it stroked, measured pixel for pixel); where chunks cross one another, their
antialiased edges blend twice instead of once, a level or two.  The chunks are fixed by the
path alone, so a frame depends only on how far the path has got, never on the frames drawn
before it: ``frames()``, ``render_full()`` and a poster agree pixel for pixel.
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.collections import LineCollection

__all__ = ["TrailLayer", "CHUNK"]

#: Points per chunk stroked into the image; a frame strokes fewer than this many itself.
CHUNK = 32


class TrailLayer(Artist):
    """The polyline *line* (data units, NaN rows for breaks) as far as ``upto`` rows, drawn
    like a path of a LineCollection on *ax* in *color* and *linewidth* points (solid, round)."""

    def __init__(self, ax, line: np.ndarray, *, color, linewidth: float, zorder: float):
        super().__init__()
        self.line, self.upto, self._ax = line, 0, ax
        self.set_figure(ax.figure)
        self.set_zorder(zorder)
        self._chunks, self._rest = (self._stroke(ax, color, linewidth) for _ in range(2))
        self._image: RendererAgg | None = None     # the whole chunks stroked so far
        self._done = 0                              # how many
        self._box = (0, 0, 0, 0)                    # the path's pixels: left, bottom, right, top

    @allow_rasterization
    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        whole = max(self.upto - 1, 0) // CHUNK          # chunks wholly reached
        if self._image is None or whole < self._done:
            self._begin()
        if whole > self._done:
            self._chunks.set_segments([self.line[k * CHUNK: (k + 1) * CHUNK + 1]
                                       for k in range(self._done, whole)])
            self._chunks.draw(self._image)
            self._done = whole
        left, bottom, right, top = self._box
        if self._done and right > left and top > bottom:
            height = self._image.height
            pixels = np.asarray(self._image.buffer_rgba())[height - top: height - bottom,
                                                            left:right]
            gc = renderer.new_gc()
            renderer.draw_image(gc, left, bottom, pixels[::-1])
            gc.restore()
        self._rest.set_segments([self.line[whole * CHUNK: self.upto]])
        self._rest.draw(renderer)
        self.stale = False

    def _begin(self) -> None:
        """A clear image, and the box of the whole path's pixels (the axes are laid out)."""
        figure = self.get_figure(root=True)
        width, height = (int(v) for v in figure.bbox.size)
        self._image, self._done = RendererAgg(width, height, figure.dpi), 0
        pixels = self._ax.transData.transform(self.line)
        finite = np.isfinite(pixels).all(axis=1)
        reach = self._chunks.get_linewidth()[0] * figure.dpi / 72 / 2 + 2
        axes = self._ax.bbox
        if not finite.any():
            self._box = (0, 0, 0, 0)
            return
        low = np.maximum(np.floor(pixels[finite].min(axis=0) - reach), [axes.x0, axes.y0])
        high = np.minimum(np.ceil(pixels[finite].max(axis=0) + reach), [axes.x1, axes.y1])
        low, high = np.maximum(low, 0).astype(int), np.minimum(high, [width, height]).astype(int)
        self._box = (low[0], low[1], high[0], high[1])

    def _stroke(self, ax, color, linewidth) -> LineCollection:
        """A collection that strokes like the panel's own, clipped to the axes."""
        lines = LineCollection([], colors=[color], linewidths=linewidth, capstyle="round",
                               joinstyle="round", transform=ax.transData)
        lines.set_figure(ax.figure)
        lines.set_clip_path(ax.patch)
        return lines
