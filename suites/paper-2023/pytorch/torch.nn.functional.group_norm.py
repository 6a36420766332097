"""torch.nn.functional.group_norm: normalisation over channel groups with affine
weight and bias, against NumPy, as in PyTorch's test_groupnorm (the study's file
tested the quantized CPU kernel): dtypes, group counts, empty batch, gradients."""
import numpy as np
import torch
import torch.nn.functional as F

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.functional.group_norm"


def reference(x, groups, w=None, b=None, eps=1e-5):
    n, c = x.shape[:2]
    g = x.reshape(n, groups, -1)
    y = ((g - g.mean(-1, keepdims=True)) / np.sqrt(g.var(-1, keepdims=True) + eps)).reshape(x.shape)
    shape = (1, c) + (1,) * (x.ndim - 2)
    if w is not None:
        y = y * w.reshape(shape) + b.reshape(shape)
    return y


@case(dtype=["float32", "float64", "float16", "bfloat16"], groups=[1, 2, 6])
def groups(bench, device, dtype, groups):
    t = getattr(torch, dtype)
    rng = np.random.default_rng(0)
    x = torch.tensor(rng.standard_normal((3, 6, 4, 5)) * 3 + 1, dtype=t, device=device)
    w, b = torch.tensor(rng.standard_normal(6), dtype=t, device=device), torch.tensor(rng.standard_normal(6), dtype=t, device=device)
    out = bench.measure(F.group_norm, x, groups, w, b)
    np_ = lambda a: a.double().cpu().numpy()
    assert_close(out, reference(np_(x), groups, np_(w), np_(b)), dtype, scale=8)


@case
def no_affine_3d(bench, device):
    x = torch.randn(2, 4, 7, dtype=torch.float64, device=device)
    out = bench.measure(F.group_norm, x, 2)
    assert_close(out, reference(x.cpu().numpy(), 2), "float64")


@case
def empty_batch(bench, device):
    out = bench.measure(F.group_norm, torch.empty(0, 4, 3, device=device), 2)
    assert tuple(out.shape) == (0, 4, 3)


@case
def gradient(bench, device):
    x = torch.randn(2, 4, 3, dtype=torch.float64, device=device, requires_grad=True)
    out = bench.measure(F.group_norm, x, 2)
    out.sum().backward()
    assert_close(x.grad, np.zeros((2, 4, 3)), "float64", scale=100)
