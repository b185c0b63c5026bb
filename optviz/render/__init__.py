"""Renderers: turn recorded trajectories into a stream of frames (H×W×3 uint8 arrays).

    >>> with ContourRenderer(surface, [Series("adam (lr=0.1)", path)], frames=120) as r:
    ...     for frame in r.frames():
    ...         writer.append(frame)        # frame is only valid until the next one
"""

from .contour import ContourRenderer, Series, frame_steps
from .style import OKABE_ITO, THEMES, Theme, get_theme

__all__ = ["ContourRenderer", "Series", "frame_steps", "Theme", "THEMES", "get_theme",
           "OKABE_ITO"]
