"""Regenerate the gallery: every scene as GIF, MP4 and a PNG poster, beside this script.

    python gallery/make.py
"""

from pathlib import Path

import optviz

HERE = Path(__file__).resolve().parent

for name in optviz.available_scenes():
    animation = optviz.get_scene(name).animate()
    for suffix in (".gif", ".mp4", ".png"):
        path = animation.save(HERE / f"{name}{suffix}")
        print(f"{path.relative_to(HERE.parent)}  {path.stat().st_size / 1e6:.2f} MB")
