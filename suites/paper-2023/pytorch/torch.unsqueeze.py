"""torch.unsqueeze: insert a length-one dimension, as in PyTorch's
test_unsqueeze_view: every position (negative too), scalars, empty tensors, dtypes,
a view sharing storage; out-of-range dims raise."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.unsqueeze"


@case(dim=[0, 1, 2, -1, -3], dtype=["float32", "float64", "int64", "bool", "float16"])
def positions(bench, device, dim, dtype):
    xn = np.arange(6).reshape(2, 3) % 2
    x = torch.tensor(xn, device=device).to(getattr(torch, dtype))
    out = bench.measure(torch.unsqueeze, x, dim)
    ref = np.expand_dims(xn.astype(bool) if dtype == "bool" else xn, dim)
    assert_close(out, ref, dtype)


@case
def view_scalar_empty(bench, device):
    x = torch.zeros(3, device=device)
    v, s, e = bench.measure(lambda x, s, e: (torch.unsqueeze(x, 0), torch.unsqueeze(s, 0), torch.unsqueeze(e, 1)), x, torch.tensor(5.0, device=device), torch.empty(0, device=device))
    v[0, 1] = 7
    assert x[1].item() == 7 and tuple(s.shape) == (1,) and tuple(e.shape) == (0, 1)


@case
def out_of_range(bench, device):
    def call(x):
        try:
            torch.unsqueeze(x, 3)
        except IndexError:
            return "IndexError"
        return None

    assert bench.measure(call, torch.zeros(2, 2, device=device)) == "IndexError"
