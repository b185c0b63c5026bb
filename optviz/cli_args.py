"""How the command line reads an option's text: each parser here checks the form only
(a number, a pair, a size, runs, a sweep) and raises argparse's ArgumentTypeError; what the
values may be is checked by the library (``_checks``), as for the API, so the two refuse the
same things in the same words."""

from __future__ import annotations

import argparse

from . import _checks
from . import runs as _runs


def join_negative_values(argv: list[str],
                          options=("--start", "--lr", "--camera", "--rotate", "--xlim",
                                   "--ylim")) -> list[str]:
    """``--start -7,2`` as ``--start=-7,2`` (and so for the other *options*): argparse takes a
    value starting with '-' for an option unless it is a plain number."""
    joined, rest = [], list(argv)
    while rest:
        token = rest.pop(0)
        if (token in options and rest
                and len(rest[0]) > 1 and rest[0][0] == "-" and rest[0][1] != "-"):
            token = f"{token}={rest.pop(0)}"
        joined.append(token)
    return joined


def run_list(text: str) -> list:
    try:
        return _runs.parse_runs(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def swept_runs(text: str) -> list:
    """[FLAVOR:]NAME[:KEY=VALUE...]:KEY=V1,V2,... as runs, one per value of the last KEY."""
    fixed, _, swept = text.rpartition(":")
    key, _, values = (part.strip() for part in swept.partition("="))
    if not fixed.strip() or not key or not values:
        raise argparse.ArgumentTypeError(
            f"expected NAME:KEY=V1,V2,... like sgd:lr=0.001,0.01,0.1, got {text!r}")
    try:
        if "," in fixed:
            raise _checks.Invalid("sweep", text, "only the last KEY takes several values, as "
                                  "sgd:momentum=0.9:lr=0.1,0.2" if "=" in fixed.split(",")[0]
                                  else "one optimizer, please")
        run, = _runs.parse_runs(fixed)
        parts = [v.strip() for v in values.split(",")]
        if not all(parts):
            raise _checks.Invalid("sweep", text, "an empty value between commas")
        others = [part.partition("=")[0].strip() for part in parts if "=" in part]
        if run.label is not None or "label" in (key, *others):
            raise _checks.Invalid("sweep", text, "each run is labelled by its value: drop label=")
        for part, other in zip((part for part in parts if "=" in part), others):
            if other.isidentifier():
                raise _checks.Invalid("sweep", text, f"{part!r} is not a value of {key}; the "
                                      f"last KEY is swept, fix others before it, as "
                                      f"{run.name}:{part}:{key}={parts[0]},...")
        if key in run.hyperparameters:
            raise _checks.Invalid("sweep", text, f"{key} is given twice")
        return _runs.sweep(run.name, run.flavor, **run.hyperparameters,
                           **{key: [_runs.parse_value(v) for v in parts]})
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def learning_rate(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    try:
        if not sep or not name.strip():
            raise ValueError
        return name.strip(), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE like adam=0.05, got {text!r}") from None


def pair(form: str, example: str):
    """A parser of two comma-separated numbers written as *form*; what they may be is checked
    by the library, as for the API."""
    def parse(text: str) -> tuple[float, float]:
        try:
            first, second = (float(v) for v in text.split(","))
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {form} like {example}, got {text!r}") from None
        return first, second
    return parse


point = pair("X,Y", "-7,2")
camera = pair("ELEVATION,AZIMUTH in degrees", "30,-60")
limits = pair("LOW,HIGH", "-5,5")


def angle(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected degrees like 360, got {text!r}") from None


def size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT like 600x500, got {text!r}") from None
    if width <= 0 or height <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive size like 600x500, got {text!r}")
    return width, height


def number(text: str) -> float:
    """A number as written; what it may be is checked by the library, as for the API."""
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


def whole_number(text: str) -> int:
    """A whole number as written; what it may be is checked by the library."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
