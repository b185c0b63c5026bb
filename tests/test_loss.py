"""The loss layout: the surface beside a loss-vs-step panel, a line per run growing with the
animation, in the run's colour, a cross where a run diverged."""

import numpy as np
import pytest

import optviz
from gifs import read_gif
from optviz.render.style import rgb8


def near(frame, row, col, color, radius=1):
    patch = frame[row - radius:row + radius + 1, col - radius:col + radius + 1]
    return bool(np.all(patch == rgb8(color), axis=-1).any())


@pytest.mark.parametrize("view", ["2d", "3d"])
def test_each_run_is_drawn_on_its_loss_curve_up_to_the_current_step(view, tmp_path):
    animation = optviz.animate("beale", {"sgd": {"lr": 0.001}, "adam": {"lr": 0.05}},
                               steps=60, frames=4, layout="loss", view=view, size=(800, 400))
    frames = read_gif(animation.save(tmp_path / "loss.gif"))[0]      # what the user gets
    with animation.renderer() as stage:
        panel = stage.panels[1]
        height = stage.size[1]
        for index in (1, 3):
            step = int(stage.frame_steps[index])
            for trajectory, color in zip(animation.trajectories.values(), stage.colors):
                loss = float(np.ravel(trajectory.losses[step - 3])[0])
                x, y = panel.ax.transData.transform((step - 3, loss))
                assert near(frames[index], int(height - y), int(x), color)
        # Not yet drawn: the later part of the curve in the first frames.
        trajectory, color = next(iter(animation.trajectories.values())), stage.colors[0]
        x, y = panel.ax.transData.transform((58, float(np.ravel(trajectory.losses[58])[0])))
        assert not near(frames[1], int(height - y), int(x), color)
        blitted = [np.array(f) for f in stage.frames()]
        assert np.array_equal(blitted[3], stage.render_full(3))


def test_a_diverged_run_is_crossed_where_it_diverged():
    animation = optviz.animate("elongated-bowl", optviz.sweep("sgd", lr=[0.5, 1.5]), steps=30,
                               frames=31, layout="loss")
    wild = list(animation.trajectories.values())[1]
    at = int(np.ravel(wild.diverged_at)[0])
    with animation.renderer() as stage:
        frames = [np.array(f) for f in stage.frames()]
        panel = stage.panels[1]
        x, y = panel.ax.transData.transform((at - 1, float(np.ravel(wild.losses[at - 1])[0])))
        row, col = int(stage.size[1] - y), int(x)
        assert near(frames[at], row, col, stage.colors[1], radius=2)
        offsets = panel._crosses.get_offsets()
        assert len(offsets) == 1 and offsets[0][0] == at - 1
        assert panel.ax.get_yscale() == "log"          # 6 to 1e3 and down to 1e-2: decades


def test_columns_keep_each_columns_first_lowest_highest_and_last_point():
    from optviz.render.strokes import columns
    values = [5, 1, 9, 3, 2, 2, 2, 2, 7, 0, 0, 8, 1, 1, 1, 1, 4, 6, 5, 4]
    kept, begins = columns(np.c_[np.arange(20), values].astype(float), 5)
    assert kept.tolist() == [0, 1, 2, 3, 4, 7, 8, 9, 11, 12, 15, 16, 17, 19]
    assert begins.tolist() == [0, 4, 6, 9, 11]


def test_a_long_loss_curve_is_drawn_through_its_columns_points(monkeypatch):
    """20,000 steps: each curve drawn through at most four points a quarter-pixel column (its
    current column whole, so it ends at the current step), the picture as with every point
    but where a curve fills a band."""
    from optviz.render import loss

    animation = optviz.get_scene("beale").animate(steps=20_000, frames=6, layout="loss")
    with animation.renderer() as stage:
        panel = stage.panels[1]
        blitted = [np.array(frame) for frame in stage.frames()]
        assert np.array_equal(blitted[3], stage.render_full(3))
        step = int(stage.frame_steps[3])
        drawn = panel._lines.get_segments()
        assert all((d[-1] == curve[min(step, last)]).all()
                   for d, curve, last in zip(drawn, panel._curves, panel._last))
        fewer = stage.render_full(5)
        assert all(len(d) < 8_000 for d in panel._lines.get_segments())   # of 20,001 points
    monkeypatch.setattr(loss, "COLUMNS_ABOVE", np.inf)
    with animation.renderer() as stage:
        every = stage.render_full(5)
    mse = np.mean((fewer.astype(float) - every.astype(float)) ** 2)
    assert 0 < mse and 10 * np.log10(255 ** 2 / mse) > 38


def test_a_tight_savefig_keeps_the_legend_below_the_panels(tmp_path):
    """The legend under the panels is outside the layout while the figure is laid out; a
    savefig with bbox_inches="tight" must still take it in (it was sliced through)."""
    from PIL import Image

    animation = optviz.get_scene("beale").animate(layout="loss", quiet=True)
    with animation.renderer() as stage:
        assert stage.legend_location == "outside"
        stage.pose(len(stage) - 1)
        legend = stage._legend.get_window_extent()
        tight = stage.figure.get_tightbbox().transformed(stage.figure.dpi_scale_trans)
        stage.figure.savefig(tmp_path / "tight.png", bbox_inches="tight")
    assert tight.y0 <= legend.y0 and tight.x0 <= legend.x0 and legend.x1 <= tight.x1
    # the saved picture: the legend's frame (its edge colour) reaches its bottom row, inside
    image = np.asarray(Image.open(tmp_path / "tight.png").convert("RGB")).astype(int)
    edge = np.array(rgb8(stage.theme.legend_edge))
    rows = np.nonzero((np.abs(image - edge) <= 30).all(-1).sum(axis=1) > legend.width / 2)[0]
    assert rows.size and rows[-1] < image.shape[0] - 2


def test_the_step_label_stands_apart_from_the_step_counter():
    """The loss panel's x label ("step") sits at the left end, so that it does not read as
    part of the counter ("step step 150 / 300") standing at the right end."""
    animation = optviz.get_scene("beale").animate(layout="loss", quiet=True)
    with animation.renderer() as stage:
        renderer = stage.figure.canvas.get_renderer()
        label = stage.panels[1].ax.xaxis.label.get_window_extent(renderer)
        counter = stage._counter.get_window_extent()
        assert label.x1 + counter.height < counter.x0
        assert abs(label.x0 - stage.panels[1].ax.bbox.x0) < 2
