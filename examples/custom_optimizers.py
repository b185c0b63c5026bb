"""A custom set of optimizers on Beale's function, saved as a GIF.

    python examples/custom_optimizers.py [--steps N] [--out FOLDER]
"""

import argparse

import optviz

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=400)
parser.add_argument("--out", default=".")
args = parser.parse_args()

optimizers = [
    optviz.get_optimizer("adam", lr=0.05),
    optviz.get_optimizer("adam", lr=0.05, amsgrad=True),      # labelled with what differs
    optviz.get_optimizer("nadam", lr=0.05),
    optviz.get_optimizer("sgd", lr=0.001, momentum=0.95, nesterov=True),
]
animation = optviz.animate("beale", optimizers, starts=(1.0, 1.5), steps=args.steps,
                           xlim=(-1, 4.5), ylim=(-1.5, 2.5))
for label, path in animation.trajectories.items():
    print(f"{label:40} ends at f = {path.losses[-1].item():.2e}")
print(animation.save(f"{args.out}/custom_optimizers.gif"))
