"""Any torch.optim class stepped on a surface: equal to optviz's own rules, and clear refusals."""

import sys

import numpy as np
import pytest

import optviz

STARTS = [(1.0, 1.5), (2.0, 1.0), (-0.5, 0.5)]


def test_without_torch_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)            # import torch fails
    with pytest.raises(ValueError, match=r"from_torch needs PyTorch, .*: pip install torch"):
        optviz.from_torch(object)


try:
    import torch
except ImportError:       # the tests below need it; CI runs without it
    torch = None
needs_torch = pytest.mark.skipif(torch is None, reason="torch not installed (pip install torch==2.13.0)")


@needs_torch
@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("name, cls, options", [
    ("adam", "Adam", dict(lr=0.01)),
    ("adamw", "AdamW", dict(lr=0.01, weight_decay=0.1)),
    ("rmsprop", "RMSprop", dict(lr=0.01, momentum=0.5)),
    ("sgd", "SGD", dict(lr=0.001, momentum=0.9, nesterov=True)),
])
def test_a_torch_class_equals_optviz_rule(name, cls, options, batched):
    mine = optviz.from_torch(getattr(torch.optim, cls), batched=batched, **options)
    ours = optviz.get_optimizer(name, **options)
    a, b = (optviz.record("beale", o, STARTS, 300).points for o in (mine, ours))
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-10)


@needs_torch
def test_a_class_in_animate_and_what_is_refused():
    animation = optviz.animate("beale", [torch.optim.AdamW, "adam"], steps=20)
    assert animation.labels == {"adamw": "adamw (lr=0.001)", "adam": "adam (lr=0.001)"}
    mapped = optviz.animate("beale", {torch.optim.Adam: {"lr": 0.05}}, steps=20)
    assert list(mapped.labels.values()) == ["adam (lr=0.05)"]
    with pytest.raises(ValueError, match=r"LBFGS's step needs a closure"):
        optviz.from_torch(torch.optim.LBFGS)
    with pytest.raises(ValueError, match=r"torch.optim.Adam: Invalid learning rate: -1"):
        optviz.from_torch(torch.optim.Adam, lr=-1)
    with pytest.raises(ValueError, match=r"unexpected keyword argument 'lrr'"):
        optviz.from_torch(torch.optim.Adam, lrr=1)
    with pytest.raises(ValueError, match=r"Muon.*2D parameters"):
        optviz.record("beale", optviz.from_torch(torch.optim.Muon), steps=2)
    with pytest.raises(ValueError, match=r"Invalid optimizer class"):
        optviz.from_torch(dict)
    # A rule that works across a tensor (Adafactor) sees each start alone: one start's path
    # does not depend on the others.
    alone = optviz.record("beale", optviz.from_torch(torch.optim.Adafactor), STARTS[:1], 50)
    together = optviz.record("beale", optviz.from_torch(torch.optim.Adafactor), STARTS, 50)
    np.testing.assert_array_equal(alone.points[:, 0], together.points[:, 0])


def test_a_third_party_class_lion_pytorch():
    lion_pytorch = pytest.importorskip("lion_pytorch", reason="pip install lion-pytorch")
    mine = optviz.from_torch(lion_pytorch.Lion, lr=1e-3, weight_decay=0.1)
    ours = optviz.get_optimizer("lion", lr=1e-3, weight_decay=0.1)
    a, b = (optviz.record("beale", o, STARTS, 300).points for o in (mine, ours))
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-10)
