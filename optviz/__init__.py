"""optviz: animate how gradient-descent optimizers move across 2-D loss surfaces.

    >>> import optviz
    >>> path = optviz.record("beale", optviz.get_optimizer("adam", lr=0.1), steps=300)
    >>> path.points.shape
    (301, 2)
"""

from .optimizers import Optimizer, available_optimizers, get_optimizer
from .surfaces import Surface, available_surfaces, get_surface
from .trajectory import Trajectory, record

__version__ = "0.1.0"

__all__ = [
    "Optimizer", "Surface", "Trajectory", "available_optimizers", "available_surfaces",
    "get_optimizer", "get_surface", "record", "__version__",
]
