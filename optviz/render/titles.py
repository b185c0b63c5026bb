"""Titles that fit: the figure's title shrunk, then wrapped; a grid's panel titles at one size.
"""

from __future__ import annotations

import textwrap

__all__ = ["MAX_TITLE_LINES", "fit_panel_titles", "fit_title"]

#: A title too long for the figure's width is wrapped into at most this many lines, then cut.
MAX_TITLE_LINES = 3


def fit_title(title, text: str, room: float, smallest: float, renderer) -> None:
    """Fit *title* (the Text artist showing *text*) into *room* pixels: a smaller size, down to
    *smallest* points; still too wide, wrapped after its name ("Beale:" above its formula)
    where the rest then fits, else at spaces, in at most MAX_TITLE_LINES lines."""
    width = title.get_window_extent(renderer).width
    if width <= room:
        return
    title.set_fontsize(max(smallest, title.get_fontsize() * room / width))
    width = title.get_window_extent(renderer).width
    if width <= room:
        return
    head, colon, rest = text.partition(": ")
    if colon and rest:
        title.set_text(f"{head}:\n{rest}")
        if title.get_window_extent(renderer).width <= room:
            return
    chars = max(10, int(len(text) * room / width))
    title.set_text("\n".join(textwrap.wrap(text, chars, max_lines=MAX_TITLE_LINES,
                                           placeholder=" …")))


def fit_panel_titles(panels, tracks, steps: int, renderer) -> list[bool]:
    """One size for the *panels*' titles (each showing its track of *tracks*), the largest at
    which every label fits its axes; for each panel, whether its track's "— diverged" would
    not fit at that size (its divergence is then marked with a cross, ``label_at(short)``)."""
    titles = [panel.ax.title for panel in panels]
    size = min(title.get_fontsize() * min(1.0, panel.ax.bbox.width
                                          / title.get_window_extent(renderer).width)
               for title, panel in zip(titles, panels))
    short = []
    for title, track, panel in zip(titles, tracks, panels):
        title.set_fontsize(size)
        title.set_text(track.label_at(track.diverged_count(steps)))
        short.append(title.get_window_extent(renderer).width > panel.ax.bbox.width)
        title.set_text(track.label)
    return short
