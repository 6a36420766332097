"""torch.optim.Adamax: construct the optimizer and take steps (the study timed only
the construction). As in PyTorch's test_optim: several steps compared with a
reference implementation, maximize and weight_decay variants."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.optim.Adamax"


def reference(p, grads, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False):
    p = p.astype(np.float64).copy()
    m = np.zeros_like(p)
    u = np.zeros_like(p)
    for t, g in enumerate(grads, start=1):
        g = -g if maximize else g
        g = g + weight_decay * p
        m = betas[0] * m + (1 - betas[0]) * g
        u = np.maximum(betas[1] * u, np.abs(g) + eps)
        p = p - lr / (1 - betas[0] ** t) * m / u
    return p


def optimize(p0, grads, **options):
    p = p0.clone().requires_grad_(True)
    opt = torch.optim.Adamax([p], **options)
    for g in grads:
        p.grad = g
        opt.step()
    return p.detach()


@case(dtype=["float32", "float64", "float16", "bfloat16"], steps=[1, 5])
def steps(bench, device, dtype, steps):
    rng = np.random.default_rng(0)
    t = getattr(torch, dtype)
    p0 = torch.tensor(rng.standard_normal((8, 5)), dtype=t, device=device)
    grads = [torch.tensor(rng.standard_normal((8, 5)), dtype=t, device=device) for _ in range(steps)]
    out = bench.measure(optimize, p0, grads, lr=2e-3)
    ref = reference(p0.double().cpu().numpy(), [g.double().cpu().numpy() for g in grads], lr=2e-3)
    assert_close(out, ref, dtype, scale=4)


@case(maximize=[False, True], weight_decay=[0.0, 0.1])
def options(bench, device, maximize, weight_decay):
    rng = np.random.default_rng(1)
    p0 = torch.tensor(rng.standard_normal(10), device=device)
    grads = [torch.tensor(rng.standard_normal(10), device=device) for _ in range(3)]
    out = bench.measure(optimize, p0, grads, lr=0.1, maximize=maximize, weight_decay=weight_decay)
    ref = reference(p0.cpu().numpy(), [g.cpu().numpy() for g in grads], lr=0.1, maximize=maximize, weight_decay=weight_decay)
    assert_close(out, ref, "float64")


@case
def empty_parameter(bench, device):
    p0 = torch.empty(0, 3, device=device)
    out = bench.measure(optimize, p0, [torch.empty(0, 3, device=device)])
    assert tuple(out.shape) == (0, 3)
