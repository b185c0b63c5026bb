"""``animate()``: record optimizers on a surface and save the animation (GIF, MP4, PNG, WebP).

The pipeline, one direction only: surface -> optimizers -> ``record_all()`` -> frame schedule ->
``Stage`` with its panels -> frames -> encoder chosen by the file suffix.  Paths are recorded when the animation is created
(cheap, and bad input fails there); frames are rendered and streamed to the encoder on ``save``.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

import numpy as np

from . import _checks
from .encode import check_output_path, open_writer
from .optimizers import Optimizer
from .runs import legend_labels, optimizers_and_labels, run_keys
from .progress import Progress
from .render import ContourPanel, LossPanel, Series, Stage, SurfacePanel, Theme, get_theme
from .render.figure_layout import grid_shape
from .render.surface3d import DEFAULT_CAMERA
from .surfaces import Surface, as_surface
from .timeline import default_fps, default_frames, frame_steps
from .trajectory import DIVERGENCE_ZOOM, Trajectory, record_all
#: Limits that keep a render within minutes and memory within reason (every frame draws the
#: paths up to its step).
MAX_STEPS = 100_000
#: What the figure holds: the surface alone, the surface beside a loss-vs-step panel, or one
#: panel per run (small multiples sharing the view).
LAYOUTS = ("single", "loss", "grid")
MAX_FRAMES = 10_000
#: Without a choice, paths are drawn with trails up to this many in all; more are a swarm of
#: dots (thousands of trails would bury the surface).
MAX_TRAILS = 64


class Animation:
    """Optimizer paths on a surface, ready to save.  Create it with :func:`animate`.

    ``trajectories`` maps each run's key to its :class:`~optviz.Trajectory`: the run's label
    where it has one, else its name in the run syntax, with the flavor and hyperparameters that
    tell it from other runs of that name (``"adam"``, ``"textbook:adam"``, ``"sgd:lr=0.1"``);
    ``labels`` maps the same keys to the legend texts.  ``save(path)`` writes the file; in a
    Jupyter notebook the animation displays itself as a GIF.
    """

    def __init__(self, surface: Surface, optimizers: list[Optimizer], starts, *, steps: int,
                 frames: int, fps: float, size: tuple[int, int], dpi: float, theme: str | Theme,
                 title: str | None, xlim, ylim, hold: float, view: str = "2d", camera=None,
                 rotate: float = 0.0, labels=None, layout: str = "single",
                 trails: bool | None = None, quiet: bool = False):
        self.surface = surface
        self.fps = _checks.fps(fps)
        self.frames = _checks.count("frames", frames, minimum=1, maximum=MAX_FRAMES)
        self.size, self.dpi = _checks.figure(size, dpi)
        self.theme = get_theme(theme)
        self.hold = _checks.hold(hold)
        if title is not None and not isinstance(title, str):
            raise _checks.WrongType("title", title, "must be text, or None for the surface's")
        self.title, self.xlim, self.ylim = title, xlim, ylim
        self.view, self.camera, self.rotate = _view(view, camera, rotate)
        if layout not in LAYOUTS:
            raise _checks.Invalid("layout", layout,
                                  f"must be one of {', '.join(map(repr, LAYOUTS))}")
        self.layout = layout
        steps = _checks.count("steps", steps, minimum=1, maximum=MAX_STEPS)
        if self.frames > steps + 1:
            raise ValueError(f"Invalid frames: {self.frames} (there are only {steps + 1} steps "
                             f"to show, 0 to {steps}: give at most {steps + 1} frames, or more "
                             f"steps)")
        self._styles = _styles(optimizers, self.theme)
        if layout == "grid":    # a panel per run: colours repeat past the palette, never dashed
            self._styles = [(color, "solid") for color, _ in self._styles]
        keys = run_keys(optimizers, labels)
        self.labels: dict[str, str] = dict(zip(keys, legend_labels(
            optimizers, self.theme.optimizers, labels)))
        starts = _checks.points("starts", surface.starts if starts is None else starts)
        reach_x, reach_y = _reaching(xlim, ylim, starts.reshape(-1, 2))
        with Progress(len(keys) * steps, "optviz: recording", enabled=not quiet) as progress:
            self.trajectories: dict[str, Trajectory] = dict(zip(keys, record_all(
                surface, optimizers, starts, steps, xlim=reach_x, ylim=reach_y,
                progress=progress.advance)))
        paths = sum(np.size(t.diverged_at) for t in self.trajectories.values())
        self.trails = paths <= MAX_TRAILS if trails is None else _checks.flag("trails", trails)
        if not self.trails and self.view == "3d":
            why = "" if trails is not None else f" (the default for more than {MAX_TRAILS} paths)"
            raise ValueError(f"Invalid trails for the 3-D view: a swarm of dots without trails"
                             f"{why} is drawn in 2-D: give view='2d' (--view 2d), or "
                             f"trails=True (--trails) to draw all {paths} paths in 3-D")

    def save(self, path, *, quiet: bool = False) -> Path:
        """Render every frame and write them to *path*; the format follows its suffix.

        .gif (looping, one palette), .mp4 (H.264), .png (the last frame), .webp (animated).
        The file appears complete or not at all: it is written beside the target and renamed
        when done, so a failure never leaves a partial file or replaces an existing one.
        A progress bar appears on stderr for renders longer than a second unless *quiet*.
        """
        path = check_output_path(path)
        quiet = _checks.flag("quiet", quiet)
        poster = path.suffix.lower() == ".png"   # only the last frame, drawn directly
        _checks.rendering(1 if poster else self.frames, self.size)
        with self.renderer() as renderer:
            count = 1 if poster else len(renderer)
            _checks.drawing(count, renderer.stroke_pixels)       # before any frame is drawn
            frames = [renderer.render_full(len(renderer) - 1)] if poster else renderer.frames()
            try:
                with open_writer(path, fps=self.fps, size=self.size,
                                 reserved_colors=renderer.reserved_colors,
                                 background=renderer.background(), hold=self.hold) as writer, \
                        Progress(count, f"optviz: {path.name}", enabled=not quiet) as progress:
                    for frame in frames:
                        writer.write(frame)
                        progress.advance()
            except OSError as error:          # a full disk says which file it could not write
                if error.filename is None and not isinstance(error, ValueError):
                    error.filename = str(path)
                raise
        return path

    def renderer(self) -> Stage:
        """The stage ``save`` draws with (a context manager; its figure can be inspected)."""
        series = [Series(self.labels[key], trajectory, color, linestyle)
                  for (key, trajectory), (color, linestyle)
                  in zip(self.trajectories.items(), self._styles)]
        steps = max(t.steps for t in self.trajectories.values())
        title = self.title
        if title is None:
            title = self.surface.description or self.surface.name
        if self.layout == "grid":
            panels = [self._surface_panel() for _ in series]
            for index, panel in enumerate(panels):
                panel.only = (index,)
        else:
            panels = [self._surface_panel()] + ([LossPanel()] if self.layout == "loss" else [])
        grid = self.layout == "grid"
        return Stage(series, frame_steps(steps, self.frames), panels, size=self.size,
                     dpi=self.dpi, theme=self.theme, title=title, titles=grid,
                     shape=grid_shape(len(panels), self.size) if grid else None, fps=self.fps)

    def _surface_panel(self) -> ContourPanel | SurfacePanel:
        if self.view == "3d":
            return SurfacePanel(self.surface, xlim=self.xlim, ylim=self.ylim, camera=self.camera,
                                rotate=self.rotate, frames=self.frames)
        return ContourPanel(self.surface, xlim=self.xlim, ylim=self.ylim, trails=self.trails)

    def _repr_html_(self) -> str:
        with tempfile.TemporaryDirectory() as folder:
            gif = self.save(Path(folder) / "animation.gif", quiet=True).read_bytes()
        data = base64.b64encode(gif).decode("ascii")
        return f'<img src="data:image/gif;base64,{data}" alt="{self.surface.name} animation"/>'

    def __repr__(self) -> str:
        names = ", ".join(self.trajectories)
        return (f"<Animation of {names} on {self.surface.name} in {self.view}: {self.frames} "
                f"frames at {self.fps:g} fps>")


def animate(surface: Surface | str, optimizers, *, starts=None, steps: int = 300,
            frames: int | None = None, fps: float | None = None, size=None, figsize=None,
            dpi: float = 100, theme: str | Theme = "light", flavor: str = "torch",
            title: str | None = None, xlim=None, ylim=None, hold: float | None = None,
            view: str = "2d", camera=None, rotate: float = 0.0,
            layout: str = "single", trails: bool | None = None, quiet: bool = False) -> Animation:
    """Record *optimizers* on *surface* and return an :class:`Animation` to ``save``.

    optimizers: a name (``"adam"``) or runs written as on the command line (``"adam,
        textbook:adam:lr=0.3"``), a list of those, of :class:`~optviz.Run` or of
        :class:`~optviz.Optimizer` objects, or a mapping of names to hyperparameters
        (``{"sgd": {"lr": 0.01}, "adam": {"lr": 0.1}}``).
        Names are built with :func:`~optviz.get_optimizer` in *flavor* ("torch" or "textbook").
    starts: one point ``(x, y)`` or several (every optimizer starts from each); default: the
        surface's starts.
    frames: default ``min(steps + 1, 8 s * fps)``; frames sample the steps evenly and the last
        frame shows the last step, held for *hold* seconds before the animation loops (default
        1, or 0 when *rotate* is whole turns: the camera then loops without a pause).
    fps, size: default the theme's (30 fps and 600x500; the classic theme 25 fps and 620x480);
        without *fps*, a short animation is slowed to last at least 4 s (at least 5 fps).
    size: ``(width, height)`` in pixels; or give *figsize* in inches, as matplotlib does, with *dpi*.
    theme: "light", "dark", "classic" (the look of the 2014 animations) or a Theme.
    xlim, ylim: the view (default: the surface's, widened to take in *starts* given at or
        beyond its edge; a limit given is kept).
    view: "2d" (contours) or "3d" (the surface, with a camera at *camera* = (elevation,
        azimuth) in degrees, default (30, -60); *rotate* degrees of azimuth are swept over the
        animation).
    layout: "single" (the surface), "loss" (the surface beside the loss at every step) or
        "grid" (one panel per run, titled by it, all sharing the view and the colours).
    trails: draw each path growing behind its head (True), or only a dot at its current point
        (False: a swarm, in 2-D); default True up to 64 paths in all, else False.
    quiet: no progress bar while recording (shown on a terminal when it takes over a second).

        >>> optviz.animate("beale", {"sgd": {"lr": 0.001}, "adam": {"lr": 0.05}}).save("beale.gif")
    """
    surface = as_surface(surface)
    optimizers, labels = optimizers_and_labels(optimizers, flavor)
    if starts is not None and (xlim is None or ylim is None):    # a view not given: theirs
        xlim, ylim = take_in(surface.xlim if xlim is None else xlim,
                             surface.ylim if ylim is None else ylim, starts,
                             widen=(xlim is None, ylim is None))
    look = get_theme(theme)
    slowed, fps = fps is None, _checks.fps(look.fps if fps is None else fps)
    if frames is None:
        frames = default_frames(_checks.count("steps", steps, minimum=1, maximum=MAX_STEPS), fps)
    if slowed:
        fps = default_fps(_checks.count("frames", frames, minimum=1), fps)
    if figsize is not None:
        size = _figsize_to_pixels(figsize, _checks.positive("dpi", dpi))
    return Animation(surface, optimizers, starts, steps=steps, frames=frames, fps=fps,
                     size=look.size if size is None else size, dpi=dpi, theme=look, title=title,
                     xlim=xlim, ylim=ylim, hold=_default_hold(rotate) if hold is None else hold,
                     view=view, camera=camera, rotate=rotate,
                     labels=labels, layout=layout, trails=trails, quiet=_checks.flag("quiet", quiet))


# ------------------------------------------------------------------------------------ helpers

def take_in(xlim, ylim, starts, widen=(True, True)) -> tuple:
    """The view *xlim* x *ylim* widened, on the axes *widen* says, to take in *starts*: a side
    a start reaches or passes moves a tenth of the new width beyond it, so that no path begins
    at or out of the picture's edge.  A start so far out on such an axis (DIVERGENCE_ZOOM) that
    it is more likely a slip is refused."""
    points = _checks.points("starts", starts).reshape(-1, 2)
    limits = np.array([_checks.limits("xlim", xlim), _checks.limits("ylim", ylim)])
    centre, span = limits.mean(axis=1), limits[:, 1] - limits[:, 0]
    far = (np.abs(points - centre) > DIVERGENCE_ZOOM / 2 * span) & np.array(widen, dtype=bool)
    if far.any():
        x, y = points[far.any(axis=1)][0]
        raise ValueError(f"Invalid starts: ({x:g}, {y:g}) is far outside the view x "
                         f"{limits[0].tolist()}, y {limits[1].tolist()} (start inside it, or give "
                         f"xlim/ylim that include it)")
    view = []
    for (low, high), values, wider in zip(limits.tolist(), points.T, widen):
        new_low, new_high = min(low, values.min()), max(high, values.max())
        pad = 0.1 * (new_high - new_low)
        view.append((float(new_low - pad if wider and values.min() <= low else low),
                     float(new_high + pad if wider and values.max() >= high else high)))
    return tuple(view)


def _reaching(xlim, ylim, points: np.ndarray) -> tuple:
    """A view given, grown to the start *points* (n x 2, checked) outside it (a zoom on where
    the paths go): what "far outside the view" is measured from when recording, so those
    starts are not refused."""
    return tuple(None if limits is None else
                 (min(limits[0], float(values.min())), max(limits[1], float(values.max())))
                 for limits, values in zip((xlim, ylim), points.T))


def _default_hold(rotate) -> float:
    """One second on the last frame, none when the camera turns whole turns (a seamless loop)."""
    return 0.0 if rotate and _checks.rotate(rotate) % 360 == 0 else 1.0


def _view(view, camera, rotate) -> tuple[str, tuple[float, float], float]:
    """(view, camera, rotate), checked: a camera and a rotation only mean something in 3-D."""
    if view not in ("2d", "3d"):
        raise _checks.Invalid("view", view, "must be '2d' or '3d'")
    rotate = _checks.rotate(rotate)
    if view == "2d" and (camera is not None or rotate):
        given = "camera" if camera is not None else "rotate"
        raise ValueError(f"Invalid {given} for the 2-D view: a {given} needs view='3d' "
                         f"(--view 3d)")
    return view, _checks.camera(DEFAULT_CAMERA if camera is None else camera), rotate


def _styles(optimizers: list[Optimizer], theme: Theme) -> list[tuple[str, str | tuple]]:
    """Colour and line style per optimizer: the theme's own colour for an optimizer it names
    (once: a second one of the same name gets the palette's), else the palette in order."""
    styles, named = [], set()
    for index, optimizer in enumerate(optimizers):
        entry = theme.optimizers.get(optimizer.name)
        if entry is not None and optimizer.name not in named:
            named.add(optimizer.name)
            styles.append((entry[1], "solid"))
        else:
            styles.append(theme.style(index))
    return styles


def _figsize_to_pixels(figsize, dpi: float) -> tuple[int, int]:
    width, height = (_checks.positive("figsize", v) for v in _checks.pair("figsize", figsize))
    dpi = _checks.positive("dpi", dpi)
    if max(width, height) * dpi > _checks.MAX_PIXELS:
        raise _checks.Invalid("figsize", figsize, f"at dpi {dpi:g} a side must be at most "
                              f"{_checks.MAX_PIXELS / dpi:g} inches")
    return round(width * dpi), round(height * dpi)
