"""torch.sum: reductions over all or some dimensions, as in PyTorch's test_sum* and
reduction OpInfos: every dtype (integers and bool promote to int64), keepdim,
dtype= accumulation, empty tensors (sum 0), non-contiguous, gradients."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.sum"


@case(dtype=["float32", "float64", "float16", "bfloat16", "int8", "int32", "int64", "uint8", "bool", "complex64"], dim=[None, 0, (1, 2)])
def dims(bench, device, dtype, dim):
    xn = np.random.default_rng(0).integers(0, 4, (3, 5, 7))
    x = torch.tensor(xn, device=device).to(getattr(torch, dtype))
    out = bench.measure(torch.sum, x) if dim is None else bench.measure(torch.sum, x, dim=dim)
    src = xn.astype(bool).astype(np.int64) if dtype == "bool" else xn
    ref = src.sum() if dim is None else src.sum(axis=dim)
    if dtype in ("int8", "int32", "int64", "uint8", "bool"):
        assert out.dtype == torch.int64
    assert_close(out, np.asarray(ref), "float32" if dtype == "complex64" else dtype, scale=10)


@case(keepdim=[False, True])
def keepdim_and_accumulate(bench, device, keepdim):
    x = torch.full((4, 1000), 0.1, dtype=torch.float16, device=device)
    out = bench.measure(torch.sum, x, dim=1, keepdim=keepdim, dtype=torch.float64)
    assert out.dtype == torch.float64
    ref = np.full((4, 1) if keepdim else (4,), 1000 * float(np.float16(0.1)))
    assert_close(out, ref, "float64")


@case
def empty_and_non_contiguous(bench, device):
    e = torch.empty(0, 3, device=device)
    x = torch.randn(8, 6, dtype=torch.float64, device=device).t()[::2]
    a, b, c = bench.measure(lambda e, x: (torch.sum(e), torch.sum(e, 0), torch.sum(x, 1)), e, x)
    assert a.item() == 0 and b.tolist() == [0.0, 0.0, 0.0]
    assert_close(c, x.cpu().numpy().sum(1), "float64")


@case
def gradient(bench, device):
    x = torch.randn(3, 4, dtype=torch.float64, device=device, requires_grad=True)
    out = bench.measure(torch.sum, x, dim=0)
    (out * torch.tensor([1.0, 2, 3, 4], dtype=torch.float64, device=device)).sum().backward()
    assert_close(x.grad, np.tile([1.0, 2, 3, 4], (3, 1)), "float64")
