"""The torch.optim flavor: each rule as torch.optim 2.x applies it, plus Lion.

Names, defaults and semantics follow torch.optim; each rule applies its terms in the order of
torch's single-tensor code path, so float64 trajectories agree with torch to rounding (tested
against stored torch trajectories in tests/data).  In the formulas, g is the gradient (negated
first when ``maximize``), t the 1-based step count, p the parameters, and all operations on
vectors are elementwise.

Weight decay, where a rule has it, is L2 (``g ← g + λ p``) unless it says *decoupled*
(``p ← p (1 − lr λ)`` before the step), as in AdamW.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import Invalid, at_least, beta_pair, flag, in_interval, number, pair
from .._names import Registry
from .base import Optimizer, lerp

FLAVOR = "torch"


def _signed(grads: np.ndarray, maximize: bool) -> np.ndarray:
    return -grads if maximize else grads


def _weight_decay(g, params, lr, weight_decay, decoupled):
    """L2 weight decay, g ← g + λ p, or decoupled (AdamW-style), p ← p (1 − lr λ)."""
    if weight_decay == 0:
        return g, params
    if decoupled:
        return g, params * (1 - lr * weight_decay)
    return g + weight_decay * params, params


class SGDState(NamedTuple):
    momentum_buffer: np.ndarray | None


def sgd(*, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, maximize=False):
    """Stochastic gradient descent, with optional (Nesterov) momentum, as ``torch.optim.SGD``.

        g ← g + λ p                              (weight_decay λ)
        b ← g                                    (first step)
        b ← μ b + (1 − τ) g                      (later steps; momentum μ, dampening τ)
        g ← g + μ b  if nesterov,  else  g ← b   (only when μ ≠ 0)
        p ← p − lr g

    Note torch's Nesterov form evaluates the gradient at p, not at the look-ahead point; it is
    the Sutskever et al. rule rewritten in the variable p + μ b.
    """
    lr = at_least("lr", lr, 0.0)
    momentum = at_least("momentum", momentum, 0.0)
    dampening = number("dampening", dampening)
    weight_decay = at_least("weight_decay", weight_decay, 0.0)
    nesterov, maximize = flag("nesterov", nesterov), flag("maximize", maximize)
    if nesterov and (momentum <= 0 or dampening != 0):
        raise Invalid(
            "nesterov", True, f"requires momentum > 0 and dampening = 0, "
            f"got momentum={momentum:g}, dampening={dampening:g}"
        )

    def init(params):
        return SGDState(None)

    def update(grads, state, params):
        g = _signed(grads, maximize)
        if weight_decay != 0:
            g = g + weight_decay * params
        buffer = state.momentum_buffer
        if momentum != 0:
            buffer = g.copy() if buffer is None else buffer * momentum + (1 - dampening) * g
            g = g + momentum * buffer if nesterov else buffer
        return params + (-lr) * g, SGDState(buffer)

    return Optimizer("sgd", FLAVOR, dict(lr=lr, momentum=momentum, dampening=dampening,
                                         weight_decay=weight_decay, nesterov=nesterov,
                                         maximize=maximize), init, update)


class AdagradState(NamedTuple):
    count: int
    sum: np.ndarray


def adagrad(*, lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10,
            maximize=False):
    """AdaGrad (Duchi et al. 2011), as ``torch.optim.Adagrad``.

        g ← g + λ p
        s ← s + g²                       (s starts at initial_accumulator_value)
        p ← p − lr / (1 + (t − 1) lr_decay) · g / (√s + ε)

    ε is added outside the square root, as in the book's code, but defaults to 1e-10 (book 1e-7).
    """
    lr = at_least("lr", lr, 0.0)
    lr_decay = at_least("lr_decay", lr_decay, 0.0)
    weight_decay = at_least("weight_decay", weight_decay, 0.0)
    initial_accumulator_value = at_least("initial_accumulator_value", initial_accumulator_value, 0.0)
    eps = at_least("eps", eps, 0.0)
    maximize = flag("maximize", maximize)

    def init(params):
        return AdagradState(0, np.full_like(params, initial_accumulator_value))

    def update(grads, state, params):
        t = state.count + 1
        g = _signed(grads, maximize)
        if weight_decay != 0:
            g = g + weight_decay * params
        clr = lr / (1 + (t - 1) * lr_decay)
        total = state.sum + g * g
        return params + (-clr * g) / (np.sqrt(total) + eps), AdagradState(t, total)

    return Optimizer("adagrad", FLAVOR, dict(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                                             initial_accumulator_value=initial_accumulator_value,
                                             eps=eps, maximize=maximize), init, update)


class RMSpropState(NamedTuple):
    square_avg: np.ndarray
    grad_avg: np.ndarray
    momentum_buffer: np.ndarray


def rmsprop(*, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False,
            maximize=False):
    """RMSProp (Hinton's lecture 6e), as ``torch.optim.RMSprop``.

        g ← g + λ p
        v ← α v + (1 − α) g²
        c ← α c + (1 − α) g,  d ← √(v − c²) + ε      if centered
                              d ← √v + ε             otherwise
        b ← μ b + g / d,  p ← p − lr b               if momentum μ > 0
        p ← p − lr g / d                              otherwise

    The book's RMSprop is the uncentered rule without momentum, with ε = 1e-7.
    """
    lr = at_least("lr", lr, 0.0)
    alpha = at_least("alpha", alpha, 0.0)
    eps = at_least("eps", eps, 0.0)
    weight_decay = at_least("weight_decay", weight_decay, 0.0)
    momentum = at_least("momentum", momentum, 0.0)
    centered, maximize = flag("centered", centered), flag("maximize", maximize)

    def init(params):
        zeros = np.zeros_like(params)
        return RMSpropState(zeros, zeros, zeros)

    def update(grads, state, params):
        g = _signed(grads, maximize)
        if weight_decay != 0:
            g = g + weight_decay * params
        square_avg = state.square_avg * alpha + (1 - alpha) * g * g
        grad_avg = state.grad_avg
        if centered:
            grad_avg = lerp(grad_avg, g, 1 - alpha)
            denom = np.sqrt(square_avg - grad_avg * grad_avg) + eps
        else:
            denom = np.sqrt(square_avg) + eps
        buffer = state.momentum_buffer
        if momentum > 0:
            buffer = buffer * momentum + g / denom
            params = params + (-lr) * buffer
        else:
            params = params + (-lr * g) / denom
        return params, RMSpropState(square_avg, grad_avg, buffer)

    return Optimizer("rmsprop", FLAVOR, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
                                             momentum=momentum, centered=centered,
                                             maximize=maximize), init, update)


class AdamState(NamedTuple):
    count: int
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray
    max_exp_avg_sq: np.ndarray


def _adam(name, lr, betas_, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay):
    lr = at_least("lr", lr, 0.0)
    beta1, beta2 = beta_pair(betas_)
    eps = at_least("eps", eps, 0.0)
    weight_decay = at_least("weight_decay", weight_decay, 0.0)
    amsgrad, maximize = flag("amsgrad", amsgrad), flag("maximize", maximize)
    decoupled = flag("decoupled_weight_decay", decoupled_weight_decay)

    def init(params):
        zeros = np.zeros_like(params)
        return AdamState(0, zeros, zeros, zeros)

    def update(grads, state, params):
        t = state.count + 1
        g, params = _weight_decay(_signed(grads, maximize), params, lr, weight_decay, decoupled)
        exp_avg = lerp(state.exp_avg, g, 1 - beta1)
        exp_avg_sq = state.exp_avg_sq * beta2 + (1 - beta2) * g * g
        step_size = lr / (1 - beta1 ** t)
        bias_correction2_sqrt = (1 - beta2 ** t) ** 0.5
        max_exp_avg_sq = np.maximum(state.max_exp_avg_sq, exp_avg_sq) if amsgrad else state.max_exp_avg_sq
        second_moment = max_exp_avg_sq if amsgrad else exp_avg_sq
        denom = np.sqrt(second_moment) / bias_correction2_sqrt + eps
        params = params + (-step_size * exp_avg) / denom
        return params, AdamState(t, exp_avg, exp_avg_sq, max_exp_avg_sq)

    hyper = dict(lr=lr, betas=(beta1, beta2), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                 maximize=maximize)
    if name == "adam":
        hyper["decoupled_weight_decay"] = decoupled
    return Optimizer(name, FLAVOR, hyper, init, update)


def adam(*, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, maximize=False,
         decoupled_weight_decay=False):
    """Adam (Kingma & Ba 2015), as ``torch.optim.Adam``.

        g ← g + λ p                      (or decoupled: p ← p (1 − lr λ))
        m ← β₁ m + (1 − β₁) g
        v ← β₂ v + (1 − β₂) g²
        v̂ ← max(v̂, v) if amsgrad, else v̂ = v
        p ← p − lr / (1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + ε)

    Differs from the book's Adam only in where ε sits: the book divides by √v + ε with the bias
    corrections folded into the learning rate, which is this rule with ε / √(1 − β₂ᵗ) in place
    of ε (32 times larger at step 1).  Early on, while √v is not much larger than ε, and
    wherever the gradient vanishes, the two step differently.
    """
    return _adam("adam", lr, betas, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay)


def adamw(*, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, maximize=False):
    """AdamW (Loshchilov & Hutter 2019), as ``torch.optim.AdamW``: Adam with decoupled weight decay.

        p ← p (1 − lr λ), then the Adam step.
    """
    return _adam("adamw", lr, betas, eps, weight_decay, amsgrad, maximize, True)


class AdamaxState(NamedTuple):
    count: int
    exp_avg: np.ndarray
    exp_inf: np.ndarray


def adamax(*, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False):
    """Adamax (Kingma & Ba 2015, section 7), as ``torch.optim.Adamax``.

        g ← g + λ p
        m ← β₁ m + (1 − β₁) g
        u ← max(β₂ u, |g| + ε)
        p ← p − lr / (1 − β₁ᵗ) · m / u
    """
    lr = at_least("lr", lr, 0.0)
    beta1, beta2 = beta_pair(betas)
    eps = at_least("eps", eps, 0.0)
    weight_decay = at_least("weight_decay", weight_decay, 0.0)
    maximize = flag("maximize", maximize)

    def init(params):
        zeros = np.zeros_like(params)
        return AdamaxState(0, zeros, zeros)

    def update(grads, state, params):
        t = state.count + 1
        g = _signed(grads, maximize)
        if weight_decay != 0:
            g = g + weight_decay * params
        exp_avg = lerp(state.exp_avg, g, 1 - beta1)
        exp_inf = np.maximum(state.exp_inf * beta2, np.abs(g) + eps)
        clr = lr / (1 - beta1 ** t)
        return params + (-clr * exp_avg) / exp_inf, AdamaxState(t, exp_avg, exp_inf)

    return Optimizer("adamax", FLAVOR, dict(lr=lr, betas=(beta1, beta2), eps=eps,
                                            weight_decay=weight_decay, maximize=maximize),
                     init, update)


class NAdamState(NamedTuple):
    count: int
    mu_product: float
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray


def nadam(*, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3,
          decoupled_weight_decay=False, maximize=False):
    """NAdam (Dozat 2016), as ``torch.optim.NAdam``, with its momentum schedule.

        g ← g + λ p                      (or decoupled: p ← p (1 − lr λ))
        μₜ = β₁ (1 − ½ · 0.96^(t ψ)),  Πₜ = μ₁ ⋯ μₜ      (momentum_decay ψ)
        m ← β₁ m + (1 − β₁) g,  v ← β₂ v + (1 − β₂) g²
        d = √(v / (1 − β₂ᵗ)) + ε
        p ← p − lr (1 − μₜ) / (1 − Πₜ) · g / d − lr μₜ₊₁ / (1 − Πₜ μₜ₊₁) · m / d
    """
    lr = at_least("lr", lr, 0.0)
    beta1, beta2 = beta_pair(betas)
    eps = at_least("eps", eps, 0.0)
    weight_decay = at_least("weight_decay", weight_decay, 0.0)
    momentum_decay = at_least("momentum_decay", momentum_decay, 0.0)
    decoupled = flag("decoupled_weight_decay", decoupled_weight_decay)
    maximize = flag("maximize", maximize)

    def init(params):
        zeros = np.zeros_like(params)
        return NAdamState(0, 1.0, zeros, zeros)

    def update(grads, state, params):
        t = state.count + 1
        g, params = _weight_decay(_signed(grads, maximize), params, lr, weight_decay, decoupled)
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (t * momentum_decay)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((t + 1) * momentum_decay)))
        mu_product = state.mu_product * mu
        exp_avg = lerp(state.exp_avg, g, 1 - beta1)
        exp_avg_sq = state.exp_avg_sq * beta2 + (1 - beta2) * g * g
        denom = np.sqrt(exp_avg_sq / (1 - beta2 ** t)) + eps
        params = params + (-lr * (1.0 - mu) / (1.0 - mu_product)) * g / denom
        params = params + ((-lr * mu_next) / (1.0 - mu_product * mu_next)) * exp_avg / denom
        return params, NAdamState(t, mu_product, exp_avg, exp_avg_sq)

    return Optimizer("nadam", FLAVOR, dict(lr=lr, betas=(beta1, beta2), eps=eps,
                                           weight_decay=weight_decay, momentum_decay=momentum_decay,
                                           decoupled_weight_decay=decoupled, maximize=maximize),
                     init, update)


class RAdamState(NamedTuple):
    count: int
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray


def radam(*, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled_weight_decay=False,
          maximize=False):
    """RAdam (Liu et al. 2020), as ``torch.optim.RAdam``: Adam whose adaptive term is switched on
    only once the variance of v can be estimated, and then rectified.

        g ← g + λ p                      (or decoupled: p ← p (1 − lr λ))
        m ← β₁ m + (1 − β₁) g,  v ← β₂ v + (1 − β₂) g²,  m̂ = m / (1 − β₁ᵗ)
        ρ∞ = 2 / (1 − β₂) − 1,  ρₜ = ρ∞ − 2 t β₂ᵗ / (1 − β₂ᵗ)
        if ρₜ > 5:  r = √((ρₜ − 4)(ρₜ − 2) ρ∞ / ((ρ∞ − 4)(ρ∞ − 2) ρₜ))
                    p ← p − lr m̂ · √(1 − β₂ᵗ) / (√v + ε) · r
        else:       p ← p − lr m̂          (plain momentum SGD for the first few steps)
    """
    lr = at_least("lr", lr, 0.0)
    beta1, beta2 = beta_pair(betas)
    eps = at_least("eps", eps, 0.0)
    weight_decay = at_least("weight_decay", weight_decay, 0.0)
    decoupled = flag("decoupled_weight_decay", decoupled_weight_decay)
    maximize = flag("maximize", maximize)
    rho_inf = 2 / (1 - beta2) - 1

    def init(params):
        zeros = np.zeros_like(params)
        return RAdamState(0, zeros, zeros)

    def update(grads, state, params):
        t = state.count + 1
        g, params = _weight_decay(_signed(grads, maximize), params, lr, weight_decay, decoupled)
        exp_avg = lerp(state.exp_avg, g, 1 - beta1)
        exp_avg_sq = state.exp_avg_sq * beta2 + (1 - beta2) * g * g
        bias_correction2 = 1 - beta2 ** t
        corrected = exp_avg / (1 - beta1 ** t)
        rho_t = rho_inf - 2 * t * (beta2 ** t) / bias_correction2
        if rho_t > 5.0:
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            # torch evaluates scalar / tensor as reciprocal(tensor) * scalar
            adaptive = (1.0 / (np.sqrt(exp_avg_sq) + eps)) * bias_correction2 ** 0.5
            params = params - corrected * lr * adaptive * rect
        else:
            params = params - corrected * lr
        return params, RAdamState(t, exp_avg, exp_avg_sq)

    return Optimizer("radam", FLAVOR, dict(lr=lr, betas=(beta1, beta2), eps=eps,
                                           weight_decay=weight_decay,
                                           decoupled_weight_decay=decoupled, maximize=maximize),
                     init, update)


class AdadeltaState(NamedTuple):
    square_avg: np.ndarray
    acc_delta: np.ndarray


def adadelta(*, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, maximize=False):
    """Adadelta (Zeiler 2012), as ``torch.optim.Adadelta`` (lr scales the step; 1.0 is the paper).

        g ← g + λ p
        v ← ρ v + (1 − ρ) g²
        Δ = √(u + ε) / √(v + ε) · g
        u ← ρ u + (1 − ρ) Δ²
        p ← p − lr Δ
    """
    lr = at_least("lr", lr, 0.0)
    rho = in_interval("rho", rho, 0.0, 1.0, closed_high=True)
    eps = at_least("eps", eps, 0.0)
    weight_decay = at_least("weight_decay", weight_decay, 0.0)
    maximize = flag("maximize", maximize)

    def init(params):
        zeros = np.zeros_like(params)
        return AdadeltaState(zeros, zeros)

    def update(grads, state, params):
        g = _signed(grads, maximize)
        if weight_decay != 0:
            g = g + weight_decay * params
        square_avg = state.square_avg * rho + (1 - rho) * g * g
        delta = np.sqrt(state.acc_delta + eps) / np.sqrt(square_avg + eps) * g
        acc_delta = state.acc_delta * rho + (1 - rho) * delta * delta
        return params + (-lr) * delta, AdadeltaState(square_avg, acc_delta)

    return Optimizer("adadelta", FLAVOR, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay,
                                              maximize=maximize), init, update)


class RpropState(NamedTuple):
    prev: np.ndarray
    step_size: np.ndarray


def rprop(*, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), maximize=False):
    """Rprop (Riedmiller & Braun 1993), as ``torch.optim.Rprop``: only the gradient's sign is used.

        s = g · g_prev
        δ ← clip(δ · η₊, δ_min, δ_max)  where s > 0        (δ starts at lr)
        δ ← clip(δ · η₋, δ_min, δ_max), g ← 0  where s < 0  (sign flipped: back off, skip)
        p ← p − sign(g) δ,  g_prev ← g
    """
    lr = at_least("lr", lr, 0.0)
    etaminus, etaplus = (number("etas", eta) for eta in pair("etas", etas))
    if not 0.0 < etaminus < 1.0 < etaplus:
        raise Invalid("etas", (etaminus, etaplus), "must satisfy 0 < etas[0] < 1 < etas[1]")
    step_min, step_max = (number("step_sizes", size) for size in pair("step_sizes", step_sizes))
    if not 0.0 <= step_min <= step_max:
        raise Invalid("step_sizes", (step_min, step_max), "must satisfy 0 <= min <= max")
    maximize = flag("maximize", maximize)

    def init(params):
        return RpropState(np.zeros_like(params), np.full_like(params, lr))

    def update(grads, state, params):
        g = _signed(grads, maximize)
        agreement = np.sign(g * state.prev)
        factor = np.where(agreement > 0, etaplus, np.where(agreement < 0, etaminus, 1.0))
        step_size = np.clip(state.step_size * factor, step_min, step_max)
        g = np.where(agreement < 0, 0.0, g)
        return params - np.sign(g) * step_size, RpropState(g, step_size)

    return Optimizer("rprop", FLAVOR, dict(lr=lr, etas=(etaminus, etaplus),
                                           step_sizes=(step_min, step_max), maximize=maximize),
                     init, update)


class ASGDState(NamedTuple):
    count: int
    eta: float
    mu: float
    ax: np.ndarray


def asgd(*, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0.0, maximize=False):
    """Averaged SGD (Polyak & Juditsky 1992), as ``torch.optim.ASGD``.  The path shown is p; the
    running average ā (used after step t0) is kept in the state, as torch keeps it.

        g ← g + λ_wd p
        p ← p (1 − λ ηₜ) − ηₜ g                 (η₁ = lr; lambd λ)
        ā ← ā + μₜ (p − ā)                      (μ₁ = 1)
        ηₜ₊₁ = lr / (1 + λ lr t)^α,  μₜ₊₁ = 1 / max(1, t − t0)
    """
    lr = at_least("lr", lr, 0.0)
    lambd = at_least("lambd", lambd, 0.0)
    alpha = at_least("alpha", alpha, 0.0)
    t0 = at_least("t0", t0, 0.0)
    weight_decay = at_least("weight_decay", weight_decay, 0.0)
    maximize = flag("maximize", maximize)

    def init(params):
        return ASGDState(0, lr, 1.0, np.zeros_like(params))

    def update(grads, state, params):
        t = state.count + 1
        g = _signed(grads, maximize)
        if weight_decay != 0:
            g = g + weight_decay * params
        params = params * (1 - lambd * state.eta) + (-state.eta) * g
        ax = state.ax + (params - state.ax) * state.mu if state.mu != 1 else params.copy()
        eta = lr / ((1 + lambd * lr * t) ** alpha)
        mu = 1 / max(1, t - t0)
        return params, ASGDState(t, eta, mu, ax)

    return Optimizer("asgd", FLAVOR, dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0,
                                          weight_decay=weight_decay, maximize=maximize), init, update)


class LionState(NamedTuple):
    exp_avg: np.ndarray


def lion(*, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0, maximize=False):
    """Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"), as in the paper's
    pseudocode and optax.lion (torch.optim has no Lion).  Every coordinate moves by exactly lr.

        c = β₁ m + (1 − β₁) g
        p ← p − lr (sign(c) + λ p)                (decoupled weight decay λ)
        m ← β₂ m + (1 − β₂) g

    The paper suggests an lr 3-10x smaller than AdamW's and a weight decay 3-10x larger.
    """
    lr = at_least("lr", lr, 0.0)
    beta1, beta2 = beta_pair(betas)
    weight_decay = at_least("weight_decay", weight_decay, 0.0)
    maximize = flag("maximize", maximize)

    def init(params):
        return LionState(np.zeros_like(params))

    def update(grads, state, params):
        g = _signed(grads, maximize)
        if weight_decay != 0:
            params = params * (1 - lr * weight_decay)
        direction = np.sign(state.exp_avg * beta1 + (1 - beta1) * g)
        params = params + (-lr) * direction
        return params, LionState(state.exp_avg * beta2 + (1 - beta2) * g)

    return Optimizer("lion", FLAVOR, dict(lr=lr, betas=(beta1, beta2), weight_decay=weight_decay,
                                          maximize=maximize), init, update)


def momentum(*, lr=1e-3, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=False, maximize=False):
    """SGD with momentum 0.9 (an alias of ``sgd(momentum=0.9)``)."""
    opt = sgd(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
              nesterov=nesterov, maximize=maximize)
    return Optimizer("momentum", FLAVOR, opt.hyperparameters, opt.init, opt.update)


def nesterov(*, lr=1e-3, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=True, maximize=False):
    """SGD with Nesterov momentum 0.9 (an alias of ``sgd(momentum=0.9, nesterov=True)``)."""
    opt = sgd(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
              nesterov=nesterov, maximize=maximize)
    return Optimizer("nesterov", FLAVOR, opt.hyperparameters, opt.init, opt.update)


RULES = Registry(f"{FLAVOR} optimizer", {rule.__name__: rule for rule in (
    sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, adamax, nadam, radam, adadelta, rprop,
    asgd, lion,
)})
