"""Hash every frame of every scene, to prove that a refactor leaves the pictures unchanged.

    python tests/frame_hashes.py before.json      # on the old code
    python tests/frame_hashes.py after.json       # on the new code
    python tests/frame_hashes.py --compare before.json after.json
    python tests/frame_hashes.py --view 3d before3d.json      # the 3-D view (default: 2d)

Each scene is rendered at three settings (600x500 light, 320x240 dark, 1280x720 light); every
blitted frame is hashed, and the last frame drawn in full (the PNG poster) too.  Pixels depend
on the matplotlib and freetype versions, so compare hashes made on one machine.
"""

from __future__ import annotations

import hashlib
import json
import sys

import numpy as np

import optviz

SETTINGS = [dict(), dict(theme="dark", size=(320, 240)), dict(size=(1280, 720))]


def digest(frame) -> str:
    return hashlib.sha1(np.ascontiguousarray(frame).tobytes()).hexdigest()[:16]


def scene_hashes(extra: dict | None = None) -> dict[str, list[str]]:
    hashes = {}
    for name in optviz.available_scenes():
        if (extra or {}).get("view") == "3d" and optviz.get_scene(name).trails is False:
            continue                                     # a swarm is drawn in 2-D only
        for setting in SETTINGS:
            options = {**setting, **(extra or {})}
            with optviz.get_scene(name).animate(**options).renderer() as stage:
                frames = [digest(frame) for frame in stage.frames()]
                frames.append("full:" + digest(stage.render_full(len(stage) - 1)))
            hashes[f"{name} {setting}"] = frames
            print(f"{name} {setting}: {len(frames)} hashes", file=sys.stderr)
    return hashes


def compare(before: dict, after: dict) -> int:
    different = 0
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key, []), after.get(key, [])
        changed = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        if changed or len(a) != len(b):
            different += 1
            print(f"{key}: {len(changed)} of {len(a)} frames differ (first {changed[:5]}), "
                  f"counts {len(a)} -> {len(b)}")
        else:
            print(f"{key}: all {len(a)} frames identical")
    return 1 if different else 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--compare"]:
        sys.exit(compare(*(json.load(open(p)) for p in arguments[1:3])))
    view = "2d"
    if arguments[:1] == ["--view"]:
        view, arguments = arguments[1], arguments[2:]
    json.dump(scene_hashes({"view": view}), open(arguments[0], "w"), indent=0)
