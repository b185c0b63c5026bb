"""The stage with a contour panel: frame count and size, what is drawn where, fidelity to a full
draw, layout, divergence, errors.

The surfaces here are small stand-ins with the attributes of optviz.surfaces.Surface, and the
paths come from a few lines of gradient descent, so these tests only depend on the renderer.
"""

from __future__ import annotations

import numpy as np
import pytest

import optviz
from optviz.render import ContourPanel, Series, Stage
from optviz.render.style import rgb8
from optviz.timeline import counter_steps, frame_steps

BEALE = optviz.get_surface("beale")
BOWL = optviz.get_surface("elongated-bowl")


def ContourRenderer(surface, series, frames, xlim=None, ylim=None, **options):
    """A stage with one contour panel, showing *frames* frames spread over the longest path."""
    steps = max((s.trajectory.points.shape[0] - 1 for s in series), default=0)
    return Stage(series, frame_steps(steps, frames), [ContourPanel(surface, xlim=xlim, ylim=ylim)],
                 title=surface.description, **options)


def run(surface, name, starts, steps, **hyper):
    return optviz.record(surface, optviz.get_optimizer(name, **hyper), starts, steps)


def beale_series(steps=120):
    """Six optimizers from one start, as in the classic animations."""
    specs = [("sgd", 0.001), ("momentum", 0.001), ("nesterov", 0.001), ("adagrad", 0.5),
             ("rmsprop", 0.01), ("adam", 0.05)]
    return [Series(f"{name} (lr={lr})", run(BEALE, name, (1.0, 1.5), steps, lr=lr)) for name, lr in specs]


def spread_series(steps=40):
    """Three optimizers from three starts: their last points are far apart."""
    starts = [(1.0, 1.5), (-3.0, -1.0), (2.0, -2.5)]
    return [Series(f"gd {i}", run(BEALE, "sgd", s, steps, lr=0.0005)) for i, s in enumerate(starts)]


def saddle_series(steps=150):
    """One path that stays, one that leaves the view through its top edge (diverges at a step
    < steps): SGD with lr 1.1 multiplies y by -1.2 per step on the bowl x^2/20 + y^2."""
    calm = run(BOWL, "sgd", [(-7.0, 2.0), (7.0, -2.0)], steps, lr=0.1)
    wild = run(BOWL, "sgd", (-7.0, 2.0), steps, lr=1.1)
    assert (calm.diverged_at == -1).all() and 0 < wild.diverged_at < steps
    return [Series("calm", calm), Series("wild", wild)]



def pixel(renderer, xy):
    """(row, column) of the pixel where data point *xy* is drawn."""
    x, y = renderer.axes.transData.transform(np.asarray(xy, dtype=float))
    height = renderer.size[1]
    return int(np.floor(height - y)), int(np.floor(x))


def last_frame(renderer):
    frame = None
    for frame in renderer.frames():
        pass
    return np.array(frame)


def nth_frame(renderer, n):
    for i, frame in enumerate(renderer.frames()):
        if i == n:
            return np.array(frame)
    raise IndexError(n)


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return np.inf if mse == 0 else 10 * np.log10(255.0**2 / mse)


def luminance(image):
    return float((image[..., :3] @ np.array([0.2126, 0.7152, 0.0722])).mean())


@pytest.fixture(scope="module")
def beale():
    with ContourRenderer(BEALE, beale_series(), frames=30) as renderer:
        yield renderer


@pytest.fixture(scope="module")
def spread():
    with ContourRenderer(BEALE, spread_series(), frames=12) as renderer:
        yield renderer


# ------------------------------------------------------------------------------- frames, size

