"""An MP4 for slides: the saddle-point scene at 1280x720 in the dark theme, and a PNG poster.

H.264 with yuv420p plays in browsers, PowerPoint and Keynote; no system ffmpeg is needed.

    python examples/mp4_for_slides.py [--steps N] [--out FOLDER]
"""

import argparse

from optviz.scenes import get_scene

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=None)
parser.add_argument("--out", default=".")
args = parser.parse_args()

animation = get_scene("saddle-point").animate(size=(1280, 720), dpi=150, theme="dark", steps=args.steps)
print(animation.save(f"{args.out}/saddle-point.mp4"))
print(animation.save(f"{args.out}/saddle-point.png"))
