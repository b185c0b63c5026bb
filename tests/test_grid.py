"""The grid layout (one panel per run, small multiples sharing the view and the colours) and
sizes that follow the picture's pixels, from a blog sidebar to a projector."""


import numpy as np
import pytest
from PIL import Image

import optviz
from gifs import read_gif
from optviz.render.figure_layout import grid_shape
from optviz.render.style import MAX_SCALE, MIN_SCALE, rgb8, scale


def near(frame, row, col, color, radius=1):
    patch = frame[max(row - radius, 0):row + radius + 1, max(col - radius, 0):col + radius + 1]
    return bool(np.all(patch == rgb8(color), axis=-1).any())


def head_pixels(stage, panel) -> np.ndarray:
    """(row, col) of each head a panel draws, from its heads' offsets (display pixels)."""
    offsets = panel._heads.get_offsets()
    if panel.ax.name != "3d":
        offsets = panel.ax.transData.transform(offsets)
    return np.c_[stage.size[1] - np.asarray(offsets)[:, 1], np.asarray(offsets)[:, 0]].astype(int)


@pytest.mark.parametrize("view", ["2d", "3d"])
def test_each_panel_shows_its_own_run_in_its_colour(tmp_path, view):
    runs = optviz.parse_runs("sgd:lr=0.95, momentum:lr=0.1, adagrad:lr=1.5, adam:lr=0.3")
    camera = (60, -120) if view == "3d" else None     # where the bowl hides no head
    animation = optviz.animate("elongated-bowl", runs, flavor="textbook", steps=30, frames=31,
                               layout="grid", view=view, camera=camera)
    path = animation.save(tmp_path / "grid.gif")
    frame = read_gif(path)[0][-1]
    with animation.renderer() as stage:
        assert stage.shape == (2, 2) and stage.legend is None
        stage.render_full(len(stage) - 1)
        heads = [head_pixels(stage, panel)[0] for panel in stage.panels]
        for i, (panel, (row, col)) in enumerate(zip(stage.panels, heads)):
            assert panel.ax.get_title() == list(animation.labels.values())[i]
            assert near(frame, row, col, stage.colors[i]), (view, i)
            # The other panels draw only their own run: its colour is nowhere near there.
            for j, (other_row, other_col) in enumerate(heads):
                if j != i:
                    assert not near(frame, other_row, other_col, stage.colors[i], radius=3)
        # The panels share the view.
        assert len({tuple(p.ax.get_xlim()) + tuple(p.ax.get_ylim()) for p in stage.panels}) == 1


def test_a_diverged_run_says_so_in_its_title_from_its_step_on():
    animation = optviz.animate("elongated-bowl", optviz.sweep("sgd", lr=[0.5, 1.05]), steps=40,
                               frames=41, layout="grid")
    at = int(animation.trajectories["sgd:lr=1.05"].diverged_at[0])
    with animation.renderer() as stage:
        frames = [np.array(f) for f in stage.frames()]
        titles = []
        for index in (at - 1, at):
            stage.pose(index)
            titles.append(stage.panels[1].ax.get_title())
            assert np.array_equal(frames[index], stage.render_full(index))
        assert titles == ["sgd (lr=1.05)", "sgd (lr=1.05) \N{EM DASH} diverged"]
        assert stage.panels[0].ax.get_title() == "sgd (lr=0.5)"


@pytest.mark.parametrize("count, size, shape", [
    (1, (600, 500), (1, 1)), (2, (600, 500), (1, 2)), (3, (1280, 720), (1, 3)),
    (4, (600, 500), (2, 2)), (5, (600, 500), (2, 3)), (6, (900, 600), (2, 3)),
    (8, (1280, 720), (2, 4)),
])
def test_grid_shapes_keep_panels_near_square(count, size, shape):
    assert grid_shape(count, size) == shape


def test_bad_layouts_and_shapes():
    with pytest.raises(ValueError, match=r"Invalid layout: 'mosaic' \(must be one of 'single', "
                                         r"'loss', 'grid'\)"):
        optviz.animate("beale", "adam", steps=2, layout="mosaic")
    from optviz.render import ContourPanel, Series, Stage
    surface = optviz.get_surface("beale")
    series = [Series("a", optviz.record(surface, "adam", steps=2))]
    with pytest.raises(ValueError, match=r"Invalid shape: 1 x 1 has no room for 2 panels"):
        Stage(series, [0, 1, 2], [ContourPanel(surface), ContourPanel(surface)], shape=(1, 1))
    with pytest.raises(ValueError, match="titled panels show one series each"):
        Stage(series, [0, 1, 2], [ContourPanel(surface)], titles=True)


def font_pixels(stage, text) -> float:
    return text.get_fontsize() * stage.dpi / 72


