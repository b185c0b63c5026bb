"""Themes for the renderers: colours of the page, the contour map and the optimizer paths.

Path colours come from the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008), which
stays distinguishable under the common forms of colour blindness.  Each theme orders it so the
first colours contrast best with that theme's contour map: dark blue leads on the pale light map
and comes last on the dark map, yellow the other way round.  Contour maps are deliberately low in
saturation and span a narrow band of lightness, so every path colour stays readable on every level.
The classic theme reproduces the look of the 2014 animations instead (see ``_CLASSIC``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Colormap, LinearSegmentedColormap, is_color_like, to_rgb
from matplotlib.legend import Legend
from matplotlib.mathtext import MathTextParser

from .. import _checks
from .._names import Registry

__all__ = ["Theme", "THEMES", "get_theme", "OKABE_ITO", "rgb8", "LINESTYLES"]

#: Line styles for the first, second and third rounds through a theme's palette.
LINESTYLES = ("solid", (0, (4, 2)), (0, (1, 1.5)))

# Sizes in points (they scale with dpi like the fonts do) for a figure of 6 x 5 inches; larger
# figures scale every size up and smaller ones down (see ``scale``), so text keeps its share of
# the picture from a blog sidebar (320x240) to a projector (1280x720).
PATH_WIDTH = 1.8
HEAD_SIZE = 7.5
STAR_SIZE = 15.0
NOMINAL_INCHES = (6.0, 5.0)
#: A panel of a figure holding several is nominal from this size: small multiples keep their
#: text legible rather than shrinking it with the panel.
PANEL_INCHES = (3.6, 3.0)
#: Below MIN_SCALE text would be unreadable; above MAX_SCALE it would crowd the picture.
MIN_SCALE, MAX_SCALE = 0.72, 2.0
#: The dpi at which the sizes in points are the sizes above.
REFERENCE_DPI = 100

#: The eight Okabe–Ito colours by name.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}


@dataclass(frozen=True)
class Theme:
    """Every colour a renderer needs; colours are matplotlib colour strings."""

    name: str
    page: str                 # figure background
    text: str                 # title, labels, ticks, step counter
    spine: str                # axes frame
    cmap: LinearSegmentedColormap   # filled contours, low values first
    contour_line: str         # thin iso-lines over the fill
    contour_line_alpha: float
    legend_face: str
    legend_edge: str
    marker: str               # start points and saddles
    star_face: str            # minima
    star_edge: str
    head_edge: str            # thin ring around each moving head
    palette: tuple[str, ...]  # path colours, in the order series get them
    surface_cmap: object = None   # the 3-D surface (default: cmap)
    mesh: str = "#000000"         # the 3-D surface's mesh lines
    pane: str = "#f2f2f2"         # the 3-D axes' back panes
    contour_fill: bool = True     # 2-D: filled bands under the iso-lines, or lines in cmap's colours
    show_axes: bool = True        # 2-D: ticks, labels and frame
    legend_loc: str | None = None  # a fixed legend location (None: where it hides least)
    #: Optimizers shown by name in their own colour: name -> (legend name, colour).
    optimizers: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    size: tuple[int, int] = (600, 500)   # pixels, when no size is given
    fps: float = 30                      # frames per second, when none is given

    def __post_init__(self):
        """Every field checked as the theme is made, so a custom theme's mistake is a clear
        error here, not one from inside matplotlib mid-render; colour maps may be given by name."""
        if not isinstance(self.name, str) or not self.name:
            raise _checks.WrongType("theme name", self.name, "must be a non-empty string")
        for name in _COLORS:
            _color(f"theme {name}", getattr(self, name))
        if isinstance(self.palette, str) or not self.palette:
            raise _checks.Invalid("theme palette", self.palette, "must be a non-empty tuple of colours")
        for index, color in enumerate(self.palette):
            _color(f"theme palette[{index}]", color)
        if not isinstance(self.optimizers, Mapping):
            raise _checks.Invalid("theme optimizers", self.optimizers,
                                  "must be a dict of name -> (legend name, colour)")
        for key, entry in self.optimizers.items():
            _color(f"theme optimizers[{key!r}]", _checks.pair(f"theme optimizers[{key!r}]", entry)[1])
        _checks.in_interval("theme contour_line_alpha", self.contour_line_alpha, 0, 1, closed_high=True)
        _checks.pixel_size(self.size, "theme size")
        _checks.fps(self.fps, "theme fps")
        if self.legend_loc is not None and self.legend_loc not in Legend.codes:
            raise _checks.Invalid("theme legend_loc", self.legend_loc,
                                  f"must be None or one of {', '.join(map(repr, Legend.codes))}")
        for name in ("contour_fill", "show_axes"):
            _checks.flag(f"theme {name}", getattr(self, name))
        cmap = _colormap("theme cmap", self.cmap)
        object.__setattr__(self, "cmap", cmap)
        object.__setattr__(self, "surface_cmap", cmap if self.surface_cmap is None
                           else _colormap("theme surface_cmap", self.surface_cmap))

    def style(self, index: int) -> tuple[str, str | tuple]:
        """Colour and line style of series number *index*: the palette in order, then again
        dashed, then dotted."""
        n = len(self.palette)
        return self.palette[index % n], LINESTYLES[index // n % len(LINESTYLES)]


_COLORS = ("page", "text", "spine", "contour_line", "legend_face", "legend_edge", "marker",
           "star_face", "star_edge", "head_edge", "mesh", "pane")


def _color(name: str, value):
    if not is_color_like(value):
        raise _checks.Invalid(name, value, "must be a matplotlib colour such as '#1f77b4' or "
                                           "'white'")


def _colormap(name: str, value) -> Colormap:
    if isinstance(value, Colormap):
        return value
    if isinstance(value, str) and value in colormaps:
        return colormaps[value]
    raise _checks.Invalid(name, value, "must be a matplotlib Colormap or the name of one, "
                                       "such as 'viridis'")


def rgb8(color) -> tuple[int, int, int]:
    """A matplotlib colour as the exact 8-bit RGB triple Agg draws for it."""
    return tuple(int(round(c * 255)) for c in to_rgb(color))


def safe_text(text) -> str:
    """*text* as matplotlib should show it: math between pairs of ``$`` where that parses as
    mathtext (``"$x^2/20 + y^2$"``), every ``$`` shown as it is otherwise (``"costs $5"``, a
    broken ``"$x^"``), instead of a parser error at the first draw."""
    text = str(text)
    dollars = len(re.findall(r"(?<!\\)\$", text))
    if dollars == 0:
        return text
    if dollars % 2 == 0:
        try:
            MathTextParser("path").parse(text)
            return text
        except ValueError:
            pass
    return re.sub(r"(?<!\\)\$", r"\\$", text)


def scale(size: tuple[float, float], dpi: float, nominal=NOMINAL_INCHES) -> float:
    """The factor for every size in points (fonts, lines, markers) of a figure (or a panel) of
    *size* pixels at *dpi*: sizes in pixels follow the picture's pixels, whatever the dpi.

    A picture of *nominal* inches at REFERENCE_DPI gets 1; others in proportion to the tighter
    of width and height, from MIN_SCALE to MAX_SCALE; divided by dpi / REFERENCE_DPI, since a
    point is dpi / 72 pixels."""
    ratio = np.array(size, dtype=float) / (np.array(nominal) * REFERENCE_DPI)
    return float(np.clip(min(ratio), MIN_SCALE, MAX_SCALE)) * REFERENCE_DPI / dpi


def _map(name: str, colors: list[str]) -> LinearSegmentedColormap:
    return LinearSegmentedColormap.from_list(name, colors, N=256)


_LIGHT = Theme(
    name="light",
    page="#ffffff",
    text="#222222",
    spine="#555555",
    # Near-white in the valleys to a greyish blue on the heights.
    cmap=_map("optviz_light", ["#fbfcfd", "#e3e9f0", "#c3cfdd", "#9fb0c6"]),
    contour_line="#46566e",
    contour_line_alpha=0.22,
    legend_face="#ffffff",
    pane="#f3f4f6",
    mesh="#2b3440",
    legend_edge="#8a8a8a",
    marker="#333333",
    star_face="#ffd23f",
    star_edge="#222222",
    head_edge="#ffffff",
    palette=tuple(OKABE_ITO[k] for k in (
        "vermillion", "blue", "bluish green", "reddish purple", "orange", "black",
        "sky blue", "yellow")),
)

_DARK = Theme(
    name="dark",
    page="#14181f",
    text="#dfe3ea",
    spine="#8a93a3",
    # Deep navy in the valleys to a muted slate on the heights.
    cmap=_map("optviz_dark", ["#0e131b", "#1a2331", "#2a374b", "#3f5069"]),
    contour_line="#c4d0e4",
    contour_line_alpha=0.16,
    legend_face="#1c222c",
    pane="#1a2029",
    mesh="#0b1018",
    surface_cmap=_map("optviz_dark_surface", ["#1d2736", "#34465f", "#52698a", "#7890b0"]),
    legend_edge="#6b7484",
    marker="#d0d6e0",
    star_face="#ffd23f",
    star_edge="#0e131b",
    head_edge="#0e131b",
    palette=tuple(OKABE_ITO[k] for k in (
        "orange", "sky blue", "yellow", "reddish purple", "bluish green", "vermillion",
        "blue")) + ("#ffffff",),
)

# The 2014 animations (Alec Radford's): white, rainbow contour lines without axes in 2-D, a
# coolwarm surface with a black mesh in 3-D, matplotlib's one-letter colours by optimizer, the
# legend top right, 620x480 at 25 fps.
_CLASSIC = Theme(
    name="classic",
    page="#ffffff",
    text="#000000",
    spine="#000000",
    cmap=colormaps["jet"],
    contour_line="#000000",
    contour_line_alpha=1.0,
    legend_face="#ffffff",
    legend_edge="#cccccc",
    marker="#000000",
    star_face="#ffd23f",
    star_edge="#000000",
    head_edge="#ffffff",
    palette=("r", "g", "m", "b", "y", "k", "c"),
    surface_cmap=colormaps["coolwarm"],
    mesh="#000000",
    pane="#f2f2f2",
    contour_fill=False,
    show_axes=False,
    legend_loc="upper right",
    optimizers={"sgd": ("SGD", "r"), "momentum": ("Momentum", "g"), "nesterov": ("NAG", "m"),
                "adagrad": ("Adagrad", "b"), "adadelta": ("Adadelta", "y"),
                "rmsprop": ("Rmsprop", "k"), "adam": ("Adam", "c")},
    size=(620, 480),
    fps=25,
)

THEMES = Registry("theme", {t.name: t for t in (_LIGHT, _DARK, _CLASSIC)})


def get_theme(name: str | Theme) -> Theme:
    """The theme called *name* ("light", "dark" or "classic"); a Theme passes through."""
    if isinstance(name, Theme):
        return name
    return THEMES[name]
