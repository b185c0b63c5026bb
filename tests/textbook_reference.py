"""The update rules of *Deep Learning from Scratch* (``common/optimizer.py``), the book's way.

The tests hold optviz's textbook flavor to these: same interface as the book (``update(params,
grads)`` on dicts of arrays, updated in place), same statements in the same order, same defaults.
Nesterov is as the book's code has it: v is updated before it is used.
"""

import numpy as np


class SGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] -= self.lr * grads[key]


class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]


class Nesterov:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.v[key] *= self.momentum
            self.v[key] -= self.lr * grads[key]
            params[key] += self.momentum * self.momentum * self.v[key]
            params[key] -= (1 + self.momentum) * self.lr * grads[key]


class AdaGrad:
    def __init__(self, lr=0.01):
        self.lr, self.h = lr, None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


class RMSprop:
    def __init__(self, lr=0.01, decay_rate=0.99):
        self.lr, self.decay_rate, self.h = lr, decay_rate, None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.h[key] *= self.decay_rate
            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.iter, self.m, self.v = 0, None, None

    def update(self, params, grads):
        if self.m is None:
            self.m = {key: np.zeros_like(value) for key, value in params.items()}
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)
        for key in params:
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)


#: optviz name -> (book class, how optviz's hyperparameters map onto the book's arguments)
BOOK = {
    "sgd": (SGD, {}),
    "momentum": (Momentum, {}),
    "nesterov": (Nesterov, {}),
    "adagrad": (AdaGrad, {}),
    "rmsprop": (RMSprop, {"alpha": "decay_rate"}),
    "adam": (Adam, {"betas": ("beta1", "beta2")}),
}


def book_path(surface, name: str, hyper: dict, start, steps: int) -> np.ndarray:
    """Run the book's optimizer from one start point; returns (steps + 1, 2)."""
    cls, renames = BOOK[name]
    kwargs = {}
    for key, value in hyper.items():
        target = renames.get(key, key)
        if isinstance(target, tuple):
            kwargs.update(zip(target, value))
        else:
            kwargs[target] = value
    optimizer = cls(**kwargs)
    params = {"x": np.array(start[0], dtype=float), "y": np.array(start[1], dtype=float)}
    path = [(float(params["x"]), float(params["y"]))]
    for _ in range(steps):
        gx, gy = surface.grad(np.array([params["x"], params["y"]]))
        optimizer.update(params, {"x": gx, "y": gy})
        path.append((float(params["x"]), float(params["y"])))
    return np.array(path)
