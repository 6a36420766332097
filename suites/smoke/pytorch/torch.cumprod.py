import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.cumprod"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int64"], dim=[0, 1])
def matrix(bench, device, dtype, dim):
    rng = np.random.default_rng(0)
    x = rng.uniform(0.5, 1.5, (16, 64)) if "int" not in dtype else rng.integers(-2, 3, (16, 64))
    tx = torch.tensor(x, device=device).to(getattr(torch, dtype))
    out = bench.measure(torch.cumprod, tx, dim=dim)
    ref = np.cumprod(tx.double().cpu().numpy() if "int" not in dtype else tx.cpu().numpy(), axis=dim)
    assert_close(out, ref, dtype, scale=8)


@case
def gradient_with_zero(bench, device):
    x = torch.tensor([2.0, 0.0, 3.0, 4.0], dtype=torch.float64, device=device, requires_grad=True)
    out = bench.measure(torch.cumprod, x, dim=0)
    out.sum().backward()
    # d/dx_i sum_k prod_{j<=k} x_j
    assert_close(x.grad, np.array([1.0, 2 + 6 + 24, 0.0, 0.0]), "float64")
