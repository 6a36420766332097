"""torch.tensor: build tensors from Python data and NumPy arrays, as in PyTorch's
test_tensor_factories (test_tensor_ctor*): nested lists, inferred and explicit
dtypes, bool, scalars, empty lists, NumPy input copied, requires_grad."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.tensor"


@case(dtype=["float32", "float64", "float16", "bfloat16", "int8", "int64", "uint8", "bool", "complex64"])
def nested_lists(bench, device, dtype):
    data = [[1, 0, 3], [4, 5, 0]]
    out = bench.measure(lambda d: torch.tensor(d, dtype=getattr(torch, dtype), device=device), data)
    assert out.dtype == getattr(torch, dtype) and out.device.type == device.type
    ref = np.array(data).astype(bool) if dtype == "bool" else np.array(data)
    assert_close(out, ref, "float32" if dtype == "complex64" else dtype)


@case(value=["int", "float", "bool", "empty", "scalar"])
def inferred_dtype(bench, device, value):
    data, expected = {"int": ([1, 2], torch.int64), "float": ([1.0, 2], torch.float32), "bool": ([True], torch.bool), "empty": ([], torch.float32), "scalar": (3.5, torch.float32)}[value]
    out = bench.measure(lambda d: torch.tensor(d, device=device), data)
    assert out.dtype == expected and out.tolist() == data


@case(dtype=["float64", "int32", "float16"])
def from_numpy_copies(bench, device, dtype):
    a = np.arange(6, dtype=dtype).reshape(2, 3)
    out = bench.measure(lambda x: torch.tensor(x, device=device), a)
    a[0, 0] = 100
    assert out[0, 0].item() == 0 and str(out.dtype) == f"torch.{dtype}"


@case
def requires_grad(bench, device):
    out = bench.measure(lambda: torch.tensor([1.0, 2.0], dtype=torch.float64, device=device, requires_grad=True))
    (out**2).sum().backward()
    assert out.is_leaf and out.grad.tolist() == [2.0, 4.0]
