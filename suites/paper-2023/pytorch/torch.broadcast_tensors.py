"""torch.broadcast_tensors: expand tensors to a common shape, as in PyTorch's
test_broadcast_tensors (test_torch / common_methods_invocations): several shape
combinations and dtypes, scalars, empty dims, results are views."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.broadcast_tensors"

SHAPES = {
    "row_col": [(1, 5), (4, 1)],
    "three": [(2, 1, 3), (4, 1), (3,)],
    "scalar": [(), (2, 3)],
    "empty": [(0, 1), (1, 4)],
}


@case(shapes=list(SHAPES), dtype=["float32", "float64", "int64", "bool", "bfloat16"])
def shapes(bench, device, shapes, dtype):
    rng = np.random.default_rng(0)
    arrays = [rng.integers(0, 5, s) for s in SHAPES[shapes]]
    tensors = [torch.tensor(a, device=device).to(getattr(torch, dtype)) for a in arrays]
    out = bench.measure(torch.broadcast_tensors, *tensors)
    refs = np.broadcast_arrays(*[t.cpu().float().numpy() if dtype == "bfloat16" else t.cpu().numpy() for t in tensors])
    assert len(out) == len(refs)
    for o, r in zip(out, refs):
        assert_close(o, r, dtype)


@case
def results_are_views(bench, device):
    a, b = torch.zeros(3, 1, device=device), torch.zeros(1, 4, device=device)
    x, y = bench.measure(torch.broadcast_tensors, a, b)
    assert x.data_ptr() == a.data_ptr() and x.stride() == (1, 0) and y.stride() == (0, 1)


@case
def incompatible_raises(bench, device):
    def call(a, b):
        try:
            torch.broadcast_tensors(a, b)
        except RuntimeError as exc:
            return str(exc)
        return None

    assert bench.measure(call, torch.zeros(3, device=device), torch.zeros(4, device=device)) is not None
