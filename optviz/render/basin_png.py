"""A basin map as a picture: every start of the grid coloured by where its path ends (or by the
steps it needs), the surface's iso-lines and minima on top, a legend with each basin's share."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LogNorm, Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from PIL import Image

from .. import _checks
from ..encode import check_output_path
from ..encode.atomic import atomic_output
from .contour import LEVELS, LOG_DECADES, log_range, star_style, surface_grid
from .style import get_theme, scale

if TYPE_CHECKING:  # pragma: no cover
    from ..basin_map import BasinMap

__all__ = ["write_png", "check_png_path", "basin_colors", "COLOR_BY"]

COLOR_BY = ("basin", "steps")
#: Basin colours are the theme's path colours this far towards the page, so the iso-lines and
#: stars drawn over them stay readable.
TINT = 0.45
#: The colours of the outcomes without a basin: diverged, unsettled, at rest elsewhere.
_OUTCOME_GREYS = {"light": ("#5b5b5b", "#b9b9b9", "#dcdcdc"),
                  "dark": ("#0a0a0a", "#555b66", "#3a3f48")}


_MORE_HUES = ("#8c564b", "#9467bd")


def basin_colors(theme, attractors: int) -> np.ndarray:
    """RGB (0-1) per basin value, indexed by ``basin + 3``: at rest elsewhere, unsettled,
    diverged, then one tinted palette colour per attractor."""
    page = np.array(to_rgb(theme.page))
    greys = _OUTCOME_GREYS["dark" if page.mean() < 0.5 else "light"]
    # Greys in the palette (the light theme's black) would read as an outcome's grey; past
    # the palette's hues, matplotlib's tab10 brown and purple, then the hues again.
    hues = [c for c in (*theme.palette, *_MORE_HUES) if np.ptp(to_rgb(c)) > 0.15]
    tinted = [(1 - TINT) * np.array(to_rgb(hues[i % len(hues)])) + TINT * page
              for i in range(attractors)]
    return np.array([to_rgb(greys[2]), to_rgb(greys[1]), to_rgb(greys[0]), *tinted]).reshape(-1, 3)


def write_png(basin_map: BasinMap, path, *, size=(600, 500), dpi: float = 100, theme="light",
              color_by: str = "basin") -> Path:
    """Draw *basin_map* and write it to *path* (.png) atomically; return the path."""
    path = check_png_path(path)
    if color_by not in COLOR_BY:
        raise _checks.Invalid("color_by", color_by, "must be 'basin' or 'steps'")
    size, dpi = _checks.figure(size, dpi)
    theme = get_theme(theme)
    pixels = _draw(basin_map, size, dpi, theme, color_by)
    with atomic_output(path) as temp:
        Image.fromarray(pixels).save(temp, format="PNG")
    return path


def check_png_path(path) -> Path:
    """*path* as a Path, once it is known that a PNG can be written there."""
    if Path(path).suffix.lower() != ".png":
        raise ValueError(f"Invalid output for a basin map: '{path}' (a basin map is a picture: "
                         f"use a .png name, e.g. basins.png)")
    return check_output_path(path)


def _draw(basin_map: BasinMap, size, dpi, theme, color_by) -> np.ndarray:
    from ..basin_map import OUTCOMES, point_text
    k = scale(size, dpi)
    width, height = size
    fig = Figure(figsize=((width + 1e-6) / dpi, (height + 1e-6) / dpi), dpi=dpi,
                 facecolor=theme.page, layout="constrained")
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_facecolor(theme.page)
    for spine in ax.spines.values():
        spine.set_color(theme.spine)
    ax.tick_params(colors=theme.spine, labelcolor=theme.text, labelsize=8.5 * k)
    ax.set_xlabel("x", color=theme.text, fontsize=10 * k)
    ax.set_ylabel("y", color=theme.text, fontsize=10 * k, rotation=0, va="center")
    (x0, x1), (y0, y1) = basin_map.xlim, basin_map.ylim
    extent = (x0, x1, y0, y1)          # the grid's starts are the pixel centres of this extent
    basin = basin_map.basin
    shares = basin_map.shares()
    if color_by == "basin":
        colors = basin_colors(theme, len(basin_map.attractors))
        ax.imshow(colors[basin + len(OUTCOMES)], extent=extent, origin="lower",
                  interpolation="nearest", aspect="auto")
        handles = [Patch(facecolor=colors[i + len(OUTCOMES)], edgecolor=theme.spine,
                         label=f"{point_text(p)}: {shares[point_text(p)]:.0%}")
                   for i, p in enumerate(basin_map.attractors)]
        handles += [Patch(facecolor=colors[len(OUTCOMES) - 1 - i], edgecolor=theme.spine,
                          label=f"{name}: {shares[name]:.0%}")
                    for i, name in enumerate(OUTCOMES) if shares[name] > 0]
        fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 3),
                   fontsize=8 * k, labelcolor=theme.text, facecolor=theme.legend_face,
                   edgecolor=theme.legend_edge, handlelength=1.2, columnspacing=1.2)
    else:
        steps = np.ma.masked_less(basin_map.steps_to, 0)     # no attractor: grey
        never = basin_colors(theme, 0)[1]
        image = ax.imshow(steps, extent=extent, origin="lower", interpolation="nearest",
                          aspect="auto", cmap=colormaps["viridis"].with_extremes(bad=never),
                          norm=Normalize(0, basin_map.steps))
        bar = fig.colorbar(image, ax=ax, shrink=0.9, pad=0.02)
        bar.set_label("steps to settle (grey: never)", color=theme.text, fontsize=8.5 * k)
        bar.ax.tick_params(labelsize=8 * k, colors=theme.spine, labelcolor=theme.text)
    _contours(ax, basin_map, theme, k)
    ax.set(xlim=(x0, x1), ylim=(y0, y1))
    title = (f"Basins of {basin_map.optimizer.label} on {basin_map.surface.name}, "
             f"{basin_map.steps} steps")
    fig.suptitle(title, color=theme.text, fontsize=10.5 * k, wrap=True)
    canvas.draw()
    pixels = np.array(canvas.buffer_rgba())[..., :3]
    fig.clear()
    return pixels


def _contours(ax, basin_map: BasinMap, theme, k) -> None:
    """Thin iso-lines of the surface (log-spaced where its values span decades), and stars on
    its minima."""
    surface = basin_map.surface
    grid_x, grid_y, z = surface_grid(surface, basin_map.xlim, basin_map.ylim, 300)
    if getattr(surface, "log_levels", False) and z.max() > z.min():
        base, floor, top = log_range(surface, z, LOG_DECADES)
        z, levels = np.clip(z - base, floor, None), np.geomspace(floor, top, LEVELS + 1)
        norm = LogNorm(floor, top)
    else:
        levels, norm = np.linspace(z.min(), z.max() + 1e-12, LEVELS + 1), None
    ax.contour(grid_x, grid_y, z, levels=levels[1:-1], colors=theme.contour_line,
               linewidths=0.5 * k, alpha=min(1.0, 2.5 * theme.contour_line_alpha), norm=norm)
    minima = np.asarray(surface.minima or (), dtype=float).reshape(-1, 2)
    if minima.size:
        ax.plot(minima[:, 0], minima[:, 1], **star_style(theme, k))
    # The other points of rest the legend lists (a formula's local minima), as rings.
    rests = np.asarray(basin_map.attractors, dtype=float).reshape(-1, 2)
    if minima.size:
        rests = rests[np.hypot(*(rests[:, None] - minima[None]).transpose(2, 0, 1)).min(axis=1)
                      > basin_map.tolerance]
    if rests.size:
        ax.plot(rests[:, 0], rests[:, 1], linestyle="none", marker="o", markersize=6 * k,
                markerfacecolor="none", markeredgecolor=theme.text, markeredgewidth=1.2 * k)
