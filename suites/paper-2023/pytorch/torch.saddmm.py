"""torch.saddmm: sparse beta * input + alpha * (mat1 @ mat2) with sparse input and
mat1 and a dense mat2 (undocumented, kept by PyTorch for its sparse tests), as in
test_sparse's test_saddmm: float32/float64, beta/alpha, empty sparse matrices."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.saddmm"


def sparse(rng, shape, density, dtype, device):
    d = rng.standard_normal(shape) * (rng.uniform(size=shape) < density)
    return torch.tensor(d, dtype=dtype, device=device).to_sparse(), d


@case(dtype=["float32", "float64"], coefs=[(1.0, 1.0), (0.5, 2.0), (0.0, 1.0)])
def products(bench, device, dtype, coefs):
    beta, alpha = coefs
    rng = np.random.default_rng(0)
    t = getattr(torch, dtype)
    inp, inp_d = sparse(rng, (6, 4), 0.3, t, device)
    m1, m1_d = sparse(rng, (6, 5), 0.4, t, device)
    m2_d = rng.standard_normal((5, 4))
    m2 = torch.tensor(m2_d, dtype=t, device=device)
    out = bench.measure(torch.saddmm, inp, m1, m2, beta=beta, alpha=alpha)
    assert out.is_sparse
    ref = beta * inp.to_dense().double().cpu().numpy() + alpha * m1.to_dense().double().cpu().numpy() @ m2.double().cpu().numpy()
    assert_close(out.to_dense(), ref, dtype, scale=4)


@case
def all_zero(bench, device):
    z = torch.zeros(3, 2, dtype=torch.float64, device=device).to_sparse()
    m1 = torch.zeros(3, 4, dtype=torch.float64, device=device).to_sparse()
    out = bench.measure(torch.saddmm, z, m1, torch.randn(4, 2, dtype=torch.float64, device=device))
    assert_close(out.to_dense(), np.zeros((3, 2)), "float64")
