"""The textbook flavor: the six rules of *Deep Learning from Scratch* (ch. 6, ``common/optimizer.py``).

Each rule reproduces the book's code exactly, expression by expression, with torch's names for
its hyperparameters (the book's ``decay_rate`` is ``alpha``, ``beta1, beta2`` are ``betas``) and
the book's defaults.  Where the book and torch.optim differ, and when it shows:

- ε = 1e-7, added outside the square root (torch: 1e-8 for RMSprop/Adam, 1e-10 for Adagrad).
- Adam folds both bias corrections into the step, lrₜ = lr √(1 − β₂ᵗ) / (1 − β₁ᵗ), and divides by
  √v + ε.  torch divides by √v / √(1 − β₂ᵗ) + ε, which is the book's rule with ε replaced by
  ε √(1 − β₂ᵗ): the same ε weighs 1/√(1 − β₂ᵗ) times more in the book (32x at step 1 with
  β₂ = 0.999, fading to 1x over a few thousand steps), on top of its 10x larger default.  It shows
  wherever √v is not much larger than ε: on flat ground and near a minimum.
- Momentum keeps a velocity v ← μ v − lr g and steps p ← p + v; torch keeps b ← μ b + g and steps
  p ← p − lr b.  With a constant lr the two paths agree up to rounding (v = −lr b); torch's
  first step copies g into b, which is the same as starting from v = 0.
- Nesterov is the book's code, which updates v before using it:
      v ← μ v − lr g;   p ← p + μ² v − (1 + μ) lr g
  Bengio et al. (2012), whom the book cites, use the *old* v in the second line, which is the
  same path as torch's ``nesterov=True``.  Substituting, the book steps
      p ← p + μ³ v_old − (1 + μ + μ²) lr g     instead of     p ← p + μ² v_old − (1 + μ) lr g,
  a longer step along the gradient (2.71 lr g instead of 1.9 lr g for μ = 0.9).
- RMSprop: the book's ``decay_rate`` 0.99 is torch's ``alpha``; no momentum, not centered.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import Invalid, at_least, beta_pair, flag, in_interval, positive
from .._names import Registry
from .base import Optimizer

FLAVOR = "textbook"


class VelocityState(NamedTuple):
    v: np.ndarray | None


def sgd(*, lr=0.01, momentum=0.0, nesterov=False):
    """The book's ``SGD`` (p ← p − lr g); with ``momentum`` > 0 its ``Momentum``, and with
    ``nesterov`` its ``Nesterov``, so that ``sgd(momentum=0.9)`` means what it means in torch.

        SGD:       p ← p − lr g
        Momentum:  v ← μ v − lr g;  p ← p + v
        Nesterov:  v ← μ v − lr g;  p ← p + μ² v − (1 + μ) lr g     (v already updated)
    """
    lr = at_least("lr", lr, 0.0)
    momentum = at_least("momentum", momentum, 0.0)
    nesterov = flag("nesterov", nesterov)
    if nesterov and momentum <= 0:
        raise Invalid("nesterov", True, f"requires momentum > 0, got momentum={momentum:g}")

    def init(params):
        return VelocityState(np.zeros_like(params))

    def update(grads, state, params):
        if momentum == 0:
            return params - lr * grads, state
        v = momentum * state.v - lr * grads
        if nesterov:
            params = params + momentum * momentum * v
            return params - (1 + momentum) * lr * grads, VelocityState(v)
        return params + v, VelocityState(v)

    return Optimizer("sgd", FLAVOR, dict(lr=lr, momentum=momentum, nesterov=nesterov), init, update)


def momentum(*, lr=0.01, momentum=0.9, nesterov=False):
    """The book's ``Momentum`` (lr 0.01, μ 0.9):  v ← μ v − lr g;  p ← p + v."""
    opt = sgd(lr=lr, momentum=momentum, nesterov=nesterov)
    return Optimizer("momentum", FLAVOR, opt.hyperparameters, opt.init, opt.update)


def nesterov(*, lr=0.01, momentum=0.9, nesterov=True):
    """The book's ``Nesterov`` (lr 0.01, μ 0.9):  v ← μ v − lr g;  p ← p + μ² v − (1 + μ) lr g."""
    opt = sgd(lr=lr, momentum=momentum, nesterov=nesterov)
    return Optimizer("nesterov", FLAVOR, opt.hyperparameters, opt.init, opt.update)


class SquareSumState(NamedTuple):
    h: np.ndarray


def adagrad(*, lr=0.01, eps=1e-7):
    """The book's ``AdaGrad``:  h ← h + g²;  p ← p − lr g / (√h + ε)."""
    lr = at_least("lr", lr, 0.0)
    eps = positive("eps", eps)

    def init(params):
        return SquareSumState(np.zeros_like(params))

    def update(grads, state, params):
        h = state.h + grads * grads
        return params - lr * grads / (np.sqrt(h) + eps), SquareSumState(h)

    return Optimizer("adagrad", FLAVOR, dict(lr=lr, eps=eps), init, update)


def rmsprop(*, lr=0.01, alpha=0.99, eps=1e-7):
    """The book's ``RMSprop`` (its decay_rate is alpha):  h ← α h + (1 − α) g²;  p ← p − lr g / (√h + ε)."""
    lr = at_least("lr", lr, 0.0)
    alpha = in_interval("alpha", alpha, 0.0, 1.0, closed_high=True)
    eps = positive("eps", eps)

    def init(params):
        return SquareSumState(np.zeros_like(params))

    def update(grads, state, params):
        h = state.h * alpha
        h = h + (1 - alpha) * grads * grads
        return params - lr * grads / (np.sqrt(h) + eps), SquareSumState(h)

    return Optimizer("rmsprop", FLAVOR, dict(lr=lr, alpha=alpha, eps=eps), init, update)


class AdamState(NamedTuple):
    count: int
    m: np.ndarray
    v: np.ndarray


def adam(*, lr=0.001, betas=(0.9, 0.999), eps=1e-7):
    """The book's ``Adam``, with the bias corrections folded into the learning rate.

        lrₜ = lr √(1 − β₂ᵗ) / (1 − β₁ᵗ)
        m ← m + (1 − β₁)(g − m);   v ← v + (1 − β₂)(g² − v)
        p ← p − lrₜ m / (√v + ε)
    """
    lr = at_least("lr", lr, 0.0)
    beta1, beta2 = beta_pair(betas)
    eps = positive("eps", eps)

    def init(params):
        zeros = np.zeros_like(params)
        return AdamState(0, zeros, zeros)

    def update(grads, state, params):
        t = state.count + 1
        lr_t = lr * np.sqrt(1.0 - beta2 ** t) / (1.0 - beta1 ** t)
        m = state.m + (1 - beta1) * (grads - state.m)
        v = state.v + (1 - beta2) * (grads ** 2 - state.v)
        return params - lr_t * m / (np.sqrt(v) + eps), AdamState(t, m, v)

    return Optimizer("adam", FLAVOR, dict(lr=lr, betas=(beta1, beta2), eps=eps), init, update)


RULES = Registry(f"{FLAVOR} optimizer",
                 {rule.__name__: rule for rule in (sgd, momentum, nesterov, adagrad, rmsprop, adam)})
