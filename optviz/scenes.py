"""Named scenes: a surface, starting points, optimizers with learning rates, steps and a view,
chosen so that the animation tells one story (said in the scene's description).

``get_scene("beale").animate(theme="dark").save("beale.gif")``; the CLI builds the same objects.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import numpy as np

from ._names import Registry, closest
from .animation import Animation, animate, take_in
from .runs import Run, parse_runs, sweep
from .surfaces import Point, as_surface, available_surfaces, get_surface

@dataclass(frozen=True)
class Scene:
    """A preset for :func:`optviz.animate`; ``animate(**options)`` overrides any field."""

    name: str
    description: str
    surface: str
    runs: tuple[Run, ...] = ()                                    # the optimizers to record
    starts: tuple[Point, ...] | None = None                       # None: the surface's
    steps: int = 300
    frames: int | None = None
    fps: float | None = None                                      # None: the theme's
    flavor: str = "torch"
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    title: str | None = None
    view: str = "2d"                                              # the default view
    camera: tuple[float, float] | None = None                     # in 3-D; None: (30, -60)
    layout: str = "single"                                        # or "loss", "grid"
    size: tuple[int, int] | None = None                           # None: the theme's
    trails: bool | None = None                                    # None: up to 64 paths
    theme: str | None = None                                      # None: light

    def __post_init__(self):
        object.__setattr__(self, "runs", tuple(self.runs))

    def animate(self, **options) -> Animation:
        """The scene's :class:`Animation`; *options* are :func:`optviz.animate`'s arguments and
        replace the scene's values (``optimizers``, ``steps``, ``theme``, ``size``, ...)."""
        settings = dict(surface=self.surface, optimizers=self.runs, starts=self.starts,
                        steps=self.steps, frames=self.frames, fps=self.fps, flavor=self.flavor,
                        xlim=self.xlim, ylim=self.ylim, title=self.title, view=self.view,
                        layout=self.layout, size=self.size, trails=self.trails,
                        theme=self.theme or "light")
        if options.get("view", self.view) == "3d":
            settings["camera"] = self.camera    # the scene's camera belongs to its 3-D view
        if "surface" in options:  # another surface: its own view, starts and title
            settings.update(xlim=None, ylim=None, starts=None, title=None, trails=None)
            settings.pop("camera", None)   # the scene's camera was chosen for its surface
        if options.get("flavor", self.flavor) != self.flavor:
            settings.update(title=None)  # a scene's own title may name its flavor
        if options.get("steps") is not None and options.get("frames") is None:
            settings["frames"] = None  # the default for the new number of steps
        given = {k: v for k, v in options.items() if v is not None}
        if "starts" in given:     # the scene's view widened to them, its title (about its own
            settings["title"] = None                                          # starts) dropped
            widen = [settings[k] is not None and k not in given for k in ("xlim", "ylim")]
            if any(widen):
                view = as_surface(settings["surface"])
                limits = [given.get(k, settings[k]) or getattr(view, k) for k in ("xlim", "ylim")]
                settings["xlim"], settings["ylim"] = take_in(*limits, given["starts"], widen)
        settings.update(given)
        return animate(settings.pop("surface"), settings.pop("optimizers"), **settings)

    def with_runs(self, runs: list[Run]) -> Scene:
        """A copy with these runs; a run gets the scene's hyperparameters for its optimizer
        (from the scene's first run of that name, whatever its flavor) under its own.  A run of
        another flavor than the scene's drops the scene's title (the book's scenes say "the
        book's code"): the surface's is shown."""
        mine = {}
        for run in self.runs:
            mine.setdefault(run.name, dict(run.hyperparameters))
        same_flavor = all(run.flavor in (None, self.flavor) for run in runs)
        return replace(self, title=self.title if same_flavor else None, runs=tuple(
            replace(run, hyperparameters={**mine.get(run.name, {}), **run.hyperparameters})
            for run in runs))

    def with_learning_rates(self, rates: dict[str, float]) -> Scene:
        """A copy with the learning rate of some optimizers replaced (``{"adam": 0.1}``), in
        every run of that optimizer."""
        names = {run.name for run in self.runs}
        for name in rates:
            if name not in names:
                match = closest(name, names)
                hint = (f"did you mean {match!r}?" if match else
                        "add it to the runs first: --optimizers on the command line")
                raise ValueError(f"scene {self.name!r} has no optimizer {name!r} to set the rate "
                                 f"of ({hint}); its optimizers: {', '.join(sorted(names))}")
        return replace(self, runs=tuple(
            replace(run, hyperparameters={**run.hyperparameters, "lr": rates[run.name]})
            if run.name in rates else run for run in self.runs))