@pytest.mark.parametrize("layout", ["single", "loss", "grid"])
def test_text_follows_the_pictures_pixels(layout):
    """On a projector (1280x720) text grows with the picture; on a blog sidebar (320x240) it
    shrinks no further than legible; the dpi alone does not decide."""
    sizes = {}
    for size, dpi in [((320, 240), 100), ((600, 500), 100), ((1280, 720), 100), ((1280, 720), 200)]:
        animation = optviz.get_scene("elongated-bowl").animate(size=size, dpi=dpi, steps=3,
                                                               layout=layout)
        with animation.renderer() as stage:
            ticks = stage.panels[-1].ax.xaxis.get_major_ticks()[0].label1
            sizes[size, dpi] = (font_pixels(stage, stage._title), font_pixels(stage, ticks))
    title, tick = (np.array([sizes[key][i] for key in sizes]) for i in (0, 1))
    assert title[2] > 1.3 * title[1] and tick[2] > 1.3 * tick[1]     # 1280x720 vs 600x500
    assert np.allclose(sizes[(1280, 720), 100], sizes[(1280, 720), 200])   # pixels, not dpi
    assert tick[0] >= MIN_SCALE * 8.5 * 100 / 72 - 1e-9                 # legible at 320x240
    assert scale((1280, 720), 100) == pytest.approx(1.44)
    assert scale((12800, 7200), 100) == MAX_SCALE


def test_a_swarm_is_dots_where_the_paths_are_and_no_trails(tmp_path):
    starts = np.random.default_rng(3).uniform(-5, 5, (3000, 2))
    animation = optviz.animate("himmelblau", "sgd:lr=0.005", starts=starts, steps=20, frames=21)
    assert animation.trails is False                       # more than 64 paths: a swarm
    frames = []
    with Image.open(animation.save(tmp_path / "swarm.gif")) as gif:
        for index in (0, 10):
            gif.seek(index)
            frames.append(np.array(gif.convert("RGB")))
    with animation.renderer() as stage:
        panel, color = stage.panels[0], stage.colors[0]
        path = animation.trajectories["sgd"]
        for frame, step in zip(frames, (0, 10)):
            xy = panel.ax.transData.transform(path.points[step, :200])
            hits = [near(frame, int(stage.size[1] - y), int(x), color) for x, y in xy]
            assert np.mean(hits) > 0.95
        # No trail: halfway between a path's start and its point at step 10 there is no dot
        # unless another path's dot happens to be there.
        middle = panel.ax.transData.transform((path.points[0, :200] + path.points[10, :200]) / 2)
        empty = [not near(frames[1], int(stage.size[1] - y), int(x), color, radius=0)
                 for x, y in middle]
        assert np.mean(empty) > 0.5
    with pytest.raises(ValueError, match="a swarm of dots without trails is drawn in 2-D"):
        optviz.animate("himmelblau", "sgd", starts=starts[:10], steps=2, trails=False, view="3d")
    with pytest.raises(ValueError, match=r"Invalid trails: 'no'"):
        optviz.animate("himmelblau", "sgd", steps=2, trails="no")


def test_past_the_palette_grid_runs_stay_solid_and_every_bottom_panel_has_x_ticks():
    runs = optviz.sweep("sgd", lr=[0.1 * i for i in range(1, 11)])
    with optviz.animate("elongated-bowl", runs, steps=3, layout="grid").renderer() as stage:
        assert stage.shape == (3, 4) and set(stage.linestyles) == {"solid"}
        stage.render_full(len(stage) - 1)
        with_ticks = [i for i, p in enumerate(stage.panels)
                      if any(t.get_visible() and t.get_text() for t in p.ax.get_xticklabels())]
        assert with_ticks == [6, 7, 8, 9]            # the lowest panel of every column


def test_a_swarms_loss_is_its_median():
    starts = np.random.default_rng(4).uniform(-5, 5, (300, 2))
    animation = optviz.animate("himmelblau", "sgd:lr=0.005", starts=starts, steps=20,
                               layout="loss")
    with animation.renderer() as stage:
        panel = stage.panels[1]
        assert len(panel._curves) == 1 and "median" in panel.ax.get_ylabel()
        losses = animation.trajectories["sgd"].losses
        np.testing.assert_allclose(panel._curves[0][:, 1], np.median(losses, axis=1))


def test_panel_titles_share_one_size_and_a_narrow_one_marks_divergence_with_a_cross():
    animation = optviz.get_scene("learning-rate").animate(size=(320, 240))
    with animation.renderer() as stage:
        stage.render_full(len(stage) - 1)
        titles = [panel.ax.title for panel in stage.panels]
        assert len({title.get_fontsize() for title in titles}) == 1
        assert titles[-1].get_text() == "sgd (lr=1.05) \N{BALLOT X}"
    with optviz.get_scene("learning-rate").animate().renderer() as stage:   # room for words
        stage.render_full(len(stage) - 1)
        assert stage.panels[-1].ax.title.get_text() == "sgd (lr=1.05) \N{EM DASH} diverged"


def test_a_long_title_wraps_after_its_name_first():
    with optviz.get_scene("beale").animate(size=(320, 240)).renderer() as stage:
        assert stage.figure._suptitle.get_text() == (
            "Beale:\nf = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²")
