"""optviz: animate how gradient-descent optimizers move across 2-D loss surfaces.

    >>> import optviz
    >>> path = optviz.record("beale", optviz.get_optimizer("adam", lr=0.1), (1.0, 1.5), steps=300)
    >>> path.points.shape
    (301, 2)
    >>> optviz.animate("beale", {"sgd": {"lr": 0.001}, "adam": {"lr": 0.05}}).save("beale.gif")
    PosixPath('beale.gif')
"""

from .animation import Animation, animate
from .basin_map import BasinMap, basins
from .optimizers import Optimizer, available_optimizers, get_optimizer
from .runs import Run, parse_runs, sweep
from .scenes import Scene, available_scenes, get_scene
from .custom import surface
from .formula import FormulaError
from .render.style import Theme, get_theme
from .surfaces import Surface, available_surfaces, get_surface
from .torch_adapter import from_torch
from .trajectory import Trajectory, record, record_all

__version__ = "0.1.0"

__all__ = [
    "Animation", "BasinMap", "Optimizer", "Run", "Scene", "Surface", "Theme", "Trajectory", "animate",
    "basins", "surface", "FormulaError", "from_torch",
    "available_optimizers", "parse_runs", "sweep",
    "available_scenes", "available_surfaces", "get_optimizer", "get_scene", "get_theme", "get_surface", "record",
    "record_all",
    "__version__",
]
