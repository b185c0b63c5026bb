"""Any optimizer with torch.optim's interface, stepped on a surface's gradient in float64.

    >>> adamw = optviz.from_torch(torch.optim.AdamW, lr=0.01, weight_decay=0.1)
    >>> optviz.animate("beale", [adamw, "adam"]).save("adamw.gif")

Each start is a parameter tensor of its own, of shape (2,), all in one optimizer: every start
is then a separate model, as it would be in training, whatever the rule does across a tensor
(Adafactor factors a matrix's rows and columns; LAMB-style rules scale by a tensor's norm), at
the price of a Python-level step per start.  Rules that are elementwise, as all of torch.optim's
classic ones are, may take ``batched=True``: all starts as one (n, 2) tensor, one step for all,
with the same trajectories.

At each step the surface's gradient (computed by optviz, in numpy) is written into ``.grad`` and
``step()`` is called.  An optimizer whose ``step`` needs a closure that re-evaluates the loss
(LBFGS) is refused: optviz gives gradients, not a model to re-evaluate.

torch is imported only here, when this is used; it is never a dependency of optviz.
"""

from __future__ import annotations

import inspect

import numpy as np

from . import _checks
from .optimizers import Optimizer

__all__ = ["from_torch", "is_torch_optimizer"]


def is_torch_optimizer(value) -> bool:
    """Whether *value* is a class with torch.optim's interface (without importing torch)."""
    return (isinstance(value, type) and callable(getattr(value, "step", None))
            and callable(getattr(value, "zero_grad", None)))


def from_torch(cls, *, batched: bool = False, **hyperparameters) -> Optimizer:
    """An :class:`~optviz.Optimizer` that steps the torch.optim-style class *cls*, built with
    *hyperparameters* (its own defaults for the rest), on every start (see the module
    docstring for *batched*)."""
    torch = _torch()
    batched = _checks.flag("batched", batched)
    if not is_torch_optimizer(cls):
        raise ValueError(f"Invalid optimizer class: {cls!r} (must be a class with the "
                         f"torch.optim interface, such as torch.optim.AdamW)")
    name = cls.__name__
    step = inspect.signature(cls.step).parameters.get("closure")
    if step is not None and step.default is inspect.Parameter.empty:
        raise ValueError(f"Invalid optimizer class: torch.optim.{name}'s step needs a closure "
                         f"that re-evaluates the loss; optviz steps optimizers on given "
                         f"gradients, so it cannot run {name}")
    probe = _build(torch, cls, [torch.zeros(2, dtype=torch.float64, requires_grad=True)],
                   hyperparameters)
    settings = dict(probe.defaults)

    def init(params: np.ndarray):
        flat = np.asarray(params, dtype=np.float64).reshape(-1, 2)
        if batched:
            tensors = [torch.tensor(flat, dtype=torch.float64, requires_grad=True)]
        else:
            tensors = [torch.tensor(row, dtype=torch.float64, requires_grad=True) for row in flat]
        return _State(tensors, _build(torch, cls, tensors, hyperparameters), np.shape(params))

    def update(grads: np.ndarray, state: _State, params: np.ndarray):
        flat = np.asarray(grads, dtype=np.float64).reshape(-1, 2)
        rows = [flat] if batched else flat
        try:
            for tensor, grad in zip(state.tensors, rows):
                tensor.grad = torch.from_numpy(np.array(grad))
            with torch.no_grad():
                state.optimizer.step()
        except ArithmeticError:           # its arithmetic overflowed: the paths diverged here
            raise
        except Exception as error:        # whatever a third-party step raises, said in one line
            raise ValueError(f"torch.optim.{name} failed to step: {_said(error)}") from None
        new = np.stack([t.detach().numpy() for t in state.tensors]).reshape(state.shape)
        return new.copy(), state

    lr = settings.get("lr")
    try:
        settings["lr"] = _checks.number("lr", lr) if isinstance(lr, (int, float)) else float("nan")
    except _checks.Invalid as error:
        raise error.of(f"torch.optim.{name}") from None
    return Optimizer(name.lower(), "torch class", settings, init, update)


class _State:
    """The torch tensors (one per start, or one for all) and the optimizer stepping them."""

    def __init__(self, tensors, optimizer, shape):
        self.tensors, self.optimizer, self.shape = tensors, optimizer, shape


def _build(torch, cls, tensors, hyperparameters):
    try:
        return cls(tensors, **hyperparameters)
    except TypeError as error:
        raise ValueError(f"Invalid hyperparameters for torch.optim.{cls.__name__}: {error}") from None
    except Exception as error:      # torch's own checks ("Invalid learning rate"), and the rest
        raise ValueError(f"torch.optim.{cls.__name__}: {_said(error)}") from None


def _said(error: Exception) -> str:
    """*error* as one line that says what it is, even when its message is empty."""
    text = " ".join(str(error).split())
    return text if text and not isinstance(error, (KeyError, AssertionError)) else (
        f"{type(error).__name__} {text}".strip())


def _torch():
    try:
        import torch
    except ImportError:
        raise ValueError("from_torch needs PyTorch, which optviz does not depend on: "
                         "pip install torch") from None
    return torch