SCENES: Registry = Registry("scene", {s.name: s for s in [
    Scene(
        "beale",
        "Beale's function, as in the classic animation: from (1, 1.5) every optimizer heads for "
        "the minimum at (3, 0.5); the momentum methods swing wide through the flat middle, the "
        "adaptive methods turn towards the valley at once, and plain SGD lags behind.",
        surface="beale",
        runs=parse_runs("sgd:lr=0.001, momentum:lr=0.001, nesterov:lr=0.001, "
                        "adagrad:lr=0.5, adadelta:lr=5.0, rmsprop:lr=0.01, "
                        "adam:lr=0.05"),
        xlim=(-1.0, 4.5), ylim=(-1.5, 2.5),
        camera=(40.0, -130.0)),
    Scene(
        "long-valley",
        "A long, narrow valley with a gentle floor: SGD drops into the valley and crawls along "
        "it; momentum builds up speed; the adaptive methods rescale the tiny slope and walk "
        "straight to the minimum.",
        surface="long-valley",
        runs=parse_runs("sgd:lr=0.1, momentum:lr=0.02, nesterov:lr=0.02, "
                        "adagrad:lr=0.5, adadelta:lr=10.0, rmsprop:lr=0.03, "
                        "adam:lr=0.05"),
        steps=400,
        camera=(50.0, -120.0)),
    Scene(
        "saddle-point",
        "Started on the ridge of a saddle: SGD slides into the saddle point and sits there for a "
        "long time, momentum escapes late, while the adaptive methods break the symmetry within a "
        "few steps and fall into a basin.",
        surface="saddle-point",
        runs=parse_runs("sgd:lr=0.02, momentum:lr=0.02, nesterov:lr=0.02, "
                        "adagrad:lr=0.1, adadelta:lr=5.0, rmsprop:lr=0.01, "
                        "adam:lr=0.02"),
        view="3d", camera=(45.0, -60.0)),
    Scene(
        "elongated-bowl",
        "The book's figure (Deep Learning from Scratch, 6.1.7): f = x²/20 + y² from (−7, 2) with "
        "the book's code. SGD zig-zags across the steep y direction while barely moving along x; "
        "momentum rolls like a ball; AdaGrad damps the zig-zag; Adam rolls and damps.",
        surface="elongated-bowl",
        runs=parse_runs("sgd:lr=0.95, momentum:lr=0.1, adagrad:lr=1.5, adam:lr=0.3"),
        steps=30, frames=31, fps=6, flavor="textbook",
        title="f = x²/20 + y² with the book's code (Deep Learning from Scratch)",
        camera=(60.0, -120.0)),
    Scene(
        "rosenbrock",
        "The Rosenbrock banana with the modern optimizers: Adam and NAdam slide down into the "
        "curved valley and follow it towards (1, 1), Adamax more slowly; AdamW's weight decay "
        "pulls it short of the minimum; Lion's fixed-size sign steps get there first but cannot "
        "settle; and RAdam's warm-up, plain momentum SGD for its first steps, is thrown out by "
        "the steep walls.",
        surface="rosenbrock",
        # Lion's zig-zag is drawn first, so the smoother paths stay visible over it.
        runs=parse_runs("lion:lr=0.01, radam:lr=0.01, adamax:lr=0.2, nadam:lr=0.1, "
                        "adamw:lr=0.1, adam:lr=0.1"),
        steps=800,
        camera=(55.0, -100.0)),
    Scene(
        "book-figure",
        "The book's figure 6-8 (Deep Learning from Scratch): SGD, Momentum, AdaGrad and Adam on "
        "f = x²/20 + y² from (−7, 2), 30 steps of the book's code at the book's learning rates, "
        "one panel each.",
        surface="elongated-bowl",
        runs=parse_runs("sgd:lr=0.95,label=SGD, momentum:lr=0.1,label=Momentum, "
                        "adagrad:lr=1.5,label=AdaGrad, adam:lr=0.3,label=Adam"),
        steps=30, frames=31, fps=6, flavor="textbook", layout="grid",
        title="Figure 6-8 of Deep Learning from Scratch: f = x²/20 + y², the book's code",
        camera=(60.0, -120.0)),
    Scene(
        "learning-rate",
        "SGD on the book's bowl at six learning rates: too small crawls (0.01), larger ones get "
        "further (0.1, 0.5) and 0.9 arrives, zig-zagging; at 1 the steep direction bounces for "
        "ever, and just above it diverges.",
        surface="elongated-bowl",
        runs=sweep("sgd", lr=[0.01, 0.1, 0.5, 0.9, 1.0, 1.05]),
        steps=60, frames=61, fps=10, layout="grid", size=(900, 600),
        title="SGD on f = x²/20 + y²: a learning rate too small crawls, too large diverges",
        camera=(60.0, -120.0)),
    Scene(
        "swarm",
        "1,500 random starts of SGD on Himmelblau's function, each a dot without a trail: the "
        "dots run down to the valleys and the four basins fill.",
        surface="himmelblau",
        runs=parse_runs("sgd:lr=0.005"),
        starts=tuple(map(tuple, np.random.default_rng(2014).uniform(-5.0, 5.0, (1500, 2)).tolist())),
        steps=60, frames=61, fps=12, trails=False,
        title="1,500 starts of SGD on Himmelblau's function: the four basins fill"),
]})


