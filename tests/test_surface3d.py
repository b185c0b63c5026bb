"""The 3-D panel: heads where matplotlib projects them, blitted frames equal full draws, the
depth test, the z treatment, a rotating camera, and the view options of animate()."""

from __future__ import annotations

import numpy as np
import pytest
from mpl_toolkits.mplot3d import proj3d
from PIL import Image

import optviz
from optviz.render import Series, Stage, SurfacePanel
from optviz.render.style import rgb8
from optviz.render import on_surface
from optviz.render.on_surface import Heights
from optviz.render.panel import on_pixel_centres
from optviz.timeline import frame_steps

BOWL = optviz.get_surface("elongated-bowl")


def hill_f(p):
    p = np.asarray(p, dtype=float)
    return 3.0 * np.exp(-(p[..., 0] ** 2 + p[..., 1] ** 2))


def hill_grad(p):
    p = np.asarray(p, dtype=float)
    return -2.0 * p * hill_f(p)[..., None]


#: A single hill at the origin on a flat plain.
HILL = optviz.Surface("hill", "a hill", hill_f, hill_grad, xlim=(-3.0, 3.0), ylim=(-3.0, 3.0),
                      starts=((0.0, -2.0),))


def still(point, steps=4):
    """A trajectory that stays at *point*."""
    points = np.repeat(np.array([point], dtype=float), steps + 1, axis=0)
    return optviz.Trajectory(points, hill_f(points), np.array(-1))


def stage(surface, series, frames, **panel):
    steps = max(s.trajectory.steps for s in series)
    frames_panel = dict(frames=frames, **panel)
    return Stage(series, frame_steps(steps, frames), [SurfacePanel(surface, **frames_panel)],
                 title=surface.description)


def frames_of(renderer):
    return [np.array(frame) for frame in renderer.frames()]


def projected_pixel(renderer, xy):
    """(row, column) where matplotlib's own 3-D projection puts the surface point above *xy*."""
    panel = renderer.panels[0]
    z = panel.heights(np.asarray(panel.surface.f(np.asarray(xy, float))))
    u, v, _ = proj3d.proj_transform(np.array([xy[0]]), np.array([xy[1]]), np.array([z]),
                                    panel.ax.get_proj())
    x, y = panel.ax.transData.transform(np.c_[u, v])[0]
    return int(np.floor(renderer.size[1] - y)), int(np.floor(x))


def bowl_series(steps=8):
    # Starts on the far (+y) wall, which faces cameras on the -y side.
    specs = [("sgd", 0.1, (-7.0, 2.0)), ("adam", 0.3, (6.0, 3.0)), ("momentum", 0.05, (-8.0, 4.0))]
    return [Series(name, optviz.record(BOWL, optviz.get_optimizer(name, lr=lr), start, steps))
            for name, lr, start in specs]


# High cameras: the bowl's walls (up to 49 degrees steep in the box) hide nothing from them.
@pytest.mark.parametrize("camera", [(70.0, -100.0), (65.0, 30.0)])
def test_heads_are_drawn_where_matplotlib_projects_them_blitted_and_full(camera):
    series = bowl_series()
    with stage(BOWL, series, frames=6, camera=camera) as renderer:
        blitted = frames_of(renderer)
        full = renderer.render_full(5)
        assert np.array_equal(blitted[-1], full)
        for s, color in zip(series, renderer.colors):
            row, col = projected_pixel(renderer, s.trajectory.points[-1])
            assert tuple(blitted[-1][row, col]) == rgb8(color), s.label
            assert tuple(full[row, col]) == rgb8(color), s.label
            first = projected_pixel(renderer, s.trajectory.points[0])
            assert tuple(blitted[0][first]) == rgb8(color)


