"""torch.optim.LBFGS: construct and run the optimizer on problems with a known
minimum (the study timed construction only), as PyTorch's test_optim does with the
Rosenbrock function; with and without the strong-Wolfe line search."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.optim.LBFGS"


def rosenbrock(t):
    x, y = t
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def minimize(p0, fn_name, line_search_fn=None, max_iter=200):
    p = p0.clone().requires_grad_(True)
    opt = torch.optim.LBFGS([p], lr=1, max_iter=max_iter, line_search_fn=line_search_fn, tolerance_grad=1e-12, tolerance_change=1e-14)
    fn = rosenbrock if fn_name == "rosenbrock" else (lambda t: ((t - torch.arange(t.numel(), dtype=t.dtype, device=t.device)) ** 2).sum())

    def closure():
        opt.zero_grad()
        loss = fn(p)
        loss.backward()
        return loss

    for _ in range(5):
        opt.step(closure)
    return p.detach()


@case(line_search_fn=[None, "strong_wolfe"], dtype=["float64", "float32"])
def rosenbrock_minimum(bench, device, line_search_fn, dtype):
    p0 = torch.tensor([-1.5, 1.5], dtype=getattr(torch, dtype), device=device)
    out = bench.measure(minimize, p0, fn_name="rosenbrock", line_search_fn=line_search_fn)
    assert_close(out, np.array([1.0, 1.0]), dtype, scale=1e3)


@case(n=[1, 50])
def quadratic(bench, device, n):
    p0 = torch.zeros(n, dtype=torch.float64, device=device)
    out = bench.measure(minimize, p0, fn_name="quadratic", max_iter=20)
    assert_close(out, np.arange(n, dtype=np.float64), "float64", scale=100)
