"""torch.lt: element-wise less-than, as in PyTorch's comparison tests: every dtype,
tensor-tensor with broadcasting, tensor-scalar, NaN compares false, non-contiguous,
empty; mixed dtypes are compared after promotion."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.lt"


@case(dtype=["float32", "float64", "float16", "bfloat16", "int8", "int64", "uint8", "bool"])
def broadcast(bench, device, dtype):
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 3, (4, 5)), rng.integers(0, 3, (5,))
    ta, tb = (torch.tensor(v, device=device).to(getattr(torch, dtype)) for v in (a, b))
    out = bench.measure(torch.lt, ta, tb)
    ref = (a.astype(bool) < b.astype(bool)) if dtype == "bool" else (a < b)
    assert out.dtype == torch.bool
    assert_close(out, ref, "bool")


@case
def scalar_and_nan(bench, device):
    x = torch.tensor([-1.0, 0.5, float("nan"), float("inf")], device=device)
    out = bench.measure(torch.lt, x, 0.5)
    assert out.tolist() == [True, False, False, False]


@case
def mixed_dtypes(bench, device):
    out = bench.measure(torch.lt, torch.tensor([1, 2, 3], device=device), torch.tensor([1.5, 2.0, 3.5], dtype=torch.float64, device=device))
    assert out.tolist() == [True, False, True]


@case
def non_contiguous_and_empty(bench, device):
    a = torch.randn(6, 4, dtype=torch.float64, device=device).t()
    out, e = bench.measure(lambda a, e: (torch.lt(a, 0), torch.lt(e, e)), a, torch.empty(0, 2, device=device))
    assert_close(out, a.cpu().numpy() < 0, "bool")
    assert tuple(e.shape) == (0, 2)
