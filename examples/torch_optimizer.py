"""A torch.optim optimizer optviz does not have (AdamW with a large weight decay, and
Adafactor), beside optviz's own Adam, on the Rosenbrock valley.  Needs PyTorch.

    python examples/torch_optimizer.py [--steps N] [--out FOLDER]
"""

import argparse

import torch

import optviz

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=800)
parser.add_argument("--out", default=".")
args = parser.parse_args()

runs = [optviz.from_torch(torch.optim.AdamW, lr=0.1, weight_decay=0.5),
        optviz.from_torch(torch.optim.Adafactor, lr=0.05),
        optviz.get_optimizer("adam", lr=0.1)]
animation = optviz.animate("rosenbrock", runs, steps=args.steps)
for key, path in animation.trajectories.items():
    print(f"{key:10} ends at ({path.points[-1, 0, 0]:.3f}, {path.points[-1, 0, 1]:.3f})")
print(animation.save(f"{args.out}/torch_optimizer.gif"))
