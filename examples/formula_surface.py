"""Your own loss surface from a formula: the gradient is exact (differentiated symbolically),
the view and the minima are found for you.

    python examples/formula_surface.py [--steps N] [--out FOLDER]
"""

import argparse

import optviz

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=200)
parser.add_argument("--out", default=".")
args = parser.parse_args()

# Himmelblau's four basins, tilted by a gentle slope towards +x.
surface = optviz.surface("(x**2 + y - 11)**2 + (x + y**2 - 7)**2 - 5*x", starts=[(-1, -1)],
                         xlim=(-5, 5), ylim=(-5, 5), name="tilted Himmelblau")
print("minima found:", surface.minima)
print("gradient at (1, 1):", surface.grad([1.0, 1.0]))
animation = optviz.animate(surface, "sgd:lr=0.005, momentum:lr=0.002, adam:lr=0.1",
                           steps=args.steps)
print(animation.save(f"{args.out}/formula_surface.gif"))
