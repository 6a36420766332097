"""torch.Tensor.round: round half to even, with decimals, as in PyTorch's
test_rounding / unary-ufunc tests: floating dtypes, ties, negative decimals,
integers unchanged, non-contiguous."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.Tensor.round"


@case(dtype=["float32", "float64", "float16", "bfloat16"])
def ties_to_even(bench, device, dtype):
    xn = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.4999, 1.2, -3.7, 100.5])
    x = torch.tensor(xn, dtype=getattr(torch, dtype), device=device)
    out = bench.measure(lambda a: a.round(), x)
    assert_close(out, np.round(x.double().cpu().numpy()), dtype)


@case(decimals=[1, 2, -1, -2])
def decimals(bench, device, decimals):
    xn = np.random.default_rng(0).uniform(-500, 500, 50)
    x = torch.tensor(xn, device=device)
    out = bench.measure(lambda a: a.round(decimals=decimals), x)
    assert_close(out, np.round(xn, decimals), "float64")


@case(dtype=["int32", "int64", "uint8"])
def integers_unchanged(bench, device, dtype):
    x = torch.arange(10, device=device).to(getattr(torch, dtype))
    out = bench.measure(lambda a: a.round(), x)
    assert torch.equal(out, x)


@case
def non_contiguous(bench, device):
    x = (torch.randn(6, 8, dtype=torch.float64, device=device) * 10).t()[::2]
    out = bench.measure(lambda a: a.round(), x)
    assert_close(out, np.round(x.cpu().numpy()), "float64")
