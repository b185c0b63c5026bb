"""Surfaces of your own: from a formula (``surface("x**2/20 + y**2")``) or from a Python
function (``Surface.from_function(f)``), with a view, minima and a start found for them."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import _checks
from .formula import Formula
from .surfaces import Surface

__all__ = ["surface", "from_function", "numerical_gradient"]


def surface(text: str, *, xlim=None, ylim=None, starts=None, name: str | None = None) -> Surface:
    """The :class:`~optviz.Surface` of the formula *text* in x and y, its gradient exact (see
    :mod:`optviz.formula`).

    Without *xlim* and *ylim* the view is the box around the *starts* and the origin, enlarged
    by half (at least 2 wide), or -5 to 5 without starts.  Minima are found by descending from a
    grid over the view; the default start is near the view's top left corner.
    """
    formula = Formula(text)
    text = " ".join(formula.text.split())           # one line, single spaces, for the title
    return _surface(formula.f, formula.grad, xlim, ylim, starts, name or text, f"f = {text}")


def from_function(f: Callable, grad: Callable | None = None, *, xlim=None, ylim=None,
                  starts=None, name: str = "custom", description: str | None = None) -> Surface:
    """A :class:`~optviz.Surface` of the vectorized function *f* (an array of points of shape
    ``(..., 2)`` in, the losses of shape ``(...)`` out) and its gradient *grad* (same shapes in
    and out); the view, minima and start as for :func:`surface`.

    Without *grad*, the gradient is numerical (see :func:`numerical_gradient`): by the complex
    step where *f* computes with complex numbers and agrees with central differences there,
    accurate to rounding; else by central differences, accurate to about 1e-10 relative.
    """
    if not callable(f) or (grad is not None and not callable(grad)):
        raise ValueError(f"Invalid function: {f!r} (f and grad must be callables of points "
                         f"of shape (..., 2))")
    _probe(f, grad)

    def values(points):
        return np.asarray(f(np.asarray(points, dtype=np.float64)), dtype=np.float64)
    if grad is None:
        probe_x = _checks.limits("xlim", xlim) if xlim is not None else (-5.0, 5.0)
        probe_y = _checks.limits("ylim", ylim) if ylim is not None else (-5.0, 5.0)
        gradient = numerical_gradient(f, probe_x, probe_y)
    else:
        def gradient(points):
            return np.asarray(grad(np.asarray(points, dtype=np.float64)), dtype=np.float64)
    return _surface(values, gradient, xlim, ylim, starts, name,
                    description or getattr(f, "__doc__", None) or name)


def _probe(f: Callable, grad: Callable | None) -> None:
    """Call *f* (and *grad*) on three points, so a function of the wrong shape or kind is a
    clear error now rather than an IndexError deep inside a recording."""
    points = np.array([[0.1, 0.2], [0.3, -0.4], [-0.5, 0.6]])
    for name, function, shape in (("f", f, (3,)), ("grad", grad, (3, 2))):
        if function is None:
            continue
        try:
            with np.errstate(all="ignore"):
                result = np.asarray(function(points.copy()))
        except Exception as error:
            raise ValueError(f"Invalid {name}: calling it on points of shape (3, 2) raised "
                             f"{type(error).__name__}: {error} (it must take an array of points "
                             f"of shape (..., 2))") from None
        if result.shape != shape:
            raise ValueError(f"Invalid {name}: on points of shape (3, 2) it returned shape "
                             f"{result.shape} (must be {shape}: one "
                             f"{'value' if name == 'f' else 'gradient (x, y)'} per point)")
        if result.dtype.kind not in "iuf":
            raise ValueError(f"Invalid {name}: it returned {result.dtype} values (must be real "
                             f"numbers)")
        try:                                      # a grid of points, as the contours use
            with np.errstate(all="ignore"):
                grid = np.asarray(function(points[None].copy()))
        except Exception:
            grid = None
        if grid is None or grid.shape != (1, *shape):
            raise ValueError(f"Invalid {name}: it must take points of any shape (..., 2), such "
                             f"as a grid (1, 3, 2), not only (n, 2): use p[..., 0] and "
                             f"p[..., 1], not p[:, 0]")
        # Many starts, and every optimizer of an animation, are stepped in one call.
        with np.errstate(all="ignore"):
            alone = np.concatenate([np.asarray(function(points[i:i + 1].copy())).reshape(1, -1)
                                    for i in range(3)])
        if not np.allclose(alone.reshape(result.shape), result, rtol=1e-9, atol=0,
                           equal_nan=True):
            raise ValueError(f"Invalid {name}: its value at a point changes with the other "
                             f"points given with it (each point must be computed on its own, "
                             f"from p[..., 0] and p[..., 1])")


def numerical_gradient(f: Callable, xlim=(-5.0, 5.0), ylim=(-5.0, 5.0)) -> Callable:
    """The gradient of *f* by the complex step, ∂f/∂x ≈ Im f(x + ih, y) / h with h = 1e-20
    (no subtraction, so exact to rounding), when *f* accepts complex points and agrees at test
    points in the view with central differences; else central differences,
    (f(x + h) − f(x − h)) / 2h with h = 6e-6 · max(1, |x|)."""
    step = 1e-20
    unit = np.eye(2)

    def complex_step(points):
        points = np.asarray(points, dtype=np.float64)
        return np.stack([np.imag(f(points + 1j * step * unit[k])) / step for k in (0, 1)], -1)

    def central(points):
        points = np.asarray(points, dtype=np.float64)
        h = 6e-6 * np.maximum(1.0, np.abs(points))
        columns = []
        for k in (0, 1):
            shift = np.zeros_like(points)
            shift[..., k] = h[..., k]
            plus, minus = points + shift, points - shift
            columns.append((np.asarray(f(plus), float) - np.asarray(f(minus), float))
                           / (plus[..., k] - minus[..., k]))
        return np.stack(columns, -1)

    test = np.random.default_rng(0).uniform([xlim[0], ylim[0]], [xlim[1], ylim[1]], (16, 2))
    try:
        with np.errstate(all="ignore"):
            exact, rough = complex_step(test), central(test)
        if np.allclose(exact, rough, rtol=1e-5, atol=1e-8 * max(1.0, np.abs(rough).max())):
            return complex_step
    except (TypeError, ValueError, AttributeError):
        pass
    return central


def _surface(f, grad, xlim, ylim, starts, name, description) -> Surface:
    points = None if starts is None else _checks.points("starts", starts).reshape(-1, 2)
    xlim = _checks.limits("xlim", _view(points, 0) if xlim is None else xlim)
    ylim = _checks.limits("ylim", _view(points, 1) if ylim is None else ylim)
    if points is None:
        points = _default_start(f, grad, xlim, ylim)
    probe = Surface(name, description, f, grad, xlim=xlim, ylim=ylim, starts=())
    minima, low, spread = _minima(probe)
    return Surface(name, description, f, grad, xlim=xlim, ylim=ylim,
                   starts=tuple((float(x), float(y)) for x, y in points), minima=minima,
                   min_value=low if minima else None, log_levels=spread > 3)


def _default_start(f, grad, xlim, ylim) -> np.ndarray:
    """Near the view's top left corner (15% in from each side), or, where f or its gradient
    has no value there (sqrt(x)), the point nearest to it on a grid over the view where both
    have one."""
    corner = np.array([xlim[0] + 0.15 * (xlim[1] - xlim[0]), ylim[1] - 0.15 * (ylim[1] - ylim[0])])
    grid = np.stack(np.meshgrid(np.linspace(*xlim, 21)[1:-1], np.linspace(*ylim, 21)[1:-1]),
                    -1).reshape(-1, 2)
    candidates = np.concatenate([corner[None], grid[np.argsort(np.hypot(*(grid - corner).T))]])
    with np.errstate(all="ignore"):
        finite = np.isfinite(f(candidates)) & np.isfinite(grad(candidates)).all(axis=-1)
    return candidates[np.argmax(finite)][None] if finite.any() else corner[None]


def _view(points, axis: int) -> tuple[float, float]:
    if points is None:
        return -5.0, 5.0
    low, high = min(points[:, axis].min(), 0.0), max(points[:, axis].max(), 0.0)
    half = max((high - low) * 0.75, 1.0)
    middle = (low + high) / 2
    return middle - half, middle + half


def _minima(probe: Surface):
    """(minima found, lowest f found, decades that f − lowest spans over the view), by Adam
    from a grid over the view."""
    from .optimizers import get_optimizer
    from .trajectory import record

    formula, xlim, ylim = probe, probe.xlim, probe.ylim
    size = min(xlim[1] - xlim[0], ylim[1] - ylim[0])
    grid = np.stack(np.meshgrid(np.linspace(*xlim, 12), np.linspace(*ylim, 12)), -1).reshape(-1, 2)
    with np.errstate(all="ignore"):
        grid = grid[np.isfinite(formula.f(grid))]      # record() starts only where f has a value
    if not len(grid):
        return (), None, 0.0
    path = record(probe, get_optimizer("adam", lr=0.01 * size), grid, 400)
    settled = path.points[-1][path.diverged_at < 0]
    # Then with steps a hundred times smaller, to settle on the minimum instead of about it.
    if len(settled):
        path = record(probe, get_optimizer("adam", lr=1e-4 * size), settled, 800)
    with np.errstate(all="ignore"):
        ends = path.points[-1][path.diverged_at < 0]
        values = formula.f(ends)
        view = formula.f(np.stack(np.meshgrid(np.linspace(*xlim, 60), np.linspace(*ylim, 60)), -1))
    # A lowest point on the view's edge is where f falls away out of view, not a minimum.
    margin = 0.01 * size
    inside = ((ends[:, 0] > xlim[0] + margin) & (ends[:, 0] < xlim[1] - margin)
              & (ends[:, 1] > ylim[0] + margin) & (ends[:, 1] < ylim[1] - margin))
    ends, values = ends[inside & np.isfinite(values)], values[inside & np.isfinite(values)]
    finite = view[np.isfinite(view)]
    if not len(ends) or (path.diverged_at >= 0).mean() > 0.5:
        return (), None, 0.0                      # unbounded below, or nothing settles in view
    low = float(values.min())
    span = float(finite.max() - low) if finite.size else 0.0
    lowest = ends[values <= low + 1e-9 * max(span, 1e-12)]
    minima = []
    for point in lowest:
        if all(np.hypot(*(point - m)) > 0.02 * size for m in minima):
            minima.append(point)
    if _one_floor(formula.f, np.array(minima), low + 1e-3 * max(span, 1e-12)):
        minima = []                              # a flat floor (x**400 near 0), not points
    above = finite - low
    with np.errstate(all="ignore"):          # a ratio beyond float's range is many decades
        spread = float(np.log10(above.max() / above[above > 0].min())) if (above > 0).any() else 0.0
    return tuple((round(float(x), 6) + 0.0, round(float(y), 6) + 0.0) for x, y in minima), low, spread


def _one_floor(f, minima: np.ndarray, ceiling: float) -> bool:
    """Whether a lowest point found is joined to its nearest neighbour by a floor about as low
    as they are (f at their midpoint no higher than *ceiling*): a valley floor, a ring."""
    if len(minima) < 2:
        return False
    distances = np.hypot(*(minima[:, None] - minima[None, :]).transpose(2, 0, 1))
    np.fill_diagonal(distances, np.inf)
    middles = (minima + minima[distances.argmin(axis=1)]) / 2
    with np.errstate(all="ignore"):
        return bool((f(middles) <= ceiling).any())