def available_scenes() -> list[str]:
    """The names accepted by :func:`get_scene`."""
    return list(SCENES)


def scene_for(text: str) -> Scene:
    """The scene called *text*; or, for a surface's name or a formula, a scene of that surface
    with DEFAULT_RUNS at learning rates that suit it (see :func:`default_runs`)."""
    if text in SCENES:
        return SCENES[text]
    try:
        surface = get_surface(text)
    except ValueError:
        if text.strip().isidentifier():
            raise SCENES.unknown(text) from None
        raise
    name = surface.name if surface.name in available_surfaces() else "formula"
    return Scene(name, surface.description, surface=text, runs=default_runs(surface),
                 camera=None)


#: The optimizers a surface gets when it is given where a scene is expected.
DEFAULT_RUNS = ("sgd", "momentum", "rmsprop", "adam")


def default_runs(surface) -> tuple[Run, ...]:
    """DEFAULT_RUNS with learning rates for *surface*: Adam's steps are about 1% of the
    view's size and RMSprop's first step 3% (ten times its rate, 1/sqrt(1 - alpha); at Adam's
    rate it leaps along Adam's first line, hidden under it); SGD and momentum get 1/L and
    0.1/L, L the steepest curvature found over the view (the largest stable step of gradient
    descent is 2/L)."""
    size = min(surface.xlim[1] - surface.xlim[0], surface.ylim[1] - surface.ylim[0])
    grid = np.stack(np.meshgrid(np.linspace(*surface.xlim, 25), np.linspace(*surface.ylim, 25)), -1)
    step = 1e-4 * size
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # nanmax of a gradient NaN everywhere
        base = surface.grad(grid)
        curvature = max(float(np.nanmax(np.linalg.norm(surface.grad(grid + offset) - base, axis=-1)))
                        / step for offset in (np.array([step, 0.0]), np.array([0.0, step])))
    curvature = curvature if np.isfinite(curvature) and curvature > 0 else 1.0
    rates = {"sgd": 1 / curvature, "momentum": 0.1 / curvature, "rmsprop": 0.003 * size,
             "adam": 0.01 * size}
    return tuple(Run(name, None, {"lr": float(f"{rates[name]:.2g}")}) for name in DEFAULT_RUNS)


def get_scene(name: str) -> Scene:
    """The scene called *name* (see :func:`available_scenes`)."""
    return SCENES[name]
