"""torch.argsort: indices that sort a tensor along a dimension, as in PyTorch's
test_sort: random rows in every dtype, descending, stable order of ties, other
dims, non-contiguous input, NaNs sorted last, an empty tensor."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.argsort"


@case(dtype=["float32", "float64", "float16", "bfloat16", "int32", "int64", "uint8", "bool"], descending=[False, True])
def rows(bench, device, dtype, descending):
    rng = np.random.default_rng(0)
    x = torch.tensor(rng.integers(0, 200, (4, 257)), device=device).to(getattr(torch, dtype))
    idx = bench.measure(torch.argsort, x, dim=1, descending=descending, stable=True)
    xn = x.cpu().float().numpy() if dtype == "bfloat16" else x.cpu().numpy()
    ref = np.argsort(-xn.astype(np.float64) if descending else xn, axis=1, kind="stable")
    assert_close(idx, ref, "int64")


@case(dim=[0, -1])
def non_contiguous(bench, device, dim):
    x = torch.randn(40, 30, dtype=torch.float64, device=device).t()[:, ::2]
    idx = bench.measure(torch.argsort, x, dim=dim)
    assert_close(idx, np.argsort(x.cpu().numpy(), axis=dim, kind="stable"), "int64")


@case
def nan_last(bench, device):
    x = torch.tensor([3.0, float("nan"), -1.0, float("inf"), 0.0], device=device)
    idx = bench.measure(torch.argsort, x)
    assert idx.tolist() == [2, 4, 0, 3, 1]


@case
def empty(bench, device):
    idx = bench.measure(torch.argsort, torch.empty(0, 3, device=device), dim=0)
    assert tuple(idx.shape) == (0, 3) and idx.dtype == torch.int64
