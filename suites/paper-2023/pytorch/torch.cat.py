"""torch.cat: concatenation along a dimension, as in PyTorch's test_cat*: dims,
every dtype, non-contiguous inputs, legacy empty tensors skipped, type promotion,
cat(split(x)) == x, gradients."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.cat"


@case(dtype=["float32", "float64", "float16", "bfloat16", "int32", "int64", "uint8", "bool", "complex64"], dim=[0, 1, -1])
def dims(bench, device, dtype, dim):
    rng = np.random.default_rng(0)
    shapes = [(2, 3, 4), (2, 3, 4), (2, 3, 4)]
    arrays = [rng.integers(0, 50, s) for s in shapes]
    ts = [torch.tensor(a, device=device).to(getattr(torch, dtype)) for a in arrays]
    out = bench.measure(torch.cat, ts, dim=dim)
    assert_close(out, np.concatenate(arrays, axis=dim).astype(np.float64) if dtype != "bool" else np.concatenate([a.astype(bool) for a in arrays], axis=dim), "float32" if dtype == "complex64" else dtype)


@case
def non_contiguous_and_different_sizes(bench, device):
    a = torch.randn(5, 4, dtype=torch.float64, device=device).t()
    b = torch.randn(4, 9, dtype=torch.float64, device=device)[:, ::3]
    out = bench.measure(torch.cat, [a, b], dim=1)
    assert_close(out, np.concatenate([a.cpu().numpy(), b.cpu().numpy()], axis=1), "float64")


@case
def empty_and_legacy_empty(bench, device):
    x = torch.randn(2, 3, device=device)
    out = bench.measure(torch.cat, [x, torch.empty(0, device=device), torch.empty(0, 3, device=device)])
    assert_close(out, x.cpu().numpy(), "float32")


@case
def type_promotion(bench, device):
    out = bench.measure(torch.cat, [torch.ones(2, dtype=torch.int32, device=device), torch.full((2,), 0.5, dtype=torch.float64, device=device)])
    assert out.dtype == torch.float64 and out.tolist() == [1.0, 1.0, 0.5, 0.5]


@case
def split_roundtrip(bench, device):
    x = torch.randn(23, 4, device=device)
    out = bench.measure(torch.cat, torch.split(x, 7))
    assert torch.equal(out, x)


@case
def gradient(bench, device):
    a = torch.randn(2, 2, dtype=torch.float64, device=device, requires_grad=True)
    b = torch.randn(3, 2, dtype=torch.float64, device=device, requires_grad=True)
    out = bench.measure(torch.cat, [a, b])
    (out * torch.arange(5, dtype=torch.float64, device=device)[:, None]).sum().backward()
    assert_close(a.grad, np.array([[0.0, 0.0], [1.0, 1.0]]), "float64")
    assert_close(b.grad, np.array([[2.0, 2.0], [3.0, 3.0], [4.0, 4.0]]), "float64")