def test_a_point_behind_the_hill_is_not_painted_and_one_in_plain_view_is():
    behind, front = Series("behind", still((0.0, 2.2))), Series("front", still((0.0, -2.2)))
    # A low camera on the -y side looks over the front point at the hill, which hides the
    # point behind it.
    with stage(HILL, [behind, front], frames=2, camera=(8.0, -90.0)) as renderer:
        frame = frames_of(renderer)[-1]
        background = renderer.background(1)
        hidden_color, front_color = (rgb8(c) for c in renderer.colors)
        row, col = projected_pixel(renderer, (0.0, 2.2))
        patch = frame[row - 2:row + 3, col - 2:col + 3].reshape(-1, 3)
        assert hidden_color not in map(tuple, patch)
        # It is drawn faded: the pixel is a blend, not the hill's own colour.
        assert tuple(frame[row, col]) != tuple(background[row, col])
        row, col = projected_pixel(renderer, (0.0, -2.2))
        assert tuple(frame[row, col]) == front_color
    # From above, the same point is in plain view.
    with stage(HILL, [behind, front], frames=2, camera=(80.0, -90.0)) as renderer:
        frame = frames_of(renderer)[-1]
        row, col = projected_pixel(renderer, (0.0, 2.2))
        assert tuple(frame[row, col]) == rgb8(renderer.colors[0])


def test_a_hidden_minimum_is_not_marked_and_a_visible_one_is():
    hill_with_pit = optviz.Surface("pit", "a pit", lambda p: -hill_f(p), lambda p: -hill_grad(p),
                                   xlim=(-3.0, 3.0), ylim=(-3.0, 3.0), starts=((2.0, 2.0),),
                                   minima=((0.0, 0.0),), min_value=-3.0)
    series = [Series("far", still((2.5, 2.5)))]
    # The pit's walls are up to 75 degrees steep in the box: a camera 85 degrees up sees its
    # bottom, one 30 degrees up does not.
    star = rgb8(optviz.render.get_theme("light").star_face)
    with stage(hill_with_pit, series, frames=2, camera=(85.0, -60.0)) as renderer:
        frame = frames_of(renderer)[-1]
        row, col = projected_pixel(renderer, (0.0, 0.0))
        assert tuple(frame[row, col]) == star
    with stage(hill_with_pit, series, frames=2, camera=(30.0, -60.0)) as renderer:
        frame = frames_of(renderer)[-1]
        row, col = projected_pixel(renderer, (0.0, 0.0))
        patch = frame[row - 3:row + 4, col - 3:col + 4].reshape(-1, 3)
        assert star not in map(tuple, patch)


def test_log_heights_keep_a_surface_that_spans_decades_readable():
    beale = optviz.get_surface("beale")
    heights = Heights(beale, beale.xlim, beale.ylim)
    grid = np.stack(np.meshgrid(np.linspace(-4.5, 4.5, 200), np.linspace(-4.5, 4.5, 200)), -1)
    assert heights.log and heights.zlim[1] - heights.zlim[0] == pytest.approx(3.0)
    assert heights.zlim[1] == pytest.approx(np.log10(beale.f(grid).max()), rel=1e-6)
    z = heights(np.array([0.0, 1e-9, 1.0, 1e3, 1e4, 1e12, np.inf]))
    assert z[0] == z[1] == z[2] == heights.zlim[0]          # below the floor, 3 decades down
    assert z[3] == pytest.approx(3.0, abs=1e-5) and z[4] == pytest.approx(4.0, abs=1e-6)
    assert z[5] == z[6] == heights.zlim[1]
    linear = Heights(BOWL, BOWL.xlim, BOWL.ylim)
    assert not linear.log and linear.zlim[1] == pytest.approx(30.0, rel=1e-3)


def test_a_path_that_leaves_the_view_ends_at_its_edge():
    points = np.array([[0.0, 0.0], [2.0, 0.0], [2.9, 0.0], [5.0, 0.0], [8.0, 0.0]])
    path = optviz.Trajectory(points, hill_f(points), np.array(-1))
    with stage(HILL, [Series("out", path)], frames=5, camera=(30.0, -90.0)) as renderer:
        frames_of(renderer)
        dense = renderer.panels[0]._paths[0]
        drawn = dense.xyz[dense.inside]
        assert drawn[:, 0].max() <= 3.0 and drawn[:, 0].max() > 2.95
        assert not renderer.panels[0]._heads.get_offsets().size   # the head left the view


