"""Every script in examples/ runs (with few steps) and writes what it says."""

import subprocess
import sys
from pathlib import Path

import imageio_ffmpeg
import pytest
from PIL import Image

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

CASES = {
    "custom_optimizers.py": ["custom_optimizers.gif"],
    "formula_surface.py": ["formula_surface.gif"],
    "learning_rates.py": ["learning_rates.gif", "learning_rates_loss.gif"],
    "mp4_for_slides.py": ["saddle-point.mp4", "saddle-point.png"],
    "book_vs_torch.py": ["book_vs_torch.gif"],
    "torch_optimizer.py": ["torch_optimizer.gif"],
}
NEEDS_TORCH = {"torch_optimizer.py"}


def test_every_example_is_tested():
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(CASES)


@pytest.mark.parametrize("script", sorted(CASES))
def test_example_runs(script, tmp_path):
    if script in NEEDS_TORCH:
        pytest.importorskip("torch", reason="torch not installed (pip install torch==2.13.0)")
    result = subprocess.run([sys.executable, str(EXAMPLES / script), "--steps", "6", "--out", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for name in CASES[script]:
        path = tmp_path / name
        assert str(path) in result.stdout
        if path.suffix == ".gif":
            with Image.open(path) as gif:
                assert gif.n_frames == 7 and gif.size == (600, 500)
        elif path.suffix == ".png":
            assert Image.open(path).size == (1280, 720)
        else:
            frames, _ = imageio_ffmpeg.count_frames_and_secs(str(path))
            assert frames >= 7
