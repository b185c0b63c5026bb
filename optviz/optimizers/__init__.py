"""Optimizer steppers: ``get_optimizer(name, flavor="torch", **hyperparameters)``.

Two flavors: ``torch`` (torch.optim's rules, names and defaults; plus Lion) and ``textbook``
(the six rules of *Deep Learning from Scratch*, exactly as its code has them).
"""

from __future__ import annotations

import inspect

from .._checks import Invalid
from .._names import Registry, unknown_name_error
from . import textbook, torch_rules
from .base import Optimizer

FLAVORS = Registry("flavor", {torch_rules.FLAVOR: torch_rules.RULES, textbook.FLAVOR: textbook.RULES})


def available_optimizers(flavor: str = "torch") -> list[str]:
    """The optimizer names of a flavor, sorted."""
    return sorted(_rules(flavor))


def get_optimizer(name: str, flavor: str = "torch", **hyperparameters) -> Optimizer:
    """Build the optimizer *name* of *flavor* with the given hyperparameters (others default).

    >>> get_optimizer("adam", lr=0.1).hyperparameters["betas"]
    (0.9, 0.999)
    """
    valid = defaults(name, flavor)
    for key in hyperparameters:
        if key not in valid:
            hint = unknown_name_error("hyperparameter", key, valid)
            raise ValueError(f"{name} has no {str(hint).removeprefix('unknown ')}")
    try:
        return _rule(name, flavor)(**hyperparameters)
    except Invalid as error:
        raise error.of(name) from None


def defaults(name: str, flavor: str = "torch") -> dict[str, object]:
    """The hyperparameters of optimizer *name* with their default values."""
    return {p.name: p.default for p in inspect.signature(_rule(name, flavor)).parameters.values()}


def describe(name: str, flavor: str = "torch") -> str:
    """The summary of optimizer *name*: its docstring's first paragraph, as one line of text."""
    paragraph = _rule(name, flavor).__doc__.strip().split("\n\n")[0]
    return " ".join(paragraph.split()).replace("``", "")


def _rules(flavor: str):
    return FLAVORS[flavor]


def _rule(name: str, flavor: str):
    return _rules(flavor)[name]


__all__ = ["Optimizer", "available_optimizers", "defaults", "describe", "get_optimizer", "FLAVORS"]
