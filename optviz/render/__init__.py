"""Renderers: turn recorded trajectories into a stream of frames (H×W×3 uint8 arrays).

A :class:`Stage` is the figure, the frame loop, the title, legend and step counter; each of its
panels draws one axes (:class:`ContourPanel`: 2-D contours; :class:`SurfacePanel`: the 3-D
surface):

    >>> series = [Series("adam (lr=0.1)", path)]
    >>> with Stage(series, frame_steps(300, 120), [ContourPanel(surface)]) as stage:
    ...     for frame in stage.frames():
    ...         writer.write(frame)         # frame is only valid until the next one
"""

from .contour import ContourPanel
from .loss import LossPanel
from .panel import Panel
from .series import Series
from .stage import Stage
from .surface3d import SurfacePanel
from .style import OKABE_ITO, THEMES, Theme, get_theme

__all__ = ["ContourPanel", "LossPanel", "Panel", "Series", "Stage", "SurfacePanel", "Theme", "THEMES", "get_theme",
           "OKABE_ITO"]