def test_a_rotating_camera_redraws_the_surface_every_frame_and_ends_at_the_angle():
    series = bowl_series(steps=10)
    with stage(BOWL, series, frames=4, camera=(70.0, -60.0), rotate=90.0) as renderer:
        panel = renderer.panels[0]
        keys = [panel.background_key(i) for i in range(4)]
        assert keys == [-60.0, -30.0, 0.0, 30.0]
        frames = frames_of(renderer)
        assert panel.ax.azim == pytest.approx(30.0)
        # The legend is pasted from a sprite on a rotating camera: a level or two of rounding.
        difference = np.abs(frames[-1].astype(int) - renderer.render_full(3))
        assert difference.max() <= 2
        assert not np.array_equal(renderer.background(0), renderer.background(3))
        row, col = projected_pixel(renderer, series[0].trajectory.points[-1])
        assert tuple(frames[-1][row, col]) == rgb8(renderer.colors[0])


def test_animate_3d_saves_a_gif_with_the_paths_in_view(tmp_path):
    animation = optviz.animate("saddle-point", ["sgd", "adam"], steps=30, frames=6, view="3d",
                               camera=(35, -50), size=(320, 240))
    assert animation.view == "3d" and animation.camera == (35.0, -50.0)
    path = animation.save(tmp_path / "s.gif")
    with Image.open(path) as gif:
        assert gif.n_frames == 6 and gif.size == (320, 240)


@pytest.mark.parametrize("options, message", [
    (dict(view="4d"), r"Invalid view: '4d' \(must be '2d' or '3d'\)"),
    (dict(view="3d", camera=(120, 0)), r"Invalid camera: \(120, 0\)"),
    (dict(view="3d", camera="high"), r"Invalid camera: 'high'"),
    (dict(view="3d", rotate=float("nan")), r"Invalid rotate: nan \(must be finite\)"),
    (dict(view="3d", rotate=1e308), r"Invalid rotate: 1e\+308 \(must be within ±36000 degrees\)"),
    (dict(view="3d", camera=(30, 1e308)), r"Invalid camera: \(30, 1e\+308\) \(.*azimuth within"),
    (dict(view="3d", camera=(True, False)), r"Invalid camera: \(True, False\) \(must be"),
    (dict(camera=(30, 30)), r"Invalid camera for the 2-D view"),
    (dict(rotate=90), r"Invalid rotate for the 2-D view"),
])
def test_bad_view_options_fail_at_creation(options, message):
    with pytest.raises(ValueError, match=message):
        optviz.animate("beale", "adam", steps=3, **options)


def test_every_scene_renders_in_both_views_and_saddle_point_is_3d_by_default():
    assert optviz.get_scene("saddle-point").animate(steps=2).view == "3d"
    for name in optviz.available_scenes():
        for view in ("2d", "3d"):
            scene = optviz.get_scene(name)
            if view == "3d" and scene.trails is False:      # a swarm of dots is 2-D only
                with pytest.raises(ValueError, match="a swarm of dots without trails is drawn in 2-D"):
                    scene.animate(view=view, steps=3)
                continue
            with scene.animate(view=view, steps=3, size=(320, 240)).renderer() as r:
                assert len(frames_of(r)) == 4


def test_a_flat_surface_and_a_long_zigzag_render_in_3d():
    flat = optviz.Surface("flat", "flat", lambda p: np.zeros(np.shape(p)[:-1]),
                          lambda p: np.zeros(np.shape(p)), xlim=(-1.0, 1.0), ylim=(-1.0, 1.0),
                          starts=((0.0, 0.0),))
    with stage(flat, [Series("s", optviz.Trajectory(np.zeros((3, 2)), np.zeros(3), np.array(-1)))],
               frames=2) as renderer:
        assert renderer.panels[0].heights.zlim == (-0.5, 0.5)
        assert len(frames_of(renderer)) == 2
    # 20,000 steps across the whole view: the subdivided path is capped, not 3 million points.
    corners = np.tile([[-2.9, -2.9], [2.9, 2.9]], (10_000, 1))
    zigzag = optviz.Trajectory(np.vstack([corners, corners[:1]]), np.zeros(20_001), np.array(-1))
    with stage(HILL, [Series("z", zigzag)], frames=2) as renderer:
        assert len(renderer.panels[0]._paths[0].xyz) <= on_surface.MAX_POINTS


