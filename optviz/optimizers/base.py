"""What every optimizer is (its hyperparameters are checked by ``optviz._checks``).

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
