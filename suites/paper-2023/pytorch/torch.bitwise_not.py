"""torch.bitwise_not: bitwise NOT of integer and bool tensors, as in PyTorch's
unary-ufunc tests: every integer width, signed and unsigned, bool, non-contiguous,
empty; floating input is refused."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.bitwise_not"


@case(dtype=["int8", "int16", "int32", "int64", "uint8", "bool"])
def values(bench, device, dtype):
    rng = np.random.default_rng(0)
    np_dtype = np.dtype(dtype)
    xn = rng.integers(0, 2, 100).astype(bool) if dtype == "bool" else rng.integers(np.iinfo(np_dtype).min, np.iinfo(np_dtype).max, 100, dtype=np_dtype, endpoint=True)
    x = torch.tensor(xn, device=device)
    out = bench.measure(torch.bitwise_not, x)
    assert_close(out, np.invert(xn), dtype)


@case
def non_contiguous(bench, device):
    x = torch.arange(-8, 8, dtype=torch.int32, device=device).reshape(4, 4).t()
    out = bench.measure(torch.bitwise_not, x)
    assert_close(out, np.invert(np.arange(-8, 8, dtype=np.int32).reshape(4, 4).T), "int32")


@case
def empty(bench, device):
    out = bench.measure(torch.bitwise_not, torch.empty(0, dtype=torch.int64, device=device))
    assert out.numel() == 0 and out.dtype == torch.int64


@case
def float_is_refused(bench, device):
    def call(x):
        try:
            torch.bitwise_not(x)
        except RuntimeError as exc:
            return str(exc)
        return None

    assert bench.measure(call, torch.ones(3, device=device)) is not None