@pytest.mark.parametrize("size, dpi", [((600, 500), 100), ((333, 277), 96), ((640, 360), 72)])
def test_frames_have_the_exact_size_and_count(size, dpi):
    with ContourRenderer(BEALE, spread_series(), frames=7, size=size, dpi=dpi) as renderer:
        frames = [np.array(f) for f in renderer.frames()]
        assert len(frames) == len(renderer) == 7
        for frame in frames:
            assert frame.shape == (size[1], size[0], 3) and frame.dtype == np.uint8
        assert renderer.background().shape == (size[1], size[0], 3)
        assert renderer.render_full(3).shape == (size[1], size[0], 3)


def test_frame_steps_sample_evenly_and_end_on_the_last_step():
    steps = frame_steps(300, 61)
    assert steps[0] == 0 and steps[-1] == 300 and len(steps) == 61
    assert set(np.diff(steps)) == {5}
    uneven = frame_steps(300, 7)
    assert uneven[-1] == 300 and (np.diff(uneven) >= 49).all() and (np.diff(uneven) <= 51).all()
    repeated = frame_steps(3, 7)          # fewer steps than frames: steps repeat
    assert repeated[-1] == 3 and (np.diff(repeated) >= 0).all() and set(repeated) == {0, 1, 2, 3}
    assert list(frame_steps(50, 1)) == [50]


def test_renderer_frame_steps_use_the_longest_trajectory(beale):
    assert beale.frame_steps[-1] == 120 and beale.frame_steps[0] == 0
    assert len(beale.frame_steps) == 30


# ------------------------------------------------------------------------------ what is drawn

def test_each_series_colour_is_drawn_at_its_last_point(spread):
    frame = last_frame(spread)
    where = [pixel(spread, s.trajectory.points[-1]) for s in spread.series]
    assert min(np.hypot(*np.subtract(a, b)) for i, a in enumerate(where)
               for b in where[i + 1:]) > 20, "test setup: heads must not overlap"
    for (row, col), color in zip(where, spread.colors):
        assert tuple(frame[row, col]) == rgb8(color)
        assert rgb8(color) in spread.reserved_colors


def test_heads_move_between_frames(spread):
    first = nth_frame(spread, 0)
    last = last_frame(spread)
    for series, color in zip(spread.series, spread.colors):
        start, end = pixel(spread, series.trajectory.points[0]), pixel(spread, series.trajectory.points[-1])
        assert tuple(first[start]) == rgb8(color)
        assert tuple(first[end]) != rgb8(color)
        assert tuple(last[end]) == rgb8(color)


def _near(image, row, col, color, radius=1, tolerance=0):
    patch = image[row - radius:row + radius + 1, col - radius:col + radius + 1].astype(int)
    return bool((np.abs(patch - np.array(color)).max(axis=-1) <= tolerance).any())


