"""Runs: one optimizer on the picture (a name, a flavor, hyperparameters, a label), so that the
same optimizer can appear twice, and a learning-rate sweep is a list of runs.

    >>> parse_runs("adam, textbook:adam:lr=0.3, adam:lr=0.05,betas=0.8;0.99")
    [Run('adam'), Run('adam', flavor='textbook', lr=0.3), Run('adam', lr=0.05, betas=(0.8, 0.99))]
    >>> sweep("sgd", lr=[0.01, 0.1])
    [Run('sgd', lr=0.01), Run('sgd', lr=0.1)]

The text form, for the command line: runs separated by commas; a run is ``[FLAVOR:]NAME`` and
then ``:KEY=VALUE`` pairs separated by commas (a comma-separated part with ``=`` and no ``:``
before it belongs to the run before it).  A tuple value is written with semicolons
(``betas=0.8;0.99``), a flag as true or false; ``label=TEXT`` names the run in the legend.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from . import _checks
from .optimizers import FLAVORS, Optimizer, get_optimizer
from .torch_adapter import from_torch, is_torch_optimizer

__all__ = ["Run", "parse_runs", "parse_value", "run_keys", "sweep"]


@dataclass(frozen=True)
class Run:
    """An optimizer to record: *name* in *flavor* (None: the animation's) with
    *hyperparameters* (others default), shown as *label* (None: made from the name and the
    hyperparameters that tell runs apart)."""

    name: str
    flavor: str | None = None
    hyperparameters: Mapping[str, object] = field(default_factory=dict)
    label: str | None = None

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise _checks.WrongType("run optimizer", self.name, "must be a name such as 'adam'")
        for key in ("flavor", "label"):
            if getattr(self, key) is not None and not isinstance(getattr(self, key), str):
                raise _checks.WrongType(f"{key} of run {self.name!r}", getattr(self, key),
                                        "must be text")
        if not isinstance(self.hyperparameters, Mapping):
            raise _checks.WrongType(f"hyperparameters of run {self.name!r}", self.hyperparameters,
                                    "must be a dict")

    def optimizer(self, flavor: str = "torch") -> Optimizer:
        """The optimizer, in the run's flavor or else *flavor*."""
        return get_optimizer(self.name, self.flavor or flavor, **dict(self.hyperparameters))

    def __repr__(self) -> str:
        parts = [repr(self.name)] + ([f"flavor={self.flavor!r}"] if self.flavor else [])
        parts += [f"{k}={v!r}" for k, v in self.hyperparameters.items()]
        parts += [f"label={self.label!r}"] if self.label is not None else []
        return f"Run({', '.join(parts)})"


def sweep(name: str, flavor: str | None = None, **hyperparameters) -> list[Run]:
    """Runs of optimizer *name* at every value of the one hyperparameter given as a list
    (``lr=[0.01, 0.1]``, ``betas=[(0.8, 0.9), (0.9, 0.999)]``); the others given, tuples
    included (``betas=(0.9, 0.99)``), are fixed."""
    swept = [key for key, value in hyperparameters.items() if isinstance(value, list)]
    if len(swept) != 1:
        raise _checks.Invalid("sweep", name, f"give exactly one hyperparameter as a list of "
                                             f"values (e.g. lr=[0.01, 0.1]), got {len(swept)}")
    key = swept[0]
    if not hyperparameters[key]:
        raise _checks.Invalid("sweep", name, f"no values for {key}")
    return [Run(name, flavor, {**hyperparameters, key: value}) for value in hyperparameters[key]]


def run_keys(optimizers: list[Optimizer], labels=None) -> list[str]:
    """A unique key per optimizer, written in the run syntax: its label where a run gives one,
    else its name, with the flavor (``textbook:adam``) and the hyperparameters
    (``sgd:lr=0.1``) that tell it from the others of that name, and ``#2``, ``#3`` for exact
    repeats."""
    labels = list(labels or [None] * len(optimizers))
    keys = []
    for optimizer, label in zip(optimizers, labels):
        if label is not None:
            keys.append(str(label))
            continue
        twins = [o for o in optimizers if o.name == optimizer.name and o is not optimizer]
        key = optimizer.name
        if any(o.flavor != optimizer.flavor for o in twins):
            key = f"{optimizer.flavor}:{key}"
        twins = [o for o in twins if o.flavor == optimizer.flavor]
        pairs = [f"{name}={_text(value)}" for name, value in optimizer.hyperparameters.items()
                 if any(o.hyperparameters[name] != value for o in twins)]
        keys.append(":".join([key, ",".join(pairs)]) if pairs else key)
    return [f"{key}#{keys[:i].count(key) + 1}" if keys.count(key) > 1 else key
            for i, key in enumerate(keys)]


def optimizers_and_labels(optimizers, flavor: str) -> tuple[list[Optimizer], list[str | None]]:
    """The ways ``animate`` takes optimizers (names, runs as text, a mapping of names to
    hyperparameters, Run, Optimizer objects, torch.optim classes) as Optimizer objects, with
    the labels that runs give (None where none is given)."""
    if isinstance(optimizers, (str, Optimizer, Run)):
        optimizers = [optimizers]
    if isinstance(optimizers, Mapping):
        items = list(optimizers.items())
    elif isinstance(optimizers, Iterable):
        # A name is a run as written on the command line: "adam", "adam, textbook:adam:lr=0.3".
        items = [(run, None) for o in optimizers
                 for run in (parse_runs(o) if isinstance(o, str) else [o])]
    else:
        raise _checks.Invalid("optimizers", optimizers, "give names, a dict of name -> "
                              "hyperparameters, runs, or optimizer objects")
    result, labels = [], []
    for item, hyper in items:
        labels.append(item.label if isinstance(item, Run) else None)
        if isinstance(item, Optimizer):
            result.append(item)
        elif isinstance(item, Run):
            result.append(item.optimizer(flavor))
        elif is_torch_optimizer(item):      # a torch.optim class, or one like it
            result.append(from_torch(item, **(hyper or {})))
        elif isinstance(item, str):
            if hyper is not None and not isinstance(hyper, Mapping):
                raise _checks.Invalid(f"hyperparameters for {item}", hyper, "must be a dict")
            result.append(get_optimizer(item, flavor, **(hyper or {})))
        else:
            raise _checks.Invalid("optimizer", item, "must be a name, a Run, an Optimizer or a "
                                  "torch.optim class")
    if not result:
        raise ValueError("Invalid optimizers: none given (need at least one)")
    return result, labels


def legend_labels(optimizers: list[Optimizer], names: Mapping | None = None,
                  given=None) -> list[str]:
    """Legend labels: the ones *given* (by runs; None where not), else ``adam (lr=0.1)``, plus
    the flavor and hyperparameters that tell two optimizers apart where the name and lr alone
    would not.  *names* (a theme's ``optimizers``: name -> (shown name, colour); the classic
    theme's ``Adam``) shows just that name for an optimizer that appears once.  Labels are
    unique: a legend must tell runs apart."""
    names = names or {}
    given = list(given or [None] * len(optimizers))
    for label in given:
        if label is not None and given.count(label) > 1:
            raise _checks.Invalid("label", label, "it is given to two runs; labels must differ")
    labels = []
    for optimizer, label in zip(optimizers, given):
        if label is not None:
            labels.append(str(label))
            continue
        if optimizer.name in names and [o.name for o in optimizers].count(optimizer.name) == 1:
            labels.append(names[optimizer.name][0])
            continue
        twins = [o for o in optimizers if o.label == optimizer.label and o is not optimizer]
        parts = [optimizer.flavor] if any(o.flavor != optimizer.flavor for o in twins) else []
        parts.append(f"lr={optimizer.lr:g}")
        parts += [f"{key}={value}" for key, value in optimizer.hyperparameters.items()
                  if key != "lr" and any(o.hyperparameters.get(key, value) != value for o in twins)]
        labels.append(f"{optimizer.name} ({', '.join(parts)})")
    return [f"{label} #{labels[:i].count(label) + 1}" if labels.count(label) > 1 else label
            for i, label in enumerate(labels)]


def _text(value) -> str:
    """A hyperparameter's value in the run syntax (``parse_value`` reads it back)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, tuple):
        return ";".join(_text(v) for v in value)
    return str(value)


def parse_runs(text: str) -> list[Run]:
    """Runs written as text (see the module docstring); ValueError naming the bad part."""
    if not isinstance(text, str):
        raise _checks.WrongType("runs", text, "give text such as 'sgd,adam:lr=0.05'")
    runs: list[tuple[str, str | None, dict, str | None]] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            raise _checks.Invalid("runs", text, "an empty part between commas")
        key, equals, _ = part.partition("=")
        if equals and ":" not in key:                      # KEY=VALUE of the run before
            if not runs:
                raise _checks.Invalid("runs", text, f"{part!r} comes before any optimizer name "
                                                     f"(write NAME:{part})")
            _set(runs[-1], part, text)
            continue
        head, *pairs = part.split(":")
        name, flavor = head.strip(), None
        known = any(name in rules for rules in FLAVORS.values())
        if pairs and "=" not in pairs[0] and not known:  # FLAVOR:NAME
            if name not in FLAVORS:
                raise FLAVORS.unknown(name)
            flavor, name = name, pairs.pop(0).strip()
        if not name.replace("_", "").isalnum():
            raise _checks.Invalid("runs", text, f"{name!r} is not an optimizer name")
        runs.append((name, flavor, {}, None))
        for pair in pairs:
            _set(runs[-1], pair, text)
    if not runs:
        raise _checks.Invalid("runs", text, "no optimizer named")
    return [Run(name, flavor, hyper, label) for name, flavor, hyper, label in
            ((n, f, h, h.pop("label", None)) for n, f, h, _ in runs)]


def _set(run, pair: str, text: str) -> None:
    key, equals, value = (s.strip() for s in pair.partition("="))
    if not equals or not key or not value:
        raise _checks.Invalid("runs", text, f"{pair!r} is not KEY=VALUE")
    hyper = run[2]
    if key in hyper:
        raise _checks.Invalid("runs", text, f"{key} is given twice for {run[0]}")
    if key == "flavor":
        raise _checks.Invalid("runs", text, f"write the flavor first, as {value}:{run[0]}")
    hyper[key] = value if key == "label" else parse_value(value)


def parse_value(text: str):
    """A hyperparameter's value as written: a number, a flag (true/false), a tuple of numbers
    written with semicolons, else the text itself (the optimizer says what it expects)."""
    if ";" in text:
        return tuple(parse_value(t.strip()) for t in text.split(";"))
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text
