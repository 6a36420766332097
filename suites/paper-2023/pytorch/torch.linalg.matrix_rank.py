"""torch.linalg.matrix_rank: numerical rank, as in PyTorch's test_matrix_rank*:
constructed low-rank matrices (square, wide, tall, batched), atol/rtol, hermitian,
float32/float64/complex, empty matrices."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.linalg.matrix_rank"


def low_rank(rng, m, n, r, batch=()):
    return rng.standard_normal(batch + (m, r)) @ rng.standard_normal(batch + (r, n))


@case(dtype=["float32", "float64", "complex128"], shape=[(6, 6, 3), (4, 9, 2), (10, 5, 5)])
def constructed(bench, device, dtype, shape):
    m, n, r = shape
    a = low_rank(np.random.default_rng(0), m, n, r, (3,))
    out = bench.measure(torch.linalg.matrix_rank, torch.tensor(a, device=device).to(getattr(torch, dtype)))
    assert_close(out, np.full(3, r), "int64")


@case(hermitian=[False, True])
def hermitian(bench, device, hermitian):
    rng = np.random.default_rng(1)
    b = rng.standard_normal((5, 2))
    a = b @ b.T
    out = bench.measure(torch.linalg.matrix_rank, torch.tensor(a, device=device), hermitian=hermitian)
    assert out.item() == 2


@case
def tolerances(bench, device):
    a = torch.diag(torch.tensor([10.0, 1.0, 1e-3, 1e-9], dtype=torch.float64, device=device))
    ranks = bench.measure(lambda a: [torch.linalg.matrix_rank(a, atol=0.5).item(), torch.linalg.matrix_rank(a, rtol=1e-2).item(), torch.linalg.matrix_rank(a).item()], a)
    assert ranks == [2, 2, 4]  # default rtol = eps * max(m, n): 1e-9 still counts


@case
def empty(bench, device):
    out = bench.measure(torch.linalg.matrix_rank, torch.empty(2, 0, 3, device=device))
    assert out.tolist() == [0, 0]