def test_a_full_turn_loops_without_repeating_a_frame_and_the_legend_is_one_sprite():
    with stage(BOWL, bowl_series(steps=4), frames=4, camera=(70.0, 0.0), rotate=360.0) as renderer:
        panel = renderer.panels[0]
        assert [panel.background_key(i) for i in range(4)] == [0.0, 90.0, 180.0, 270.0]
        frames = frames_of(renderer)
        box = renderer.legend.get_window_extent(renderer.figure.canvas.get_renderer())
        height = renderer.size[1]
        rows = slice(int(height - box.y1) + 2, int(height - box.y0) - 2)
        cols = slice(int(box.x0) + 2, int(box.x1) - 2)
        # The legend's text and frame come out the same in every frame (pasted, not redrawn
        # differently in the first one).
        inside = [f[rows, cols] for f in frames]
        text = (inside[0] == rgb8(renderer.theme.text)).all(axis=-1)
        assert text.any() and all(((f == rgb8(renderer.theme.text)).all(-1) == text).all()
                                  for f in inside)


def test_each_scene_camera_shows_its_paths():
    """A scene's default camera is chosen to show its story: at most a tenth of any path is
    hidden behind the surface."""
    for name in optviz.available_scenes():
        if optviz.get_scene(name).trails is False:
            continue
        with optviz.get_scene(name).animate(view="3d", frames=2).renderer() as renderer:
            frames_of(renderer)
            for path in (path for panel in renderer.panels for path in panel._paths):
                hidden = 1 - path.visible[path.inside].mean()
                assert hidden <= 0.1, (name, hidden)


def test_classic_theme_names_colours_size_and_fps():
    animation = optviz.get_scene("saddle-point").animate(theme="classic", steps=120)
    assert animation.size == (620, 480) and animation.fps == 25
    assert list(animation.labels.values()) == ["SGD", "Momentum", "NAG", "Adagrad", "Adadelta",
                                            "Rmsprop", "Adam"]
    with animation.renderer() as renderer:
        assert renderer.colors == ["r", "g", "m", "b", "y", "k", "c"]
    # The classic legend stands upper right, as in 2014, unless the paths cross it there.
    short = optviz.get_scene("saddle-point").animate(theme="classic", steps=3)
    with short.renderer() as renderer:
        assert renderer.legend_location == "upper right"
    crossed = optviz.animate("elongated-bowl", "sgd:lr=1.05, sgd:lr=0.9, adam:lr=0.5",
                             layout="loss", steps=60, theme="classic")
    with crossed.renderer() as renderer:
        assert renderer.legend_location != "upper right"
    twice = optviz.animate("beale", ["adam", optviz.get_optimizer("adam", lr=0.1)],
                           theme="classic", steps=2)
    assert twice.labels == {"adam:lr=0.001": "adam (lr=0.001)", "adam:lr=0.1": "adam (lr=0.1)"}


def test_a_path_too_long_for_agg_is_stroked_in_parts_in_3d_too(monkeypatch):
    from optviz.render import strokes
    series = bowl_series(steps=40)
    with stage(BOWL, series, frames=2) as renderer:
        whole = frames_of(renderer)[-1]
        assert renderer.stroke_pixels > 100
    monkeypatch.setattr(strokes, "MAX_STROKE_PIXELS", 30)     # parts of at most 30 pixels
    with stage(BOWL, series, frames=2) as renderer:
        parted = frames_of(renderer)[-1]
        panel = renderer.panels[0]
        assert len(panel._lines.get_segments()) + len(panel._hidden.get_segments()) > 2 * len(series)
    mse = np.mean((whole.astype(float) - parted) ** 2)
    assert 0 < mse and 10 * np.log10(255**2 / mse) > 40


