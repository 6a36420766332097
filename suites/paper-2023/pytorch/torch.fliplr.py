"""torch.fliplr: reverse the second dimension, as in PyTorch's test_fliplr /
test_flipud helpers: 2-D and higher, every dtype, non-contiguous, empty; 1-D input
is refused."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.fliplr"


@case(dtype=["float32", "float64", "float16", "bfloat16", "int8", "int64", "bool", "complex64"], shape=[(3, 4), (2, 5, 3)])
def values(bench, device, dtype, shape):
    xn = np.arange(np.prod(shape)).reshape(shape) % 7
    x = torch.tensor(xn, device=device).to(getattr(torch, dtype))
    out = bench.measure(torch.fliplr, x)
    ref = np.fliplr(xn.astype(bool) if dtype == "bool" else xn)
    assert_close(out, ref, "float32" if dtype == "complex64" else dtype)


@case
def non_contiguous_and_empty(bench, device):
    x = torch.randn(6, 4, dtype=torch.float64, device=device).t()
    a, b = bench.measure(lambda x, e: (torch.fliplr(x), torch.fliplr(e)), x, torch.empty(0, 3, device=device))
    assert_close(a, np.fliplr(x.cpu().numpy()), "float64")
    assert tuple(b.shape) == (0, 3)


@case
def one_dimensional_refused(bench, device):
    def call(x):
        try:
            torch.fliplr(x)
        except RuntimeError as exc:
            return str(exc)
        return None

    assert bench.measure(call, torch.arange(4, device=device)) is not None
