"""One optimizer at several learning rates: SGD on the book's bowl f = x²/20 + y², one panel per
rate (the grid layout), and the same runs beside their loss curves.

Below lr = 1 the steep y direction converges; at 1 it bounces for ever; above it SGD zig-zags
out of the view and the panel's title marks it as diverged.

    python examples/learning_rates.py [--steps N] [--out FOLDER]
"""

import argparse

import optviz

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=60)
parser.add_argument("--out", default=".")
args = parser.parse_args()

runs = optviz.sweep("sgd", lr=[0.1, 0.5, 0.9, 1.05])       # four runs: sgd:lr=0.1, ...
animation = optviz.animate("elongated-bowl", runs, steps=args.steps, fps=10, layout="grid",
                           title="SGD on f = x²/20 + y² at four learning rates")
for key, path in animation.trajectories.items():
    status = f"diverged at step {path.diverged_at.item()}" if path.diverged_at >= 0 else "stayed"
    print(f"{key:12} {status}")
print(animation.save(f"{args.out}/learning_rates.gif"))
loss = optviz.animate("elongated-bowl", runs, steps=args.steps, fps=10, layout="loss")
print(loss.save(f"{args.out}/learning_rates_loss.gif"))
