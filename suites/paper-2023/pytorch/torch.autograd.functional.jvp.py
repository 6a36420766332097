"""torch.autograd.functional.jvp: Jacobian-vector products of functions with known
derivatives, as in PyTorch's test_autograd_functional (test_jvp_*): several
inputs and outputs, create_graph, float32 and float64."""
import numpy as np
import torch
from torch.autograd.functional import jvp

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.autograd.functional.jvp"


def f(x):
    return torch.sin(x) * x**2


@case(dtype=["float32", "float64"], n=[1, 10])
def elementwise(bench, device, dtype, n):
    t = getattr(torch, dtype)
    x = torch.linspace(-2, 2, n, dtype=t, device=device)
    v = torch.linspace(0.5, 1.5, n, dtype=t, device=device)
    out, tangent = bench.measure(jvp, f, x, v)
    xn, vn = x.double().cpu().numpy(), v.double().cpu().numpy()
    assert_close(out, np.sin(xn) * xn**2, dtype)
    assert_close(tangent, (np.cos(xn) * xn**2 + 2 * xn * np.sin(xn)) * vn, dtype, scale=4)


@case
def several_inputs_and_outputs(bench, device):
    def g(a, b):
        return a @ b, (a * 2).sum()

    rng = np.random.default_rng(0)
    a, b, va, vb = (torch.tensor(rng.standard_normal(s), device=device) for s in ((3, 4), (4, 2), (3, 4), (4, 2)))
    (ab, s), (t_ab, t_s) = bench.measure(jvp, g, (a, b), (va, vb))
    an, bn, van, vbn = (t.cpu().numpy() for t in (a, b, va, vb))
    assert_close(t_ab, van @ bn + an @ vbn, "float64")
    assert_close(t_s, np.array(2 * van.sum()), "float64")


@case
def create_graph(bench, device):
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, device=device, requires_grad=True)
    v = torch.ones(2, dtype=torch.float64, device=device)
    _, tangent = bench.measure(jvp, lambda x: x**3, x, v, create_graph=True)
    tangent.sum().backward()  # d/dx of 3x^2
    assert_close(x.grad, np.array([6.0, 12.0]), "float64")
