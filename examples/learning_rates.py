"""One optimizer at several learning rates: SGD on the book's bowl f = x²/20 + y².

Below lr = 1 the steep y direction converges; above it SGD zig-zags out of the view and the
legend marks it as diverged.

    python examples/learning_rates.py [--steps N] [--out FOLDER]
"""

import argparse

import optviz

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=60)
parser.add_argument("--out", default=".")
args = parser.parse_args()

rates = [0.1, 0.5, 0.9, 1.05]
animation = optviz.animate("elongated-bowl", [optviz.get_optimizer("sgd", lr=lr) for lr in rates],
                           steps=args.steps, fps=10, title="SGD on f = x²/20 + y² at four learning rates")
for label, path in animation.trajectories.items():
    status = f"diverged at step {path.diverged_at.item()}" if path.diverged_at >= 0 else "stayed"
    print(f"{label:20} {status}")
print(animation.save(f"{args.out}/learning_rates.gif"))
