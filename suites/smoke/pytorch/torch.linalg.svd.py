import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.linalg.svd"


@case(dtype=["float32", "float64", "float16", "bfloat16"], shape=[(32, 32), (64, 16)])
def reconstruct(bench, device, dtype, shape):
    rng = np.random.default_rng(0)
    a = rng.standard_normal(shape)
    ta = torch.tensor(a, dtype=getattr(torch, dtype), device=device)
    u, s, vh = bench.measure(torch.linalg.svd, ta, full_matrices=False)
    rebuilt = (u * s.unsqueeze(-2)) @ vh
    assert_close(rebuilt, ta.double().cpu().numpy(), dtype, scale=10)
    assert_close(s, np.linalg.svd(ta.double().cpu().numpy(), compute_uv=False), dtype, scale=10)


@case
def batched(bench, device):
    rng = np.random.default_rng(2)
    a = torch.tensor(rng.standard_normal((5, 6, 4)), device=device)
    u, s, vh = bench.measure(torch.linalg.svd, a, full_matrices=False)
    assert tuple(u.shape) == (5, 6, 4) and tuple(vh.shape) == (5, 4, 4)
    assert_close(s, np.linalg.svd(a.cpu().numpy(), compute_uv=False), "float64")
