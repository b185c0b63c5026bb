"""`python -m optviz` (every scene) against its slowest scene alone, issue 12's target 4, in one
run: each scene alone, then all of them one after another (`-j 1`) and at once (the default,
one process per core), each command timed whole as a user runs it (interpreter start, imports,
recording, rendering, encoding).  Checks that both ways write the same bytes.

    python benchmarks/all_scenes.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from optviz import available_scenes


def timed(argv: list[str], cwd: str) -> float:
    """Best-of-one wall time of ``python -m optviz ARGV`` (it must succeed)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "optviz", "--quiet", *argv], cwd=cwd, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (default 3)")
    repeat = parser.parse_args().repeat
    print(f"load average at start: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        alone = {name: min(timed([name, "-o", f"alone-{name}.gif"], folder) for _ in range(repeat))
                 for name in available_scenes()}
        serial = min(timed(["-j", "1", "-o", "serial"], folder) for _ in range(repeat))
        at_once = min(timed(["-o", "at-once"], folder) for _ in range(repeat))
        same = all((Path(folder, "serial", f"{name}.gif").read_bytes()
                    == Path(folder, "at-once", f"{name}.gif").read_bytes())
                   for name in available_scenes())
    slowest = max(alone, key=alone.get)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    print("| scene alone | s |\n|---|---|")
    for name, seconds in alone.items():
        print(f"| {name} | {seconds:.2f} |")
    print(f"\nslowest alone: {slowest} {alone[slowest]:.2f} s; sum of all alone "
          f"{sum(alone.values()):.2f} s")
    print(f"all scenes, one after another (-j 1): {serial:.2f} s = "
          f"{serial / alone[slowest]:.1f}x the slowest")
    print(f"all scenes at once (default):        {at_once:.2f} s = "
          f"{at_once / alone[slowest]:.1f}x the slowest; {serial / at_once:.2f}x faster than -j 1")
    print(f"same bytes both ways: {same}")


if __name__ == "__main__":
    main()
