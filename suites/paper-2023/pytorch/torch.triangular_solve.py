"""torch.triangular_solve (deprecated in favour of torch.linalg.solve_triangular):
solve A X = B for triangular A, as in PyTorch's test_triangular_solve*: upper and
lower, transpose, unitriangular, batched with broadcasting, float32/float64/complex."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.triangular_solve"


def triangular(rng, n, upper, batch=()):
    a = rng.standard_normal(batch + (n, n)) + 3 * np.eye(n)
    return np.triu(a) if upper else np.tril(a)


@case(dtype=["float32", "float64", "complex128"], upper=[True, False], transpose=[False, True], unitriangular=[False, True])
def solve(bench, device, dtype, upper, transpose, unitriangular):
    rng = np.random.default_rng(0)
    a = triangular(rng, 5, upper)
    b = rng.standard_normal((5, 3))
    t = getattr(torch, dtype)
    ta, tb = torch.tensor(a, device=device).to(t), torch.tensor(b, device=device).to(t)
    x, _ = bench.measure(torch.triangular_solve, tb, ta, upper=upper, transpose=transpose, unitriangular=unitriangular)
    eff = a.copy()
    if unitriangular:
        np.fill_diagonal(eff, 1.0)
    if transpose:
        eff = eff.T
    assert_close(x, np.linalg.solve(eff, b), "float32" if dtype == "float32" else "float64", scale=10)


@case
def batched_broadcast(bench, device):
    rng = np.random.default_rng(1)
    a = triangular(rng, 4, True, (2, 1))
    b = rng.standard_normal((3, 4, 2))
    x, _ = bench.measure(torch.triangular_solve, torch.tensor(b, device=device), torch.tensor(a, device=device))
    assert tuple(x.shape) == (2, 3, 4, 2)
    assert_close(x, np.linalg.solve(np.broadcast_to(a, (2, 3, 4, 4)), np.broadcast_to(b, (2, 3, 4, 2))), "float64")


@case
def empty(bench, device):
    x, _ = bench.measure(torch.triangular_solve, torch.empty(0, 2, device=device), torch.empty(0, 0, device=device))
    assert tuple(x.shape) == (0, 2)