def test_background_has_no_path_until_it_is_drawn(spread):
    background = spread.background()
    last = last_frame(spread)
    for series, color in zip(spread.series, spread.colors):
        points = series.trajectory.points
        row, col = pixel(spread, points[len(points) // 2])
        assert not _near(background, row, col, rgb8(color), radius=2, tolerance=40)
        assert _near(last, row, col, rgb8(color))


def test_step_counter_changes_and_reserved_colours_cover_the_moving_art(spread):
    background = spread.background().astype(int)
    first, last = nth_frame(spread, 0), last_frame(spread)
    assert (first != last).any()
    changed = (last.astype(int) != background).any(axis=-1)
    colors, counts = np.unique(last[changed], axis=0, return_counts=True)
    common = [tuple(c) for c in colors[np.argsort(counts)[::-1][:len(spread.series)]]]
    assert set(common) <= set(spread.reserved_colors)


def test_a_savefig_at_another_dpi_shows_the_counter_at_its_place_and_scale(tmp_path):
    """The counter's glyphs are made for the stage's dpi; saved at twice the dpi (or cropped
    tight), it is drawn as text of twice the size, where the frame has it."""
    from PIL import Image

    def counter_box(image: np.ndarray, color) -> np.ndarray:
        """(left, top, right, bottom) of the text-coloured pixels below the axes, right of
        the x label."""
        rows, cols = np.nonzero((np.abs(image[..., :3].astype(int) - color) <= 40).all(-1))
        below = (rows > image.shape[0] * 0.9) & (cols > image.shape[1] * 0.6)
        return np.array([cols[below].min(), rows[below].min(), cols[below].max() + 1,
                         rows[below].max() + 1])

    animation = optviz.animate("beale", ["sgd", "adam"], steps=40, quiet=True)
    with animation.renderer() as stage:
        color = np.array(stage._counter.color)
        frame = np.array(list(stage.frames())[-1])
        stage.pose(len(stage) - 1)
        stage.figure.savefig(tmp_path / "big.png", dpi=200)
        stage.figure.savefig(tmp_path / "tight.png", bbox_inches="tight")
        # the figure's left edge moves to the tight box's, less the 0.1-inch pad
        shift = (stage.figure.get_tightbbox().x0 - 0.1) * stage.figure.dpi
    small = counter_box(frame, color)
    big = counter_box(np.asarray(Image.open(tmp_path / "big.png")), color)
    assert np.abs(big - 2 * small).max() <= 4                      # place and size, doubled
    tight = counter_box(np.asarray(Image.open(tmp_path / "tight.png")), color)
    assert abs(tight[0] - (small[0] - shift)) <= 1                    # moved with the figure
    assert tight[2] - tight[0] == small[2] - small[0]


def test_a_vector_file_has_the_counter_as_text_at_its_place(tmp_path):
    """In an SVG (fonts kept as text) the counter is text whose right end and baseline are
    where the frame has them, in points."""
    import re

    import matplotlib

    animation = optviz.animate("beale", ["sgd", "adam"], steps=40, quiet=True)
    with animation.renderer() as stage, matplotlib.rc_context({"svg.fonttype": "none"}):
        stage.pose(len(stage) - 1)
        stage.figure.savefig(tmp_path / "f.svg")
        right, baseline = stage._counter._right, stage._counter._baseline
        points = 72 / stage.figure.dpi
        height = stage.figure.bbox.height * points
    svg = (tmp_path / "f.svg").read_text()
    x, y = map(float, re.search(r'x="([\d.]+)" y="([\d.]+)"[^>]*>step 40 / 40<', svg).groups())
    assert x == pytest.approx(right * points, abs=0.5)
    assert y == pytest.approx(height - baseline * points, abs=0.5)


def test_heads_stand_on_pixel_centres_so_a_slow_head_changes_no_pixel():
    """Each head is drawn at the centre of the pixel its point falls in: SGD at lr 1e-4 on
    Beale moves a fraction of a pixel a step, and most frames leave its head's pixels as they
    were (a head drawn at its exact point changed its antialiased rim on every frame)."""
    series = [Series("sgd", run(BEALE, "sgd", (1.0, 1.5), 60, lr=1e-4), "C0")]
    with ContourRenderer(BEALE, series, frames=61) as stage:
        box = stage.panels[0].ax.bbox                  # the plot, without the step counter
        rows = slice(int(stage.size[1] - box.y1) + 1, int(stage.size[1] - box.y0) - 1)
        columns = slice(int(box.x0) + 1, int(box.x1) - 1)
        frames = [np.array(frame)[rows, columns] for frame in stage.frames()]
        to_pixels = stage.panels[0].ax.transData
        head = to_pixels.transform(stage.panels[0]._heads.get_offsets())
        exact = to_pixels.transform(series[0].trajectory.points[-1:])
    assert np.array_equal(head % 1, np.full_like(head, 0.5))
    assert np.abs(head - exact).max() <= 0.5
    changed = [(a != b).any(axis=-1).sum() for a, b in zip(frames, frames[1:])]
    assert np.median(changed) == 0, changed


def test_the_counter_ticks_on_round_steps_at_most_ten_times_a_second():
    steps = frame_steps(300, 300)
    assert counter_steps(steps, 30).tolist() == [s - s % 5 for s in steps[:-1]] + [300]
    assert counter_steps(frame_steps(100_000, 240), 30)[[0, 4, 5, -2, -1]].tolist() == \
        [0, 0, 2000, 98_000, 100_000]
    for fps in (6, 10):                          # the book's figure, the learning-rate lesson
        assert counter_steps(steps, fps).tolist() == steps.tolist()   # slow enough to read
    assert counter_steps(steps, None).tolist() == steps.tolist()
    # In the frames: below the axes (where only the counter moves) a frame differs from the
    # one before exactly where the counter's step changes, and the last shows the total.
    series = spread_series(steps=60)
    with ContourRenderer(BEALE, series, frames=61, fps=30) as stage:
        below = int(stage.size[1] - stage.axes.bbox.y0) + 2
        frames = [np.array(frame)[below:] for frame in stage.frames()]
        changes = [i for i in range(1, 61) if (frames[i] != frames[i - 1]).any()]
        assert changes == list(range(5, 61, 5))
        assert stage._counter.step == 60


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_blitted_frames_match_a_full_draw(theme):
    with ContourRenderer(BOWL, saddle_series(), frames=40, theme=theme) as renderer:
        for index in (20, 39):
            blitted = nth_frame(renderer, index)
            assert psnr(blitted, renderer.render_full(index)) >= 45


def test_dark_theme_is_dark_and_light_theme_is_light():
    series = spread_series()
    with ContourRenderer(BEALE, series, frames=2, theme="dark") as dark, \
            ContourRenderer(BEALE, series, frames=2, theme="light") as light:
        assert luminance(last_frame(dark)) < 80
        assert luminance(last_frame(light)) > 170
        # Each theme's paths take its own palette in order, and the encoder keeps them exact.
        for renderer, theme in ((dark, "dark"), (light, "light")):
            assert renderer.colors == list(optviz.get_theme(theme).palette[:3])
            assert {rgb8(c) for c in renderer.colors} <= set(renderer.reserved_colors)
        assert dark.colors[0] != light.colors[0]


def test_a_path_too_long_for_agg_is_stroked_in_parts_that_look_the_same(monkeypatch):
    from optviz.render import strokes
    series = beale_series()
    with ContourRenderer(BEALE, series, frames=2) as renderer:
        whole = last_frame(renderer)
        assert 300 < renderer.stroke_pixels < 10**4
    # Parts of at most 50 pixels: the same picture, but for antialiased pixels where they meet.
    monkeypatch.setattr(strokes, "MAX_STROKE_PIXELS", 50)
    with ContourRenderer(BEALE, series, frames=2) as renderer:
        parted = last_frame(renderer)
        (_, lines), = renderer.panels[0]._groups                 # one collection, in parts
        assert len(lines.get_segments()) > 2 * len(series)
    differ = (np.abs(whole.astype(int) - parted).max(axis=-1) > 40).mean()
    assert 0 < differ < 1e-3 and psnr(whole, parted) > 40
    xy = np.cumsum(np.ones((1000, 2)), axis=0)
    parts = strokes.split_stroke(xy, strokes.stroke_pixels(xy, np.ones(2)))   # steps of 1.41 px
    assert len(parts) == int(999 * 2**0.5 / 50) + 1
    assert all(np.hypot(*np.ptp(p, axis=0)) <= 50 + 2**0.5 for p in parts)
    assert all((a[-1] == b[0]).all() for a, b in zip(parts, parts[1:]))
    assert (np.concatenate([parts[0]] + [p[1:] for p in parts[1:]]) == xy).all()


# ------------------------------------------------------------------------------------- layout

def test_legend_avoids_the_paths(beale):
    renderer = beale.figure.canvas.get_renderer()
    box = beale.legend.get_window_extent(renderer)
    points = np.concatenate([s.trajectory.points.reshape(-1, 2) for s in beale.series])
    xy = beale.axes.transData.transform(points)
    inside = ((xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1)
              & (xy[:, 1] >= box.y0) & (xy[:, 1] <= box.y1))
    assert inside.mean() < 0.05
    minimum = beale.axes.transData.transform([3.0, 0.5])
    assert not box.contains(*minimum)


@pytest.mark.parametrize("size", [(600, 500), (320, 240)])
def test_nothing_is_clipped(size):
    with ContourRenderer(BOWL, saddle_series(), frames=2, size=size) as renderer:
        last_frame(renderer)
        fig = renderer.figure
        canvas_renderer = fig.canvas.get_renderer()
        page = fig.bbox
        ax = renderer.axes
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        shown = [t for t in ax.get_xticklabels() if t.get_text() and x0 <= t.get_position()[0] <= x1]
        shown += [t for t in ax.get_yticklabels() if t.get_text() and y0 <= t.get_position()[1] <= y1]
        texts = [fig._suptitle, ax.xaxis.label, ax.yaxis.label, *shown]
        for artist in [renderer.legend, *texts]:
            box = artist.get_window_extent(canvas_renderer)
            assert page.x0 - 0.5 <= box.x0 and box.x1 <= page.x1 + 0.5, artist
            assert page.y0 - 0.5 <= box.y0 and box.y1 <= page.y1 + 0.5, artist
        # The layout was done once: no engine re-runs it on every draw.
        engine = fig.get_layout_engine()
        assert engine is None or type(engine).__name__ == "PlaceHolderLayoutEngine"


# --------------------------------------------------------------------------------- divergence

def test_a_diverged_series_is_marked_in_the_legend_from_its_step_on():
    series = saddle_series()
    with ContourRenderer(BOWL, series, frames=40) as renderer:
        texts = renderer.legend.get_texts()
        diverged_at = int(series[1].trajectory.diverged_at)
        labels = []
        frames = []
        for step, frame in zip(renderer.frame_steps, renderer.frames()):
            labels.append([t.get_text() for t in texts])
            frames.append(np.array(frame))
        for step, (calm, wild) in zip(renderer.frame_steps, labels):
            assert calm == "calm"
            assert wild.endswith("diverged") == (step >= diverged_at), (step, wild)
        # The legend's pixels change once (its text), not the plot's static parts.
        box = renderer.legend.get_window_extent(renderer.figure.canvas.get_renderer())
        height = renderer.size[1]
        rows = slice(int(height - box.y1), int(np.ceil(height - box.y0)))
        cols = slice(int(box.x0), int(np.ceil(box.x1)))
        assert (frames[0][rows, cols] != frames[-1][rows, cols]).any()
        assert (renderer.background(0)[rows, cols] != renderer.background(39)[rows, cols]).any()
        # The animation goes on for the others: the calm head still moves after the divergence.
        calm = series[0].trajectory.points
        row, col = pixel(renderer, calm[-1, 0])
        assert tuple(frames[-1][row, col]) == rgb8(renderer.colors[0])


def test_a_diverged_path_ends_where_it_left_the_view():
    series = saddle_series()
    wild = series[1].trajectory
    with ContourRenderer(BOWL, series, frames=40) as renderer:
        frame = last_frame(renderer)
        color = np.array(rgb8(renderer.colors[1]))
        # The path leaves through the top or bottom edge: its colour reaches that edge.
        d = int(wild.diverged_at)
        exit_y = wild.points[d - 1, 1]
        box = renderer.axes.bbox
        height = renderer.size[1]
        row = int(height - box.y1) + 2 if exit_y > 0 else int(np.ceil(height - box.y0)) - 3
        line = frame[row, int(box.x0):int(box.x1)].astype(int)
        assert (np.abs(line - color).max(axis=-1) <= 10).any()


def test_a_head_outside_the_view_is_a_triangle_on_its_border_pointing_to_it():
    series = saddle_series()
    wild = series[1].trajectory
    d = int(wild.diverged_at)
    outside = [i for i in range(d) if abs(wild.points[i, 1]) > BOWL.ylim[1]]
    with ContourRenderer(BOWL, series, frames=151) as renderer:    # one frame per step
        step = outside[0]
        frame = np.array(renderer.render_full(step))[..., :3].astype(int)
        marks = renderer.panels[0]._edge_marks.artist
        (x, y), = marks.get_offsets()
        head = wild.points[step]
        assert x == pytest.approx(head[0], abs=0.5) and abs(y) < BOWL.ylim[1]   # on the border
        box, height = renderer.axes.bbox, renderer.size[1]
        row, col = pixel(renderer, (x, y))
        color = np.array(rgb8(renderer.colors[1]))
        near = frame[max(row - 6, 0): row + 7, col - 6: col + 7]
        assert (np.abs(near - color).max(axis=-1) <= 10).sum() >= 8          # in its colour
        assert int(height - box.y1) <= row <= int(height - box.y0)           # inside the axes
        tip = marks.get_paths()[0].vertices[0]                    # points out, to the head
        assert tip[0] == pytest.approx(0, abs=1e-9) and np.sign(tip[1]) == np.sign(head[1])
        calm, wild_head = np.split(renderer.panels[0]._heads.get_offsets(), [2])   # 2 calm starts
        assert np.isfinite(calm).all() and np.isnan(wild_head).all()   # no dot for the wild one
        frame = renderer.render_full(0)                                     # all inside
        assert not marks.get_visible()                                      # none drawn


# ------------------------------------------------------------------------------------- errors

@pytest.mark.parametrize("kwargs, message", [
    (dict(frames=3, theme="neon"), "unknown theme 'neon'; valid: classic, dark, light"),
    (dict(frames=3, size=(0, 100)), "Invalid size"),
    (dict(frames=3, dpi=-1), "Invalid dpi"),
    (dict(frames=3, xlim=(1, -1)), "Invalid xlim"),
])
def test_bad_arguments_raise_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        ContourRenderer(BEALE, spread_series(steps=3), **kwargs)


@pytest.mark.parametrize("schedule", [[], [0, 4], [-1, 2], [0.5, 1.0], [[0, 1]]])
def test_bad_frame_schedules_raise_clear_errors(schedule):
    with pytest.raises(ValueError, match=r"Invalid frame_steps: .* \(must be a non-empty sequence "
                                         r"of whole steps from 0 to 3\)"):
        Stage(spread_series(steps=3), schedule, [ContourPanel(BEALE)])


def test_a_panel_draws_a_series_in_its_own_colour_and_style():
    calm, wild = saddle_series(steps=20)
    series = [Series("calm", calm.trajectory, color="#123456", linestyle="dashed"), wild]
    with ContourRenderer(BOWL, series, frames=2) as renderer:
        assert renderer.colors == ["#123456", renderer.theme.palette[1]]
        assert renderer.linestyles == ["dashed", "solid"]
        frame = last_frame(renderer)
        row, col = pixel(renderer, calm.trajectory.points[-1, 0])
        assert tuple(frame[row, col]) == (0x12, 0x34, 0x56)
        assert (0x12, 0x34, 0x56) in renderer.reserved_colors


def test_no_series_and_closed_renderer_raise():
    with pytest.raises(ValueError, match="Invalid series"):
        ContourRenderer(BEALE, [], frames=3)
    renderer = ContourRenderer(BEALE, spread_series(steps=3), frames=3)
    renderer.close()
    with pytest.raises(ValueError, match="closed"):
        next(renderer.frames())


def test_colours_that_repeat_past_the_palette_are_dashed():
    # 12 series from 12 starts (the light palette has 8 colours).
    series = [Series(f"gd {i}", run(BEALE, "sgd", (-3.0 + 0.5 * i, -1.0), 3, lr=0.0005))
              for i in range(12)]
    with ContourRenderer(BEALE, series, frames=2) as renderer:
        assert renderer.colors[8] == renderer.colors[0]
        assert renderer.linestyles[:8] == ["solid"] * 8 and renderer.linestyles[8] != "solid"
        handles = renderer.legend.legend_handles
        assert handles[0].get_linestyle() == "-" and handles[8].get_linestyle() == "--"


def test_a_long_path_is_drawn_in_pieces_that_look_the_same():
    """100,000-step paths cost about what the picture costs: steps that join cells an earlier
    step already joined (jitter about a minimum) are not drawn again."""
    from optviz.render import contour, strokes

    xy = np.array([[0, 0], [1, 0], [0, 0], [1, 0], [2, 0], [3, 0]] + [[3, 0], [4, 0]] * 40, float)
    first, last = strokes.pieces(xy, np.array([1.0, 1.0]))
    assert (first.tolist(), last.tolist()) == ([0], [7])     # the back-and-forth adds nothing

    animation = optviz.get_scene("beale").animate(steps=20_000, frames=12)
    with animation.renderer() as stage:
        panel = stage.panels[0]
        cut = [c for per_track in panel._pieces for c in per_track]
        assert all(c is not None for c in cut)
        assert sum(len(f) for f, _ in cut) < 2_000                 # not 7 x 20,000 points
        blitted = [np.array(f) for f in stage.frames()]
        pieces = stage.render_full(11)
        assert np.array_equal(blitted[11], pieces)
    saved = contour.PIECES_ABOVE
    contour.PIECES_ABOVE = 10**9                                    # point for point
    try:
        with animation.renderer() as stage:
            whole = stage.render_full(11)
    finally:
        contour.PIECES_ABOVE = saved
    mse = np.mean((pieces.astype(float) - whole.astype(float)) ** 2)
    assert 10 * np.log10(255 ** 2 / mse) > 45 if mse else True


def test_a_long_jittering_path_is_pasted_from_an_image_of_its_own_under_the_paths_after_it(
        monkeypatch):
    """Adadelta at lr=5 criss-crosses a triangle of Beale for 20,000 steps: its stroke is drawn
    once, chunk by chunk, into an image that every frame pastes, between the paths before it
    and the paths after it (rmsprop's black line stays on top where it crosses)."""
    from optviz.render import contour
    from optviz.render.trail_layer import TrailLayer

    animation = optviz.get_scene("beale").animate(steps=20_000, frames=12)
    with animation.renderer() as stage:
        groups = stage.panels[0]._groups
        assert [(type(a).__name__, w.start, w.stop) for w, a in groups] == [
            ("LineCollection", 0, 4), ("TrailLayer", 4, 5), ("LineCollection", 5, 7)]
        assert stage.series[4].label.startswith("adadelta")
        blitted = [np.array(f) for f in stage.frames()]
        assert np.array_equal(blitted[6], stage.render_full(6))    # however the frame is reached
        layered = stage.render_full(11)
        black = np.array(rgb8(stage.colors[5]))
    monkeypatch.setattr(contour, "HEAVY_ABOVE", np.inf)                 # stroked whole
    with animation.renderer() as stage:
        assert not any(isinstance(a, TrailLayer) for _, a in stage.panels[0]._groups)
        whole = stage.render_full(11)
    on_top = [(np.abs(frame.astype(int) - black).max(axis=-1) <= 8).sum()
              for frame in (layered, whole)]
    assert on_top[0] > 300 and abs(on_top[0] - on_top[1]) < 0.02 * on_top[1]
    assert psnr(layered, whole) > 45


def test_long_paths_that_start_or_stay_inside_one_cell_and_a_savefig_at_another_dpi(tmp_path):
    """Adam at lr=0.001 from Beale's start stays in a quarter-pixel cell for its first steps
    (nothing to draw at frame 0), Adam from the minimum never leaves one; a TrailLayer redone
    for a savefig at dpi 200 leaves the stage's own frames as they were."""
    optviz.animate("beale", "adadelta:lr=5, adam:lr=0.001", steps=20_000,
                   frames=12).save(tmp_path / "a.png", quiet=True)
    optviz.animate("beale", "adam", starts=(3, 0.5), steps=3000,
                   frames=4).save(tmp_path / "b.gif", quiet=True)
    with optviz.get_scene("beale").animate(steps=20_000, frames=12).renderer() as stage:
        before = stage.render_full(11)
        stage.pose(11)
        stage.figure.savefig(tmp_path / "big.png", dpi=200)
        assert np.array_equal(before, stage.render_full(11))


@pytest.mark.parametrize("dpi", [100, 250])
def test_a_chunk_pasted_is_the_chunk_stroked(dpi):
    """A whole chunk, crossing itself, or running just outside the axes with its width
    reaching in: pasted from the image, the same pixels as stroked on the canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from optviz.render.trail_layer import CHUNK, TrailLayer

    t = np.linspace(0, 12, CHUNK + 1)
    lines = [np.stack([np.cos(t) * t, np.sin(3 * t) * 4], axis=1),
             np.c_[np.linspace(-12.5, 12.5, CHUNK + 1), np.full(CHUNK + 1, -5.05)]]
    for line in lines:
        pictures = []
        for layered in (True, False):
            figure = Figure(figsize=(3, 2), dpi=dpi)
            FigureCanvasAgg(figure)
            ax = figure.add_axes((0.103, 0.117, 0.8, 0.77), xlim=(-13, 13), ylim=(-5, 5))
            if layered:
                artist = TrailLayer(ax, line, color="C1", linewidth=2.0, zorder=2)
                artist.upto = len(line)
            else:
                artist = LineCollection([line], colors="C1", linewidths=2.0, capstyle="round",
                                        joinstyle="round", zorder=2)
            ax.add_artist(artist)
            figure.canvas.draw()
            pictures.append(np.asarray(figure.canvas.buffer_rgba()).copy())
        assert (pictures[1] != pictures[1][0, 0]).any() and np.array_equal(*pictures)


def test_a_layered_path_in_a_vector_file_is_the_whole_stroke(tmp_path):
    import io
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from optviz.render.trail_layer import CHUNK, TrailLayer

    line = np.c_[np.linspace(-10, 10, 3 * CHUNK + 5), np.sin(np.arange(3 * CHUNK + 5))]
    files = []
    for layered in (True, False):
        figure = Figure(figsize=(3, 2))
        FigureCanvasAgg(figure)
        ax = figure.add_subplot(xlim=(-13, 13), ylim=(-5, 5))
        if layered:
            artist = TrailLayer(ax, line, color="C1", linewidth=2.0, zorder=2)
            artist.upto = len(line)
        else:
            artist = LineCollection([line], colors="C1", linewidths=2.0, zorder=2)
        ax.add_artist(artist)
        svg = io.StringIO()
        figure.savefig(svg, format="svg")
        files.append(svg.getvalue())
    assert "<image" not in files[0]
    assert files[0].count("\nL ") == files[1].count("\nL ") >= len(line) - 1


def test_a_swarms_dots_outside_the_view_are_triangles_on_its_border():
    starts = np.random.default_rng(0).uniform([-9, -4], [9, 4], (200, 2))
    animation = optviz.animate("elongated-bowl", "sgd:lr=1.02", starts=starts, trails=False,
                               steps=60)
    with animation.renderer() as stage:
        stage.render_full(len(stage) - 1)
        panel = stage.panels[0]
        points = animation.trajectories["sgd"].points[-1]
        outside = (np.abs(points[:, 1]) > 5).sum()
        assert outside > 100                                        # test setup: they leave
        assert len(panel._edge_marks.artist.get_offsets()) == outside
        assert len(panel._dots[0].get_xdata()) == len(points) - outside
        assert (np.abs(panel._edge_marks.artist.get_offsets()[:, 1]) < 5).all()
