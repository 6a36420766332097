"""torch.diag: vector -> diagonal matrix and matrix -> diagonal, with offsets, as in
PyTorch's test_diag / common_methods_invocations: every dtype, non-square and
non-contiguous matrices, empty inputs, gradients."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.diag"


@case(dtype=["float32", "float64", "float16", "bfloat16", "int32", "int64", "bool", "complex64"], diagonal=[0, 2, -1])
def vector_and_matrix(bench, device, dtype, diagonal):
    rng = np.random.default_rng(0)
    t = getattr(torch, dtype)
    v = torch.tensor(rng.integers(0, 9, 5), device=device).to(t)
    m = torch.tensor(rng.integers(0, 9, (4, 6)), device=device).to(t)
    dv, dm = bench.measure(lambda a, b: (torch.diag(a, diagonal), torch.diag(b, diagonal)), v, m)
    as_np = lambda x: x.cpu().float().numpy() if dtype == "bfloat16" else x.cpu().numpy()
    tol = "float32" if dtype == "complex64" else dtype
    assert_close(dv, np.diag(as_np(v), diagonal), tol)
    assert_close(dm, np.diag(as_np(m), diagonal), tol)


@case
def non_contiguous(bench, device):
    m = torch.randn(7, 5, dtype=torch.float64, device=device).t()
    out = bench.measure(torch.diag, m)
    assert_close(out, np.diag(m.cpu().numpy()), "float64")


@case
def empty(bench, device):
    a, b = bench.measure(lambda v, m: (torch.diag(v), torch.diag(m, 1)), torch.empty(0, device=device), torch.empty(0, 3, device=device))
    assert tuple(a.shape) == (0, 0) and tuple(b.shape) == (0,)


@case
def gradient(bench, device):
    v = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, device=device, requires_grad=True)
    out = bench.measure(torch.diag, v)
    (out * torch.arange(9, dtype=torch.float64, device=device).reshape(3, 3)).sum().backward()
    assert_close(v.grad, np.array([0.0, 4.0, 8.0]), "float64")
