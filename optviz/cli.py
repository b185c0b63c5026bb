"""The command line: parse arguments, build a scene's animation, save it, report errors.

Every problem with the input is reported as one line on stderr with exit status 2; the library
raises ValueError for all of them, so this module only translates.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from . import __version__, _checks, cli_args, stopping
from .render.style import THEMES
from .animation import LAYOUTS
from .batch import save_all
from .encode import check_output_path
from .formula import FormulaError
from ._names import unknown_name_error
from .scene_file import load_scene, scene_toml
from .cli_lists import LISTS, list_everything
from .scenes import Scene, available_scenes, get_scene, scene_for

DEFAULT_FOLDER = Path("optviz-out")

EXAMPLES = """\
examples:
  python -m optviz                              every scene as a GIF in ./optviz-out/
  python -m optviz beale -o beale.gif           one scene
  python -m optviz beale -o beale.mp4 --fps 25  an MP4 for slides (.png: a poster, .webp too)
  python -m optviz long-valley --theme dark --size 800x600
  python -m optviz beale --optimizers sgd,adam --lr adam=0.05 --lr sgd=0.002
  python -m optviz elongated-bowl --optimizers "torch:adam, textbook:adam"   book vs torch Adam
  python -m optviz beale --optimizers "adam:lr=0.05,betas=0.8;0.99, adam:lr=0.05"
  python -m optviz elongated-bowl --sweep sgd:lr=0.1,0.5,0.95,1.05      a learning-rate sweep
  python -m optviz elongated-bowl --layout grid       one panel per optimizer (the book's 2x2)
  python -m optviz beale --layout loss                the surface beside the loss curves
  python -m optviz swarm -o swarm.gif                 1,500 starts as dots: basins filling
  python -m optviz elongated-bowl --flavor torch          the book's figure, torch's rules
  python -m optviz rosenbrock --surface himmelblau --start -1,1 --start 1,-2 --steps 500
  python -m optviz beale --surface "x**2/20 + y**2" --start -7,2 --xlim -10,10 --ylim -5,5
  python -m optviz beale --view 3d --camera 45,-120   the surface in 3-D, from another side
  python -m optviz saddle-point --theme classic       the 2014 animation's look
  python -m optviz saddle-point --rotate 360 -o spin.mp4  a camera circling the surface
  python -m optviz list                         scenes, surfaces, optimizers and defaults
  python -m optviz list surfaces                only the surfaces (or scenes, optimizers)
  python -m optviz himmelblau                   a surface with a default set of optimizers
  python -m optviz show-scene beale > my.toml   a scene as a file to edit...
  python -m optviz my.toml                      ... and render
  python -m optviz "x**2 + 3*y**2" --title "my bowl"   a formula, likewise
  python -m optviz basins himmelblau --optimizer adam:lr=0.05 -o basins.png   basins of attraction
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, no usage block
        self.exit(2, f"optviz: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m optviz",
        description="Animate how gradient-descent optimizers move across 2-D loss surfaces, "
                    "as contours or in 3-D. "
                    "Without a scene, every scene is saved as a GIF in ./optviz-out/.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scene", nargs="?",
                        help=f"a scene ({', '.join(available_scenes())}); or a surface's name "
                             f"or a formula (a default set of optimizers on it); 'list' "
                             f"[scenes|surfaces|optimizers]; or 'basins' "
                             f"(python -m optviz basins --help)")
    parser.add_argument("topic", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="output file; its suffix picks the format: .gif .mp4 .png .webp "
                             "(default: optviz-out/SCENE.gif; without a scene: the folder)")
    scene = parser.add_argument_group("what to show (overrides the scene)")
    scene.add_argument("--surface", metavar="NAME|FORMULA",
                       help="another surface (its view and starts): a name, or a formula in x "
                            "and y such as \"x**2/20 + y**2\" (quote it)")
    scene.add_argument("--xlim", metavar="A,B", type=cli_args.limits, help="the view's x range")
    scene.add_argument("--ylim", metavar="C,D", type=cli_args.limits, help="the view's y range")
    scene.add_argument("--optimizers", metavar="RUNS", type=cli_args.run_list,
                       help="runs, comma-separated: [FLAVOR:]NAME[:KEY=VALUE,...], e.g. "
                            "\"adam, textbook:adam\" or \"adam:lr=0.05,betas=0.8;0.99\" "
                            "(tuples with ;, flags true/false, label=TEXT); quote it")
    scene.add_argument("--sweep", metavar="NAME:KEY=V1,V2,...", type=cli_args.swept_runs,
                       help="one optimizer at several values of one hyperparameter, e.g. "
                            "sgd:lr=0.001,0.01,0.1; fix others before it, as "
                            "sgd:lr=0.1:momentum=0.5,0.9 (replaces the scene's optimizers)")
    scene.add_argument("--lr", metavar="NAME=VALUE", action="append", type=cli_args.learning_rate,
                       default=[], help="learning rate of one optimizer (repeatable)")
    scene.add_argument("--title", metavar="TEXT", help="the title (default: the scene's)")
    scene.add_argument("--start", metavar="X,Y", action="append", type=cli_args.point,
                       help="starting point (repeatable; one outside the view widens it)")
    scene.add_argument("--steps", metavar="N", type=cli_args.whole_number, help="optimizer steps")
    scene.add_argument("--flavor", choices=["torch", "textbook"],
                       help="torch.optim's rules or the book's code")
    video = parser.add_argument_group("how it looks")
    video.add_argument("--frames", metavar="N", type=cli_args.whole_number,
                       help="frames (they sample the steps evenly)")
    video.add_argument("--fps", metavar="N", type=cli_args.number, help="frames per second (default 30; classic theme 25)")
    video.add_argument("--size", metavar="WxH", type=cli_args.size, help="size in pixels (default 600x500; classic theme 620x480)")
    video.add_argument("--dpi", metavar="N", type=cli_args.whole_number, help="dots per inch (default 100)")
    video.add_argument("--theme", choices=list(THEMES),
                       help="colours (default light; classic: the look of the 2014 animations, "
                            "620x480 at 25 fps)")
    video.add_argument("--view", choices=["2d", "3d"],
                       help="contours or the 3-D surface (default: the scene's; saddle-point is 3d)")
    video.add_argument("--layout", choices=list(LAYOUTS),
                       help="the surface alone (default), beside the loss at every step, or a "
                            "grid of small panels, one per run")
    video.add_argument("--trails", action=argparse.BooleanOptionalAction,
                       help="draw each path behind its head, or (--no-trails) only a dot per "
                            "start: a swarm (default: trails up to 64 paths)")
    video.add_argument("--hold", metavar="SECONDS", type=cli_args.number,
                       help="how long the last frame stays before the loop (default 1; 0 with "
                            "--rotate 360)")
    video.add_argument("--camera", metavar="ELEV,AZIM", type=cli_args.camera,
                       help="3-D camera elevation and azimuth in degrees (default: the scene's, "
                            "or 30,-60)")
    video.add_argument("--rotate", metavar="DEGREES", type=cli_args.angle,
                       help="3-D: sweep the camera's azimuth by this many degrees over the "
                            "animation (360: a seamless loop; every frame redrawn, slower)")
    parser.add_argument("-j", "--jobs", metavar="N", type=cli_args.whole_number,
                        help="without a scene: scenes saved at once (default: one per core)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar, no paths printed")
    parser.add_argument("--version", action="version", version=f"optviz {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["basins"]:
        from .cli_basins import main as basins_main
        return basins_main(argv[1:])
    args = build_parser().parse_args(cli_args.join_negative_values(argv))
    _warnings_in_one_line()
    with stopping.catch_signals():
        return _run(args)


def _run(args) -> int:
    created = None
    try:
        if args.scene == "list":
            given = [k for k, v in vars(args).items()
                     if k not in ("scene", "quiet", "lr", "topic") and v is not None]
            if given or args.lr:
                raise ValueError(f"list takes no options (got --{(given or ['lr'])[0]}); "
                                 f"run python -m optviz list")
            if args.topic is not None and args.topic not in LISTS:
                raise unknown_name_error("list", args.topic, LISTS)
            print(list_everything(args.topic))
            return 0
        if args.scene == "show-scene":
            if args.topic is None:
                raise ValueError("show-scene needs a scene, e.g. python -m optviz show-scene beale")
            print(scene_toml(scene_for(args.topic)), end="")
            return 0
        if args.topic is not None:
            raise ValueError(f"unexpected {args.topic!r} after the scene; quote a formula "
                             f"that has spaces, e.g. \"x**2 + y**2\"")
        # Every name and option is checked before anything is written.
        processes = None if args.jobs is None else _checks.count("jobs", args.jobs, minimum=1)
        scenes, folder = _jobs(args)
        try:
            jobs = [(_animation(scene, args), output) for scene, output in scenes]
        except (ValueError, TypeError) as error:   # a scene file's values: say which file
            if args.scene and args.scene.lower().endswith(".toml"):
                raise ValueError(f"{args.scene}: {_one_line(error)}") from None
            raise
        if folder is not None and not folder.is_dir():
            folder.mkdir()
            created = folder
        for _, output in jobs:              # every output, before the first is rendered
            check_output_path(output)
        for path in save_all(jobs, quiet=args.quiet, processes=processes):
            if not args.quiet:
                print(path, flush=True)
    except (ValueError, TypeError, OSError) as error:
        _remove_if_empty(created)
        if stopping.signals_received:     # C code the signal interrupted raised its own error
            print("optviz: interrupted", file=sys.stderr)
            return 130
        print(f"optviz: error: {_one_line(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        _remove_if_empty(created)
        print("optviz: interrupted", file=sys.stderr)
        return 130
    return 0


def _warnings_in_one_line() -> None:
    """Show a warning from below (matplotlib's "Glyph 20013 missing from font(s)" for a title
    in a script the font lacks) once, as one line, not two lines per occurrence."""
    shown = set()

    def show(message, category, filename, lineno, file=None, line=None):
        text = " ".join(str(message).split())
        if text not in shown:
            shown.add(text)
            print(f"optviz: warning: {text}", file=sys.stderr)

    warnings.showwarning = show


def _one_line(error: Exception) -> str:
    """ValueErrors are written as one line, but for a formula's caret under the column at
    fault; an OSError says what failed where."""
    if isinstance(error, FormulaError):
        return str(error)
    if isinstance(error, OSError) and not isinstance(error, ValueError) and error.strerror:
        where = f" {str(error.filename)!r}" if error.filename else ""
        return f"cannot write{where}: {error.strerror.lower()}"
    return " ".join(str(error).split())


def _remove_if_empty(folder: Path | None) -> None:
    """Take back a folder this run created when it failed before writing into it."""
    if folder is not None:
        try:
            folder.rmdir()
        except OSError:
            pass


def _jobs(args) -> tuple[list[tuple[Scene, Path]], Path | None]:
    """(scene, output path) pairs, one for a named scene or one per scene without, and the
    folder to create for them (None when the user named the output file)."""
    if args.output is not None and not args.output.strip():
        raise ValueError("-o needs a file name, e.g. -o beale.gif")
    if args.scene is not None:
        if args.scene.lower().endswith(".toml"):
            scene, output = load_scene(args.scene)
            output = Path(args.output) if args.output else output
        else:
            scene, output = scene_for(args.scene), args.output and Path(args.output)
        if output:
            return [(scene, output)], None
        return [(scene, _usable(DEFAULT_FOLDER) / f"{scene.name}.gif")], DEFAULT_FOLDER
    folder = Path(args.output) if args.output else DEFAULT_FOLDER
    if folder.suffix:
        raise ValueError(f"without a scene, -o names a folder, not {str(folder)!r}; "
                         f"give a scene to write one file (e.g. python -m optviz beale -o {folder})")
    folder = _usable(folder)
    return [(get_scene(name), folder / f"{name}.gif") for name in available_scenes()], folder


def _usable(folder: Path) -> Path:
    """*folder*, when it is one or can be made; else the reason it cannot."""
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"cannot write into {str(folder)!r}: it is a file, not a folder")
    if not folder.parent.is_dir():
        raise ValueError(f"cannot create folder {str(folder)!r}: {str(folder.parent)!r} does not exist")
    return folder


def _animation(scene, args):
    if args.optimizers and args.sweep:
        raise ValueError("give --optimizers or --sweep, not both")
    if args.optimizers or args.sweep:
        scene = scene.with_runs(args.optimizers or args.sweep)
    if args.lr:
        names = [name for name, _ in args.lr]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"--lr {name}=... is given twice; give each learning rate once")
        scene = scene.with_learning_rates(dict(args.lr))
    options = dict(surface=args.surface, starts=args.start, steps=args.steps, frames=args.frames,
                   fps=args.fps, size=args.size, dpi=args.dpi, theme=args.theme,
                   flavor=args.flavor, view=args.view, camera=args.camera, rotate=args.rotate,
                   layout=args.layout, trails=args.trails, xlim=args.xlim, ylim=args.ylim,
                   title=args.title, hold=args.hold, quiet=args.quiet)
    return scene.animate(**{k: v for k, v in options.items() if v is not None})


if __name__ == "__main__":
    sys.exit(main())
