"""torch.Tensor.unbind: split a tensor into views along a dimension, as in PyTorch's
test_unbind: every dim (negative too), dtypes, views sharing storage, an empty
dimension giving no tensors, gradients flowing back."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.Tensor.unbind"


@case(dim=[0, 1, -1], dtype=["float32", "float64", "int64", "bool", "bfloat16"])
def slices(bench, device, dim, dtype):
    xn = np.arange(24).reshape(2, 3, 4) % 5
    x = torch.tensor(xn, device=device).to(getattr(torch, dtype))
    parts = bench.measure(lambda a: a.unbind(dim), x)
    assert len(parts) == xn.shape[dim]
    for i, p in enumerate(parts):
        ref = np.take(xn, i, axis=dim)
        assert_close(p, ref.astype(bool) if dtype == "bool" else ref, dtype)


@case
def views_and_empty(bench, device):
    x = torch.zeros(3, 2, device=device)
    parts, none = bench.measure(lambda a, e: (a.unbind(1), e.unbind(0)), x, torch.empty(0, 4, device=device))
    assert parts[1].data_ptr() == x.data_ptr() + x.element_size() and none == ()


@case
def gradient(bench, device):
    x = torch.randn(3, 2, dtype=torch.float64, device=device, requires_grad=True)
    a, b, c = bench.measure(lambda t: t.unbind(0), x)
    (a.sum() + 2 * c.sum()).backward()
    assert_close(x.grad, np.array([[1.0, 1.0], [0.0, 0.0], [2.0, 2.0]]), "float64")
