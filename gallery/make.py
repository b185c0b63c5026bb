"""Regenerate the gallery beside this script: every scene in 2-D (NAME.gif) and in 3-D
(NAME-3d.gif; the swarm is 2-D only), each as GIF, MP4 and PNG poster, the classic look (the
2014 animations' style) of the saddle point in 3-D and Beale's function in 2-D, and Beale
beside its loss curves; and the basins of attraction of Adam on Himmelblau's function.

    python gallery/make.py
"""

from pathlib import Path

import optviz

HERE = Path(__file__).resolve().parent

JOBS = [(f"{name}{'' if view == '2d' else '-3d'}", name, dict(view=view))
        for name in optviz.available_scenes() for view in ("2d", "3d")
        if view == "2d" or optviz.get_scene(name).trails is not False]
JOBS += [("saddle-point-classic", "saddle-point", dict(view="3d", theme="classic")),
         ("beale-classic", "beale", dict(view="2d", theme="classic")),
         ("beale-loss", "beale", dict(view="2d", layout="loss", size=(900, 450)))]

for stem, scene, options in JOBS:
    animation = optviz.get_scene(scene).animate(**options)
    for suffix in (".gif", ".mp4", ".png"):
        path = animation.save(HERE / f"{stem}{suffix}", quiet=True)
        print(f"{path.relative_to(HERE.parent)}  {path.stat().st_size / 1e6:.2f} MB", flush=True)

basin_map = optviz.basins("himmelblau", "adam:lr=0.05", resolution=200, steps=500)
path = basin_map.save(HERE / "himmelblau-basins.png")
print(f"{path.relative_to(HERE.parent)}  {path.stat().st_size / 1e6:.2f} MB", flush=True)