def test_a_long_path_in_3d_is_subdivided_only_where_its_pieces_are(monkeypatch):
    """20,000 steps: only the steps worth drawing are laid onto the surface (a break between
    pieces), the heads stand at each path's current point, the picture as with every step."""
    from optviz.render import contour

    animation = optviz.get_scene("beale").animate(steps=20_000, frames=6, view="3d")
    with animation.renderer() as stage:
        panel = stage.panels[0]
        assert sum(len(p.xyz) for p in panel._paths) < 7 * 20_000 / 10
        assert all((np.diff(p.owner) >= 0).all() for p in panel._paths)
        blitted = [np.array(frame) for frame in stage.frames()]
        assert np.array_equal(blitted[2], stage.render_full(2))
        step = int(stage.frame_steps[2])
        at = np.array([xy[min(step, last)] for xy, last in panel._ends])
        expected = on_pixel_centres(panel._project(panel._lift(at)))
        assert np.allclose(np.sort(panel._heads.get_offsets(), axis=0), np.sort(expected, axis=0))
        fewer = stage.render_full(5)
    monkeypatch.setattr("optviz.render.surface3d.PIECES_ABOVE", np.inf)
    with animation.renderer() as stage:
        assert sum(len(p.xyz) for p in stage.panels[0]._paths) >= 7 * 20_000
        every = stage.render_full(5)
    mse = np.mean((fewer.astype(float) - every.astype(float)) ** 2)
    assert 0 < mse and 10 * np.log10(255 ** 2 / mse) > 45


def test_a_savefig_at_another_dpi_keeps_paths_heads_and_stars_in_place(tmp_path):
    """The 3-D overlay is projected to the figure's pixels; saved at twice the dpi it lands
    where the frame has it, scaled (it stayed in the bottom-left quarter before)."""
    animation = optviz.get_scene("saddle-point").animate(quiet=True)
    with animation.renderer() as stage:
        face = np.array(rgb8(stage.theme.star_face))
        frame = np.array(list(stage.frames())[-1])
        stage.pose(len(stage) - 1)
        stage.figure.savefig(tmp_path / "big.png", dpi=200)
    big = np.asarray(Image.open(tmp_path / "big.png").convert("RGB"))

    def star_centre(image: np.ndarray) -> np.ndarray:
        """The centre of the star at the bottom, the minimum in front (the other one is
        partly under heads)."""
        rows, cols = np.nonzero((np.abs(image.astype(int) - face) <= 8).all(-1))
        front = rows > 0.55 * image.shape[0]
        assert front.sum() > 20
        return np.array([cols[front].mean(), rows[front].mean()])

    assert np.abs(star_centre(big) - 2 * star_centre(frame)).max() <= 3


def test_a_tight_savefig_keeps_the_whole_step_counter(tmp_path):
    """bbox_inches="tight" measures the counter too: in a grid of 3-D panels it reaches past
    the panels' labels, and was cut off at "step 100 / 10"."""
    animation = optviz.animate("saddle-point", ["sgd", "adam", "rmsprop"], view="3d",
                               layout="grid", theme="classic", steps=100, quiet=True)
    with animation.renderer() as stage:
        color = np.array(stage._counter.color)
        frame = np.array(list(stage.frames())[-1])
        stage.pose(len(stage) - 1)
        stage.figure.savefig(tmp_path / "tight.png", bbox_inches="tight")
    tight = np.asarray(Image.open(tmp_path / "tight.png").convert("RGB"))

    def counter_columns(image: np.ndarray) -> tuple[int, int]:
        corner = image[-int(0.06 * image.shape[0]):, -int(0.35 * image.shape[1]):]
        cols = np.nonzero((np.abs(corner.astype(int) - color) <= 60).all(-1).any(axis=0))[0]
        return cols.min(), cols.max() + 1

    left, right = counter_columns(tight)
    assert right - left == np.subtract(*counter_columns(frame)[::-1])     # all of it
    assert right < int(0.35 * tight.shape[1]) - 2                        # not at the edge


@pytest.mark.parametrize("size", [(600, 500), (1280, 720), (1920, 1080)])
def test_axis_labels_clear_the_tick_labels_at_every_size(size):
    """mplot3d's offsets do not grow with the fonts; on a projector's 1280x720 the y label ran
    into the "0.0" tick ("0.0y") until the pads made up the difference."""
    animation = optviz.get_scene("saddle-point").animate(size=size, quiet=True)
    with animation.renderer() as stage:
        stage.render_full(0)
        renderer = stage.figure.canvas.get_renderer()
        ax = stage.panels[0].ax
        for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
            label = axis.label.get_window_extent(renderer)
            ticks = [t.label1.get_window_extent(renderer) for t in axis.get_major_ticks()
                     if t.label1.get_visible() and t.label1.get_text()]
            assert ticks and not any(label.overlaps(tick) for tick in ticks), axis.label.get_text()
