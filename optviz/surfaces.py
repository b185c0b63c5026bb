"""Test surfaces: 2-D loss functions with exact analytic gradients.

Every ``f`` takes an array of points of shape ``(..., 2)`` and returns the loss, shape ``(...)``;
every ``grad`` returns the gradient with the same shape as its input.  Both are plain numpy, so
one call evaluates a whole grid or 100,000 starting points at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import _checks
from ._names import Registry

Point = tuple[float, float]


@dataclass(frozen=True)
class Surface:
    """A loss surface f(x, y) with its gradient and what is known about it.

    minima:     the global minima, where f equals ``min_value`` (empty if f is unbounded below).
    saddles:    saddle points worth marking, if any.
    starts:     default starting point(s) for optimizers.
    log_levels: True when the contours read better log-spaced (f − min_value spans decades).
    z_scale:    the 3-D height: "linear" (f itself) or "log" (log10 of f − min_value, for
                surfaces whose values span decades, such as Beale's 10^5).
    zlim:       the 3-D height's range; f is clipped to it (default: f's range in the view).
    """

    name: str
    description: str
    f: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    starts: tuple[Point, ...]
    minima: tuple[Point, ...] = ()
    min_value: float | None = None
    saddles: tuple[Point, ...] = ()
    log_levels: bool = False
    z_scale: str = "linear"
    zlim: tuple[float, float] | None = None
    notes: str = field(default="", repr=False)

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise _checks.WrongType("surface name", self.name, "must be a non-empty string")
        for name in ("xlim", "ylim"):
            object.__setattr__(self, name, _checks.limits(name, getattr(self, name)))
        for name in ("starts", "minima", "saddles"):
            points = getattr(self, name)
            if points is not None and len(points):
                object.__setattr__(self, name, tuple(map(tuple, _checks.points(
                    f"{self.name} {name}", points).reshape(-1, 2).tolist())))
        if self.min_value is not None:
            object.__setattr__(self, "min_value", _checks.number("min_value", self.min_value))
        if self.z_scale not in ("linear", "log"):
            raise _checks.Invalid("z_scale", self.z_scale, "must be 'linear' or 'log'")
        if self.zlim is not None:
            object.__setattr__(self, "zlim", _checks.limits("zlim", self.zlim))
        object.__setattr__(self, "log_levels", _checks.flag("log_levels", self.log_levels))
        if not callable(self.f):
            raise _checks.Invalid(f"f for surface {self.name!r}", self.f,
                                  "must be a callable of points of shape (..., 2)")
        if self.grad is None:           # a numerical gradient, as Surface.from_function's
            from .custom import numerical_gradient
            object.__setattr__(self, "grad", numerical_gradient(self.f, self.xlim, self.ylim))
        elif not callable(self.grad):
            raise _checks.Invalid(f"grad for surface {self.name!r}", self.grad,
                                  "must be a callable, or None for a numerical gradient")

    @classmethod
    def from_function(cls, f, grad=None, *, xlim=None, ylim=None, starts=None,
                      name: str = "custom", description: str | None = None) -> Surface:
        """A surface of the vectorized callable *f* on points of shape ``(..., 2)``; without
        *grad*, a numerical gradient: the complex step where *f* allows it (exact to
        rounding), central differences otherwise.  See :func:`optviz.custom.from_function`."""
        from .custom import from_function
        return from_function(f, grad, xlim=xlim, ylim=ylim, starts=starts, name=name,
                             description=description)


def _xy(p):
    p = np.asarray(p, dtype=np.float64)
    return p[..., 0], p[..., 1]


# Powers above 2 are written as products: numpy's x**3 calls pow() and is ten times slower.


# --- long valley -------------------------------------------------------------------------------

def _long_valley_f(p):
    x, y = _xy(p)
    return _log_cosh(x) / 10 + y**2


def _long_valley_grad(p):
    x, y = _xy(p)
    return np.stack([np.tanh(x) / 10, 2 * y], axis=-1)


def _log_cosh(x):
    """log(cosh x), without overflow for large |x|."""
    return np.logaddexp(x, -x) - np.log(2.0)


LONG_VALLEY_NOTES = """
The classic "long valley" animation never published its formula; this one tells its story.

    f(x, y) = log(cosh x) / 10 + y²

