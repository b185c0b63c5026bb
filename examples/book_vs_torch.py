"""Why the book's optimizers move differently from PyTorch's.

Adam: the book adds eps = 1e-7 outside the square root with the bias corrections folded into
the learning rate; torch.optim adds eps = 1e-8 to the bias-corrected square root.  The paths
differ only where the gradient is tiny: by about 1e-5 here.  Nesterov: the book steps with the
updated velocity (mu^2 v - (1 + mu) lr g), torch.optim with the old one, a visibly different
path.  help(optviz.optimizers.textbook) explains every difference and when it matters.

    python examples/book_vs_torch.py [--steps N] [--out FOLDER]
"""

import argparse

import optviz

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=60)
parser.add_argument("--out", default=".")
args = parser.parse_args()

book = {name: optviz.get_optimizer(name, flavor="textbook", lr=lr) for name, lr in [("adam", 0.3), ("nesterov", 0.05)]}
torch = {name: optviz.get_optimizer(name, lr=lr) for name, lr in [("adam", 0.3), ("nesterov", 0.05)]}
for name in book:
    a = optviz.record("elongated-bowl", book[name], steps=args.steps).points
    b = optviz.record("elongated-bowl", torch[name], steps=args.steps).points
    print(f"{name}: largest distance between the book's and torch's paths: {abs(a - b).max():.3g}")

animation = optviz.animate("elongated-bowl", [book["nesterov"], torch["nesterov"], book["adam"], torch["adam"]],
                           steps=args.steps, fps=10, title="The book's code and torch.optim: Nesterov differs, Adam barely")
print(animation.save(f"{args.out}/book_vs_torch.gif"))
