"""torch.Tensor.log1p: log(1 + x), accurate near zero, as in PyTorch's unary-ufunc
and sparse tests (the study's file tested sparse COO tensors): floating dtypes,
integers promoted to float, x=-1 and x<-1, sparse COO, non-contiguous."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.Tensor.log1p"


@case(dtype=["float32", "float64", "float16", "bfloat16"])
def values(bench, device, dtype):
    xn = np.concatenate([np.geomspace(1e-8, 1e-1, 20), np.linspace(-0.99, 100, 50)])
    x = torch.tensor(xn, dtype=getattr(torch, dtype), device=device)
    out = bench.measure(lambda a: a.log1p(), x)
    assert_close(out, np.log1p(x.double().cpu().numpy()), dtype)


@case(dtype=["int32", "int64", "uint8", "bool"])
def integers_promote(bench, device, dtype):
    x = torch.tensor([0, 1, 2, 7], device=device).to(getattr(torch, dtype))
    out = bench.measure(lambda a: a.log1p(), x)
    assert out.dtype == torch.float32
    assert_close(out, np.log1p(x.cpu().numpy().astype(np.float64)), "float32")


@case
def special_values(bench, device):
    x = torch.tensor([-1.0, -2.0, float("inf"), float("nan")], dtype=torch.float64, device=device)
    out = bench.measure(lambda a: a.log1p(), x)
    r = out.cpu().numpy()
    assert r[0] == -np.inf and np.isnan(r[1]) and r[2] == np.inf and np.isnan(r[3])


@case
def sparse_coo(bench, device):
    dense = torch.tensor([[0.0, 2.0, 0.0], [0.5, 0.0, 3.0]], dtype=torch.float64, device=device)
    sparse = dense.to_sparse()
    out = bench.measure(lambda a: a.log1p(), sparse)
    assert out.is_sparse
    assert_close(out.to_dense(), np.log1p(dense.cpu().numpy()), "float64")


@case
def non_contiguous(bench, device):
    x = torch.rand(8, 6, dtype=torch.float64, device=device).t()[::2]
    out = bench.measure(lambda a: a.log1p(), x)
    assert_close(out, np.log1p(x.cpu().numpy()), "float64")