Across the valley (y) the walls are a parabola with curvature 2; along the floor (x) the slope is
tanh(x)/10, a constant 0.1 until the last unit before the minimum at the origin.  Plain SGD needs
lr < 1 to stay stable across the valley, and then moves along the floor by only lr·0.1 per step:
it crawls.  Momentum gathers speed along the constant slope (up to 1/(1−μ) times faster) while
it sloshes across the walls.  Per-coordinate adaptive methods (AdaGrad, RMSProp, Adam, Adadelta)
divide each gradient coordinate by its own running scale, so the tiny x-gradient is scaled up to
a step of about lr: they walk along the floor at full speed.  log cosh rather than a parabola
keeps the floor slope constant, so the crawl does not look like convergence.
"""

# --- saddle point ------------------------------------------------------------------------------


def _saddle_point_f(p):
    x, y = _xy(p)
    y2 = y * y
    return x * x - y2 + y2 * y2 / 4


def _saddle_point_grad(p):
    x, y = _xy(p)
    return np.stack([2 * x, (y * y - 2) * y], axis=-1)


SADDLE_POINT_NOTES = """
The classic "saddle point" animation never published its formula; this one tells its story.

    f(x, y) = x² − y² + y⁴/4

Near the origin this is the textbook saddle x² − y²: downhill towards the origin along x,
downhill away from it along y.  The quartic term closes the surface, with two minima at
(0, ±√2) where f = −1, so paths that escape settle in a basin instead of running to infinity.
Started on the ridge with a tiny y, SGD first slides along x into the saddle, where the escaping
gradient −2y is as tiny as y: y grows only by the factor (1 + 2·lr) per step, so SGD sits on the
ridge for a long time.  Adaptive methods divide that tiny gradient by its own tiny scale and step
about lr away at once, breaking the symmetry within a few steps.
"""

# --- the classic test functions ----------------------------------------------------------------


def _beale_terms(x, y):
    y2 = y * y
    y3 = y2 * y
    return y2, y3, 1.5 - x + x * y, 2.25 - x + x * y2, 2.625 - x + x * y3


def _beale_f(p):
    x, y = _xy(p)
    _, _, a, b, c = _beale_terms(x, y)
    return a * a + b * b + c * c


def _beale_grad(p):
    x, y = _xy(p)
    y2, y3, a, b, c = _beale_terms(x, y)
    dx = 2 * (a * (y - 1) + b * (y2 - 1) + c * (y3 - 1))
    dy = 2 * x * (a + 2 * b * y + 3 * c * y2)
    return np.stack([dx, dy], axis=-1)


def _elongated_bowl_f(p):
    x, y = _xy(p)
    return x**2 / 20 + y**2


def _elongated_bowl_grad(p):
    x, y = _xy(p)
    return np.stack([x / 10, 2 * y], axis=-1)


def _rosenbrock_f(p):
    x, y = _xy(p)
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def _rosenbrock_grad(p):
    x, y = _xy(p)
    return np.stack([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)], axis=-1)


def _himmelblau_f(p):
    x, y = _xy(p)
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def _himmelblau_grad(p):
    x, y = _xy(p)
    a, b = x**2 + y - 11, x + y**2 - 7
    return np.stack([4 * x * a + 2 * b, 2 * a + 4 * y * b], axis=-1)


def _rastrigin_f(p):
    x, y = _xy(p)
    return 20 + x**2 - 10 * np.cos(2 * np.pi * x) + y**2 - 10 * np.cos(2 * np.pi * y)


def _rastrigin_grad(p):
    x, y = _xy(p)
    return np.stack([2 * x + 20 * np.pi * np.sin(2 * np.pi * x),
                     2 * y + 20 * np.pi * np.sin(2 * np.pi * y)], axis=-1)


def _booth_f(p):
    x, y = _xy(p)
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


def _booth_grad(p):
    x, y = _xy(p)
    a, b = x + 2 * y - 7, 2 * x + y - 5
    return np.stack([2 * a + 4 * b, 4 * a + 2 * b], axis=-1)


def _six_hump_camel_f(p):
    x, y = _xy(p)
    x2, y2 = x * x, y * y
    return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (4 * y2 - 4) * y2


def _six_hump_camel_grad(p):
    x, y = _xy(p)
    x2 = x * x
    return np.stack([(8 - 8.4 * x2 + 2 * x2 * x2) * x + y, x + (16 * y * y - 8) * y], axis=-1)


def _monkey_saddle_f(p):
    x, y = _xy(p)
    return (x * x - 3 * y * y) * x


def _monkey_saddle_grad(p):
    x, y = _xy(p)
    return np.stack([3 * x**2 - 3 * y**2, -6 * x * y], axis=-1)


SURFACES: Registry = Registry("surface", {s.name: s for s in [
    Surface("long-valley", "long valley: f = log(cosh x)/10 + y², a narrow valley with a gentle floor",
            _long_valley_f, _long_valley_grad, xlim=(-11.0, 2.0), ylim=(-2.0, 2.0),
            starts=((-10.0, 1.5),), minima=((0.0, 0.0),), min_value=0.0, log_levels=True,
            notes=LONG_VALLEY_NOTES),
    Surface("saddle-point", "saddle point: f = x² − y² + y⁴/4, a saddle at the origin between two basins",
            _saddle_point_f, _saddle_point_grad, xlim=(-2.0, 2.0), ylim=(-2.0, 2.0),
            starts=((-1.8, 1e-4),), minima=((0.0, -2**0.5), (0.0, 2**0.5)), min_value=-1.0,
            saddles=((0.0, 0.0),), log_levels=False, notes=SADDLE_POINT_NOTES),
    Surface("beale", "Beale: f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
            _beale_f, _beale_grad, xlim=(-4.5, 4.5), ylim=(-4.5, 4.5),
            starts=((1.0, 1.5),), minima=((3.0, 0.5),), min_value=0.0, log_levels=True, z_scale="log"),
    Surface("elongated-bowl", "the book's bowl: f = x²/20 + y², 20 times steeper across than along",
            _elongated_bowl_f, _elongated_bowl_grad, xlim=(-10.0, 10.0), ylim=(-5.0, 5.0),
            starts=((-7.0, 2.0),), minima=((0.0, 0.0),), min_value=0.0),
    Surface("rosenbrock", "Rosenbrock: f = (1 − x)² + 100 (y − x²)², a curved banana valley",
            _rosenbrock_f, _rosenbrock_grad, xlim=(-2.0, 2.0), ylim=(-1.0, 3.0),
            starts=((-1.5, 2.5),), minima=((1.0, 1.0),), min_value=0.0, log_levels=True),
    Surface("himmelblau", "Himmelblau: f = (x² + y − 11)² + (x + y² − 7)², four equal minima",
            _himmelblau_f, _himmelblau_grad, xlim=(-5.0, 5.0), ylim=(-5.0, 5.0),
            starts=((-0.27, -0.92),),
            minima=((3.0, 2.0), (-2.805118086952745, 3.131312518250573),
                    (-3.779310253377747, -3.2831859912861696), (3.5844283403304917, -1.8481265269644034)),
            min_value=0.0,
            saddles=((0.08667750455539634, 2.884254701174776), (-3.0730257507643897, -0.08135304428796751),
                     (3.385154183607021, 0.07385187983774928), (-0.12796134673068005, -1.9537149802445766)),
            log_levels=True, z_scale="log"),
    Surface("rastrigin", "Rastrigin: f = 20 + Σ (v² − 10 cos 2πv) over v = x, y, a grid of local minima",
            _rastrigin_f, _rastrigin_grad, xlim=(-5.12, 5.12), ylim=(-5.12, 5.12),
            starts=((-4.2, 3.7),), minima=((0.0, 0.0),), min_value=0.0),
    Surface("booth", "Booth: f = (x + 2y − 7)² + (2x + y − 5)², a tilted quadratic bowl",
            _booth_f, _booth_grad, xlim=(-10.0, 10.0), ylim=(-10.0, 10.0),
            starts=((-8.0, -8.0),), minima=((1.0, 3.0),), min_value=0.0, log_levels=True, z_scale="log"),
    Surface("six-hump-camel", "six-hump camel: f = (4 − 2.1x² + x⁴/3) x² + xy + (4y² − 4) y²",
            _six_hump_camel_f, _six_hump_camel_grad, xlim=(-2.0, 2.0), ylim=(-1.1, 1.1),
            starts=((-1.8, 1.0),),
            minima=((0.08984201310031807, -0.7126564030207396), (-0.08984201310031807, 0.7126564030207396)),
            min_value=-1.0316284534898774),
    Surface("monkey-saddle", "monkey saddle: f = x³ − 3xy², three valleys meeting at a flat saddle",
            _monkey_saddle_f, _monkey_saddle_grad, xlim=(-2.0, 2.0), ylim=(-2.0, 2.0),
            starts=((1.8, 0.05),), saddles=((0.0, 0.0),)),
]})


def available_surfaces() -> list[str]:
    """The names accepted by :func:`get_surface`."""
    return list(SURFACES)


def as_surface(surface) -> Surface:
    """*surface* itself, or the surface its name or formula gives (see :func:`get_surface`)."""
    if isinstance(surface, Surface):
        return surface
    if not isinstance(surface, str):
        raise _checks.WrongType("surface", surface, "give a name such as 'beale', a formula in "
                                                   "x and y, or a Surface")
    return get_surface(surface)


def get_surface(name: str) -> Surface:
    """The surface called *name* (see :func:`available_surfaces`), or, for any other text but a
    bare word, the surface of that formula in x and y (``"x**2/20 + y**2"``, see
    :func:`optviz.surface`)."""
    if not isinstance(name, str) or name in SURFACES or (
            name.strip().isidentifier() and name.strip() not in ("x", "y")):
        return SURFACES[name]               # or the error for a name not known
    from .custom import surface
    return surface(name)
