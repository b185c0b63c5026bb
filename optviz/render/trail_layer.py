"""A long path stroked once into an image of its own as it grows, and pasted every frame.

A path that jitters for thousands of steps (Adadelta at lr=5 criss-crossing a triangle of the
Beale surface) strokes hundreds of thousands of pixels a frame when it is redrawn whole, and
the part already drawn never changes.  So its points are stroked in fixed chunks of CHUNK
points (each sharing its first point with the chunk before) into a transparent image over the
path's box, and each frame pastes that image and strokes only the points after the last whole
chunk.  A frame's cost no longer grows with the path.  The image is made again when the drawing
changes (another size, dpi or view: ``savefig(dpi=...)``, a tight bounding box).

Pasting gives the pixels of a direct stroke (Agg blends the image by the coverage it drew: a
chunk pasted equals it stroked, measured pixel for pixel); where chunks cross one another, a
pixel on both their antialiased edges blends twice instead of once (a whole path's coverage is
their union), up to a quarter of the way from the background to the path's colour, in a few
pixels per crossing: PSNR 49 dB on Beale's 100,000-step Adadelta, no difference to see.  The
chunks are fixed by the path alone, so a frame depends only on how far the path has got, never
on the frames drawn before it: ``frames()``, ``render_full()`` and a poster agree pixel for
pixel.
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.collections import LineCollection
from matplotlib.transforms import Affine2D, TransformedBbox

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
        self._chunks, self._rest = (LineCollection([], colors=[color], linewidths=linewidth,
                                                   capstyle="round", joinstyle="round")
                                    for _ in range(2))
        for lines in (self._chunks, self._rest):
            lines.set_figure(ax.figure)
        self._image: RendererAgg | None = None     # the whole chunks stroked so far, in the box
        self._done = 0                              # how many
        self._key = None                            # the drawing the image was made for
        self._box = (0, 0, 0, 0)                    # the image's place: left, bottom (pixels)

    @allow_rasterization
    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        if not isinstance(renderer, RendererAgg):      # a vector file (savefig to PDF, SVG)
            self._stroke_directly(renderer, 0)
            return
        whole = max(self.upto - 1, 0) // CHUNK          # chunks wholly reached
        key = (renderer.width, renderer.height, renderer.dpi, self._ax.bbox.bounds,
               tuple(self._ax.transData.get_matrix().ravel()))
        if key != self._key or whole < self._done:
            self._begin(renderer, key)
        if whole > self._done and self._image is not None:
            self._chunks.set_segments([self.line[k * CHUNK: (k + 1) * CHUNK + 1]
                                       for k in range(self._done, whole)])
            self._chunks.draw(self._image)
        self._done = whole
        if self._done and self._image is not None:
            gc = renderer.new_gc()
            renderer.draw_image(gc, *self._box, np.asarray(self._image.buffer_rgba())[::-1])
            gc.restore()
        self._stroke_directly(renderer, whole * CHUNK)

    def _stroke_directly(self, renderer, first: int) -> None:
        """Stroke the rows from *first* to ``upto`` on *renderer*, clipped to the axes."""
        self._rest.set_transform(self._ax.transData)
        self._rest.set_clip_path(self._ax.patch)
        self._rest.set_segments([self.line[first: self.upto]])
        self._rest.draw(renderer)
        self.stale = False

    def _begin(self, renderer, key) -> None:
        """A clear image over the whole path's box as *renderer* draws it (not cut at the axes:
        Agg reshapes a stroke at its image's border, so a border there would change the
        strokes' edges inside the axes), and the chunks' collection set to stroke into it,
        clipped to the axes."""
        self._key, self._done, self._image = key, 0, None
        pixels = self._ax.transData.transform(self.line)
        pixels = pixels[np.isfinite(pixels).all(axis=1)]
        if not len(pixels):
            return
        reach = self._chunks.get_linewidth()[0] * renderer.dpi / 72 / 2 + 2
        low = np.maximum(np.floor(pixels.min(axis=0) - reach), 0).astype(int)
        high = np.minimum(np.ceil(pixels.max(axis=0) + reach),
                          [renderer.width, renderer.height]).astype(int)
        if (high <= low).any():
            return
        self._box = (int(low[0]), int(low[1]))
        self._image = RendererAgg(int(high[0] - low[0]), int(high[1] - low[1]), renderer.dpi)
        shift = Affine2D().translate(-low[0], -low[1])        # whole pixels: the same strokes
        self._chunks.set_transform(self._ax.transData + shift)
        self._chunks.set_clip_box(TransformedBbox(self._ax.bbox, shift))
