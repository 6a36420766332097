"""torch.nn.functional.batch_norm: normalisation in training mode (batch statistics,
running stats updated) and eval mode (running stats), with affine weights, against
NumPy; the errors PyTorch's tests check (the study timed only those)."""
import numpy as np
import torch
import torch.nn.functional as F

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.functional.batch_norm"


@case(dtype=["float32", "float64", "float16", "bfloat16"], shape=[(8, 3), (4, 3, 5, 5)])
def training(bench, device, dtype, shape):
    t = getattr(torch, dtype)
    rng = np.random.default_rng(0)
    x = torch.tensor(rng.standard_normal(shape) * 2 + 1, dtype=t, device=device)
    w, b = torch.tensor([1.0, 2.0, 0.5], dtype=t, device=device), torch.tensor([0.0, -1.0, 3.0], dtype=t, device=device)

    def run(x, w, b):
        rm, rv = torch.zeros(3, dtype=t, device=device), torch.ones(3, dtype=t, device=device)
        y = F.batch_norm(x, rm, rv, w, b, training=True, momentum=0.1, eps=1e-5)
        return y, rm, rv

    y, rm, rv = bench.measure(run, x, w, b)
    xn = x.double().cpu().numpy()
    axes = (0,) + tuple(range(2, xn.ndim))
    bshape = (1, 3) + (1,) * (xn.ndim - 2)
    mu, var = xn.mean(axis=axes), xn.var(axis=axes)
    ref = (xn - mu.reshape(bshape)) / np.sqrt(var.reshape(bshape) + 1e-5) * w.double().cpu().numpy().reshape(bshape) + b.double().cpu().numpy().reshape(bshape)
    assert_close(y, ref, dtype, scale=4)
    n = xn.size / 3
    assert_close(rm, 0.1 * mu, dtype, scale=4, what="running_mean")
    assert_close(rv, 0.9 + 0.1 * var * n / (n - 1), dtype, scale=4, what="running_var")


@case
def eval_uses_running_stats(bench, device):
    x = torch.randn(6, 2, 3, dtype=torch.float64, device=device)
    rm, rv = torch.tensor([0.5, -1.0], dtype=torch.float64, device=device), torch.tensor([4.0, 0.25], dtype=torch.float64, device=device)
    y = bench.measure(F.batch_norm, x, rm, rv, training=False, eps=0.0)
    ref = (x.cpu().numpy() - np.array([0.5, -1.0])[None, :, None]) / np.sqrt(np.array([4.0, 0.25]))[None, :, None]
    assert_close(y, ref, "float64")


@case
def gradient(bench, device):
    x = torch.randn(5, 2, dtype=torch.float64, device=device, requires_grad=True)
    y = bench.measure(F.batch_norm, x, None, None, training=True)
    y.sum().backward()
    # the output has zero mean per channel whatever x is: its sum has no gradient
    assert_close(x.grad, np.zeros((5, 2)), "float64", scale=100)


@case
def raises_on_mismatched_running_stats(bench, device):
    x = torch.randn(4, 3, device=device)

    def mismatched(x):
        try:
            F.batch_norm(x, torch.zeros(2, device=device), torch.ones(2, device=device))
        except RuntimeError as exc:
            return str(exc)
        return None

    assert bench.measure(mismatched, x) is not None
