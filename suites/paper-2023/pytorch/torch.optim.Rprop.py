"""torch.optim.Rprop: construct and step (the study timed construction only),
against a NumPy implementation of resilient backpropagation, foreach and
single-tensor implementations, several dtypes, maximize."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.optim.Rprop"


def reference(p, grads, lr=0.01, etas=(0.5, 1.2), step_sizes=(1e-6, 50), maximize=False):
    p = p.astype(np.float64).copy()
    prev = np.zeros_like(p)
    step = np.full_like(p, lr)
    for g in grads:
        g = -g if maximize else g.copy()
        sign = np.sign(g * prev)
        factor = np.where(sign > 0, etas[1], np.where(sign < 0, etas[0], 1.0))
        step = np.clip(step * factor, *step_sizes)
        g = np.where(sign < 0, 0.0, g)
        p = p - np.sign(g) * step
        prev = g
    return p


def optimize(p0, grads, **options):
    p = p0.clone().requires_grad_(True)
    opt = torch.optim.Rprop([p], **options)
    for g in grads:
        p.grad = g.clone()
        opt.step()
    return p.detach()


@case(dtype=["float32", "float64", "float16", "bfloat16"], foreach=[False, True])
def steps(bench, device, dtype, foreach):
    rng = np.random.default_rng(0)
    t = getattr(torch, dtype)
    p0 = torch.tensor(rng.standard_normal((6, 4)), dtype=t, device=device)
    # gradients with sign changes between steps, to exercise both etas
    grads = [torch.tensor(rng.standard_normal((6, 4)), dtype=t, device=device) for _ in range(4)]
    out = bench.measure(optimize, p0, grads, lr=0.01, foreach=foreach)
    ref = reference(p0.double().cpu().numpy(), [g.double().cpu().numpy() for g in grads], lr=0.01)
    assert_close(out, ref, dtype, scale=4)


@case(maximize=[False, True])
def maximize(bench, device, maximize):
    rng = np.random.default_rng(1)
    p0 = torch.tensor(rng.standard_normal(7), device=device)
    grads = [torch.tensor(rng.standard_normal(7), device=device) for _ in range(3)]
    out = bench.measure(optimize, p0, grads, lr=0.1, etas=(0.3, 1.5), step_sizes=(1e-3, 1.0), maximize=maximize)
    ref = reference(p0.cpu().numpy(), [g.cpu().numpy() for g in grads], lr=0.1, etas=(0.3, 1.5), step_sizes=(1e-3, 1.0), maximize=maximize)
    assert_close(out, ref, "float64")
