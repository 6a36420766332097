"""torch.autograd.Variable (deprecated: it returns a plain Tensor; current code uses
tensors with requires_grad): wrap tensors and differentiate through them, as in the
study's picks from test_autograd (indexing, in-place, scalar conversions)."""
import numpy as np
import torch
from torch.autograd import Variable

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.autograd.Variable"


@case(dtype=["float32", "float64", "float16", "bfloat16"])
def wraps_and_differentiates(bench, device, dtype):
    x = torch.arange(6, device=device).reshape(2, 3).to(getattr(torch, dtype))
    v = bench.measure(lambda t: Variable(t, requires_grad=True), x)
    assert type(v) is torch.Tensor and v.requires_grad and v.is_leaf
    (v[:, 1:] ** 2).sum().backward()
    assert_close(v.grad, np.array([[0, 2, 4], [0, 8, 10]]), dtype)


@case
def indexing_duplicates(bench, device):
    x = torch.arange(1.0, 17, dtype=torch.float64, device=device).view(4, 4)
    v = bench.measure(lambda t: Variable(t, requires_grad=True), x)
    idx = torch.tensor([0, 0, 3, 1, 2], device=device)
    v[idx].sum().backward()
    assert_close(v.grad, np.array([[2.0] * 4, [1.0] * 4, [1.0] * 4, [1.0] * 4]), "float64")


@case
def no_grad_by_default_and_scalars(bench, device):
    v = bench.measure(lambda t: Variable(t), torch.tensor([2.5], device=device))
    assert not v.requires_grad and float(v) == 2.5 and int(v) == 2
