"""Reference trajectories from torch.optim, and the cases they cover.

Run ``python tests/torch_reference.py`` (needs ``pip install torch==2.13.0 lion-pytorch``) to
rewrite ``tests/data/torch_reference.npz``.  The tests compare optviz against that file, and
against torch itself when torch is importable.

Each case drives a torch optimizer with the gradients of an optviz surface (computed in float64 by
``Surface.grad``), so the comparison isolates the optimizer rule.  For ``maximize`` cases the
gradient of -f is fed: maximizing -f walks downhill, which exercises the flag while staying finite.
Lion comes from lion-pytorch (lucidrains), the implementation the Lion paper's authors point to.

Why these starts and values: optviz and torch agree to within one rounding per operation, but
not always bit for bit, because torch's CPU kernels fuse multiply-adds (lerp, addcmul, add with
alpha use FMA) and take square roots from SLEEF, which numpy cannot reproduce.  Where the dynamics
are chaotic those last-bit differences grow: on Beale's flat left plateau, from starts where a
gradient component is exactly zero (adaptive methods then divide rounding noise by eps), and in
centered RMSprop once gradients are steady (sqrt(v - c^2) cancels catastrophically).  The cases
avoid those regions, so a difference above 1e-10 means a different rule, not different rounding.
(Example: once Beale's gradient was rewritten with products instead of powers, the start
(3.5, 1.0) amplified such noise to 1.5e-3 for rmsprop and adadelta; it became (3.5, 1.2).)
test_optimizers.py also checks every case over its first steps from more starts, tightly.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data" / "torch_reference.npz"
STEPS = 500
SURFACES = {
    "beale": [(1.0, 1.5), (2.0, 1.5), (3.5, 1.2), (2.5, -1.0)],
    "rosenbrock": [(-1.5, 0.5), (-1.0, 2.0), (0.5, 2.0), (1.5, 1.5)],
}

# (optimizer name, hyperparameters): defaults first, then every flag switched away from default.
CASES = [
    ("sgd", {}),
    ("sgd", dict(lr=1e-3, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    ("sgd", dict(lr=5e-4, momentum=0.9, nesterov=True, weight_decay=0.05)),
    ("sgd", dict(lr=1e-3, maximize=True)),
    ("momentum", dict(lr=5e-4)),
    ("nesterov", dict(lr=5e-4)),
    ("adagrad", {}),
    ("adagrad", dict(lr=0.3, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1, eps=1e-8)),
    ("adagrad", dict(lr=0.3, maximize=True)),
    ("rmsprop", {}),
    ("rmsprop", dict(lr=0.001, alpha=0.9, eps=1e-6, weight_decay=0.01, momentum=0.5)),
    ("rmsprop", dict(lr=0.005, centered=True)),
    ("rmsprop", dict(lr=0.001, momentum=0.9, maximize=True)),
    ("adam", {}),
    ("adam", dict(lr=0.05)),
    ("adam", dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01, amsgrad=True)),
    ("adam", dict(lr=0.02, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("adamw", {}),
    ("adamw", dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1, amsgrad=True, maximize=True)),
    ("adamax", {}),
    ("adamax", dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01, maximize=True)),
    ("nadam", {}),
    ("nadam", dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6, momentum_decay=0.01, weight_decay=0.01)),
    ("nadam", dict(lr=0.02, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("radam", {}),
    ("radam", dict(lr=3e-3, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01)),
    ("radam", dict(lr=3e-3, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("adadelta", {}),
    ("adadelta", dict(lr=0.5, rho=0.95, eps=1e-5, weight_decay=0.01, maximize=True)),
    ("rprop", {}),
    ("rprop", dict(lr=0.05, etas=(0.4, 1.5), step_sizes=(1e-4, 0.5), maximize=True)),
    ("asgd", dict(lr=1e-3)),  # the default lr 1e-2 is unstable on Rosenbrock
    ("asgd", dict(lr=1e-3, lambd=1e-2, alpha=0.5, t0=100, weight_decay=0.01, maximize=True)),
    ("lion", {}),
    ("lion", dict(lr=0.01, betas=(0.95, 0.98), weight_decay=0.1)),
    ("lion", dict(lr=0.01, maximize=True)),
]


def case_key(surface: str, index: int) -> str:
    name, hyper = CASES[index]
    flags = ",".join(f"{k}={v}" for k, v in sorted(hyper.items())) or "defaults"
    return f"{surface}|{name}|{flags}"


def fed_gradient(surface, points: np.ndarray, hyper: dict) -> np.ndarray:
    """The gradient both implementations receive: of f, or of -f for maximize cases."""
    grad = surface.grad(points)
    return -grad if hyper.get("maximize") else grad


def optviz_path(surface, name: str, hyper: dict, starts, steps: int = STEPS) -> np.ndarray:
    """Run optviz's rule exactly as torch_path runs torch's: same gradients, no divergence logic."""
    from optviz.optimizers import get_optimizer

    optimizer = get_optimizer(name, **hyper)
    params = np.array(starts, dtype=np.float64)
    state = optimizer.init(params)
    path = [params]
    for _ in range(steps):
        params, state = optimizer.update(fed_gradient(surface, params, hyper), state, params)
        path.append(params)
    return np.stack(path)


def torch_optimizer(name: str, hyper: dict, params):
    """The torch.optim (or lion-pytorch) optimizer for an optviz name, single-tensor code path."""
    import torch

    if name == "lion":
        from lion_pytorch import Lion

        # lion-pytorch has no maximize flag: torch_path negates the gradient instead.
        return Lion(params, **{k: v for k, v in hyper.items() if k != "maximize"})
    hyper = dict(hyper)
    if name in ("momentum", "nesterov"):
        hyper = {"momentum": 0.9, "nesterov": name == "nesterov", **hyper}
        name = "sgd"
    classes = {"sgd": "SGD", "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam",
               "adamw": "AdamW", "adamax": "Adamax", "nadam": "NAdam", "radam": "RAdam",
               "adadelta": "Adadelta", "rprop": "Rprop", "asgd": "ASGD"}
    return getattr(torch.optim, classes[name])(params, foreach=False, **hyper)


def torch_path(surface, name: str, hyper: dict, starts, steps: int = STEPS) -> np.ndarray:
    import torch

    torch.set_default_dtype(torch.float64)  # torch keeps step sizes (ASGD's eta, ...) in this dtype
    param = torch.tensor(np.array(starts, dtype=np.float64))
    optimizer = torch_optimizer(name, hyper, [param])
    path = [param.detach().numpy().copy()]
    sign = -1.0 if name == "lion" and hyper.get("maximize") else 1.0
    for _ in range(steps):
        param.grad = torch.from_numpy(sign * fed_gradient(surface, param.detach().numpy(), hyper))
        optimizer.step()
        path.append(param.detach().numpy().copy())
    return np.stack(path)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import torch

    from optviz.surfaces import get_surface

    arrays = {}
    for surface_name, starts in SURFACES.items():
        surface = get_surface(surface_name)
        for index, (name, hyper) in enumerate(CASES):
            path = torch_path(surface, name, hyper, starts)
            if not np.isfinite(path).all():
                raise SystemExit(f"{case_key(surface_name, index)} is not finite: choose other values")
            arrays[case_key(surface_name, index)] = path
    DATA.parent.mkdir(exist_ok=True)
    np.savez_compressed(DATA, **arrays)
    print(f"wrote {len(arrays)} trajectories of {STEPS} steps to {DATA} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
