"""What every optimizer is, and the checks its hyperparameters pass.

An optimizer is a pair of pure functions in the style of optax:

    state = init(params)
    params, state = update(grads, state, params)

``params`` and ``grads`` are float64 arrays of shape ``(..., 2)``, usually ``(n, 2)`` for n
starting points.  Every rule is elementwise, so one call advances all points at once with no
Python loop over them.  ``update`` returns the new parameters (not a delta) so that each rule can
apply its terms in exactly the order torch.optim does, which keeps trajectories equal to the last
bits of float64.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Optimizer:
    """A named optimizer: its hyperparameters and its ``init`` / ``update`` pair."""

    name: str
    flavor: str
    hyperparameters: Mapping[str, Any]
    init: Callable[[np.ndarray], Any]
    update: Callable[[np.ndarray, Any, np.ndarray], tuple[np.ndarray, Any]]

    @property
    def lr(self) -> float:
        return self.hyperparameters["lr"]

    @property
    def label(self) -> str:
        """Legend text, e.g. ``adam (lr=0.1)``."""
        return f"{self.name} (lr={self.lr:g})"


def lerp(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """``start + weight * (end - start)``, evaluated as torch's ``lerp_`` does.

    torch switches to ``end - (end - start) * (1 - weight)`` for weights of 0.5 and more to stay
    accurate near ``weight = 1``; matching it keeps our float64 trajectories equal to torch's.
    """
    if abs(weight) < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1.0 - weight)


# ---------------------------------------------------------------------------------------------
# Hyperparameter checks.  Each returns the value as the rule will use it, or raises a ValueError
# naming the parameter, its value and what it must be, in torch.optim's "Invalid lr: -0.1" style.


def _invalid(name: str, value: Any, requirement: str) -> ValueError:
    return ValueError(f"Invalid {name}: {value!r} ({requirement})")


def number(name: str, value: Any) -> float:
    """A finite real number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise _invalid(name, value, "must be a number")
    if isinstance(value, int) and abs(value) > 2**1023:     # beyond float's range
        raise ValueError(f"Invalid {name}: {value:.3g} (must be finite)")
    if not math.isfinite(value):
        raise _invalid(name, value, "must be finite")
    return float(value)


def at_least(name: str, value: Any, low: float) -> float:
    if number(name, value) < low:
        raise _invalid(name, value, f"must be >= {low:g}")
    return float(value)


def positive(name: str, value: Any) -> float:
    if number(name, value) <= 0:
        raise _invalid(name, value, "must be > 0")
    return float(value)


def in_interval(name: str, value: Any, low: float, high: float, *, closed_high: bool = False) -> float:
    """A number in ``[low, high)``, or ``[low, high]`` when *closed_high*."""
    number_ = number(name, value)
    if not (low <= number_ < high or (closed_high and number_ == high)):
        bracket = "]" if closed_high else ")"
        raise _invalid(name, value, f"must be in [{low:g}, {high:g}{bracket}")
    return number_


def flag(name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise _invalid(name, value, "must be True or False")
    return bool(value)


def pair(name: str, value: Any) -> tuple[Any, Any]:
    """A sequence of exactly two items, returned as a tuple."""
    try:
        first, second = value
    except (TypeError, ValueError):
        raise _invalid(name, value, "must be a pair of numbers") from None
    return first, second


def beta_pair(value: Any) -> tuple[float, float]:
    """Adam-style ``betas``: two numbers in [0, 1)."""
    beta1, beta2 = pair("betas", value)
    return (in_interval("betas[0]", beta1, 0.0, 1.0), in_interval("betas[1]", beta2, 0.0, 1.0))
