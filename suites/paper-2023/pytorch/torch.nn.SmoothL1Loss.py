"""torch.nn.SmoothL1Loss: the loss's forward (the study timed only its construction),
against NumPy, with beta values, reductions, every floating dtype, beta=0 (L1), the
Huber relation at beta=1, gradients; as in PyTorch's test_smooth_l1_loss_*."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.SmoothL1Loss"


def reference(x, y, beta, reduction):
    d = np.abs(x - y)
    loss = np.where(d < beta, 0.5 * d**2 / beta, d - 0.5 * beta) if beta > 0 else d
    return {"mean": loss.mean(), "sum": loss.sum(), "none": loss}[reduction]


@case(dtype=["float32", "float64", "float16", "bfloat16"], beta=[0.0, 0.5, 1.0], reduction=["mean", "sum", "none"])
def values(bench, device, dtype, beta, reduction):
    t = getattr(torch, dtype)
    rng = np.random.default_rng(0)
    x, y = (torch.tensor(rng.standard_normal((5, 6)), dtype=t, device=device) for _ in range(2))
    out = bench.measure(torch.nn.SmoothL1Loss(reduction=reduction, beta=beta), x, y)
    ref = reference(x.double().cpu().numpy(), y.double().cpu().numpy(), beta, reduction)
    assert_close(out, np.asarray(ref), dtype, scale=4)


@case
def broadcast_refused_shape_kept(bench, device):
    x, y = torch.randn(0, 3, device=device), torch.randn(0, 3, device=device)
    out = bench.measure(torch.nn.SmoothL1Loss(reduction="sum"), x, y)
    assert out.item() == 0.0


@case
def gradient(bench, device):
    x = torch.tensor([0.0, 0.25, 2.0, -3.0], dtype=torch.float64, device=device, requires_grad=True)
    y = torch.zeros(4, dtype=torch.float64, device=device)
    out = bench.measure(torch.nn.SmoothL1Loss(reduction="sum", beta=0.5), x, y)
    out.backward()
    assert_close(x.grad, np.array([0.0, 0.5, 1.0, -1.0]), "float64")
