"""``python -m optviz list [scenes|surfaces|optimizers]``: what there is, with its defaults."""

from __future__ import annotations

from .optimizers import available_optimizers, defaults, describe
from .scenes import available_scenes, get_scene
from .surfaces import available_surfaces, get_surface

__all__ = ["LISTS", "list_everything"]

LISTS = ("scenes", "surfaces", "optimizers")


def list_everything(topic: str | None = None) -> str:
    """The scenes, surfaces and optimizers with their defaults; or only *topic*'s."""
    sections = {"scenes": _list_scenes, "surfaces": _list_surfaces, "optimizers": _list_optimizers}
    return "\n".join(line for name, lines in sections.items() if topic in (None, name)
                     for line in lines())


def _list_scenes() -> list[str]:
    lines = ["scenes:"]
    for name in available_scenes():
        scene = get_scene(name)
        rates = ", ".join(
            f"{r.name} {r.hyperparameters.get('lr', defaults(r.name, r.flavor or scene.flavor)['lr']):g}"
            for r in scene.runs)
        lines.append(f"  {name:16} {scene.description}")
        lines.append(f"  {'':16}   {scene.surface}, {scene.steps} steps, {scene.view}, {scene.flavor} flavor: {rates}")
    return lines


def _list_surfaces() -> list[str]:
    return ["surfaces:"] + [f"  {name:16} {get_surface(name).description}"
                            for name in available_surfaces()]


def _list_optimizers() -> list[str]:
    lines = []
    for flavor in ("torch", "textbook"):
        lines.append(f"optimizers ({flavor} flavor):")
        for name in available_optimizers(flavor):
            hyper = ", ".join(f"{k}={v}" for k, v in defaults(name, flavor).items())
            lines.append(f"  {name:16} {describe(name, flavor)}")
            lines.append(f"  {'':16}   {hyper}")
    return lines
