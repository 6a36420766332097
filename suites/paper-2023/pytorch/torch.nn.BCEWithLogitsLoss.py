"""torch.nn.BCEWithLogitsLoss: the loss's forward (and backward), against the stable
NumPy formula, with reductions, class weights and pos_weight (broadcast), extreme
logits, every floating dtype, as in PyTorch's test_nn / common_methods_invocations."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.BCEWithLogitsLoss"


def reference(x, y, weight=None, pos_weight=None, reduction="mean"):
    log_sig = -np.logaddexp(0, -x)
    log_one_minus = -np.logaddexp(0, x)
    pw = 1.0 if pos_weight is None else pos_weight
    loss = -(pw * y * log_sig + (1 - y) * log_one_minus)
    if weight is not None:
        loss = loss * weight
    return {"mean": loss.mean(), "sum": loss.sum(), "none": loss}[reduction]


@case(dtype=["float32", "float64", "float16", "bfloat16"], reduction=["mean", "sum", "none"])
def reductions(bench, device, dtype, reduction):
    t = getattr(torch, dtype)
    rng = np.random.default_rng(0)
    x = torch.tensor(rng.standard_normal((6, 4)) * 3, dtype=t, device=device)
    y = torch.tensor(rng.integers(0, 2, (6, 4)), dtype=t, device=device)
    out = bench.measure(torch.nn.BCEWithLogitsLoss(reduction=reduction), x, y)
    ref = reference(x.double().cpu().numpy(), y.double().cpu().numpy(), reduction=reduction)
    assert_close(out, np.asarray(ref), dtype, scale=4)


@case
def weight_and_pos_weight(bench, device):
    rng = np.random.default_rng(1)
    x = torch.tensor(rng.standard_normal((5, 3)), device=device)
    y = torch.tensor(rng.uniform(0, 1, (5, 3)), device=device)
    w, pw = torch.tensor([1.0, 0.5, 2.0], device=device, dtype=torch.float64), torch.tensor([3.0, 1.0, 0.2], device=device, dtype=torch.float64)
    out = bench.measure(torch.nn.BCEWithLogitsLoss(weight=w, pos_weight=pw), x, y)
    ref = reference(x.cpu().numpy(), y.cpu().numpy(), w.cpu().numpy(), pw.cpu().numpy())
    assert_close(out, np.asarray(ref), "float64")


@case
def extreme_logits_stay_finite(bench, device):
    x = torch.tensor([-1000.0, -50.0, 0.0, 50.0, 1000.0], device=device)
    y = torch.tensor([0.0, 1.0, 0.5, 0.0, 1.0], device=device)
    out = bench.measure(torch.nn.BCEWithLogitsLoss(reduction="none"), x, y)
    assert_close(out, reference(x.double().cpu().numpy(), y.double().cpu().numpy(), reduction="none"), "float32")


@case
def gradient(bench, device):
    x = torch.tensor([[-2.0, 0.0, 1.5]], dtype=torch.float64, device=device, requires_grad=True)
    y = torch.tensor([[0.0, 1.0, 1.0]], dtype=torch.float64, device=device)
    out = bench.measure(torch.nn.BCEWithLogitsLoss(reduction="sum"), x, y)
    out.backward()
    xn = x.detach().cpu().numpy()
    assert_close(x.grad, 1 / (1 + np.exp(-xn)) - y.cpu().numpy(), "float64")
