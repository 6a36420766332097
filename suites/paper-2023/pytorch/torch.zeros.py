"""torch.zeros: zero-filled tensors, as in PyTorch's test_zeros*: shapes (scalar,
empty, several dims), every dtype, size given as a tuple or varargs, out=,
requires_grad."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.zeros"


@case(shape=[(), (0,), (3, 4), (2, 0, 5), (1000,)], dtype=["float32", "float64", "float16", "bfloat16", "int8", "int64", "uint8", "bool", "complex64"])
def shapes(bench, device, shape, dtype):
    out = bench.measure(torch.zeros, shape, dtype=getattr(torch, dtype), device=device)
    assert out.dtype == getattr(torch, dtype) and out.device.type == device.type
    assert_close(out, np.zeros(shape, dtype=bool) if dtype == "bool" else np.zeros(shape), "float32" if dtype == "complex64" else dtype)


@case
def varargs_and_out(bench, device):
    buf = torch.ones(2, 3, device=device)
    a, b = bench.measure(lambda buf: (torch.zeros(2, 3, device=device), torch.zeros((2, 3), out=buf)), buf)
    assert torch.equal(a, buf) and b is buf and not buf.any()


@case
def requires_grad(bench, device):
    z = bench.measure(torch.zeros, 3, dtype=torch.float64, device=device, requires_grad=True)
    (z + 1).pow(2).sum().backward()
    assert z.is_leaf and z.grad.tolist() == [2.0, 2.0, 2.0]
